"""Records to table rows. Keys are checked against `schemas/` when written, so they cannot drift."""

from __future__ import annotations

from typing import Any

from blogarchive import __version__
from blogarchive.items import FetchedPage, SkippedPage
from extraction.decode import DecodedPage
from extraction.ids import comment_id_for
from extraction.records import CommentRecord
from extraction.repair import RepairLog
from pipelines.stages import ExtractedPost


def provenance(page: FetchedPage, decoded: DecodedPage, repairs: RepairLog) -> dict[str, Any]:
    """Where the row's bytes came from, how they were decoded, what was repaired."""
    return {
        "fetched_url": page.url,
        "source_kind": page.source_kind,
        "archive_timestamp": page.archive_timestamp,
        "archive_url": page.archive_url,
        "source_file": page.source_file,
        "source_offset": page.source_offset,
        "fetched_at": page.fetched_at,
        "tool_version": __version__,
        "charset_header": decoded.charset_header,
        "charset_meta": decoded.charset_meta,
        "charset_used": decoded.charset_used,
        "charset_note": decoded.charset_note,
        "repaired_fields": list(dict.fromkeys(repairs.fields)),
        "repairs": repairs.fixes,
    }


def post_row(item: ExtractedPost) -> dict[str, Any]:
    record, first_page, decoded = item.record, item.fetched.first, item.pages[0]
    return {
        "post_id": item.post_id,
        "url": record.url,
        "title": record.title,
        "author": record.author,
        "published": record.published,
        "published_raw": record.published_raw,
        "published_month": record.published_month,
        "text": record.text,
        "categories": record.categories,
        "tags": record.tags,
        "comment_count_announced": record.comment_count_announced,
        "comment_count_extracted": len(record.comments),
        "platform": record.platform,
        "comment_pages": len(item.fetched.pages),
        "comment_pages_missing": item.fetched.comment_pages_missing,
        "other_captures": item.other_captures,
        **provenance(first_page, decoded, record.repairs),
    }


def comment_rows(item: ExtractedPost) -> list[dict[str, Any]]:
    pages = {page.url: (page, decoded) for page, decoded in zip(item.fetched.pages, item.pages, strict=True)}

    def comment_id(comment: CommentRecord) -> str:
        return comment_id_for(item.post_id, comment.platform_comment_id, comment.position)

    rows = []
    for comment in item.record.comments:
        page, decoded = pages.get(comment.page_url or "", (item.fetched.first, item.pages[0]))
        rows.append(
            {
                "comment_id": comment_id(comment),
                "post_id": item.post_id,
                "position": comment.position,
                "author": comment.author,
                "author_url": comment.author_url,
                "published": comment.published,
                "published_raw": comment.published_raw,
                "text": comment.text,
                "platform_comment_id": comment.platform_comment_id,
                "reply_to": comment_id(comment.reply_to) if comment.reply_to else None,
                "page_url": page.url,
                **provenance(page, decoded, comment.repairs),
            }
        )
    return rows


def skipped_row(item: SkippedPage) -> dict[str, Any]:
    return {
        "url": item.url,
        "reason": item.reason,
        "detail": item.detail,
        "status": item.status,
        "source_kind": item.source_kind,
        "fetched_at": item.fetched_at,
        "tool_version": __version__,
    }
