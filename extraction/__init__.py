"""Pure extraction: page bytes + URL → a post record with its comments, or `NotAPost`.

No crawling here. Spiders, `scrapy extract` and tests all call these functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extraction.decode import DecodedPage, decode_page
from extraction.generic import comment_parts, find_comment_blocks, read_generic_article, read_generic_comments
from extraction.ids import canonical_url
from extraction.limits import PageRefused, TimeBudget, check_time, start_page, time_budget
from extraction.page import (
    comment_elements,
    detect_profile,
    group_sibling_runs,
    is_english,
    page_generator,
    read_article,
    read_comments,
)
from extraction.platforms import profiles
from extraction.profile import Profile
from extraction.records import CommentRecord, NotAPost, PostRecord
from extraction.selectors import reading
from extraction.sitename import site_name
from extraction.tree import Element, TruncatedParse, parse_html

_URL_MONTH = re.compile(r"/((?:19|20)\d{2})/(\d{2})/")

__all__ = ["CommentRecord", "DecodedPage", "NotAPost", "PostRecord", "decode_page", "extract_post"]


def extract_post(pages: Sequence[DecodedPage], budget: TimeBudget | None = None) -> PostRecord | NotAPost:
    """The post of `pages[0]` with the comments of every page, in page order.

    Later pages are the post's extra comment pages; a comment already seen (same platform id)
    is not counted twice when pages overlap. Each page may take `budget` (None: no limit); a
    page that takes longer, or that the parser could not read to its end, refuses the post:
    read without that page, it would be a confident row with comments missing.
    """
    try:
        with time_budget(budget):
            return _extract_pages(pages)
    except PageRefused as refused:
        return NotAPost(refused.reason, refused.detail)


def _extract_pages(pages: Sequence[DecodedPage]) -> PostRecord | NotAPost:
    root = _parse(pages[0])
    if root is None:
        return NotAPost("unparseable", "empty or unparseable document")
    with reading(root):
        profile = detect_profile(root)
        if profile is None:
            result = _extract_generic(root, pages)
        else:
            group_sibling_runs(root, profile)
            result = _extract(root, pages, profile)
        if isinstance(result, PostRecord):
            result.site_name = site_name(root, pages[0].url)
    return _with_month(result) if isinstance(result, PostRecord) else result


def _extract(root: Element, pages: Sequence[DecodedPage], profile: Profile) -> PostRecord | NotAPost:
    month_first = is_english(root)
    elements = comment_elements(root, profile)
    post = read_article(root, canonical_url(pages[0].url), profile, set(elements), month_first)
    if isinstance(post, NotAPost):
        return post
    year = post.published.year if post.published else None  # for comment dates printed without one
    comments = read_comments(root, elements, pages[0].url, profile, month_first, year)
    for page in pages[1:]:
        page_root = _parse(page)
        if page_root is not None:
            with reading(page_root):
                group_sibling_runs(page_root, profile)
                elements = comment_elements(page_root, profile)
                comments.extend(read_comments(page_root, elements, page.url, profile, month_first, year))
    post.comments = _renumbered(comments)
    return post


def _extract_generic(root: Element, pages: Sequence[DecodedPage]) -> PostRecord | NotAPost:
    """Unknown template: the generic reader, but only where the page shows dated comment blocks.

    Without them nothing distinguishes a post from any other page of text, so a named platform
    we have no profile for is reported as such, and anything else as not a post.
    """
    blocks = find_comment_blocks(root)
    month_first = is_english(root)
    comments = read_generic_comments(blocks, pages[0].url, month_first)
    generator = page_generator(root)
    if not comments:
        if generator and not any(g in generator for p in profiles() for g in p.generators):
            return NotAPost("unsupported_platform", f"generator {generator!r}: no template family reads it")
        return NotAPost("not_a_post", "no post markup of a known template family, no dated comment blocks")
    post = read_generic_article(root, canonical_url(pages[0].url), comment_parts(blocks), month_first)
    if isinstance(post, NotAPost):
        return post
    for page in pages[1:]:
        page_root = _parse(page)
        if page_root is not None:
            comments.extend(read_generic_comments(find_comment_blocks(page_root), page.url, month_first))
    post.comments = _renumbered(comments)
    return post


def _parse(page: DecodedPage) -> Element | None:
    """The page's tree, its time budget started; a parse that overran it refuses the page."""
    start_page()
    root = parse_html(page.text)
    check_time()
    return root


def _with_month(post: PostRecord) -> PostRecord:
    """The month of publication, from the date read or, failing that, from the permalink's
    `/YYYY/MM/` (MT and TypePad put it there): posts-per-month counts need no exact date."""
    if post.published is not None:
        post.published_month = f"{post.published:%Y-%m}"
    else:
        match = _URL_MONTH.search(post.url)
        if match and 1 <= int(match[2]) <= 12:
            post.published_month = f"{match[1]}-{match[2]}"
    return post


def _renumbered(comments: list[CommentRecord]) -> list[CommentRecord]:
    seen: set[str] = set()
    unique = []
    for comment in comments:
        if comment.platform_comment_id and comment.platform_comment_id in seen:
            continue
        seen.add(comment.platform_comment_id or "")
        comment.position = len(unique) + 1
        unique.append(comment)
    return unique


def detect_page_profile(url: str, body: bytes, headers: dict[str, str]) -> Profile | None:
    """The platform a blog's page shows: a crawl picks its URL shapes from the home page with it.

    The generator names it even where the page shows no post (a home page listing titles only);
    otherwise the first profile whose markup is there. A page the parser could not read to its
    end still shows its platform in the part it read.
    """
    try:
        root = parse_html(decode_page(url, body, headers).text)
    except TruncatedParse as truncated:
        root = truncated.partial
    if root is None:
        return None
    generator = page_generator(root)
    named = [p for p in profiles() if generator and any(g in generator for g in p.generators)]
    if named:
        return named[0]
    with reading(root):
        return detect_profile(root)
