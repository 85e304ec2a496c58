"""The one reader: all captures of one post in, the post and its comments (or why not) out.

Every source hands over the same `PostCaptures`; everything that reads them happens here, the
same way for all: each capture's pages are checked, numbered and stitched, decoded and
extracted, the capture with the most comments is kept (then the latest), and its text fields
are repaired. Pure code: no Scrapy, no I/O, so crawls, `scrapy extract`, tests and benchmarks
all call `read_post` and get the same answer.

The rule for gaps: comment pages are read in page order; a page the source could not get, or
that the numbering shows absent, is recorded in `missing` (URL and reason) and the later pages
are still read. Positions stay the positions on the post: after a missing page they skip the
numbers it held, counted as one page of the size of the page before it. So a comment has the
same `position` (and `comment_id`) from every source, whichever pages each one lacks.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from blogarchive.items import Capture, MissingPage, PostCaptures, RawPage, SkippedPage
from extraction import NotAPost, PostRecord, decode_page, extract_post
from extraction.ids import post_id_for
from extraction.labels import label_post
from extraction.limits import TimeBudget
from extraction.platforms import all_url_shapes
from extraction.quality import post_warnings
from extraction.readable import page_problem
from extraction.records import CommentRecord, ReadPage, ReadPost
from extraction.repair import repair_post
from extraction.urls import Located, PageKind, UrlShapes, comment_page_url, locate

logger = logging.getLogger(__name__)
_DEFAULT_BUDGET = TimeBudget()


def read_post(item: PostCaptures, budget: TimeBudget | None = _DEFAULT_BUDGET) -> ReadPost | SkippedPage:
    """The post, from the best of its captures; or the reason none of them can be read.

    Each page may take `budget` to read (None: no limit); a page over it is skipped as `too_slow`.
    """
    results = [read_capture(capture, budget) for capture in item.captures]
    readable = [r for r in results if isinstance(r, ReadPost)]
    if not readable:
        skips = [r for r in results if isinstance(r, SkippedPage)] + item.unreadable
        return skips[0] if skips else SkippedPage(item.url, "no_capture", "the source found no capture of this post")
    best = max(readable, key=lambda r: (len(r.record.comments), r.first.raw.timestamp))
    best.other_captures = sorted(c.timestamp for c, r in zip(item.captures, results, strict=True) if r is not best)
    best.captures_read = len(item.captures)
    unread = [r for r in results if isinstance(r, SkippedPage)] + item.unreadable
    best.warnings = post_warnings(best, unread)  # before repair: title and site name as the page printed them
    repair_post(best.record)
    label_post(best.record)
    return best


def read_capture(capture: Capture, budget: TimeBudget | None = _DEFAULT_BUDGET) -> ReadPost | SkippedPage:
    """One capture: its post page and comment pages, stitched in page order (not repaired yet)."""
    post = capture.pages[0]
    problem = page_problem(post)
    if problem:
        return _skip(post, *problem)
    pages, missing = stitch(capture)
    decoded = [decode_page(page.url, page.body, page.headers) for page, _number in pages]
    try:
        result = extract_post(decoded, budget)
    except Exception as error:  # a bug on one odd page must not lose it silently or stop the crawl
        logger.exception("Extraction failed on %s", post.url)
        result = NotAPost("extraction_error", f"{type(error).__name__}: {error}")
    if isinstance(result, NotAPost):
        return _skip(post, result.reason, result.detail)
    read = [ReadPage(page, text, number) for (page, number), text in zip(pages, decoded, strict=True)]
    _keep_positions_across_gaps(result, read)
    return ReadPost(post_id_for(result.url), result, read, missing)


@dataclass(frozen=True)
class _Numbered:
    page: RawPage
    number: int
    located: Located | None
    shapes: UrlShapes | None


def _comment_page(url: str) -> tuple[Located, UrlShapes] | None:
    """The URL read as a comment page by the first platform whose shapes call it one."""
    for shapes in all_url_shapes():
        located = locate(url, shapes)
        if located is not None and located.kind is PageKind.COMMENT_PAGE:
            return located, shapes
    return None


def _numbered(page: RawPage) -> _Numbered:
    found = _comment_page(page.url)
    return _Numbered(page, found[0].page_number, *found) if found else _Numbered(page, 1, None, None)


def stitch(capture: Capture) -> tuple[list[tuple[RawPage, int]], list[MissingPage]]:
    """The readable pages numbered and in page order, and every comment page known missing."""
    post, *rest = capture.pages
    found: dict[int, _Numbered] = {}
    # What the source recorded, by page number (an unnumbered URL keeps a key of its own).
    missing = {_page_number(m.url) or -i: m for i, m in enumerate(capture.missing, 1)}
    for page in rest:
        numbered = _numbered(page)
        if numbered.number <= 1 or numbered.number in found:  # page 1 repeats the post itself
            continue
        problem = page_problem(page)
        if problem:
            missing.setdefault(numbered.number, MissingPage(page.url, *problem))
        else:
            found[numbered.number] = numbered
    if found:
        sample = next(iter(found.values()))
        for number in range(2, max(found)):
            if number not in found and number not in missing:
                url = (
                    comment_page_url(sample.located, sample.shapes, number)
                    if sample.located and sample.shapes
                    else None
                )
                missing[number] = MissingPage(url or f"{post.url}#comment-page-{number}", "not_captured",
                                              "the source holds no capture of this comment page")  # fmt: skip
    for number in list(missing):
        if number in found:  # tried and failed once, read from another copy: not missing
            del missing[number]
    pages = [(post, 1)] + [(found[n].page, n) for n in sorted(found)]
    return pages, [missing[n] for n in sorted(missing, key=abs)]


def _page_number(url: str) -> int | None:
    found = _comment_page(url)
    return found[0].page_number if found else None


def _keep_positions_across_gaps(post: PostRecord, pages: list[ReadPage]) -> None:
    """Shift the positions of comments read after a missing page by the comments it held."""
    by_page: dict[str, list[CommentRecord]] = {}
    for comment in post.comments:
        by_page.setdefault(comment.page_url or pages[0].raw.url, []).append(comment)
    offset, previous = 0, pages[0]
    for page in pages[1:]:
        if page.number > previous.number + 1:
            page_size = len(by_page.get(previous.raw.url, []))
            offset += (page.number - previous.number - 1) * page_size
        for comment in by_page.get(page.raw.url, []):
            comment.position += offset
        previous = page


def _skip(page: RawPage, reason: str, detail: str) -> SkippedPage:
    return SkippedPage(page.url, reason, detail, page.status, page.fetched_at, page.source_kind)
