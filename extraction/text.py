"""Readable text from an HTML subtree: paragraphs kept, chrome and markup dropped.

Block elements end a paragraph ("\n\n" between paragraphs), `<br>` ends a line ("\n"), runs of
whitespace inside a line become one space. Non-breaking spaces are kept as written (French
typography puts them before : ; ! ?). Output is NFC.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

from extraction.tree import Element, text_content

BLOCK_TAGS = frozenset(
    """address article aside blockquote center dd div dl dt fieldset figcaption figure footer form
    h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td th thead tr ul""".split()
)
SKIPPED_TAGS = frozenset("script style noscript iframe object embed form input select textarea button".split())
_PARAGRAPH, _LINE = "\x00P", "\x00L"
_SPACES = re.compile(r"[ \t\r\n\f\v]+")  # ASCII whitespace only: NBSP is text


def _walk(top: Element, out: list[str], skip: Container[Element]) -> None:
    """Text pieces and break markers of `top`, whose own tail is its parent's text.

    A loop over an explicit stack, not recursion: pages nest up to 2048 deep (tree.py), past
    Python's recursion limit.
    """
    stack: list[tuple[Element, bool]] = [(top, False)]  # (element, its subtree is done)
    while stack:
        element, closing = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        if closing:
            if tag in BLOCK_TAGS:
                out.append(_PARAGRAPH)
            if element.tail and element is not top:
                out.append(element.tail)
            continue
        if tag in SKIPPED_TAGS or (element in skip and element is not top):  # the element read is never skipped
            if element.tail and element is not top:
                out.append(element.tail)
            continue
        if tag in BLOCK_TAGS:
            out.append(_PARAGRAPH)
        if tag == "br":
            out.append(_LINE)
        if element.text and tag:  # comments and processing instructions carry no text
            out.append(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))


def text_of(*elements: Element, skip: Container[Element] = ()) -> str:
    """The text of one or more subtrees, in order, as paragraphs; `skip` subtrees left out."""
    out: list[str] = []
    for element in elements:
        out.append(_PARAGRAPH)
        _walk(element, out, skip)
        out.append(_PARAGRAPH)
    return normalise_text("".join(out))


def normalise_text(raw: str) -> str:
    """Markers to breaks; whitespace collapsed in one pass (the markers are not whitespace).

    An empty line (`<br><br>`, as Blogger and hand-written HTML separate paragraphs) is a
    paragraph break too.
    """
    paragraphs = []
    for block in _SPACES.sub(" ", raw).split(_PARAGRAPH):
        if _LINE not in block:  # most blocks: one line, or nothing between two block tags
            line = block.strip(" \xa0")
            if line:
                paragraphs.append(line)
            continue
        lines: list[str] = []
        for line in (*(part.strip(" \xa0") for part in block.split(_LINE)), ""):
            if line:
                lines.append(line)
            elif lines:
                paragraphs.append("\n".join(lines))
                lines = []
    return unicodedata.normalize("NFC", "\n\n".join(paragraphs))


def inline_text(element: Element) -> str:
    """One line of text (titles, bylines, names): all whitespace collapsed, NBSP kept."""
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text_content(element)).strip(" \xa0"))
