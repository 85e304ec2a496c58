"""Fallback for templates no profile knows: find the repeated comment blocks and the article.

A comment block is recognisable without knowing the theme: siblings of one shape (same tag and
class) inside a container that says "comment" (its id, class, or the heading before it), each
carrying a short byline with a date. The article is the densest block of paragraphs outside
them, under the heading that the document <title> names.
"""

from __future__ import annotations

import re
from collections import defaultdict

from lxml import etree

from extraction.bylines import read_byline
from extraction.dates import find_date
from extraction.records import CommentRecord, NotAPost, PostRecord
from extraction.text import SKIPPED_TAGS, inline_text, text_of
from extraction.tree import Element, text_content

_COMMENTISH = re.compile(r"comment|commentaire|r[ée]action|forum|feedback|discussion|respon", re.IGNORECASE)
_CHROME = re.compile(r"sidebar|side-bar|widget|menu|nav|footer|header|banner|related|share|recent", re.IGNORECASE)
_BYLINE_MAX = 220
_HEADINGS = ("h1", "h2", "h3")


def _label(element: Element) -> str:
    return f"{element.get('id', '')} {element.get('class', '')}"


def _signature(element: Element) -> tuple[str, str]:
    return element.tag, re.sub(r"\d+", "", " ".join(sorted((element.get("class") or "").split())))


def _says_comments(container: Element) -> bool:
    """The container, an ancestor, or the heading just before it announces comments."""
    for element in (container, *list(container.iterancestors())[:3]):
        if _COMMENTISH.search(_label(element)):
            return True
    previous = container.getprevious()
    if previous is None or previous.tag not in (*_HEADINGS, "h4"):
        return False
    return bool(_COMMENTISH.search(text_content(previous)))


def _byline_in(member: Element) -> Element | None:
    """The smallest descendant whose short text carries a date: the comment's byline."""
    best = None
    for element in member.iter():
        if not isinstance(element.tag, str) or element.tag in SKIPPED_TAGS:
            continue
        text = text_content(element)
        shorter = best is None or len(text) < len(text_content(best))
        if shorter and len(text.strip()) <= _BYLINE_MAX and find_date(text):
            best = element if element.tag != "a" else element.getparent()
    return best


def _regroup_definition_lists(root: Element) -> None:
    """dt (byline) + dd (body) runs, as Dotclear prints comments, become one element each."""
    for dl in root.iter("dl"):
        if not _COMMENTISH.search(_label(dl)) or dl.find("dt") is None:
            continue
        group = None
        for child in list(dl):
            if child.tag == "dt" or group is None:
                group = etree.SubElement(dl, "div", {"class": "comment-group", "id": child.get("id", "")})
            group.append(child)


def find_comment_blocks(root: Element) -> list[tuple[Element, Element]]:
    """(block, byline) pairs of the best run of dated sibling blocks inside a comment container."""
    _regroup_definition_lists(root)
    best: list[tuple[Element, Element]] = []
    for container in root.iter():
        if not isinstance(container.tag, str) or len(container) < 1 or not _says_comments(container):
            continue
        groups: dict[tuple[str, str], list] = defaultdict(list)
        for child in container:
            if isinstance(child.tag, str) and child.tag not in SKIPPED_TAGS:
                groups[_signature(child)].append(child)
        for members in groups.values():
            dated = [(m, b) for m in members if (b := _byline_in(m)) is not None and b is not m]
            if len(dated) > len(best) and len(dated) >= max(1, len(members) // 2):
                best = dated
    return best


def read_generic_comments(blocks: list[tuple[Element, Element]], root: Element, page_url: str) -> list[CommentRecord]:
    month_first = (root.get("lang") or "").startswith("en")
    records = []
    for block, byline_element in blocks:
        byline = read_byline(byline_element, None, month_first)
        records.append(
            CommentRecord(
                position=len(records) + 1,
                text=text_of(block, skip={byline_element}),
                author=byline.author,
                author_url=byline.author_url,
                published=byline.published,
                published_raw=byline.published_raw,
                platform_comment_id=_own_id(block),
                page_url=page_url,
            )
        )
    return records


def _own_id(block: Element) -> str | None:
    match = re.search(r"(?:comment|c)[-_]?(\d+)", block.get("id") or "")
    return match[1] if match else None


def _paragraph_weight(element: Element) -> int:
    return sum(len(text_content(p)) for p in element if p.tag in ("p", "blockquote", "ul", "ol", "pre"))


def read_generic_article(root: Element, url: str, excluded: set[Element]) -> PostRecord | NotAPost:
    """The densest paragraph block outside comments and page chrome, with its title and byline."""
    candidates = [
        e
        for e in root.iter("div", "article", "section", "td", "main")
        if not any(a in excluded or _CHROME.search(_label(a)) for a in (e, *e.iterancestors()))
    ]
    body = max(candidates, key=_paragraph_weight, default=None)
    if body is None or _paragraph_weight(body) < 200:
        return NotAPost("not_a_post", "generic: no block of paragraphs that reads as an article")
    title = _title(root, body)
    byline_element = _post_byline(title, body)
    byline = read_byline(byline_element, None, (root.get("lang") or "").startswith("en"))
    skip = set(excluded) | ({byline_element} if byline_element is not None else set())
    return PostRecord(
        url=url,
        title=inline_text(title) if title is not None else None,
        text=text_of(body, skip=skip),
        platform="generic",
        author=byline.author,
        published=byline.published,
        published_raw=byline.published_raw,
    )


def _title(root: Element, body: Element) -> Element | None:
    document_title = " ".join((root.findtext(".//title") or "").split())
    headings = [h for h in root.iter(*_HEADINGS) if inline_text(h)]
    named = [h for h in headings if inline_text(h).replace("\xa0", " ") in document_title]
    before_body = [h for h in named if h.getroottree().getpath(h) < body.getroottree().getpath(body)] or named
    return before_body[-1] if before_body else (headings[0] if headings else None)


def _post_byline(title: Element | None, body: Element) -> Element | None:
    """The first short dated element after the title (or around the body): 'Par X le …'."""
    start = title if title is not None else body
    for element in (*start.itersiblings(), *body.itersiblings(preceding=True), *body.itersiblings()):
        if isinstance(element.tag, str) and element is not body:
            found = _byline_in(element) if len(text_content(element)) > _BYLINE_MAX else element
            if found is not None and find_date(text_content(found)):
                return found
    return None
