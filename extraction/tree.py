"""The parsed page: plain lxml elements (no lxml.html element classes: 2× faster to walk)."""

from __future__ import annotations

from typing import TypeAlias

from lxml import etree

Element: TypeAlias = etree._Element

_PARSER = etree.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False)


def parse_html(text: str) -> Element | None:
    """An lxml tree of the document, or None for a document with nothing in it."""
    try:
        return etree.fromstring(text.encode("utf-8", "surrogatepass"), _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def text_content(element: Element) -> str:
    """All the text inside an element, markup dropped (its own tail excluded).

    lxml's text serialiser does in C what `"".join(element.itertext())` does in Python, ~6x faster.
    """
    return etree.tostring(element, method="text", encoding=str, with_tail=False)
