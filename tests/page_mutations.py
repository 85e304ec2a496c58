"""Fixture pages made pathological: the mutations the robustness campaign found hanging or cutting.

Two kinds. Mutations that leave the comment markup as it was (`INTACT`: markup added after the
last comment or balanced before the first) must not change the comment count: the page reads
with every comment, or is skipped with a reason saying why it could not be read. The others
(`DAMAGING`: flipped bytes, cuts, lost or doubled tags, odd charset labels) may change anything
but must never raise. Used by tests/test_fuzz_pages.py and benchmarks/fuzz_pages.py.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from blogarchive.items import Capture, PostCaptures, RawPage, SkippedPage
from extraction.limits import TimeBudget
from extraction.reader import read_post
from extraction.records import ReadPost

PAGES = Path(__file__).parent / "fixtures" / "pages"
WHEN = datetime(2026, 1, 1, tzinfo=timezone.utc)
# What a page whose comment markup is intact may be skipped for: the reader said it could not read it.
CANNOT_READ = frozenset({"truncated_parse", "too_slow"})
_BODY_OPEN = re.compile(rb"<body[^>]*>", re.IGNORECASE)
_BODY_CLOSE = re.compile(rb"</body", re.IGNORECASE)
_TAG = re.compile(rb"<[a-zA-Z][^>]{0,200}>")


@dataclass(frozen=True)
class Fixture:
    name: str
    url: str
    headers: dict[str, str]
    body: bytes
    comments: int | None  # None: the page is no post


def fixtures(folder: Path = PAGES) -> list[Fixture]:
    found = []
    for path in sorted(folder.glob("*.json")):
        want = json.loads(path.read_text("utf-8"))
        count = None if "error" in want else len(want["comments"])
        body = path.with_suffix(".html").read_bytes()
        found.append(Fixture(path.stem, want["url"], want.get("headers", {}), body, count))
    return found


def read(fixture: Fixture, body: bytes, headers: dict[str, str] | None = None, budget: TimeBudget | None = None):
    """The page through the one reader, as a crawl reads it."""
    page = RawPage(fixture.url, 200, fixture.headers if headers is None else headers, body, WHEN)
    return read_post(PostCaptures(page.url, [Capture([page])]), budget or TimeBudget())


def comment_count(result: ReadPost | SkippedPage) -> int | None:
    return len(result.record.comments) if isinstance(result, ReadPost) else None


# Markup added where it cannot move a comment: sizes are parameters, the benchmark goes big.


def before_end(body: bytes, markup: bytes) -> bytes:
    """`markup` just before </body> (after the last comment); appended when there is none."""
    end = list(_BODY_CLOSE.finditer(body))
    return body[: end[-1].start()] + markup + body[end[-1].start() :] if end else body + markup


def after_start(body: bytes, markup: bytes) -> bytes:
    """`markup` just after <body …> (before any comment)."""
    start = _BODY_OPEN.search(body)
    return body[: start.end()] + markup + body[start.end() :] if start else markup + body


def nesting(depth: int, closed: bool = True) -> bytes:
    return b"<div>" * depth + b"deep" + (b"</div>" * depth if closed else b"")


def attribute_storm(count: int) -> bytes:
    return b"<div " + b" ".join(b'data-a%d="x"' % i for i in range(count)) + b">storm</div>"


def huge_text(size: int) -> bytes:
    return b"<p>" + b"bla " * (size // 4) + b"</p>"


_TYPEPAD_COMMENT = (
    b'<a id="c%(n)d"></a><div class="comment font-entrybody" id="comment-%(n)d">'
    b'<div class="comment-content font-entrybody"><p>Merci pour ce billet, tr\xc3\xa8s utile (%(n)d).</p></div>'
    b'<p class="comment-footer font-entryfooter">Posted by: Anne | <a href="#comment-%(n)d">June 02, 2010 at 11:40 AM'
    b"</a>"
    b"</p></div>\n"
)


def many_typepad_comments(body: bytes, count: int) -> bytes:
    """`count` more comment blocks before the first comment of a TypePad page (~300 bytes each)."""
    first = body.index(b'<div class="comments-content"')
    first = body.index(b">", first) + 1
    return body[:first] + b"".join(_TYPEPAD_COMMENT % {b"n": n} for n in range(count)) + body[first:]


def mutate_intact(body: bytes, rng: random.Random, scale: int = 1) -> tuple[str, bytes]:
    """One intact mutation picked by `rng`; `scale` multiplies its size (1: test-suite sizes)."""
    kind = rng.choice(INTACT)
    markup = {
        "deep_nesting_end": lambda: nesting(rng.randint(200, 320 * scale), closed=rng.random() < 0.5),
        "deep_nesting_start": lambda: nesting(rng.randint(200, 320 * scale)),
        "attribute_storm_end": lambda: attribute_storm(rng.randint(200, 2000 * scale)),
        "attribute_storm_start": lambda: attribute_storm(rng.randint(200, 2000 * scale)),
        "huge_text_end": lambda: huge_text(rng.randint(1, 100 * scale) * 10_000),
    }[kind]()
    return kind, (after_start if kind.endswith("_start") else before_end)(body, markup)


INTACT = ("deep_nesting_end", "deep_nesting_start", "attribute_storm_end", "attribute_storm_start", "huge_text_end")


def _flip_bytes(body: bytes, rng: random.Random) -> bytes:
    data = bytearray(body)
    for _ in range(rng.randint(1, 20)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def _truncate(body: bytes, rng: random.Random) -> bytes:
    return body[: rng.randrange(len(body))]


def _tag_edit(body: bytes, rng: random.Random, keep: Callable[[bytes], bytes]) -> bytes:
    tags = list(_TAG.finditer(body))
    tag = rng.choice(tags) if tags else None
    return body if tag is None else body[: tag.start()] + keep(tag[0]) + body[tag.end() :]


DAMAGING: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "byte_flips": _flip_bytes,
    "truncation": _truncate,
    "tag_deleted": lambda body, rng: _tag_edit(body, rng, lambda tag: b""),
    "tag_duplicated": lambda body, rng: _tag_edit(body, rng, lambda tag: tag * rng.randint(2, 50)),
    "nul_bytes": lambda body, rng: body.replace(b"<p>", b"<p>\x00", rng.randint(1, 5)),
    "unclosed_nesting_start": lambda body, rng: after_start(body, b"<div>" * rng.randint(100, 3000)),
}
# Charset labels a page may carry, sane or not (codecs that are no web charset included).
ODD_CHARSETS = ("utf-8", "iso-8859-1", "utf-16", "utf-7", "base64", "rot13", "bogus", "", "x-user-defined", "cp1252")


def mutate_damaging(body: bytes, rng: random.Random) -> tuple[str, bytes, dict[str, str]]:
    kind = rng.choice(sorted(DAMAGING))
    charset = rng.choice(ODD_CHARSETS)
    return kind, DAMAGING[kind](body, rng), {"Content-Type": f"text/html; charset={charset}"}
