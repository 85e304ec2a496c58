"""Template families as data: where each platform puts a post's parts and its comments.

Each selector list is ordered; the first that matches wins, unless the field says it takes all
matches (the article body is `entry-body` *and* `entry-more`). A new platform is a new Profile,
not new code. Markup sources: notes/platforms.md §1 (MT3.35, MT4.32/5.04 default templates,
TypePad themes as seen by working scrapers).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    fingerprint: tuple[str, ...]  # the profile reads a page where any of these matches
    entry: tuple[str, ...]  # the post container; article fields are looked up inside it
    title: tuple[str, ...]
    body: tuple[str, ...]  # every match, in document order, is part of the article
    byline: tuple[str, ...]  # text holding "by AUTHOR on DATE [in CATEGORY]"
    machine_date: tuple[str, ...]  # (selector, attribute) pairs written "css@attr"
    author: tuple[str, ...]
    categories: tuple[str, ...]
    comment: tuple[str, ...]  # one element per comment, anywhere in the page
    comment_body: tuple[str, ...]
    comment_byline: tuple[str, ...]
    comment_author: tuple[str, ...]
    comment_machine_date: tuple[str, ...]
    announced_count: tuple[str, ...]  # text with the number of comments the page announces
    chrome: tuple[str, ...] = ()  # removed from bodies before reading text


# "Rédigé par : NAME | DATE", "Posted by: NAME | DATE", "Publié par NAME | DATE":
# the comment footer of TypePad classic themes (FR, EN) and MT3, which follows the comment body.
TYPEPAD_CLASSIC = Profile(
    name="typepad_classic",
    fingerprint=("div.entry div.entry-body", "div.entry-content div.entry-body", "h3.entry-header"),
    entry=("div.entry", "div.entry-content"),
    title=("h3.entry-header", "h2#archive-title", "h2.entry-header", "h1.entry-header"),
    body=("div.entry-body", "div.entry-more"),
    byline=("span.post-footers", "p.entry-footer-info", "p.entry-footer", "div.entry-footer", "p.posted"),
    machine_date=("abbr.published@title", "time@datetime"),
    author=("span.post-footers span.vcard.author", "span.post-footers span.author"),
    # TypePad puts category links in the footer after the date ("… à 10:56 dans <a>Cat</a>"):
    # when none of these match, the byline's links after its date are the categories.
    categories=("span.post-footers a[rel~=tag]", "div.entry-categories a", "li.entry-category a"),
    comment=("div.comments-content div.comment", "div#comments div.comment", "div.comments div.comment"),
    comment_body=("div.comment-content", "div.comment-body"),
    comment_byline=("p.comment-footer", "div.comment-footer", "div.comment-header"),
    comment_author=("p.comment-footer span.vcard.author", "div.comment-header span.vcard.author"),
    comment_machine_date=("abbr.published@title", "time@datetime"),
    announced_count=("a.entry-comments", "h3.comments-header", "h2.comments-header", "p.entry-footer a"),
    chrome=("p.entry-more-link", "div.entry-tags", "div.sharethis", "div.feedflare", "div.zemanta-pixie"),
)

# MT4/MT5 default templates ("Classic Blog", hAtom): byline above the body, comment header
# before the comment body, ISO dates in abbr.published[title].
MOVABLE_TYPE_4 = Profile(
    name="movabletype4",
    fingerprint=("div.entry-asset div.asset-body", "div.hentry div.asset-body"),
    entry=("div.entry-asset", "div.hentry"),
    title=("h1.asset-name", "h2.asset-name", "h1.entry-title", "h2.entry-title"),
    body=("div.asset-body", "div.asset-more"),
    byline=("div.asset-meta span.byline", "div.asset-meta"),
    machine_date=("div.asset-meta abbr.published@title", "abbr.published@title", "time@datetime"),
    author=("div.asset-meta span.vcard.author", "span.byline span.author"),
    categories=("div.entry-categories li a", "li.entry-category a"),
    comment=("div#comments-content div.comment", "div.comments-content div.comment", "div#comments div.comment"),
    comment_body=("div.comment-content", "div.comment-body"),
    comment_byline=("div.comment-header span.byline", "div.comment-header", "div.comment-footer"),
    comment_author=("span.vcard.author", "span.byline span.author"),
    comment_machine_date=("abbr.published@title", "time@datetime"),
    announced_count=("h2.comments-header", "div.asset-meta a[href$='#comments']"),
    chrome=("div.asset-more-link", "div.entry-tags", "div.sharethis"),
)

PROFILES: tuple[Profile, ...] = (MOVABLE_TYPE_4, TYPEPAD_CLASSIC)
