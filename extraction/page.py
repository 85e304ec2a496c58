"""One decoded page → the article and the comments it shows, using a platform profile."""

from __future__ import annotations

import re

from lxml import etree

from extraction.blocks import densest_block, post_byline
from extraction.bylines import (
    category_links,
    clean_author,
    is_permalink,
    read_byline,
    with_day_header,
    with_draft_date,
    with_fallback_date,
)
from extraction.counts import announced_in
from extraction.dates import find_date, find_yearless_date
from extraction.limits import check_time
from extraction.platforms import profiles
from extraction.profile import Profile
from extraction.records import CommentRecord, NotAPost, PostRecord
from extraction.selectors import (
    Nearest,
    add_tokens,
    all_in_each,
    attribute,
    attribute_in_each,
    every,
    first,
    first_in_each,
    union,
)
from extraction.text import inline_text, text_of
from extraction.tree import Element, copyable

_COMMENT_ID = re.compile(r"^(?:div-|li-)?(?:comment[-_]?|c)(\w+?)(?:-content)?$")
_ANCHOR_ID = re.compile(r"(?:comment[-_]?|c)(\d+)")  # digits only: `<a id="comments">` is no id
_FRAGMENT_ID = re.compile(r"#(?:comment[-_]?|c)(\w+)$")


def _meta(root: Element, attribute_name: str, value: str) -> str:
    """A <meta> content from the head (a walk of the head only, not an XPath over the page)."""
    head = root.find("head")
    for meta in head.iter("meta") if head is not None else ():
        if (meta.get(attribute_name) or "").lower() == value:
            return meta.get("content") or ""
    return ""


def page_generator(root: Element) -> str:
    return _meta(root, "name", "generator").lower()


def is_english(root: Element) -> bool:
    """English pages print numeric dates month first (5/13/2004)."""
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
    return (lang or _meta(root, "http-equiv", "content-language")).lower().startswith("en")


def detect_profile(root: Element) -> Profile | None:
    """The profile the generator names (if any of its markup is there), else the first whose
    fingerprint is there with the evidence of a post around it.

    Fingerprints are loose (WordPress's `div.entry-content` is also a sidebar box of hand-written
    sites): on a page no generator names, a profile reads it only where its comment markup is
    there too, or where the fingerprint sits in one of its post containers beside a title
    heading. Otherwise the generic reader decides, and it declines a page without comments.
    """
    generator = page_generator(root)
    known = profiles()
    named = [p for p in known if generator and any(g in generator for g in p.generators)]
    for selectors in ("fingerprint", "comment", "entry"):  # a theme of the named platform renamed the rest
        for profile in named:
            if first(root, getattr(profile, selectors)) is not None:
                return profile
    for profile in known:
        if first(root, profile.fingerprint) is not None and _shows_a_post(root, profile):
            return profile
    return None


def _shows_a_post(root: Element, profile: Profile) -> bool:
    """Comment markup of the profile, or a post container holding the fingerprint and a title."""
    if first(root, profile.comment) is not None:
        return True
    marks = set(every(root, profile.fingerprint))
    for entry in every(root, profile.entry):
        holds = entry in marks or any(mark in marks for mark in entry.iterdescendants())
        if holds and first(entry, profile.title) is not None:
            return True
    return False


def group_sibling_runs(root: Element, profile: Profile) -> bool:
    """Wrap each dt+dd run of a dl-style comment list in one div.comment-group element."""
    if profile.group_siblings is None:
        return False
    add_tokens("comment-group")
    container_css, starter = profile.group_siblings
    changed = False
    for container in every(root, (container_css,)):
        group = None
        for child in list(container):
            if child.tag != starter and group is None:
                continue  # not a comment's run: Blogger's backlinks script and hidden template
            if child.tag == starter:
                group = etree.SubElement(container, "div", {"class": "comment-group"})
                if copyable(child.get("id")):  # Blogger's dt#c<ID> carries the comment's id
                    group.set("id", copyable(child.get("id")))
            group.append(child)  # moves the child into the group, keeping document order
            changed = True
    return changed


def announced_count(root: Element, profile: Profile) -> int | None:
    for spec in profile.announced_count:
        css, _, attr = spec.partition("@")
        for element in every(root, (css,)):
            count = announced_in(element.get(attr, "") if attr else inline_text(element))
            if count is not None:
                return count
    return None


def read_article(
    root: Element, url: str, profile: Profile, comments: set[Element], month_first: bool = False
) -> PostRecord | NotAPost:
    """The post's fields; `comments` (the comment elements already read) are left out of its text."""
    candidates = every(root, profile.entry)
    with_body = [e for e in candidates if profile.body and first(e, profile.body) is not None]
    if len(with_body) > 1:
        return NotAPost("not_a_post", f"{profile.name}: a listing of {len(with_body)} posts")
    with_byline = [e for e in candidates if first(e, profile.byline) is not None]
    entry = next(iter(with_body or with_byline or candidates), root)
    title = best_title(root, entry, profile)
    comments = comments | set(union(root, profile.comments_container))
    chrome = set(union(entry, profile.chrome))
    bodies = _bodies(entry, profile, comments)
    byline_element = _outside(every_match(entry, profile.byline), comments)
    if byline_element is None and bodies:  # a theme's own byline class: the dated line by the body
        byline_element = post_byline(title, bodies[0], frozenset(comments))
    if not bodies:  # article loose in its container: everything but the parts read elsewhere
        bodies = [entry]
        chrome |= {e for e in (title, byline_element) if e is not None}
    bodies = [b for b in bodies if b not in comments]
    text = text_of(*bodies, skip=chrome | comments) if bodies else ""
    if not text:
        return NotAPost("not_a_post", f"{profile.name}: no article text")
    byline = read_byline(byline_element, machine_date(root, entry, profile), month_first)
    if byline.published is None:  # Blogger, Canalblog: the day above the post, the time in its footer
        day_header = first(entry, profile.day_header)
        if day_header is None:
            day_header = first(root, profile.day_header)
        with_day_header(byline, inline_text(day_header) if day_header is not None else None)
    with_draft_date(byline, attribute(entry, profile.draft_date))
    if byline.published is None:
        with_fallback_date(byline, attribute(root, profile.fallback_date), url if profile.url_day else None)
    author_element = first(entry, profile.author)
    categories = [inline_text(a) for a in every(entry, profile.categories)]
    if not categories:
        categories = [inline_text(a) for a in category_links(byline.links_after_date, url)]
    return PostRecord(
        url=url,
        title=inline_text(title) if title is not None else None,
        text=text,
        platform=profile.platform,
        profile=profile.name,
        author=clean_author(inline_text(author_element)) if author_element is not None else byline.author,
        published=byline.published,
        published_raw=byline.published_raw,
        categories=list(dict.fromkeys(c for c in categories if c)),
        tags=list(dict.fromkeys(t for t in (inline_text(a) for a in every(entry, profile.tags)) if t)),
        comment_count_announced=announced_count(root, profile),
    )


def every_match(root: Element, selectors: tuple[str, ...]) -> list[Element]:
    """Every match of every selector, in the selectors' order (first selector's matches first)."""
    return [element for css in selectors for element in every(root, (css,))]


def _outside(candidates: list[Element], comments: set[Element]) -> Element | None:
    """The first candidate not inside a comment: a loose byline selector ("small") also matches
    each comment's date line (WordPress.com's small.comment-meta) when the post has none."""
    for candidate in candidates:
        if candidate not in comments and not any(a in comments for a in candidate.iterancestors()):
            return candidate
    return None


def machine_date(root: Element, entry: Element, profile: Profile) -> str | None:
    """The entry's machine date, else one of the page's <meta> tags (`article:published_time`,
    which themes of 2012 on write in the head only, outside every post container)."""
    found = attribute(entry, profile.machine_date)
    head = root.find("head")
    metas = [spec for spec in profile.machine_date if spec.startswith("meta")]
    return found or (attribute(head, metas) if head is not None and metas else None)


def _bodies(entry: Element, profile: Profile, comments: set[Element]) -> list[Element]:
    """The profile's body elements; where its theme renamed them all, the entry's densest block
    of paragraphs (its footer of categories and counts is then left out, as a body class would)."""
    if not profile.body:
        return []
    bodies = union(entry, profile.body)
    if not bodies and not profile.loose_without_body:
        densest = densest_block(entry, comments)
        bodies = [densest] if densest is not None and densest is not entry else []
    return bodies


def best_title(root: Element, entry: Element, profile: Profile) -> Element | None:
    """The title heading: of the profile's candidates, the first that the document <title> contains.

    Site logos are headings too (SPIP's h1, Blogger's blog-name h1); the <title> tells them apart.
    MT3 puts the permalink page's title (h2#archive-title) outside the entry, hence the root.
    """
    document_title = " ".join((root.findtext(".//title") or "").split())
    fallback = None
    for scope in (entry, root):
        for css in profile.title:
            for candidate in every(scope, (css,)):
                text = inline_text(candidate).replace("\xa0", " ")
                if text and text in document_title:
                    return candidate
                fallback = fallback if fallback is not None else candidate
    return fallback


def comment_id(element: Element) -> str | None:
    """The page's own id of a comment: `comment-123`, TypePad XIDs, Blogger `c123`, Canalblog
    `comment_123`, on the element or its wrapper, else on the anchor just before it (Hautetfort,
    MT3: `<a id="c000123"></a>`)."""
    for candidate in (element, element.getparent()):
        if candidate is not None:
            match = _COMMENT_ID.match(candidate.get("id") or "")
            if match and any(ch.isdigit() for ch in match[1]):  # "comments" is a container, not an id
                return match[1]
    previous = element.getprevious()
    for anchor in (previous.get("id"), previous.get("name")) if previous is not None else ():
        match = _ANCHOR_ID.fullmatch(anchor or "")
        if match:
            return match[1]
    return None


def comment_elements(root: Element, profile: Profile) -> list[Element]:
    return [e for e in union_all(root, profile.comment) if not (e.get("id") or "").endswith("-content")]


def read_comments(
    root: Element,
    elements: list[Element],
    page_url: str,
    profile: Profile,
    month_first: bool = False,
    year: int | None = None,
) -> list[CommentRecord]:
    """Every comment element, in page order, read; replies linked to their parent.

    Every lookup is one pass over the page for all comments together, so a page of 64,000
    comments reads in seconds: what one comment's text leaves out (the other comments, each
    comment's chrome, its byline when the byline is inside the text read) is one set for all,
    since whatever belongs to another comment lies inside that comment, which is left out whole.
    """
    owners = Nearest(set(elements))
    bodies = first_in_each(root, owners, profile.comment_body)
    bylines = first_in_each(root, owners, profile.comment_byline)
    authors = first_in_each(root, owners, profile.comment_author)
    machine_dates = attribute_in_each(root, owners, profile.comment_machine_date)
    skip = set(owners.targets).union(*all_in_each(root, owners, profile.comment_chrome).values())
    skip |= {byline for element, byline in bylines.items() if element not in bodies}
    records: list[CommentRecord] = []
    for element in elements:
        check_time()
        byline = read_byline(bylines.get(element), machine_dates.get(element), month_first)
        author_element = authors.get(element)
        author = clean_author(inline_text(author_element)) if author_element is not None else byline.author
        if byline.published is None:  # some themes print the date outside the byline element
            found = find_date(inline_text(element)[:400], month_first)
            if found is None and year is not None:
                found = find_yearless_date(inline_text(bylines.get(element, element))[:400], year)
            byline.published, byline.published_raw = (found.value, found.raw) if found else (None, None)
        records.append(
            CommentRecord(
                position=len(records) + 1,
                text=text_of(bodies.get(element, element), skip=skip),  # nested replies are comments of their own
                author=author,
                author_url=byline.author_url or _author_link(author_element),
                published=byline.published,
                published_raw=byline.published_raw,
                platform_comment_id=comment_id(element),
                page_url=page_url,
            )
        )
    _link_replies(elements, records, profile)
    return records


def union_all(root: Element, selectors: tuple[str, ...]) -> list[Element]:
    """Comment elements in document order; nested comments (threads) are kept, unlike `union`."""
    for css in selectors:
        found = every(root, (css,))
        if found:
            return found
    return []


def _author_link(element: Element | None) -> str | None:
    if element is None:
        return None
    links = [element] if element.tag == "a" else element.iter("a")
    # Not the comment's own permalink ("¶", "#") that some templates put beside the name.
    return next((h for link in links if (h := link.get("href")) and not is_permalink(h)), None)


def _link_replies(elements: list[Element], records: list[CommentRecord], profile: Profile) -> None:
    """reply_to from nesting (WordPress, Blogger, SPIP threads) or from a link to the parent (MT4)."""
    by_node = {}
    for element, record in zip(elements, records, strict=True):
        by_node[element] = record
        parent = element.getparent()
        if parent is not None and parent.get("id") and comment_id(parent) == record.platform_comment_id:
            by_node[parent] = record  # Epoch: div#comment-N wraps article#div-comment-N
    by_id = {r.platform_comment_id: r for r in records if r.platform_comment_id}
    enclosing = Nearest(set(by_node))
    for element, record in zip(elements, records, strict=True):
        check_time()
        parent = enclosing.of(element.getparent())
        if parent is not None and by_node[parent] is record:  # its own wrapper: look above it
            parent = enclosing.of(parent.getparent())
        if parent is not None:
            record.reply_to = by_node[parent]
        elif "reply" in (element.get("class") or ""):  # MT4: class comment-reply
            for link in every(element, profile.reply_link):
                match = _FRAGMENT_ID.search(link.get("href") or "")
                if match and by_id.get(match[1]) not in (None, record):
                    record.reply_to = by_id[match[1]]
                    break
