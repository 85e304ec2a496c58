"""Fallback for templates no profile knows: find the repeated comment blocks and the article.

A comment block is recognisable without knowing the theme: siblings of one shape (same tag and
class) inside a container that says "comment" (its id, class, or the heading before it), each
carrying a short byline with a date. The article is the densest block of paragraphs outside
them, under the heading that the document <title> names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import islice

from lxml import etree

from extraction.blocks import BYLINE_MAX, byline_in, paragraph_weight, post_byline
from extraction.bylines import TIME_OF_DAY, Byline, category_links, read_byline, with_day_header
from extraction.counts import announced_in
from extraction.limits import check_time
from extraction.page import comment_id
from extraction.records import CommentRecord, NotAPost, PostRecord
from extraction.selectors import Nearest
from extraction.signatures import comment_author
from extraction.text import SKIPPED_TAGS, inline_text, text_of
from extraction.tree import Element, copyable, text_content

_COMMENTISH = re.compile(r"comment|commentaire|r[ée]action|forum|feedback|discussion|respon", re.IGNORECASE)
_COMMENT_KIND = "\x00comment"  # the shape of siblings whose class says they are comments
# Page parts that are never the article; "tagging" is the share-and-count footer of customised
# MT 4 templates (radar.oreilly.com's "tags: | comments: 9 | Sphere It / submit: <badges>").
_CHROME = re.compile(
    r"sidebar|side-bar|widget|menu|nav|footer|header|banner|related|share|recent|tagging", re.IGNORECASE
)
_HEADINGS = ("h1", "h2", "h3")
GENERIC_PROFILE = "generic"  # the `profile` of posts no template family read
# What a link's rel, URL or preceding words say it is.
_CATEGORY = re.compile(
    r"\bcategor(?:y|ie|ies)\b|[/?]categor(?:y|ie|ies)[/=]"
    r"|(?:publié dans|classé dans|posted in|filed under)\s*:?\s*\x00",
    re.IGNORECASE,
)
_IN = re.compile(r"\b(?:dans|in)\s*:?\s*\x00", re.IGNORECASE)  # "… à 10:56 dans <a>Cat</a>"
_TAG = re.compile(r"\btag\b|[/?]tags?[/=]|(?:tags|mots-clés|étiquettes)\s*:?\s*\x00", re.IGNORECASE)


def _label(element: Element) -> str:
    return f"{element.get('id', '')} {element.get('class', '')}"


def _signature(element: Element) -> tuple[str, str]:
    """Siblings of one shape: same tag and classes; every sibling whose class says "comment" is of
    one shape (MT customisations: div.comment_block, and div.comment_op_block for the owner's)."""
    if _COMMENTISH.search(element.get("class") or ""):
        return element.tag, _COMMENT_KIND
    return element.tag, re.sub(r"\d+", "", " ".join(sorted((element.get("class") or "").split())))


def _says_comments(container: Element) -> bool:
    """The container, an ancestor, or the heading just before it announces comments."""
    for element in (container, *islice(container.iterancestors(), 3)):
        if _COMMENTISH.search(_label(element)):
            return True
    previous = container.getprevious()
    if previous is None or previous.tag not in (*_HEADINGS, "h4"):
        return False
    return bool(_COMMENTISH.search(text_content(previous)))


def _regroup_definition_lists(root: Element) -> None:
    """dt (byline) + dd (body) runs, as Dotclear prints comments, become one element each."""
    for dl in root.iter("dl"):
        if dl.find("dt") is None or not _says_comments(dl):
            continue
        group = None
        for child in list(dl):
            if child.tag == "dt" or group is None:
                group = etree.SubElement(dl, "div", {"class": "comment-group", "id": copyable(child.get("id"))})
            group.append(child)


def find_comment_blocks(root: Element) -> list[tuple[Element, Element]]:
    """(block, byline) pairs of the best run of dated sibling blocks inside a comment container."""
    _regroup_definition_lists(root)
    best: list[tuple[Element, Element]] = []
    for container in root.iter():
        check_time()
        if not isinstance(container.tag, str) or len(container) < 1:
            continue
        container_says = _says_comments(container)
        groups: dict[tuple[str, str], list] = defaultdict(list)
        for child in container:
            if isinstance(child.tag, str) and child.tag not in SKIPPED_TAGS:
                groups[_signature(child)].append(child)
        for (_tag, kind), members in groups.items():
            if not container_says and kind != _COMMENT_KIND:
                continue
            dated = [(m, b) for m in members if (b := byline_in(m)) is not None and b is not m]
            if len(dated) > len(best) and len(dated) >= max(1, len(members) // 2):
                best = dated
    return best


def comment_parts(blocks: list[tuple[Element, Element]]) -> set[Element]:
    """The comment blocks, and the containers that hold only comments (their class says so): the
    blocks of a customised MT template are siblings of the post itself, in the page's column."""
    containers = {block.getparent() for block, _byline in blocks}
    return {block for block, _byline in blocks} | {c for c in containers if _COMMENTISH.search(_label(c))}


def read_generic_comments(
    blocks: list[tuple[Element, Element]], page_url: str, month_first: bool
) -> list[CommentRecord]:
    records = []
    for block, byline_element in blocks:
        check_time()
        byline = read_byline(byline_element, None, month_first)
        skip = {byline_element}
        if byline.author is None:  # the name is marked, or on a line of its own ("Marie a dit :")
            byline.author, byline.author_url, name_element = comment_author(block, byline_element)
            skip |= {name_element} if name_element is not None else set()
        records.append(
            CommentRecord(
                position=len(records) + 1,
                text=text_of(block, skip=skip),
                author=byline.author,
                author_url=byline.author_url,
                published=byline.published,
                published_raw=byline.published_raw,
                platform_comment_id=comment_id(block),
                page_url=page_url,
            )
        )
    return records


def read_generic_article(root: Element, url: str, excluded: set[Element], month_first: bool) -> PostRecord | NotAPost:
    """The densest paragraph block outside comments and page chrome, with its title and byline."""
    candidates = [e for e in _outside(root, excluded) if e.tag in ("div", "article", "section", "td", "main")]
    body = max(candidates, key=paragraph_weight, default=None)
    if body is None or paragraph_weight(body) < 200:
        return NotAPost("not_a_post", "generic: no block of paragraphs that reads as an article")
    bodies = _article_run(body, excluded)
    title = _title(root, body)
    byline_element = post_byline(title, body)
    byline = read_byline(byline_element, None, month_first)
    if byline.published is not None and not re.search(r"\d[h:]\d", byline.published_raw or ""):
        footer = Byline(time_only=TIME_OF_DAY.search(_time_after(body) or ""))
        with_day_header(footer, byline.published_raw)
        if footer.time_only:
            byline.published, byline.published_raw = footer.published, footer.published_raw
    skip = set(excluded) | {e for e in (byline_element, title) if e is not None}
    skip |= {e for b in bodies for e in b.iterdescendants() if isinstance(e.tag, str) and _CHROME.search(_label(e))}
    entry = _post_container(title, body)
    return PostRecord(
        url=url,
        title=inline_text(title) if title is not None else None,
        text=text_of(*bodies, skip=skip),
        platform="generic",
        profile=GENERIC_PROFILE,
        author=byline.author,
        published=byline.published,
        published_raw=byline.published_raw,
        categories=_unique(_categories_in_byline(byline, url) + _labelled_links(entry, _CATEGORY, skip)),
        tags=_unique(_labelled_links(entry, _TAG, skip)),
        comment_count_announced=_announced(entry, excluded),
    )


def _article_run(body: Element, excluded: set[Element]) -> list[Element]:
    """The body and its sibling text blocks, with all that stands between the first and the last:
    a photo and its caption, an image-only block, are part of the article, and do not end it."""
    siblings = [s for s in body.getparent() if isinstance(s.tag, str)]
    kept = [s for s in siblings if s not in excluded and not _CHROME.search(_label(s))]
    texts = [i for i, s in enumerate(kept) if s is body or (s.tag == body.tag and paragraph_weight(s))]
    return kept[texts[0] : texts[-1] + 1]


def _outside(root: Element, excluded: set[Element]) -> list[Element]:
    """Elements neither in `excluded` nor in page chrome, nor inside one: one walk down the page
    (each element asking all its ancestors would cost the page's depth for every element)."""
    inside: set[Element] = set()
    outside = []
    for element in root.iter():
        check_time()
        parent = element.getparent()
        if (parent is not None and parent in inside) or element in excluded or _CHROME.search(_label(element)):
            inside.add(element)
        else:
            outside.append(element)
    return outside


def _announced(entry: Element, comment_parts: set[Element]) -> int | None:
    """From the post's "Commentaires (4)" link, or the heading over the comments."""
    links = [a for a in entry.iter("a") if "#comment" in (a.get("href") or "")]
    headings = [c.getprevious() for c in comment_parts if c.getprevious() is not None]
    for element in (*links, *headings):
        count = announced_in(inline_text(element)) if isinstance(element.tag, str) else None
        if count is not None:
            return count
    return None


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(name for name in names if name))


def _post_container(title: Element | None, body: Element) -> Element:
    """The smallest element holding both the title and the body: the post, sidebars excluded."""
    if title is None:
        return body
    title_line = set(title.iterancestors())
    return next((a for a in body.iterancestors() if a in title_line), body)


def _categories_in_byline(byline: Byline, url: str) -> list[str]:
    """The byline's links after its date that say they are categories ("… le 16 juin dans <a>"):
    an author's page, a permalink or a feed badge there is none."""
    links = category_links(byline.links_after_date, url)
    return [inline_text(a) for a in links if _said(a, _CATEGORY) or _said(a, _IN)]


def _said(link: Element, kind: re.Pattern[str]) -> bool:
    """The link's rel or URL, or the words just before it, say it is of `kind`."""
    before = (link.getprevious().tail if link.getprevious() is not None else link.getparent().text) or ""
    return bool(kind.search(f"{link.get('rel', '')} {link.get('href', '')}") or kind.search(before[-20:] + "\x00"))


def _labelled_links(entry: Element, kind: re.Pattern[str], skip: set[Element]) -> list[str]:
    """Links of the post that say what they are: by rel, by URL (`/tag/`, `?category/`), or by the
    words before them ("Publié dans <a>", "Tags : <a>")."""
    names = []
    skipped = Nearest(skip)
    for link in entry.iter("a"):
        if skipped.of(link) is not None:
            continue
        if _said(link, kind):
            names.append(inline_text(link))
    return names


def _title(root: Element, body: Element) -> Element | None:
    """Of the headings the document <title> names, the last one before the article body.

    The blog's name is in <title> too, but it stands higher on the page than the post's title.
    """
    document_title = " ".join((root.findtext(".//title") or "").split())
    order = {element: index for index, element in enumerate(root.iter())}
    headings = [h for h in root.iter(*_HEADINGS) if inline_text(h)]
    named = [h for h in headings if inline_text(h).replace("\xa0", " ") in document_title]
    before_body = [h for h in named if order[h] < order[body]] or named
    return before_body[-1] if before_body else (headings[0] if headings else None)


def _time_after(body: Element) -> str | None:
    """A footer after the body that prints the time alone ("10:56 Publié dans …")."""
    for sibling in body.itersiblings():
        text = text_content(sibling) if isinstance(sibling.tag, str) else ""
        if text.strip() and len(text) <= BYLINE_MAX:
            return text
    return None
