"""Hautetfort, Blogspirit and 20minutes-blogs: one engine under three brands (notes/research-2.md
§3.3, notes/platforms.md §3).

Verified from real pages and a public scraper: the hosts; posts at `/archive/YYYY/MM/DD/<slug>.html`
(`<slug>-<id>.html` on later blogs); month archives `/archive/YYYY/MM/index.html`; `/archives`,
category folders `/<category>/` and tag listings `/archives/tag/<Tag>/` paged `index-N.html`;
feeds `/atom.xml` and `/index.rss`; the numeric day header "02/02/2010"; one `div.commentparent`
per comment; the title `h3#p1`; `link[rel=prev]` to the previous post.
Inferred (no real page at hand): the post footer `p.posted` "10:56 Publié dans CAT | Lien
permanent | Commentaires (N) | Tags : …", the comment footer "Écrit par : NAME | 16/06/2010" in
the same `p.posted` class, the anchor `a#c<ID>` before each comment, and comments not paginated.
"""

from extraction.profile import Profile
from extraction.urls import UrlShapes

_PAGED = r"(?:index(?:-\d+)?\.html)?"  # a listing's first page, or its page N (`index-2.html`)

HAUTETFORT_URLS = UrlShapes(
    post=(r"archive/\d{4}/\d{2}/\d{2}/[^/?]+\.html",),
    comment_page=(),  # all comments on the post page [inferred]
    listing=(
        r"(?:index(?:-\d+)?\.html)?",  # home and its pager
        r"archives?/?",
        rf"archive/\d{{4}}/\d{{2}}/{_PAGED}",
        rf"archives/(?:category|tag)/[^/?]+/{_PAGED}",
        rf"tag/[^/?]+/?{_PAGED}",
        rf"(?!apps/|album/|media/|images/|files/)[^/.?][^/?]*/{_PAGED}",  # a category folder
    ),
    feed=(r"(?:[^/?]+/)?(?:atom\.xml|index\.rss)",),
    # Service pages and uploads, never posts: search, comment form, "send this note", albums, media.
    skip=(r"(?:^|/)(?:apps|album|media|images|files)/", r"(?:^|/)about\.html$"),
    entry_points=("archives",),
)

# The Hautetfort/Blogspirit default skins of 2005–2012: h2.date day header above div.post
# (h3#p1 title, div.posttext article, p.posted footer), comments in div#comments.
HAUTETFORT = Profile(
    name="hautetfort",
    platform="hautetfort",
    urls=HAUTETFORT_URLS,
    generators=("hautetfort", "blogspirit"),
    hosts=("hautetfort.com", "blogspirit.com", "blog.blogspirit-business.com", "20minutes-blogs.fr"),
    fingerprint=("div.commentparent", "div.post div.posttext", "div.post h3#p1"),
    entry=("div.post",),
    title=("h3#p1", "div.post h3", "h3"),
    body=("div.posttext",),
    byline=("p.posted",),  # "10:56 Publié dans CAT | Lien permanent | …": the time, no author
    machine_date=(),
    author=(),
    # The footer's category link is a folder of the blog (`/vie-municipale/`), tags are rel=tag.
    categories=("p.posted a[href$='/']:not([rel~=tag])",),
    tags=("p.posted a[rel~=tag]", "p.posted a[href*='/tag/']"),
    comments_container=("div#comments",),
    comment=("div.commentparent", "div#comments div.comment"),
    comment_body=(),  # the comment element minus its footer
    comment_byline=("p.posted",),  # "Écrit par : NAME | 16/06/2010 [10:56]"
    comment_author=(),
    comment_machine_date=(),
    announced_count=("p.posted a[href$='#comments']", "h2.comments"),
    day_header=("h2.date",),
)

PROFILES = (HAUTETFORT,)
