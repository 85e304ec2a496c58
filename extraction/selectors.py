"""Compiled selector lookups over lxml trees, shared by every profile.

Selectors are strings in the profiles; they are compiled once (cssselect → XPath). Each XPath
scans the whole tree, testing every element's class with string functions: on a page of 64,000
comments that is a tenth of a second per selector, and a page runs dozens. So inside
`reading(document)` one walk of the document indexes its elements by class, id and tag, and a
selector on the whole document made only of tags, classes, ids and descendant combinators (what
profiles mostly use) is answered from that index, with what the XPath would return, in the same
(document) order. Other selectors, and selectors on a part of the page, run as XPath; one
needing a class, id or rare tag the page lacks is skipped without running.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache

from lxml.cssselect import CSSSelector

from extraction.tree import Element

_BRACKETED = re.compile(r"\[[^\]]*\]|\([^)]*\)")
_TOKEN = re.compile(r"([.#])([\w-]+)")
_TAG = re.compile(r"(?:^|[\s,>+~])([a-z][a-z0-9]*)")
# Tags absent from most pages that selectors look for once per comment: checked once per page.
RARE_TAGS = ("time", "abbr", "cite", "dl", "article", "footer")
# The whitespace XPath's normalize-space() splits on (so cssselect's class tests), no other.
_CLASS_SEPARATORS = re.compile(r"[ \t\n\r]+")
# A selector the index answers: compounds of an optional tag, classes and ids, descendant-combined.
_NAME = r"-?[A-Za-z_][A-Za-z0-9_-]*"
_COMPOUND = re.compile(rf"(?P<tag>[a-z][a-z0-9]*)?(?P<rest>(?:[.#]{_NAME})*)")
_PARTS = re.compile(rf"([.#])({_NAME})")
_DOCUMENT_TOKENS: ContextVar[frozenset[str] | None] = ContextVar("document_tokens", default=None)


@dataclass
class _Index:
    """A document's elements by class and id (each list in document order); by tag on demand."""

    document: Element
    by_class: dict[str, list[Element]] = field(default_factory=dict)
    by_id: dict[str, list[Element]] = field(default_factory=dict)
    by_tag: dict[str, list[Element]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Element) -> _Index:
        index = cls(document)
        by_class, by_id = index.by_class, index.by_id
        for element in document.iter():
            classes = element.get("class")
            if classes:
                names = _class_names(classes)
                for name in names if len(names) == 1 else dict.fromkeys(names):
                    if name:
                        found = by_class.get(name)
                        if found is None:
                            by_class[name] = [element]
                        else:
                            found.append(element)
            ident = element.get("id")
            if ident is not None:
                by_id.setdefault(ident, []).append(element)
        return index

    def tokens(self) -> frozenset[str]:
        """What `required_tokens` asks of the page, as the page has it."""
        tags = {f"<{element.tag}" for element in self.document.iter(*RARE_TAGS)}
        return frozenset(self.by_class.keys() | {f"#{ident}" for ident in self.by_id} | tags)

    def tagged(self, tag: str) -> list[Element]:
        found = self.by_tag.get(tag)
        if found is None:
            found = self.by_tag[tag] = list(self.document.iter(tag))
        return found

    def select(self, css: str) -> list[Element] | None:
        """What `compiled(css)(document)` returns; None for a selector the index cannot answer."""
        compounds = _parsed(css)
        if compounds is None:
            return None
        found = self._compound(*compounds[0])
        for compound in compounds[1:]:
            above = Nearest(set(found))
            found = [e for e in self._compound(*compound) if above.of(e.getparent()) is not None]
        return found

    def _compound(self, tag: str | None, classes: tuple[str, ...], ids: tuple[str, ...]) -> list[Element]:
        if ids:
            candidates = self.by_id.get(ids[0], [])
        elif classes:
            candidates = self.by_class.get(classes[0], [])
        else:
            candidates = self.tagged(tag or "")
        if tag is not None and (ids or classes):
            candidates = [e for e in candidates if e.tag == tag]
        if len(ids) > 1:
            candidates = [e for e in candidates if all(e.get("id") == i for i in ids[1:])]
        if len(classes) > (0 if ids else 1):
            wanted = set(classes)
            candidates = [e for e in candidates if wanted <= set(_class_names(e.get("class") or ""))]
        return candidates

    def union(self, lists: list[list[Element]]) -> list[Element] | None:
        """The union of several selectors' matches, as one XPath union gives it (document
        order); None where that order has to be worked out (matches of several selectors)."""
        distinct = {tuple(found) for found in lists if found}
        return list(distinct.pop()) if len(distinct) == 1 else [] if not distinct else None


def _class_names(classes: str) -> list[str]:
    """The class attribute split as cssselect's XPath splits it (space, tab, CR, LF only);
    str.split() does the same, and faster, where the only whitespace is the space."""
    if classes.isascii() and classes.isprintable():
        return classes.split()
    return _CLASS_SEPARATORS.split(classes)


@lru_cache(maxsize=512)
def _parsed(css: str) -> tuple[tuple[str | None, tuple[str, ...], tuple[str, ...]], ...] | None:
    """(tag, classes, ids) of each compound of `css`, outermost first; None if it has more."""
    compounds = []
    for part in css.split():
        match = _COMPOUND.fullmatch(part)
        if match is None or not part:
            return None
        pieces = _PARTS.findall(match["rest"])
        classes = tuple(name for kind, name in pieces if kind == ".")
        ids = tuple(name for kind, name in pieces if kind == "#")
        if match["tag"] is None and not pieces:
            return None
        compounds.append((match["tag"], classes, ids))
    return tuple(compounds) or None


_DOCUMENT_INDEX: ContextVar[_Index | None] = ContextVar("document_index", default=None)


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
    """Within this block, selectors on `document` use its index (see the module docstring)."""
    index = _Index.of(document)
    token = _DOCUMENT_TOKENS.set(index.tokens())
    index_token = _DOCUMENT_INDEX.set(index)
    try:
        yield
    finally:
        _DOCUMENT_INDEX.reset(index_token)
        _DOCUMENT_TOKENS.reset(token)


def add_tokens(*tokens: str) -> None:
    """Markup created while reading (regrouped comment runs) announces its classes here; the
    index no longer describes the tree, so selectors run as XPath from here on."""
    current = _DOCUMENT_TOKENS.get()
    if current is not None:
        _DOCUMENT_TOKENS.set(current | frozenset(tokens))
    if _DOCUMENT_INDEX.get() is not None:
        _DOCUMENT_INDEX.set(None)


def _absent(css: str) -> bool:
    tokens = _DOCUMENT_TOKENS.get()
    return tokens is not None and not required_tokens(css) <= tokens


def _indexed(root: Element, css: str) -> list[Element] | None:
    index = _DOCUMENT_INDEX.get()
    return index.select(css) if index is not None and root is index.document else None


def _run(root: Element, css: str) -> list[Element]:
    if _absent(css):
        return []
    found = _indexed(root, css)
    return compiled(css)(root) if found is None else found


def _run_all(root: Element, selectors: tuple[str, ...]) -> list[Element]:
    """Matches of any of `selectors`, in document order (one XPath union)."""
    index = _DOCUMENT_INDEX.get()
    if index is not None and root is index.document:
        lists = [index.select(css) for css in selectors]
        if all(found is not None for found in lists):
            found = index.union(lists)  # type: ignore[arg-type]
            if found is not None:
                return found
    return compiled(", ".join(selectors))(root)


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
    ordered = _run_all(root, selectors)
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
        for element in _run_all(root, selectors):
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
