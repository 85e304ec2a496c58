"""Arbitrary and malformed HTML never raises: the extractor returns a post or `NotAPost`."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extraction import NotAPost, decode_page, extract_post
from extraction.records import PostRecord

# Pieces of real template markup, so generated pages reach deep into the profiles and the
# generic reader instead of stopping at "no known markup".
FRAGMENTS = [
    '<div class="entry">', '<div class="entry-body">', '<h3 class="entry-header">', '<div class="comments">',
    '<div class="comments-content">', '<div class="comment" id="comment-6a00d8341c">', '<div class="comment-content">',
    '<p class="comment-footer">Rédigé par : ', '<span class="post-footers">Rédigé par X le ', '16 juin 2010 à 10:56',
    "31 février 2010 à 25:99", "5/13/2004 03:44:00 PM", '<div class="entry-asset hentry">', '<div class="asset-body">',
    '<abbr class="published" title="not-a-date">', '<dl id="comments-block">', "<dt>", "<dd>", '<li class="comment">',
    '<ul class="children">', '<div class="item_div">', '<div class="itemfooter">Posté par ', '<div id="comments">',
    '<meta name="generator" content="TypePad">', '<meta name="generator" content="Wix">', "<br>", "<br><br>",
    "</div>", "</p>", "</li>", "</dl>", "<p>", "&nbsp;", "&#146;", "&#0;", "\x00", "\ufeff", "<!--", "-->",
    "<script>", "</script>", "<![CDATA[", "<?xml version='1.0' encoding='utf-8'?>", "Commentaires (12)",
    '<a href="#comment-1">', "</a>", "<title>", "</title>", "<h2>", "</h2>", "le 16/06/2010 à 10:56, par ",
]  # fmt: skip

pages = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=60).map("".join)
raw_bytes = st.binary(max_size=2000)
headers = st.sampled_from(
    [{}, *({"Content-Type": f"text/html; charset={c}"} for c in ("utf-8", "ISO-8859-1", "bogus-charset"))]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=pages, header=headers)
def test_template_soup_gives_a_record_or_not_a_post(page: str, header: dict[str, str]) -> None:
    result = extract_post(
        [decode_page("http://exemple.typepad.fr/b/2010/06/x.html", page.encode("utf-8", "surrogatepass"), header)]
    )
    assert isinstance(result, (PostRecord, NotAPost))
    if isinstance(result, PostRecord):
        assert result.text and all(c.position == i for i, c in enumerate(result.comments, start=1))


@settings(max_examples=300, deadline=None)
@given(body=raw_bytes, header=headers)
def test_arbitrary_bytes_give_a_record_or_not_a_post(body: bytes, header: dict[str, str]) -> None:
    result = extract_post([decode_page("http://exemple.fr/x.html", body, header)])
    assert isinstance(result, (PostRecord, NotAPost))


@settings(max_examples=100, deadline=None)
@given(first=pages, second=pages)
def test_extra_comment_pages_of_any_shape_never_raise(first: str, second: str) -> None:
    url = "http://exemple.typepad.fr/b/2010/06/x.html"
    decoded = [decode_page(url, first.encode("utf-8", "surrogatepass"), {}), decode_page(url, second.encode(), {})]
    assert isinstance(extract_post(decoded), (PostRecord, NotAPost))


def test_a_page_ends_at_its_closing_tag_even_with_kilobytes_of_script_after_it() -> None:
    """Hosts injected scripts after `</html>` (a Canalblog page carries 4 KB of them): still a
    whole page. Without any closing tag near its end, a page is cut."""
    from datetime import datetime, timezone

    from blogarchive.items import RawPage
    from extraction.readable import page_problem

    def page(body: bytes) -> RawPage:
        return RawPage("http://x.test/p.html", 200, {"Content-Type": "text/html"}, body, datetime.now(timezone.utc))

    whole = b"<html><body><p>Billet.</p></BODY></html>"
    assert page_problem(page(whole + b"<script>var x = 1;</script>" * 400)) is None
    assert page_problem(page(b"<html><body><p>Billet coup" + b"x" * 300_000))[0] == "truncated"


def test_links_python_cannot_parse_cost_nothing() -> None:
    """`http://[` makes urlsplit raise "Invalid IPv6 URL": a banner link and a footer link written
    so must not lose the post (the fuzz benchmark found it), nor an author link its class."""
    from datetime import datetime, timezone

    from blogarchive.items import Capture, PostCaptures, RawPage
    from extraction.pseudonyms import url_class
    from extraction.reader import read_post
    from extraction.records import ReadPost
    from tests.crawling import PROJECT_ROOT

    page = PROJECT_ROOT / "tests" / "fixtures" / "pages" / "typepad-fr-classic-comments-after-body.html"
    url = "http://exemple.typepad.fr/mon_blog/2010/06/billet.html"
    clean = read_post(
        PostCaptures(url, [Capture([RawPage(url, 200, {}, page.read_bytes(), datetime.now(timezone.utc))])])
    )
    bad = b'<h1><a href="http://[blog/">x</a></h1><p class="posted"><a href="http://[cat">y</a></p>'
    body = page.read_bytes().replace(
        b'class="layout-two-column-right post">', b'class="layout-two-column-right post">' + bad, 1
    )
    assert bad in body
    result = read_post(PostCaptures(url, [Capture([RawPage(url, 200, {}, body, datetime.now(timezone.utc))])]))
    assert isinstance(clean, ReadPost) and isinstance(result, ReadPost), result
    assert len(result.record.comments) == len(clean.record.comments) > 0
    assert url_class("http://[oops") == "other"
