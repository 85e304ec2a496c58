"""Where a post's parts are when no selector says: the block of paragraphs, the dated byline.

Shared by the generic reader (every page) and by the profiles, for themes that rename the
body or byline their selectors know (a WordPress theme's `div.postentry`, `div.postinfo`).
"""

from __future__ import annotations

from extraction.dates import find_date
from extraction.text import SKIPPED_TAGS
from extraction.tree import Element, text_content

BYLINE_MAX = 220  # characters: longer text is a paragraph that happens to hold a date
_PARAGRAPH_TAGS = ("p", "blockquote", "ul", "ol", "pre")


def paragraph_weight(element: Element) -> int:
    """The text held in the element's own paragraphs: how much it reads as an article body."""
    return sum(len(text_content(p)) for p in element if p.tag in _PARAGRAPH_TAGS)


def densest_block(scope: Element, leave_out: set[Element] = frozenset()) -> Element | None:
    """The element of `scope` (itself included) whose paragraphs hold the most text."""
    blocks = [e for e in scope.iter("div", "article", "section", "td", "main") if e not in leave_out]
    best = max(blocks, key=paragraph_weight, default=None)
    return best if best is not None and paragraph_weight(best) else None


def byline_in(member: Element) -> Element | None:
    """The smallest descendant whose short text carries a date: the comment's byline."""
    best = None
    for element in member.iter():
        if not isinstance(element.tag, str) or element.tag in SKIPPED_TAGS:
            continue
        text = text_content(element)
        shorter = best is None or len(text) < len(text_content(best))
        if shorter and len(text.strip()) <= BYLINE_MAX and find_date(text):
            best = element if element.tag != "a" else element.getparent()
    return best


def post_byline(title: Element | None, body: Element, comments: frozenset[Element] = frozenset()) -> Element | None:
    """The first short dated element around the title and the body: 'Par X le …', a day header;
    never one inside `comments` (a comment's date line after the body is no post byline)."""
    anchors = [e for e in (title, body) if e is not None]
    nearby = [
        *(sibling for anchor in anchors for sibling in anchor.itersiblings()),
        *(sibling for anchor in anchors for sibling in anchor.itersiblings(preceding=True)),
        *(sibling for anchor in anchors for sibling in anchor.getparent().itersiblings(preceding=True)),
    ]
    for element in nearby:
        if isinstance(element.tag, str) and element is not body:
            found = byline_in(element) if len(text_content(element)) > BYLINE_MAX else element
            inside = found is not None and any(e in comments for e in (found, *found.iterancestors()))
            if found is not None and not inside and find_date(text_content(found)):
                return found
    return None
