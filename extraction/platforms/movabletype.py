"""Movable Type and TypePad: the MT 3 default templates, TypePad's classic themes built on them,
and the MT 4/5 hAtom templates. They share one URL scheme (notes/platforms.md §2): static files
whose paths say what they hold.
"""

from dataclasses import replace

from extraction.platforms.common import MACHINE_DATES, SHARE_AND_MORE_LINKS
from extraction.profile import Profile
from extraction.urls import UrlShapes

# Paths below the blog's home (notes §2: MT defaults, TypePad's `/page/N/` and comment pages).
MOVABLE_TYPE_URLS = UrlShapes(
    post=(
        # `%y/%m/%f` (`slug.html`), also daily `%y/%m/%d/%f`; not a month's or a day's index.
        r"\d{4}/\d{2}/(?:\d{2}/)?(?!index\.html?$)[^/]+\.html?",
        # MT4 `%y/%m/%-b/%i`; a two-digit segment there is a daily archive, not a slug.
        r"\d{4}/\d{2}/(?!page/|\d{2}/)[^/]+/index\.html?",
    ),
    comment_page=(
        # TypePad: a post's extra comment pages, 50 comments each; ArchiveTeam also saw comment-page-N.
        r"(?P<post>\d{4}/\d{2}/[^/]+)/comments/page/(?P<n>\d+)/?",
        r"(?P<post>\d{4}/\d{2}/[^/]+)/comment-page-(?P<n>\d+)/?",
    ),
    feed=(r"(?:[^/]+/)?(?:atom\.xml|rss\.xml|index\.rdf|index\.xml)",),
    listing=(
        # Home and its pager, the archive index, years, months and days (and their pagers).
        r"(?:index\.html?)?",
        r"page/\d+/?",
        r"archives\.html?",
        r"\d{4}/(?:\d{2}/(?:\d{2}/)?)?(?:index\.html?|page/\d+/?)?",
        # MT3-era date and category archives: archives/2010_06.html, archives/cat_name.html.
        r"archives/[^/]+\.html?",
        # Category archives `/<slug>/`, their pager, MT `%-c/%i`, and `/category/<slug>/`.
        r"(?:categor(?:y|ies)/)?[^/.][^/]*/(?:index\.html?|page/\d+/?)?",
    ),
    # TypePad assets and pop-ups, service URLs, uploads (ArchiveTeam's typepad-grab).
    skip=(r"(?:^|/)(?:\.a|\.shared|\.services|photos|images|files)(?:/|$)",),
    entry_points=("archives.html", "atom.xml"),
)

# TypePad classic themes (FR and EN) and the MT3 default templates they come from (notes §1.1,
# §1.3): the comment's byline `p.comment-footer` ("Rédigé par : NAME | DATE", "Posted by: NAME |
# DATE", "Publié par NAME | DATE") follows its body.
TYPEPAD = Profile(
    name="typepad_classic",
    platform="typepad",
    urls=MOVABLE_TYPE_URLS,
    generators=("typepad",),
    hosts=("typepad.fr", "typepad.com", "typepad.jp", "blogs.com"),
    fingerprint=("div.entry div.entry-body", "div.entry-content div.entry-body"),
    entry=("div.entry", "div.entry-content"),
    title=("h3.entry-header", "h2#archive-title", "h2.entry-header", "h1.entry-header"),
    body=("div.entry-body", "div.entry-more"),
    byline=("span.post-footers", "p.entry-footer-info", "p.entry-footer", "div.entry-footer", "p.posted"),
    machine_date=MACHINE_DATES,
    author=("span.post-footers span.vcard.author", "span.post-footers span.author"),
    # TypePad puts category links in the footer after the date ("… à 10:56 dans <a>Cat</a>"):
    # when none of these match, the byline's links after its date are the categories.
    categories=("span.post-footers a[rel~=tag]", "div.entry-categories a", "li.entry-category a"),
    tags=("div.entry-tags a[rel~=tag]", "ul.entry-tags-list a"),
    comments_container=("div#comments", "div.comments"),
    comment=("div.comments-content div.comment", "div#comments div.comment", "div.comments div.comment"),
    comment_body=("div.comment-content", "div.comment-body"),
    comment_byline=("p.comment-footer", "div.comment-footer", "div.comment-header"),
    comment_author=("p.comment-footer span.vcard.author", "div.comment-header span.vcard.author"),
    comment_machine_date=MACHINE_DATES,
    announced_count=(
        "a.entry-comments",
        "h3.comments-header",
        "h2.comments-header",
        "p.entry-footer a",
        "p.entry-footer-info a[href$='#comments']",  # user themes whose footer link has no class
    ),
    chrome=SHARE_AND_MORE_LINKS,
)

# The MT 3 default templates themselves: the same markup, on blogs that say "Movable Type".
MOVABLE_TYPE_3 = replace(TYPEPAD, name="movabletype3", platform="movabletype", generators=("movable type",), hosts=())

# MT4/MT5 default templates ("Classic Blog", hAtom, notes §1.2): byline above the body, comment
# header before the comment body, ISO dates in abbr.published[title], flat replies that link to
# their parent ("X en réponse au <a href=#comment-N>commentaire de Y</a>").
MOVABLE_TYPE_4 = Profile(
    name="movabletype4",
    platform="movabletype",
    urls=MOVABLE_TYPE_URLS,
    generators=("movable type",),
    fingerprint=("div.entry-asset div.asset-body", "div.hentry div.asset-body"),
    entry=("div.entry-asset", "div.hentry"),
    title=("h1.asset-name", "h2.asset-name", "h1.entry-title", "h2.entry-title"),
    body=("div.asset-body", "div.asset-more"),
    byline=("div.asset-meta span.byline", "div.asset-meta"),
    machine_date=("div.asset-meta abbr.published@title", *MACHINE_DATES),
    author=("div.asset-meta span.vcard.author", "span.byline span.author"),
    categories=("div.entry-categories li a", "li.entry-category a"),
    tags=("div.entry-tags li a", "li.entry-tag a"),
    comments_container=("div#comments",),
    comment=("div#comments-content div.comment", "div.comments-content div.comment", "div#comments div.comment"),
    comment_body=("div.comment-content", "div.comment-body"),
    comment_byline=("div.comment-header span.byline", "div.comment-header", "div.comment-footer"),
    comment_author=("span.vcard.author", "span.byline span.author"),
    comment_machine_date=MACHINE_DATES,
    announced_count=("h2.comments-header", "div.asset-meta a[href$='#comments']"),
    reply_link=("div.comment-header a[href*='#comment-']",),
    chrome=("div.asset-more-link", *SHARE_AND_MORE_LINKS),
)

PROFILES = (MOVABLE_TYPE_4, TYPEPAD, MOVABLE_TYPE_3)
