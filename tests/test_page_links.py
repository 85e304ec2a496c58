"""Link discovery parses pages with lxml directly (spiders/pages.py), not through a parsel
Selector: the links it finds must be the ones parsel's tree gives, on every fixture page,
damaged or not, and on the markup where HTML parsers disagree most."""

from __future__ import annotations

import random
from datetime import datetime, timezone

import pytest
from parsel import Selector

from blogarchive.items import RawPage
from spiders.pages import _HTML_LINKS, page_hrefs
from tests.page_mutations import DAMAGING, fixtures

WHEN = datetime(2026, 1, 1, tzinfo=timezone.utc)
HEADERS = {"Content-Type": "text/html; charset=utf-8"}
# Where tokenizers differ: comments, script states, quoted `>`, self-closed scripts (libxml2 reads
# `<script src="x"/>` as closed), entities in values, a repeated attribute, a tag cut by the end.
TRICKY = [
    '<!-- <a href="/c1"> --><a href="/c2">',
    "<script><!-- <script> </script> <a href=/s1> --> </script><a href=/s2>",
    '<script src="/j.js"/><a href="/s3"></script><a href=/s4>',
    "<title><a href=/t1></title><textarea><a href=/t2></textarea><a href=/t3>",
    '<img alt=\'<a href="/q1">\'><a title="a>b" href="/q2">',
    '<a href="?a=1&copy=2&amp;b=3&eacute&#233;&#128;">x</a><a href="/r1" href="/r2">',
    "<a\nHREF = '/u1' ><A href=/u2><area href=/u3><link rel=next href=/u4>",
    '<a href="/cut',
    "\x00<a href=/nul><a\x00 href=/nul2>",
]


def reference(page: RawPage) -> list[str]:
    """What parsel's tree gives, with the filtering `page_hrefs` does."""
    text = page.body.decode("utf-8", "replace")
    found = (href.strip() for href in _HTML_LINKS(Selector(text=text, type="html").root))
    return [href for href in found if href and not href.startswith(("javascript:", "mailto:", "#"))]


def page(body: bytes) -> RawPage:
    return RawPage("http://b.example/2010/06/billet.html", 200, HEADERS, body, WHEN)


@pytest.mark.parametrize("markup", TRICKY)
def test_links_of_tricky_markup_are_parsels(markup: str) -> None:
    raw = page(markup.encode())
    assert list(page_hrefs(raw)) == reference(raw)


def test_links_of_every_fixture_page_are_parsels() -> None:
    pages = [page(f.body.decode("utf-8", "replace").encode()) for f in fixtures()]
    assert sum(len(reference(p)) for p in pages) > 500  # the fixtures do hold links
    for raw in pages:
        assert list(page_hrefs(raw)) == reference(raw), raw.url


@pytest.mark.parametrize("kind", sorted(DAMAGING))
def test_links_of_damaged_pages_are_parsels(kind: str) -> None:
    rng = random.Random(kind)
    for fixture in fixtures()[:12]:
        raw = page(DAMAGING[kind](fixture.body, rng).decode("utf-8", "replace").encode())
        assert list(page_hrefs(raw)) == reference(raw), (kind, fixture.name)


def test_a_page_of_nothing_but_a_comment_has_no_links() -> None:
    assert list(page_hrefs(page(b"<!-- rien -->"))) == []
