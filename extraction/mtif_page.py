"""An export entry rendered as the small, fixed page the TypePad profile reads.

Why a page: every source hands the one reader (`extraction.reader.read_post`) raw pages, and that
reader decodes, extracts and repairs them the same way for all. An export entry rendered into
the markup of TypePad's classic templates (the markup the entry had on the blog) goes through
that same path: its bytes are decoded per entry (UTF-8, else windows-1252), its HTML becomes
text exactly as a crawled page's does, and the repair rules run on the same fields. A second
reader for exports would have had to copy each of those steps and keep them in step.

The page is built from the entry's bytes, undecoded: only ASCII markup is added around them, so
the decoder sees the entry's own bytes and charset. Dates go in `abbr.published[title]` as ISO
8601 (the file's `MM/DD/YYYY hh:mm:ss AM` form is fixed and English, so nothing is lost; a
`16/06/2010`-style reading of it would be). E-mail and IP fields are never put in the page.
"""

from __future__ import annotations

import re
from datetime import datetime

from extraction.mtif import Comment, Entry, parse_date

# MT's `html_text_transform` (`__default__`): a paragraph starting with one of these is left as is.
_BLOCK_START = re.compile(
    rb"^</?(?:h[1-6]|table|ol|dl|ul|menu|dir|p|pre|center|form|fieldset|select|blockquote|address|div|hr)\b",
    re.IGNORECASE,
)
_PARAGRAPH_BREAK = re.compile(rb"\r?\n[ \t]*\r?\n")
_BARE_AMPERSAND = re.compile(rb"&(?!#?\w+;)")
# CONVERT BREAKS values whose text is already HTML: `0`, TypePad's editor (`wysiwyg`), MT's rich text.
_HTML_AS_IS = (b"0", b"wysiwyg", b"richtext")
GENERATORS = {"typepad": b"http://www.typepad.com/", "movabletype": b"Movable Type 3.35"}


def convert_breaks(text: bytes, mode: bytes) -> bytes:
    """The text as the blog showed it. `__default__`, `1` (and, approximately, `markdown` and
    `textile_2`, whose converters are not reproduced) make paragraphs of blank-line-separated
    blocks and `<br />` of single line breaks, as MT's `convert_breaks` does."""
    if mode.strip().lower() in _HTML_AS_IS:
        return text
    paragraphs = _PARAGRAPH_BREAK.split(text.strip())
    return b"\n\n".join(
        p if _BLOCK_START.match(p) else b"<p>" + re.sub(rb"\r?\n", b"<br />\n", p) + b"</p>" for p in paragraphs if p
    )


def plain(value: bytes) -> bytes:
    """A plain-text field (title, author, category) safe inside markup; entities already written
    (`&eacute;`, as some exports hold them) are kept."""
    return _BARE_AMPERSAND.sub(b"&amp;", value).replace(b"<", b"&lt;").replace(b">", b"&gt;")


def _attribute(value: bytes) -> bytes:
    return plain(value).replace(b'"', b"&quot;")


def _iso(when: datetime | None) -> bytes:
    if when is None:
        return b""
    iso = when.isoformat().encode()
    return b'<abbr class="published" title="' + iso + b'">' + iso + b"</abbr>"


def tags_of(raw: bytes) -> list[bytes]:
    """TAGS: comma-separated; a tag holding a space or comma is double-quoted (`MTTagName quote=1`)."""
    return [t.strip().strip(b'"') for t in re.findall(rb'"[^"]*"|[^,]+', raw) if t.strip().strip(b'"')]


def categories_of(entry: Entry) -> list[bytes]:
    primary = entry.get(b"PRIMARY CATEGORY")
    return list(dict.fromkeys([c for c in [primary, *entry.categories] if c]))


def by_date(comments: list[Comment]) -> list[Comment]:
    """In date order, as MT lists them (`<MTComments>` sorts by creation); undated ones last, as MT
    dates them at import; ties keep the file's order."""
    dated = [(parse_date(c.get(b"DATE")), i, c) for i, c in enumerate(comments)]
    return [c for when, i, c in sorted(dated, key=lambda d: (d[0] is None, d[0] or datetime.min, d[1]))]


def _comment(comment: Comment) -> bytes:
    author, url = plain(comment.get(b"AUTHOR")), comment.get(b"URL")
    who = b'<a rel="nofollow" href="' + _attribute(url) + b'">' + author + b"</a>" if url else author
    return (
        b'<div class="comment">\n<div class="comment-content">\n'
        + convert_breaks(comment.body, b"__default__")  # MT shows comments through convert_breaks
        + b'\n</div>\n<p class="comment-footer">Posted by: <span class="vcard author">'
        + who
        + b"</span> | "
        + _iso(parse_date(comment.get(b"DATE")))
        + b"</p>\n</div>\n"
    )


def render_entry(entry: Entry, platform: str) -> bytes:
    """The entry's page: title, body and extended body, byline, categories, tags, comments."""
    mode = entry.get(b"CONVERT BREAKS") or b"__default__"
    title = plain(entry.get(b"TITLE"))
    header = b'<h3 class="entry-header">' + title + b"</h3>\n" if title else b""
    more = entry.sections.get(b"EXTENDED BODY", b"")
    cats = b", ".join(b'<a rel="tag">' + plain(c) + b"</a>" for c in categories_of(entry))
    tags = b"".join(b'<a rel="tag">' + plain(t) + b"</a> " for t in tags_of(entry.get(b"TAGS")))
    comments = by_date(entry.comments)
    return b"".join(
        (
            b'<html>\n<head>\n<meta name="generator" content="' + GENERATORS[platform] + b'" />\n',
            b"<title>" + title + b"</title>\n</head>\n<body>\n",
            b'<div class="entry">\n' + header + b'<div class="entry-content">\n<div class="entry-body">\n',
            convert_breaks(entry.sections.get(b"BODY", b""), mode),
            b"\n</div>\n",
            b'<div class="entry-more">\n' + convert_breaks(more, mode) + b"\n</div>\n" if more else b"",
            b"</div>\n",
            b'<div class="entry-tags">' + tags + b"</div>\n" if tags else b"",
            b'<div class="entry-footer"><p class="entry-footer-info"><span class="post-footers">Posted by ',
            b'<span class="vcard author">' + plain(entry.get(b"AUTHOR")) + b"</span> ",
            _iso(entry.date) + (b" in " + cats if cats else b"") + b"</span> ",
            b'<a class="entry-comments">Comments (' + str(len(comments)).encode() + b")</a></p></div>\n</div>\n",
            b'<div class="comments" id="comments">\n<div class="comments-content">\n',
            b"".join(_comment(c) for c in comments),
            b"</div>\n</div>\n</body>\n</html>\n",
        )
    )
