"""Stable identifiers: the same post from two crawls or two sources gets the same id."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urldefrag, urlsplit, urlunsplit


def canonical_url(url: str) -> str:
    """The post URL without fragment, query (`?cid=`) or a trailing `index.html`."""
    parts = urlsplit(urldefrag(url)[0])
    path = re.sub(r"/index\.html?$", "/", parts.path) or "/"
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, "", ""))


def post_id_for(url: str) -> str:
    """16 hex digits of SHA-1 over host and path: http/https, ports and archive copies agree."""
    parts = urlsplit(canonical_url(url))
    key = f"{parts.hostname or ''}{parts.path}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def comment_id_for(post_id: str, platform_comment_id: str | None, position: int) -> str:
    """The platform's own comment id where the page has one, else the position on the post."""
    return f"{post_id}-{platform_comment_id}" if platform_comment_id else f"{post_id}-p{position}"
