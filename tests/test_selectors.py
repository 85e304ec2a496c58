"""The document index answers selectors exactly as the XPath does, in the same order.

`reading(document)` answers tag/class/id selectors from one index instead of one XPath scan of
the page each (a page of 64,000 comments runs dozens). Every profile selector, alone and as the
unions `union` runs, is checked against cssselect's XPath on every fixture page, and on markup
where the two could part: class lists split on tabs and newlines but not on NBSP or vertical
tab, a class repeated, matches nested in matches.
"""

from __future__ import annotations

import dataclasses

import pytest

from extraction import decode_page
from extraction.platforms import profiles
from extraction.selectors import _indexed, compiled, every, reading, union
from extraction.tree import Element, parse_html
from tests.page_mutations import fixtures

NOT_SELECTORS = {"name", "platform", "urls", "generators", "hosts", "group_siblings", "loose_without_body", "url_day"}


def _selectors() -> list[tuple[str, ...]]:
    """Each selector tuple of each profile (attribute specs without their "@attr")."""
    found = set()
    for profile in profiles():
        for spec in dataclasses.fields(profile):
            value = getattr(profile, spec.name)
            if spec.name not in NOT_SELECTORS and value:
                found.add(tuple(v.rsplit("@", 1)[0] for v in value))
    return sorted(found)


SELECTORS = _selectors()
ODD = (
    '<html><body><div class="a\xa0b a\tb  c\x0bd  c\nc" id="x"><p id="x" class="a a">x</p>'
    '<div class="a"><div class="b a"><p class="c">y</p><p class="c b">z</p></div></div></div>'
    '<span class="vcard author">n</span><span class="author">m</span><p class="e\xa0f">e</p><p class="g\x0bh">g</p>'
    '<p class="e">e</p></body></html>'
)
ODD_SELECTORS = [("div.a",), ("div.a div.a",), ("div.a p.c",), ("p.c.b", "p.c"), ("#x",), ("p#x.a",), ("div p",),
                 ("span.vcard.author",), ("div.c", "div.b"), ("p.a", "div.a p"), ("div.a\tb",),
                 ("p.e",), ("p.f",), ("p.g",), ("p.e", "p.h")]  # fmt: skip


def _pages() -> list[tuple[str, Element]]:
    pages = [(f.name, parse_html(decode_page(f.url, f.body, f.headers).text)) for f in fixtures()]
    return [(name, root) for name, root in pages if root is not None] + [("odd", parse_html(ODD))]


@pytest.mark.parametrize(("name", "root"), _pages(), ids=lambda v: v if isinstance(v, str) else "")
def test_the_index_gives_what_the_xpath_gives(name: str, root: Element) -> None:
    answered = 0
    with reading(root):  # compiled(css)(root) is the XPath itself, inside or outside
        for selectors in SELECTORS + ODD_SELECTORS:
            for css in selectors:
                answered += _indexed(root, css) is not None
                assert every(root, (css,)) == compiled(css)(root), (name, css)
            assert union(root, selectors) == _outermost(compiled(", ".join(selectors))(root)), (name, selectors)
    assert answered > len(SELECTORS)  # the index answered most of them: the comparison is not idle


def _outermost(ordered: list[Element]) -> list[Element]:
    kept = set(ordered)
    return [e for e in ordered if not any(a in kept for a in e.iterancestors())]
