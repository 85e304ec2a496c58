"""posts.warnings from hand-built records: each warning set where it holds and not where it does not;
and the blog's name the title is compared with, from og:site_name or the banner's link home."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from blogarchive.items import MissingPage, RawPage, SkippedPage
from extraction.decode import DecodedPage
from extraction.quality import SHORT_ARTICLE_WORDS, post_warnings, word_count
from extraction.records import CommentRecord, PostRecord, ReadPage, ReadPost
from extraction.sitename import site_name
from extraction.tree import parse_html
from schemas.enums import WARNINGS

URL = "http://carnet.typepad.fr/blog/2010/06/billet.html"
ARTICLE = " ".join(["mot"] * SHORT_ARTICLE_WORDS)


def read(missing: int = 0, comments: int = 2, **fields: object) -> ReadPost:
    """A post that deserves no warning, changed by `fields`."""
    values = {"title": "Un billet", "text": ARTICLE, "platform": "typepad", "profile": "typepad_classic",
              "published": datetime(2010, 6, 1, 9, 30), "comment_count_announced": comments,
              "site_name": "Le carnet", **fields}  # fmt: skip
    record = PostRecord(url=URL, **values)  # type: ignore[arg-type]
    record.comments = [CommentRecord(position=i + 1, text=f"c{i}") for i in range(comments)]
    page = RawPage(URL, 200, {}, b"", datetime(2026, 1, 1, tzinfo=timezone.utc))
    decoded = DecodedPage(url=URL, text="", charset_used="utf-8", charset_header=None, charset_meta=None)
    lost = [MissingPage(f"{URL}?page={n + 2}", "not_captured", "") for n in range(missing)]
    return ReadPost("0123456789abcdef", record, [ReadPage(page, decoded, 1)], lost)


def test_a_sound_post_has_no_warning() -> None:
    assert post_warnings(read()) == []


@pytest.mark.parametrize(
    ("announced", "missing", "want"),
    [
        (2, 0, []),
        (None, 0, []),  # no count announced: nothing to compare
        (5, 0, ["comments_fewer_than_announced"]),
        (5, 1, ["comment_pages_missing"]),  # the missing page explains the shortfall
        (1, 0, ["comments_more_than_announced"]),
        (0, 0, ["comments_more_than_announced"]),
        (1, 1, ["comment_pages_missing", "comments_more_than_announced"]),
    ],
)
def test_announced_against_extracted(announced: int | None, missing: int, want: list[str]) -> None:
    assert post_warnings(read(missing, comment_count_announced=announced)) == want


@pytest.mark.parametrize(
    ("title", "name", "want"),
    [
        ("Un billet", "Le carnet", []),
        ("Le carnet", "Le carnet", ["title_is_blog_name"]),
        ("LE\xa0CARNET :", " le  carnet", ["title_is_blog_name"]),  # case, spaces, edge punctuation
        ("Le carnet de juin", "Le carnet", []),  # containing the name is no equality
        ("Le carnet", None, []),  # the page names no blog: nothing to compare with
        (None, "Le carnet", ["title_missing"]),
        ("  ", None, ["title_missing"]),
    ],
)
def test_title_warnings(title: str | None, name: str | None, want: list[str]) -> None:
    assert post_warnings(read(title=title, site_name=name)) == want


def test_no_date() -> None:
    assert post_warnings(read(published=None, published_month="2010-06")) == ["no_date"]


def test_short_article_below_the_threshold_only() -> None:
    short = " ".join(["mot"] * (SHORT_ARTICLE_WORDS - 1)) + " – »"  # punctuation is no word
    assert word_count(short) == SHORT_ARTICLE_WORDS - 1
    assert post_warnings(read(text=short)) == ["short_article"]
    assert post_warnings(read(text=ARTICLE)) == []


def test_generic_reader() -> None:
    assert post_warnings(read(platform="generic", profile="generic")) == ["generic_reader"]


def test_unread_captures_name_their_reason_once_and_warnings_are_sorted() -> None:
    lost = [SkippedPage(URL, "truncated", ""), SkippedPage(URL, "truncated", ""), SkippedPage(URL, "http_503", "")]
    got = post_warnings(read(published=None), lost)
    assert got == ["capture_unread/http_503", "capture_unread/truncated", "no_date"]


def test_every_warning_the_reader_gives_is_declared_with_a_meaning() -> None:
    every = post_warnings(
        read(1, title="Le carnet", published=None, text="Court.", profile="generic", comment_count_announced=1),
        [SkippedPage(URL, "truncated", "")],
    )
    every += post_warnings(read(comment_count_announced=9), ()) + post_warnings(read(title=None), ())
    assert set(every) >= {v for v in WARNINGS.values}
    assert all(value in WARNINGS and WARNINGS.meaning(value) for value in every)
    assert f"fewer than {SHORT_ARTICLE_WORDS} words" in WARNINGS.values["short_article"]


@pytest.mark.parametrize(
    ("html", "want"),
    [
        ('<head><meta property="og:site_name" content=" Le  carnet "></head>', "Le carnet"),
        ('<h1 id="banner-header"><a href="http://carnet.typepad.fr/blog/">Le carnet</a></h1>', "Le carnet"),
        ('<div id="site-title"><span><a href="/" rel="home">Le carnet</a></span></div>', "Le carnet"),
        ('<h1><span><a href="http://www.carnet.typepad.fr/index.php?">Le carnet</a></span></h1>', "Le carnet"),
        ('<div class="menu"><a href="http://carnet.typepad.fr/blog/">Accueil</a></div>', None),  # not a banner
        ('<h1><a href="http://carnet.typepad.fr/blog/2010/06/">Juin 2010</a></h1>', None),  # an archive
        ('<h1><a href="http://ailleurs.fr/">Un autre blog</a></h1>', None),  # another host
        ("<h1>Le carnet</h1>", None),  # no link home: not told apart from a post heading
    ],
)
def test_site_name(html: str, want: str | None) -> None:
    assert site_name(parse_html(f"<html>{html}<body><p>x</p></body></html>"), URL) == want
