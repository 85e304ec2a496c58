"""Compiled selector lookups over lxml trees, shared by every profile.

Selectors are strings in the profiles; compiling them once (cssselect → XPath) keeps extraction
near lxml's raw parsing speed.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from lxml import html
from lxml.cssselect import CSSSelector


@lru_cache(maxsize=512)
def compiled(css: str) -> CSSSelector:
    return CSSSelector(css)


def first(root: html.HtmlElement, selectors: Iterable[str]) -> html.HtmlElement | None:
    """The first element matched by the first selector that matches anything."""
    for css in selectors:
        found = compiled(css)(root)
        if found:
            return found[0]
    return None


def every(root: html.HtmlElement, selectors: Iterable[str]) -> list[html.HtmlElement]:
    """All elements matched by the first selector that matches anything."""
    for css in selectors:
        found = compiled(css)(root)
        if found:
            return found
    return []


def union(root: html.HtmlElement, selectors: Iterable[str]) -> list[html.HtmlElement]:
    """Matches of all selectors in document order, leaving out those nested in another match."""
    matched = {element for css in selectors for element in compiled(css)(root)}
    ordered = [element for element in root.iter() if element in matched]
    return [e for e in ordered if not any(ancestor in matched for ancestor in e.iterancestors())]


def attribute(root: html.HtmlElement, specs: Iterable[str]) -> str | None:
    """The first non-empty attribute from "css@attr" specs."""
    for spec in specs:
        css, attr = spec.rsplit("@", 1)
        for element in compiled(css)(root):
            value = (element.get(attr) or "").strip()
            if value:
                return value
    return None
