"""The one definition of every table and field. Parquet schemas (and, later, the dataset card
and `scrapy validate`) are generated from here; never list these fields anywhere else."""

from __future__ import annotations

import pyarrow as pa

from schemas.fields import Field, Table

WALL_CLOCK = pa.timestamp("ms")  # naive: the local time the page prints, no zone invented; ms as Parquet stores it
INSTANT = pa.timestamp("ms", tz="UTC")

_PROVENANCE = (
    Field(
        "fetched_url",
        pa.string(),
        False,
        "URL the bytes were fetched from (the original URL for archives).",
        origin="derived",
    ),
    Field(
        "source_kind",
        pa.string(),
        False,
        "Where the bytes came from (declared values: see source_kind values).",
        origin="page",
    ),
    Field("archive_timestamp", pa.string(), True, "Archive capture time YYYYMMDDhhmmss; null for live.", origin="page"),
    Field(
        "archive_url",
        pa.string(),
        True,
        "Snapshot URL the bytes were read from (Wayback id_); null otherwise.",
        origin="page",
    ),
    Field(
        "source_file", pa.string(), True, "WARC or export file the bytes were read from; null otherwise.", origin="page"
    ),
    Field(
        "source_offset", pa.int64(), True, "Byte offset of the record in source_file; null otherwise.", origin="page"
    ),
    Field("fetched_at", INSTANT, False, "When this tool received the bytes, UTC.", origin="page"),
    Field("tool_version", pa.string(), False, "Version of blog-archive that wrote the row.", origin="derived"),
    Field(
        "charset_header",
        pa.string(),
        True,
        "Charset the HTTP Content-Type declared (ISO-8859-1 read as cp1252).",
        origin="decoding",
    ),
    Field("charset_meta", pa.string(), True, "Charset the HTML <meta> declared; null if none.", origin="decoding"),
    Field(
        "charset_used",
        pa.string(),
        False,
        "Charset the bytes were decoded with (the bytes win over labels).",
        origin="decoding",
    ),
    Field(
        "charset_note",
        pa.string(),
        False,
        "Why charset_used differs from the labels; empty when it does not.",
        origin="decoding",
    ),
    Field(
        "repaired_fields",
        pa.list_(pa.string()),
        False,
        "Fields whose mojibake was repaired; empty if none.",
        origin="derived",
    ),
    Field(
        "repairs", pa.list_(pa.string()), False, "The ftfy fixes applied to this row (step:detail).", origin="derived"
    ),
)

POSTS = Table(
    name="posts",
    description="One row per blog post: the article without its comments.",
    primary_key="post_id",
    fields=(
        Field(
            "post_id",
            pa.string(),
            False,
            "16 hex digits of SHA-1 over the canonical URL's host (no port), path.",
            origin="derived",
        ),
        Field("url", pa.string(), False, "Canonical URL of the post (no fragment, no query)."),
        Field("title", pa.string(), True, "Title as printed; null when the page shows none.", repaired=True),
        Field("author", pa.string(), True, "Author name as printed in the byline; null when absent.", repaired=True),
        Field("published", WALL_CLOCK, True, "Publication time as printed (blog-local, no zone); null if none."),
        Field("published_raw", pa.string(), True, "The date string the page printed, or the ISO machine date."),
        Field("published_month", pa.string(), True, "YYYY-MM from published or the URL (/YYYY/MM/); null if neither."),
        Field("text", pa.string(), False, "Article text, paragraphs separated by a blank line, NFC.", repaired=True),
        Field(
            "language", pa.string(), False, "ISO 639-1 code of text, or 'und' (short, mixed): see the language rule."
        ),
        Field(
            "categories", pa.list_(pa.string()), False, "Category names in page order; empty when none.", repaired=True
        ),
        Field("tags", pa.list_(pa.string()), False, "Tags (keywords) in page order; empty when none.", repaired=True),
        Field("comment_count_announced", pa.int32(), True, "Comment count the page announces; null if none."),
        Field(
            "comment_count_extracted", pa.int32(), False, "Number of rows this post has in comments.", origin="derived"
        ),
        Field(
            "platform",
            pa.string(),
            False,
            "Platform whose profile read the page (declared values: see posts.platform values).",
        ),
        Field(
            "profile",
            pa.string(),
            False,
            "Template family (profile) that read the page, e.g. typepad_classic, movabletype4; generic: none did.",
        ),
        Field(
            "comment_pages",
            pa.int32(),
            False,
            "Pages read for this post: 1 plus extra comment pages.",
            origin="derived",
        ),
        Field(
            "comment_pages_missing",
            pa.list_(pa.string()),
            False,
            "Comment pages not read (not fetched, not captured, unreadable); see the gap rule.",
            origin="derived",
        ),
        Field(
            "other_captures",
            pa.list_(pa.string()),
            False,
            "Archive timestamps of the captures not chosen.",
            origin="derived",
        ),
        Field(
            "warnings",
            pa.list_(pa.string()),
            False,
            "Reasons to doubt this row (counts, pages, title, date, length); empty if none; see posts.warnings values.",
            origin="derived",
        ),
        *_PROVENANCE,
    ),
)

COMMENTS = Table(
    name="comments",
    description="One row per reader comment; comments.post_id refers to posts.post_id.",
    primary_key="comment_id",
    fields=(
        Field(
            "comment_id",
            pa.string(),
            False,
            "post_id, '-', then the platform's comment id or 'p' + position.",
            origin="derived",
        ),
        Field("post_id", pa.string(), False, "The post this comment was left on (posts.post_id).", origin="derived"),
        Field(
            "position",
            pa.int32(),
            False,
            "1-based position on the post across comment pages; after a missing page, skips its numbers.",
        ),
        Field("author", pa.string(), True, "Commenter name as printed; null when the page shows none.", repaired=True),
        Field(
            "author_placeholder",
            pa.bool_(),
            False,
            "True when author names nobody (null, empty, 'Anonyme', 'Un visiteur'...: see the placeholder rule).",
            origin="derived",
        ),
        Field("author_url", pa.string(), True, "Link on the commenter's name (their site or profile); null if none."),
        Field("published", WALL_CLOCK, True, "Comment time as printed (blog-local, no zone); null if none."),
        Field("published_raw", pa.string(), True, "The date string the page printed, or the ISO machine date."),
        Field(
            "text",
            pa.string(),
            False,
            "Comment text without its byline, paragraphs separated by a blank line.",
            repaired=True,
        ),
        Field(
            "language", pa.string(), False, "ISO 639-1 code of text, or 'und' (short, mixed): see the language rule."
        ),
        Field(
            "spam_reasons",
            pa.list_(pa.string()),
            False,
            "Why the comment looks like spam (see comments.spam_reasons values); empty if nothing does. Never dropped.",
        ),
        Field("platform_comment_id", pa.string(), True, "The page's own id (TypePad XID, MT number); null if none."),
        Field(
            "reply_to",
            pa.string(),
            True,
            "comment_id of the comment this one answers (threads); null if none.",
            origin="derived",
        ),
        Field(
            "page_url",
            pa.string(),
            False,
            "The page (permalink or comment page N) the comment was read from.",
            origin="derived",
        ),
        *_PROVENANCE,
    ),
)

SKIPPED = Table(
    name="skipped",
    description="One row per fetched page that yielded no post, and why.",
    primary_key="url",
    fields=(
        Field("url", pa.string(), False, "URL of the page."),
        Field("reason", pa.string(), False, "Short code (declared values: see skipped.reason values)."),
        Field("detail", pa.string(), False, "Human-readable explanation."),
        Field("status", pa.int32(), True, "HTTP status received; null when nothing was received."),
        Field("source_kind", pa.string(), False, "Where the page came from (declared values: see source_kind values)."),
        Field("fetched_at", INSTANT, True, "When the page was received, UTC; null when nothing was received."),
        Field("tool_version", pa.string(), False, "Version of blog-archive that wrote the row.", origin="derived"),
    ),
)

PAGES = Table(
    name="pages",
    description="One row per fetched page kept as a WARC record: where its record is, and the post it fed.",
    primary_key="record_id",
    fields=(
        Field(
            "record_id",
            pa.string(),
            False,
            "WARC-Record-ID of the page's response record; `<warc_file>#<warc_offset>` for a record without one.",
            origin="derived",
        ),
        Field("url", pa.string(), False, "URL of the page (the original URL for archives)."),
        Field(
            "post_id",
            pa.string(),
            True,
            "The post the page was read for (posts.post_id); null for listings, feeds and pages of no post.",
            origin="derived",
        ),
        Field("status", pa.int32(), False, "HTTP status of the response."),
        Field("source_kind", pa.string(), False, "Where the page came from (declared values: see source_kind values)."),
        Field("fetched_at", INSTANT, False, "When this tool received the bytes, UTC (as in posts.fetched_at)."),
        Field(
            "payload_digest",
            pa.string(),
            False,
            "SHA-1 of the body as kept, `sha1:` + base32, as WARC-Payload-Digest and CDX write it.",
            origin="derived",
        ),
        Field(
            "charset_header",
            pa.string(),
            True,
            "Charset the HTTP Content-Type declared; null if none.",
            origin="decoding",
        ),
        Field(
            "charset_meta",
            pa.string(),
            True,
            "Charset the HTML <meta> declared; null if none or not read.",
            origin="decoding",
        ),
        Field(
            "charset_used",
            pa.string(),
            True,
            "Charset the reader decoded the bytes with; null for a page no reader decoded (listings).",
            origin="decoding",
        ),
        Field(
            "warc_file",
            pa.string(),
            False,
            "WARC file holding the record: relative to the dataset folder for kept pages, the input file "
            "for the warc and export sources.",
            origin="derived",
        ),
        Field(
            "warc_offset",
            pa.int64(),
            False,
            "Byte offset of the record (its gzip member) in warc_file.",
            origin="derived",
        ),
    ),
)

TABLES = (POSTS, COMMENTS, SKIPPED, PAGES)
