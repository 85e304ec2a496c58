"""The export-file parser (extraction/mtif.py) and the page an entry becomes (mtif_page.py)."""

from __future__ import annotations

import gzip
import io
from datetime import datetime
from pathlib import Path

import pytest

from extraction.mtif import parse_date, parse_entries, read_entries
from extraction.mtif_page import convert_breaks, render_entry, tags_of

ENTRY = b"""AUTHOR: Chris
TITLE: First Post
STATUS: Publish
CONVERT BREAKS: __default__
BASENAME: first_post
CATEGORY: Foo
CATEGORY: Bar
CF50_BASENAME: custom

UNIQUE URL: http://www.example.org/2003/05/first_post.html\x20
DATE: 05/29/2003 01:02:06 AM
-----
BODY:
Para one
line two

URL: not a header
-----
after a bare five-dash line
--------
after a bare eight-dash line
-----\t
escaped
-----
EXTENDED BODY:
<p>more</p>
-----
COMMENT:
EMAIL: troy@example.com
AUTHOR: Troy Aikman\x20
IP: 208.201.230.101
URL: http://troy.example.com/
DATE: 05/30/2003 01:32:14 PM
Easy, ain't it? :)
DATE: not a header any more
-----
PING:
TITLE: A trackback
URL: http://other.example/
IP: 10.0.0.1
BLOG NAME: Other
DATE: 05/30/2003 02:00:00 PM
An excerpt
-----
--------
AUTHOR: B
TITLE: Second
DATE: 06/01/2003 13:00:00
-----
BODY:
x
--------
"""


def _entries(data: bytes = ENTRY) -> list:
    return list(parse_entries(io.BytesIO(data)))


def test_entries_are_split_on_eight_dashes_only_where_an_entry_follows() -> None:
    first, second = _entries()
    assert first.get(b"TITLE") == b"First Post" and second.get(b"TITLE") == b"Second"
    assert second.offset == ENTRY.index(b"AUTHOR: B")


def test_metadata_keys_repeatable_categories_and_unknown_keys() -> None:
    first = _entries()[0]
    assert first.categories == [b"Foo", b"Bar"]
    assert first.get(b"UNIQUE URL") == b"http://www.example.org/2003/05/first_post.html"
    assert first.get(b"CF50_BASENAME") == b"custom"
    assert first.date == datetime(2003, 5, 29, 1, 2, 6)


def test_bare_separator_lines_blank_lines_and_key_lines_stay_in_the_body() -> None:
    body = _entries()[0].sections[b"BODY"]
    assert body == (
        b"Para one\nline two\n\nURL: not a header\n-----\nafter a bare five-dash line\n--------\n"
        b"after a bare eight-dash line\n-----\nescaped"
    )


def test_comment_headers_in_any_order_then_the_body() -> None:
    comment = _entries()[0].comments[0]
    assert comment.get(b"AUTHOR") == b"Troy Aikman" and comment.get(b"EMAIL") == b"troy@example.com"
    assert comment.body == b"Easy, ain't it? :)\nDATE: not a header any more"


def test_pings_are_kept_apart_from_comments() -> None:
    first = _entries()[0]
    assert len(first.comments) == 1 and len(first.pings) == 1
    assert first.pings[0].headers[b"BLOG NAME"] == b"Other" and first.pings[0].excerpt == b"An excerpt"


def test_an_entry_ending_without_a_five_dash_line() -> None:
    assert _entries()[1].sections[b"BODY"] == b"x"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("05/29/2003 12:02:06 AM", datetime(2003, 5, 29, 0, 2, 6)),
        ("05/29/2003 12:02:06 PM", datetime(2003, 5, 29, 12, 2, 6)),
        ("01/31/2002 15:47:06", datetime(2002, 1, 31, 15, 47, 6)),
        ("1/2/99 3:04:05 PM", datetime(1999, 1, 2, 15, 4, 5)),
        ("00/00/0000 00:00:00 AM", None),
        ("", None),
    ],
)
def test_dates_as_mt_converts_them(raw: str, expected: datetime | None) -> None:
    assert parse_date(raw) == expected


def test_gzipped_files_are_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"  # no .gz in the name: the magic bytes decide
    path.write_bytes(gzip.compress(ENTRY))
    assert [e.get(b"TITLE") for e in read_entries(path)] == [b"First Post", b"Second"]


def test_crlf_files() -> None:
    assert [e.get(b"TITLE") for e in _entries(ENTRY.replace(b"\n", b"\r\n"))] == [b"First Post", b"Second"]


def test_convert_breaks_makes_paragraphs_and_leaves_html_alone() -> None:
    assert convert_breaks(b"a\nb\n\n<p>c</p>", b"__default__") == b"<p>a<br />\nb</p>\n\n<p>c</p>"
    assert convert_breaks(b"a\n\nb", b"wysiwyg") == b"a\n\nb"
    assert convert_breaks(b"a\n\nb", b"0") == b"a\n\nb"


def test_quoted_tags() -> None:
    assert tags_of(b'web, "petites entreprises",blog') == [b"web", b"petites entreprises", b"blog"]


def test_the_page_never_holds_email_or_ip() -> None:
    page = render_entry(_entries()[0], "typepad")
    assert b"troy@example.com" not in page and b"208.201.230.101" not in page and b"10.0.0.1" not in page
