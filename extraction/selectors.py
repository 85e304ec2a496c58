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
_TAG = re.compile(r"(?:^|[\s,>+~])([a-z][a-z0-9]*)")
# Tags absent from most pages that selectors look for once per comment: checked once per page.
RARE_TAGS = ("time", "abbr", "cite", "dl", "article", "footer")
# Plain strings (no back-reference to their element): several times cheaper on big pages.
_ALL_CLASSES = etree.XPath("//@class", smart_strings=False)
_ALL_IDS = etree.XPath("//@id", smart_strings=False)
_RARE_TAG_NAMES = etree.XPath("|".join(f"//{tag}" for tag in RARE_TAGS))
_DOCUMENT_TOKENS: ContextVar[frozenset[str] | None] = ContextVar("document_tokens", default=None)


@lru_cache(maxsize=512)
def compiled(css: str) -> CSSSelector:
    return CSSSelector(css)


@lru_cache(maxsize=512)
def required_tokens(css: str) -> frozenset[str]:
    """Tokens every element matched by `css` needs somewhere in the page: classes (".x"), ids
    ("#x"), and the rare tags that machine dates and comment lists use ("<time")."""
    plain = _BRACKETED.sub("", css)
    tags = {f"<{tag}" for tag in _TAG.findall(plain) if tag in RARE_TAGS}
    # Classes are kept bare ("entry"), ids and tags marked ("#comments", "<time"), as in reading().
    return frozenset({name if kind == "." else f"#{name}" for kind, name in _TOKEN.findall(plain)} | tags)


@contextmanager
def reading(document: Element) -> Iterator[None]:
    """Within this block, selectors skip what `document` cannot match (see the module docstring)."""
    classes = set(" ".join(_ALL_CLASSES(document)).split())
    ids = {f"#{value}" for value in _ALL_IDS(document)}
    tags = {f"<{element.tag}" for element in _RARE_TAG_NAMES(document)}
    token = _DOCUMENT_TOKENS.set(frozenset(classes | ids | tags))
    try:
        yield
    finally:
        _DOCUMENT_TOKENS.reset(token)


def add_tokens(*tokens: str) -> None:
    """Markup created while reading (regrouped comment runs) announces its classes here."""
    current = _DOCUMENT_TOKENS.get()
    if current is not None:
        _DOCUMENT_TOKENS.set(current | frozenset(tokens))


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
    outer = Nearest(set(ordered))
    return [e for e in ordered if outer.of(e.getparent()) is None]


def attribute(root: Element, specs: Iterable[str]) -> str | None:
    """The first non-empty attribute from "css@attr" specs."""
    for spec in specs:
        css, attr = spec.rsplit("@", 1)
        for element in _run(root, css):
            value = (element.get(attr) or "").strip()
            if value:
                return value
    return None


# Lookups for many elements at once (the comments of a page): one query over the page per
# selector instead of one per comment, each match handed to the comment that contains it.


class Nearest:
    """The nearest of a set of elements at or above any element, each element's answer kept.

    A walk up the ancestors for every match costs the depth of the page each time: quadratic
    on deep pages (threads nested hundreds deep). Kept answers make every step of every walk
    happen once: the lookups together cost the size of the page at most.
    """

    def __init__(self, targets: set[Element]) -> None:
        self.targets = targets
        self._known: dict[Element, Element | None] = {}

    def of(self, element: Element | None) -> Element | None:
        """`element` itself or its nearest ancestor in the set; None when there is none."""
        path = []
        while element is not None and element not in self.targets and element not in self._known:
            path.append(element)
            element = element.getparent()
        found = element if element is None or element in self.targets else self._known[element]
        for visited in path:
            self._known[visited] = found
        return found


def first_in_each(root: Element, owners: Nearest, selectors: Iterable[str]) -> dict[Element, Element]:
    """For each owner, what `first(owner, selectors)` would return, where it finds something."""
    found: dict[Element, Element] = {}
    for css in selectors:
        if len(found) == len(owners.targets):
            break
        for element in _run(root, css):
            owner = owners.of(element)
            if owner is not None:
                found.setdefault(owner, element)
    return found


def all_in_each(root: Element, owners: Nearest, selectors: Iterable[str]) -> dict[Element, set[Element]]:
    """For each owner, every element inside it matched by any of `selectors`."""
    selectors = tuple(css for css in selectors if not _absent(css))
    matched: dict[Element, set[Element]] = {}
    if selectors:
        for element in compiled(", ".join(selectors))(root):
            owner = owners.of(element)
            if owner is not None:
                matched.setdefault(owner, set()).add(element)
    return matched


def attribute_in_each(root: Element, owners: Nearest, specs: Iterable[str]) -> dict[Element, str]:
    """For each owner, what `attribute(owner, specs)` would return, where it finds something."""
    found: dict[Element, str] = {}
    for spec in specs:
        css, attr = spec.rsplit("@", 1)
        for element in _run(root, css):
            value = (element.get(attr) or "").strip()
            owner = owners.of(element) if value else None
            if owner is not None:
                found.setdefault(owner, value)
    return found
