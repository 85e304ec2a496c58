"""Who wrote a comment of an unknown template, where its dated byline does not say.

Templates no profile knows still mark the name, either by a microformat or a class of the
time (hCard's `vcard`/`fn`, `comment-author`, MT customisations' `span.author`), or by a
short line of its own, before or after the text: "Marie a dit :", "Paul says:", "Écrit par
Jules", "Posté par Anne". Either is a line of the comment, not its text.
"""

from __future__ import annotations

import re

from extraction.bylines import clean_author, is_permalink
from extraction.text import inline_text
from extraction.tree import Element

# Class tokens naming a commenter's name (hCard, WordPress's comment-author, MT/Dotclear themes).
AUTHOR_CLASSES = frozenset(
    {"fn", "author", "comment-author", "commentauthor", "comment_author", "auteur", "comment-name", "vcard"}
)
_NAME_MAX = 80
_SAYS = re.compile(
    r"^(?P<name>.{1,60}?)\s*(?:a dit|dit|says|said|a écrit|wrote|schrieb)\s*[:.…]*\s*$"
    r"|^(?:[ée]crit|post[ée]|publi[ée]|r[ée]dig[ée]|posted|written)\s+(?:par|by)\s*:?\s*(?P<after>.{1,60})$",
    re.IGNORECASE,
)


def _marked_name(block: Element, byline: Element) -> Element | None:
    """The first short element inside `block` whose class says it is the commenter's name."""
    for element in block.iterdescendants():
        if not isinstance(element.tag, str) or element is byline:
            continue
        tokens = set((element.get("class") or "").lower().split())
        if tokens & AUTHOR_CLASSES and 0 < len(inline_text(element)) <= _NAME_MAX:
            return element
    return None


def _says_line(block: Element, byline: Element) -> tuple[Element, str] | None:
    """A line of its own, "Marie a dit :" or "Écrit par Jules", and the name it gives."""
    for element in block.iterdescendants():
        if not isinstance(element.tag, str) or element is byline or len(element) > 3:
            continue
        match = _SAYS.match(inline_text(element).replace("\xa0", " "))
        if match:
            return element, match["name"] or match["after"]
    return None


def comment_author(block: Element, byline: Element) -> tuple[str | None, str | None, Element | None]:
    """(name, link, element to leave out of the text) from the comment's name mark or says-line."""
    marked = _marked_name(block, byline)
    if marked is not None:
        links = [marked] if marked.tag == "a" else list(marked.iter("a"))
        url = next((h for a in links if (h := a.get("href")) and not is_permalink(h)), None)
        return clean_author(inline_text(marked)), url, marked
    said = _says_line(block, byline)
    if said is not None:
        element, name = said
        link = next((a.get("href") for a in element.iter("a") if a.get("href")), None)
        return clean_author(name), link if link and not is_permalink(link) else None, element
    return None, None, None
