"""Enumerated column values, declared like columns: each value with its meaning.

Only declared values are written (`Enumeration.check` runs on every row the writer takes), the
dataset card and SCHEMA.md list them, and `scrapy validate` refuses a folder holding others.
Some skip reasons are families (`http_404`, `download_error/TimeoutError`): a declared prefix
followed by the status or the exception's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Enumeration:
    column: str  # "table.column"
    values: dict[str, str]  # value -> meaning
    families: dict[str, str] = field(default_factory=dict)  # prefix -> meaning of prefix + suffix
    # Declared at run time (a platform module loaded by a crawl): in its card, not in SCHEMA.md.
    added: dict[str, str] = field(default_factory=dict)

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, str):
            return False
        if value in self.values or value in self.added:
            return True
        return any(value.startswith(p) and len(value) > len(p) for p in self.families)

    def declare(self, value: str, meaning: str) -> None:
        """Add a value (a platform registered at run time declares its name here)."""
        if value not in self.values:
            self.added.setdefault(value, meaning)

    def meaning(self, value: str) -> str:
        """What a value means: its own line, or its family's; empty when undeclared."""
        found = self.values.get(value) or self.added.get(value)
        families = (m for p, m in self.families.items() if value.startswith(p) and len(value) > len(p))
        return found or next(families, "")

    def check(self, value: str | None) -> None:
        if value is not None and value not in self:
            raise ValueError(f"{self.column}: {value!r} is not a declared value ({', '.join(self.values)})")

    def markdown(self, with_added: bool = False) -> str:
        values = {**self.values, **(self.added if with_added else {})}
        rows = [f"- `{value}`: {meaning}" for value, meaning in values.items()]
        rows += [f"- `{prefix}…`: {meaning}" for prefix, meaning in self.families.items()]
        return "\n".join(rows)


SOURCE_KINDS = Enumeration(
    "*.source_kind",
    {
        "live": "fetched from the blog itself",
        "wayback": "a Wayback Machine snapshot (`archive_url`, `archive_timestamp`)",
        "warc": "a record of a WARC/ARC file (`source_file`, `source_offset`)",
        "file": "a saved page read by `scrapy extract`",
        "export": "an entry of an export file: Movable Type / TypePad, WordPress WXR or Blogger Atom "
        "(`source_file`, `source_offset`: the entry's first byte, in the decompressed stream of a gzipped file)",
    },
)

PLATFORMS = Enumeration(
    "posts.platform",
    {
        "typepad": "TypePad (classic themes, FR and EN)",
        "movabletype": "Movable Type 3, 4 and 5 default templates",
        "blogger": "Blogger / blogspot (layouts and classic templates)",
        "wordpress": "WordPress (Kubrick, Twenty Ten/Eleven, Epoch comments)",
        "canalblog": "Canalblog",
        "overblog": "Over-blog (the first platform, to 2013, and Kiwi, 2013+)",
        "spip": "SPIP articles with a forum",
        "hautetfort": "Hautetfort / Blogspirit / 20minutes-blogs (one engine)",
        "dotclear": "Dotclear 2 (default theme templates)",
        "skyrock": "Skyrock blogs (skyblogs), read from archives",
        "generic": "no profile matched: the generic reader found dated comment blocks",
    },
)

SKIP_REASONS = Enumeration(
    "skipped.reason",
    {
        "truncated": "the body was cut short (fewer bytes than announced, or no closing tag)",
        "too_large": "the response was larger than DOWNLOAD_MAXSIZE: cut, never read whole",
        "not_html": "the page is not HTML (image, PDF, feed where a post was expected)",
        "not_a_post": "no post markup of a known platform and no dated comment blocks",
        "unsupported_platform": "the generator names a platform no profile reads",
        "unparseable": "empty or unparseable document",
        "truncated_parse": "the HTML parser stopped before the end of the page (nested over 2048 deep): not read",
        "too_slow": "reading the page took longer than EXTRACT_TIME_BUDGET seconds: given up, not read in part",
        "extraction_error": "the reader raised on this page (a bug: the detail names it)",
        "extraction_crashed": "the process reading this post died on it, read alone a second time (out of "
        "memory, or a crash in a C library): not read",
        "no_capture": "no capture of the post could be read",
        "not_captured": "a comment page the archive holds no capture of",
        "revisit_unresolved": "a WARC revisit whose original response is in none of the files read",
        "warc_missing": "the -a path matches no WARC/ARC file",
        "warc_unreadable": "a WARC/ARC file or record could not be read",
        "warc_corrupt": "a damaged stretch of a WARC/ARC file (the detail gives its bytes): skipped, "
        "reading resumed at the next sound record",
        "warc_empty": "a WARC/ARC file holding no record (0 bytes, or a gzip of nothing)",
        "draft": "an export entry whose STATUS is Draft: never published, not written",
        "not_published": "an export entry whose STATUS is Review, Future, Junk or Spam: not written",
        "export_missing": "the -a path of `scrapy crawl export` matches no file",
        "export_unreadable": "an export file that could not be read (the detail says why and where it stopped)",
        "comment_page_without_post": "a comment page whose post is in none of the files read",
        "redirect_loop": "a redirect or refresh (live or archived) that comes back to a page of its own chain",
        "url_too_long": "a URL longer than URLLENGTH_LIMIT (2,083 characters): never requested",
        "redirect_off_site": "an archived redirect out of the blog",
        "redirect_out_of_scope": "a redirect or meta refresh out of the blog (another host or port): not followed",
        "redirect_out_of_window": "an archived redirect to a capture too far in time",
        "redirect_unreadable": "an archived redirect with no readable target",
        "redirect_to_indexed_post": "an archived redirect to a post read through its own captures",
    },
    families={
        "http_": "the server or archive answered this HTTP status (e.g. `http_404`)",
        "cdx_http_": "the Wayback index answered this HTTP status",
        "download_error/": "no answer: the exception's name (`download_error/TimeoutError`)",
    },
)

WARNINGS = Enumeration(
    "posts.warnings",
    {
        "comments_fewer_than_announced": "fewer comments read than the page announces, though every comment page "
        "was read: comments the reader missed, or a count that includes trackbacks or unpublished comments",
        "comments_more_than_announced": "more comments read than the page announces: a stale count, trackbacks "
        "read as comments, or comments read twice",
        "comment_pages_missing": "some comment page was not read (listed in comment_pages_missing): the post had "
        "more comments than its rows",
        "title_missing": "the page shows no title the reader found (title is null)",
        "title_is_blog_name": "the title equals the blog's name (og:site_name, or the banner's link home): "
        "likely the banner read instead of the post's heading",
        "no_date": "no publication date read (published is null; published_month may still come from the URL)",
        "short_article": "the article has fewer than 20 words: maybe a caption or a teaser, not the whole text",
        "generic_reader": "read by the generic reader (profile generic): no template family's selectors, "
        "so the article's edges and the comment split are less sure",
    },
    families={
        "capture_unread/": "a capture of the post that was to be compared could not be read, for this skip reason "
        "(`capture_unread/download_error/ConnectionLost`, `capture_unread/truncated`): another capture was used, "
        "and the one lost may have held more comments",
    },
)

SPAM_REASONS = Enumeration(
    "comments.spam_reasons",
    {
        "link_only": "a link (URL, BBCode `[url=]` or HTML link markup) with at most 3 words around it",
        "spam_vocabulary": "pharmacy, casino, quick-loan or replica vocabulary (viagra, poker, payday loan, "
        "rachat de crédit...) as whole words",
        "spam_author_url": "the link on the commenter's name goes to a host named for a spam trade "
        "(pharma, pills, casino, loan, replica, cheap, seo...)",
        "repeated_body": "the same body (40 characters or more, case and spaces aside) on 3 or more posts of the "
        "crawl: labelled from the 3rd post on",
    },
)

# Column name -> its enumeration, in every table that has the column (a list column: each item).
ENUMERATIONS = {
    "source_kind": SOURCE_KINDS,
    "platform": PLATFORMS,
    "reason": SKIP_REASONS,
    "warnings": WARNINGS,
    "spam_reasons": SPAM_REASONS,
}


def enumerations_markdown(level: int = 2, with_added: bool = False) -> str:
    """Every enumerated column with its values, under headings of the given level."""
    hashes = "#" * level
    parts = [f"{hashes} `{e.column}` values\n\n{e.markdown(with_added)}" for e in ENUMERATIONS.values()]
    return "\n\n".join(parts)
