"""Stable identifiers: the same post from two crawls or two sources gets the same id."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from urllib.parse import urldefrag, urlsplit, urlunsplit


def canonical_url(url: str) -> str:
    """The post URL without fragment, a trailing `index.html`, or a query (`?cid=`) unless the
    query is what names the post (WordPress `?p=123`: a platform's post shape says so)."""
    parts = urlsplit(urldefrag(url)[0])
    path = re.sub(r"/index\.html?$", "/", parts.path) or "/"
    query = parts.query if parts.query and _query_names_post(url) else ""
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, query, ""))


def _query_names_post(url: str) -> bool:
    from extraction.platforms import all_url_shapes
    from extraction.urls import PageKind, locate

    bare = urldefrag(url)[0].split("?", 1)[0]
    return any(
        (with_query := locate(url, shapes)) is not None
        and with_query.kind is PageKind.POST
        and not ((without := locate(bare, shapes)) is not None and without.kind is PageKind.POST)
        for shapes in all_url_shapes()
    )


def post_id_for(url: str) -> str:
    """16 hex digits of SHA-1 over host, path (and an identifying query): http/https, ports and
    archive copies agree."""
    parts = urlsplit(canonical_url(url))
    key = f"{parts.hostname or ''}{parts.path}" + (f"?{parts.query}" if parts.query else "")
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def comment_id_for(post_id: str, platform_comment_id: str | None, position: int) -> str:
    """The platform's own comment id where the page has one, else the position on the post."""
    return f"{post_id}-{platform_comment_id}" if platform_comment_id else f"{post_id}-p{position}"


def content_comment_id(post_id: str, published: datetime | None, author: str | None, text: str) -> str:
    """A comment's id where the source has no platform id (export files): 12 hex digits of SHA-1
    over the comment's minute (pages print no seconds), author and text (whitespace collapsed),
    so the same comment read from an export and from an archived page gets the same key."""
    minute = f"{published:%Y-%m-%dT%H:%M}" if published else ""
    key = "\x1f".join((minute, " ".join((author or "").split()), " ".join(text.split())))
    return f"{post_id}-h{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"
