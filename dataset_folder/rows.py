"""Records to table rows, derived from `schemas/`: one definition of every field.

A field the reader produces is taken from the record by its name (`schemas.Field.origin`
"record"), a provenance field from the page the row was read from ("page") or from how it was
decoded ("decoding"); only the fields this module computes ("derived") are written out below.
`Table.check_row` then refuses any row whose keys differ from the schema's.
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from blogarchive import __version__
from blogarchive.items import KeptPage, RawPage, SkippedPage
from dataset_folder.warc_parts import payload_digest
from extraction.ids import comment_id_for, content_comment_id
from extraction.people import is_placeholder
from extraction.records import CommentRecord, ReadPage, ReadPost
from extraction.repair import RepairLog
from schemas import COMMENTS, PAGES, POSTS, SKIPPED, Table

# (table, origin) -> the names of its fields of that origin, and one getter reading them all:
# read from the schema once per process, not once per row (a million comments are a million rows).
_READERS: dict[tuple[str, str], tuple[tuple[str, ...], attrgetter]] = {}


def _taken(table: Table, origin: str, source: object) -> dict[str, Any]:
    reader = _READERS.get((table.name, origin))
    if reader is None:
        names = tuple(f.name for f in table.fields if f.origin == origin)
        reader = _READERS[(table.name, origin)] = (names, attrgetter(*names or ("__class__",)))
    names, getter = reader
    if len(names) == 1:
        return {names[0]: getter(source)}
    return dict(zip(names, getter(source), strict=True)) if names else {}


def page_provenance(table: Table, page: ReadPage) -> dict[str, Any]:
    """Where the row's bytes came from and how they were decoded: the same for every row of a page."""
    return {
        **_taken(table, "page", page.raw),
        **_taken(table, "decoding", page.decoded),
        "fetched_url": page.raw.url,
        "tool_version": __version__,
    }


def provenance(table: Table, page: ReadPage, repairs: RepairLog) -> dict[str, Any]:
    """Where the row's bytes came from, how they were decoded, what was repaired."""
    return {**page_provenance(table, page), **repaired(repairs)}


def repaired(repairs: RepairLog) -> dict[str, Any]:
    return {"repaired_fields": list(dict.fromkeys(repairs.fields)), "repairs": repairs.fixes}


def post_row(post: ReadPost) -> dict[str, Any]:
    record = post.record
    return {
        **_taken(POSTS, "record", record),
        "post_id": post.post_id,
        "comment_count_extracted": len(record.comments),
        "comment_pages": len(post.pages),
        "comment_pages_missing": [page.url for page in post.missing],
        "other_captures": post.other_captures,
        "warnings": post.warnings,
        **provenance(POSTS, post.first, record.repairs),
    }


def comment_rows(post: ReadPost) -> list[dict[str, Any]]:
    pages = {page.raw.url: page for page in post.pages}

    by_content = post.first.raw.source_kind == "export"  # an export file holds no comment ids
    minted: dict[int, str] = {}

    def comment_id(comment: CommentRecord) -> str:
        if not by_content or comment.platform_comment_id:
            return comment_id_for(post.post_id, comment.platform_comment_id, comment.position)
        if id(comment) not in minted:  # two identical comments (a double post) stay two rows
            base = content_comment_id(post.post_id, comment.published, comment.author, comment.text)
            taken = sum(1 for value in minted.values() if value.startswith(base))
            minted[id(comment)] = base if not taken else f"{base}-{taken + 1}"
        return minted[id(comment)]

    shared: dict[str, dict[str, Any]] = {}  # a page's provenance, built once for all its comments
    rows = []
    for comment in post.record.comments:
        page = pages.get(comment.page_url or "", post.first)
        if page.raw.url not in shared:
            shared[page.raw.url] = {**page_provenance(COMMENTS, page), "page_url": page.raw.url}
        rows.append(
            {
                **_taken(COMMENTS, "record", comment),
                "comment_id": comment_id(comment),
                "post_id": post.post_id,
                "author_placeholder": is_placeholder(comment.author),
                "reply_to": comment_id(comment.reply_to) if comment.reply_to else None,
                **shared[page.raw.url],
                **repaired(comment.repairs),
            }
        )
    return rows


def skipped_row(skip: SkippedPage) -> dict[str, Any]:
    return {**_taken(SKIPPED, "record", skip), "tool_version": __version__}


def kept_page_row(kept: KeptPage, post_id: str | None = None, page: ReadPage | None = None) -> dict[str, Any]:
    """A page KEEP_PAGES wrote: a listing (no post, not decoded), or a page of `post_id` read as `page`."""
    return {
        **_taken(PAGES, "record", kept),
        "record_id": kept.record_id,
        "post_id": post_id,
        "payload_digest": kept.payload_digest,
        "charset_header": page.decoded.charset_header if page else kept.charset_header,
        "charset_meta": page.decoded.charset_meta if page else None,
        "charset_used": page.decoded.charset_used if page else None,
        "warc_file": kept.warc_file,
        "warc_offset": kept.warc_offset,
    }


def page_rows(post: ReadPost, claim: Callable[[KeptPage], bool] = lambda kept: True) -> list[dict[str, Any]]:
    """The pages the post was read from, where a record of them exists: kept (if `claim` lets
    this post have its row), or the input file."""
    rows = []
    for page in post.pages:
        raw = page.raw
        if raw.kept is not None:
            if claim(raw.kept):
                rows.append(kept_page_row(raw.kept, post.post_id, page))
        elif raw.source_file is not None and raw.source_offset is not None:
            rows.append(_read_page_row(raw, post.post_id, page))
    return rows


def _read_page_row(raw: RawPage, post_id: str, page: ReadPage) -> dict[str, Any]:
    """A page read from a file (WARC, export): the row points at its record in that file."""
    row = {
        **_taken(PAGES, "record", raw),
        "record_id": raw.record_id or f"{raw.source_file}#{raw.source_offset}",
        "post_id": post_id,
        "payload_digest": payload_digest(raw.body),
        "charset_header": page.decoded.charset_header,
        "charset_meta": page.decoded.charset_meta,
        "charset_used": page.decoded.charset_used,
        "warc_file": raw.source_file,
        "warc_offset": raw.source_offset,
    }
    return row
