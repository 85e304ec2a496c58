"""Canalblog (notes/research-2.md §Canalblog): numeric permalinks under /archives/."""

from extraction.platforms.common import MACHINE_DATES
from extraction.profile import Profile
from extraction.urls import UrlShapes

CANALBLOG_URLS = UrlShapes(
    post=(r"archives/\d{4}/\d{2}/\d{2}/\d+\.html",),
    # 50 comments a page: `12603374-p50-0.html` is the second page (offset 50).
    comment_page=(r"(?P<post>archives/\d{4}/\d{2}/\d{2}/\d+)-p(?P<n>\d+)-0\.html",),
    listing=(
        r"",
        r"archives/?",
        r"archives/\d{4}/\d{2}/(?:index|p\d+-0)\.html",
        r"archives/[^/]+/(?:index|p\d+-0)\.html",
    ),
    feed=(r"rss", r"atom\.xml", r"index\.rdf"),
    skip=(r"(?:^|/)(?:images|docs)/",),
    entry_points=("archives/",),
    comment_offset_step=50,
)

# Canalblog (notes §3; dev-pages canalblog): the article is loose in div.item_div after its h3;
# comments are div.comment_item with a div.itemfooter "Posté par NAME, DATE" after the body.
CANALBLOG = Profile(
    name="canalblog",
    platform="canalblog",
    urls=CANALBLOG_URLS,
    generators=("canalblog",),
    hosts=("canalblog.com",),
    fingerprint=("div.item_div", "div.blogbody div.itemfooter"),
    entry=("div.item_div", "div.blogbody"),
    title=("h3", "h2.articletitle", ".articletitle"),
    body=(),
    byline=("div.itemfooter", "div.articlecreator"),
    machine_date=("meta[itemprop=dateCreated]@content", *MACHINE_DATES),
    author=("span.articlecreator", ".articlecreator"),
    categories=("div.itemfooter a[href*='/archives/'][href*='/index']", "a.categorylink"),
    comments_container=("ul#comment_list", "div#comments"),
    comment=("div.comment_item",),
    comment_body=(),
    comment_byline=("div.itemfooter",),
    comment_author=(),
    comment_machine_date=("abbr.timeago@title", *MACHINE_DATES),
    announced_count=("meta[itemprop=interactionCount]@content", "div.itemfooter a[href$='#comments']"),
    chrome=("h2", "div.share_widget", "div.relatedlinks", "script"),
    comment_chrome=("div.pp-container", "span.comment_rating", "span.comment_reply"),
    day_header=("div.item_div > h2", "div.blogbody > h2", "h2.date-header"),
)

PROFILES = (CANALBLOG,)
