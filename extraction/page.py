"""One decoded page → the article and the comments it shows, using a platform profile."""

from __future__ import annotations

import re

from lxml import etree, html

from extraction.bylines import read_byline
from extraction.profiles import PROFILES, Profile
from extraction.records import CommentRecord, NotAPost, PostRecord
from extraction.selectors import attribute, every, first, union
from extraction.text import inline_text, text_of

# Generators whose pages our profiles read; any other named generator is a platform we cannot.
_READABLE_GENERATORS = re.compile(r"typepad|movable\s*type|six\s*apart", re.IGNORECASE)
_COUNT = re.compile(
    r"(?:commentaires?|comments?)\s*[(\[]\s*(\d+)\s*[)\]]|(\d+)\s+(?:commentaires?|comments?)\b"
    r"|\b(aucun commentaire|no comments)\b",
    re.IGNORECASE,
)
_COMMENT_ID = re.compile(r"^comment-(.+?)$")


def parse_html(text: str) -> html.HtmlElement | None:
    """An lxml tree, or None for a document with nothing in it."""
    parser = html.HTMLParser(encoding="utf-8", remove_comments=True)
    try:
        root = html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.ParserError, ValueError):
        return None
    return root


def detect_profile(root: html.HtmlElement) -> Profile | NotAPost:
    for profile in PROFILES:
        if first(root, profile.fingerprint) is not None:
            return profile
    generator = attribute(root, ("meta[name=generator]@content", "meta[name=Generator]@content"))
    if generator and not _READABLE_GENERATORS.search(generator):
        return NotAPost("unsupported_platform", f"generator {generator!r} has no profile")
    return NotAPost("not_a_post", "no post markup of a known template family")


def announced_count(root: html.HtmlElement, profile: Profile) -> int | None:
    for css in profile.announced_count:
        for element in every(root, (css,)):
            match = _COUNT.search(inline_text(element))
            if match:
                return 0 if match[3] else int(match[1] or match[2])
    return None


def read_article(root: html.HtmlElement, url: str, profile: Profile) -> PostRecord | NotAPost:
    entries = [e for e in every(root, profile.entry) if first(e, profile.body) is not None]
    entry = entries[0] if entries else root
    bodies = union(entry, profile.body)
    if not bodies:
        return NotAPost("not_a_post", f"{profile.name}: no article body")
    for chrome in union(entry, profile.chrome):
        chrome.drop_tree()
    title = first(entry, profile.title)
    if title is None:  # MT3 puts the permalink page's title (h2#archive-title) outside the entry
        title = first(root, profile.title)
    byline = read_byline(first(entry, profile.byline), attribute(entry, profile.machine_date))
    author_element = first(entry, profile.author)
    categories = [inline_text(a) for a in every(entry, profile.categories)]
    if not categories:
        categories = [inline_text(a) for a in byline.links_after_date]
    return PostRecord(
        url=url,
        title=inline_text(title) if title is not None else None,
        text=text_of(*bodies),
        platform=profile.name,
        author=inline_text(author_element) if author_element is not None else byline.author,
        published=byline.published,
        published_raw=byline.published_raw,
        categories=list(dict.fromkeys(c for c in categories if c)),
        comment_count_announced=announced_count(root, profile),
    )


def read_comments(root: html.HtmlElement, page_url: str, profile: Profile) -> list[CommentRecord]:
    comments = []
    for element in union(root, profile.comment):
        if (element.get("id") or "").endswith("-content"):
            continue
        body = first(element, profile.comment_body)
        byline_element = first(element, profile.comment_byline)
        if body is None:
            if byline_element is not None:
                byline_element.drop_tree()
            body = element
        byline = read_byline(byline_element, attribute(element, profile.comment_machine_date))
        author_element = first(element, profile.comment_author)
        id_match = _COMMENT_ID.match(element.get("id") or "")
        comments.append(
            CommentRecord(
                position=len(comments) + 1,
                text=text_of(body),
                author=inline_text(author_element) if author_element is not None else byline.author,
                author_url=byline.author_url,
                published=byline.published,
                published_raw=byline.published_raw,
                platform_comment_id=id_match[1] if id_match else None,
                page_url=page_url,
            )
        )
    return comments
