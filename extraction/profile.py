"""A platform profile: where a platform puts its pages (URL shapes) and a post's parts (selectors).

Selector lists are ordered and the first that matches wins, except `body` (every match, in
document order, is part of the article: `entry-body` *and* `entry-more`). An empty `body` means
the theme leaves the article loose in its container (classic Blogger, Canalblog): the article is
then the entry minus title, bylines, comments and chrome. A new platform is a new Profile, not
new code: one module under `extraction/platforms/`. Markup sources: notes/platforms.md §1 and §3,
and the real pages of dev-pages/.
"""

from __future__ import annotations

from dataclasses import dataclass

from extraction.urls import UrlShapes


@dataclass(frozen=True)
class Profile:
    name: str  # the template family, for logs and tests
    platform: str  # the `platform` value rows carry: one of schemas.enums.PLATFORMS
    urls: UrlShapes  # discovery: which addresses are posts, comment pages, listings, feeds
    fingerprint: tuple[str, ...]  # the profile reads a page where any of these matches
    entry: tuple[str, ...]  # the post container; article fields are looked up inside it
    title: tuple[str, ...]
    body: tuple[str, ...]
    byline: tuple[str, ...]  # text holding "by AUTHOR on DATE [in CATEGORY]"
    machine_date: tuple[str, ...]  # "css@attribute" specs, preferred over printed dates
    author: tuple[str, ...]
    categories: tuple[str, ...]
    comment: tuple[str, ...]  # one element per comment, anywhere in the page
    comment_body: tuple[str, ...]  # empty: the comment element minus its byline
    comment_byline: tuple[str, ...]
    comment_author: tuple[str, ...]
    comment_machine_date: tuple[str, ...]
    announced_count: tuple[str, ...]  # elements ("css") or attributes ("css@attr") announcing N comments
    generators: tuple[str, ...] = ()  # lowercase substrings of <meta name=generator> this profile reads
    tags: tuple[str, ...] = ()
    comments_container: tuple[str, ...] = ()
    reply_link: tuple[str, ...] = ()  # link from a reply to its parent comment (flat threads)
    # (container, tag): comments written as sibling runs (dt, dd, dd) are regrouped, one run per `tag`
    group_siblings: tuple[str, str] | None = None
    chrome: tuple[str, ...] = ()  # left out of the article text
    comment_chrome: tuple[str, ...] = ()  # left out of comment texts ("Répondre" links, nested replies)
    day_header: tuple[str, ...] = ("h2.date-header",)  # the day, when the byline prints only a time
    # Hosts the platform gave its blogs (`canalblog.com` covers `monblog.canalblog.com`): a hint
    # only, used when the pages do not say, since every platform also served custom domains.
    hosts: tuple[str, ...] = ()
    # "css@attribute" specs of a machine date that may be the draft's creation, not the publication
    # (Canalblog's dateCreated): used only where the page prints no date, or for the time of the day it prints.
    draft_date: tuple[str, ...] = ()
    # No `body` element in the entry: the article is loose in it (as with an empty `body`) rather
    # than its densest block. For platforms whose older themes had no body element (Canalblog).
    loose_without_body: bool = False
    # Only where the page prints no post date: "css@attribute" specs looked up in the whole page
    # (the head's article:published_time), then, with `url_day`, the permalink's /YYYY/MM/DD/ (the
    # day only, at midnight: the platform writes the day of publication there).
    fallback_date: tuple[str, ...] = ()
    url_day: bool = False
