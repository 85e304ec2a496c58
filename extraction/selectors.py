"""Compiled selector lookups over lxml trees, shared by every profile.

Selectors are strings in the profiles; they are compiled once (cssselect → XPath). Most
selectors of most profiles match nothing on a given page, and a failed XPath still scans the
whole tree, so each document's class and id tokens are collected once (two XPath calls) and a
selector needing a token the page lacks is skipped without running (inside `reading(document)`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from lxml import etree
from lxml.cssselect import CSSSelector

from extraction.tree import Element

_BRACKETED = re.compile(r"\[[^\]]*\]|\([^)]*\)")
_TOKEN = re.compile(r"([.#])([\w-]+)")
# Plain strings (no back-reference to their element): several times cheaper on big pages.
_ALL_CLASSES = etree.XPath("//@class", smart_strings=False)
_ALL_IDS = etree.XPath("//@id", smart_strings=False)
_DOCUMENT_TOKENS: ContextVar[frozenset[str] | None] = ContextVar("document_tokens", default=None)


@lru_cache(maxsize=512)
def compiled(css: str) -> CSSSelector:
    return CSSSelector(css)


@lru_cache(maxsize=512)
def required_tokens(css: str) -> frozenset[str]:
    """Class (".x") and id ("#x") tokens every element matched by `css` needs somewhere in the page."""
    return frozenset(f"{kind}{name}" for kind, name in _TOKEN.findall(_BRACKETED.sub("", css)))


@contextmanager
def reading(document: Element) -> Iterator[None]:
    """Within this block, selectors skip what `document` cannot match (see the module docstring)."""
    classes = {f".{token}" for value in _ALL_CLASSES(document) for token in value.split()}
    token = _DOCUMENT_TOKENS.set(frozenset(classes | {f"#{value}" for value in _ALL_IDS(document)}))
    try:
        yield
    finally:
        _DOCUMENT_TOKENS.reset(token)


def _absent(css: str) -> bool:
    tokens = _DOCUMENT_TOKENS.get()
    return tokens is not None and not required_tokens(css) <= tokens


def _run(root: Element, css: str) -> list[Element]:
    return [] if _absent(css) else compiled(css)(root)


def first(root: Element, selectors: Iterable[str]) -> Element | None:
    """The first element matched by the first selector that matches anything."""
    for css in selectors:
        found = _run(root, css)
        if found:
            return found[0]
    return None


def every(root: Element, selectors: Iterable[str]) -> list[Element]:
    """All elements matched by the first selector that matches anything."""
    for css in selectors:
        found = _run(root, css)
        if found:
            return found
    return []


def union(root: Element, selectors: Iterable[str]) -> list[Element]:
    """Matches of all selectors in document order, leaving out those nested in another match."""
    selectors = tuple(css for css in selectors if not _absent(css))
    if not selectors:
        return []
    ordered = compiled(", ".join(selectors))(root)  # one XPath union: document order for free
    matched = set(ordered)
    return [e for e in ordered if not any(ancestor in matched for ancestor in e.iterancestors())]


def attribute(root: Element, specs: Iterable[str]) -> str | None:
    """The first non-empty attribute from "css@attr" specs."""
    for spec in specs:
        css, attr = spec.rsplit("@", 1)
        for element in _run(root, css):
            value = (element.get(attr) or "").strip()
            if value:
                return value
    return None
