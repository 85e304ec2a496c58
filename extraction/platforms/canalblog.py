"""Canalblog (notes/research-2.md §3.1): numeric permalinks under /archives/, offset pagers.

Verified from real pages (thom4parisot/wp-canalblog-importer: its fixtures post-*.html and its
archive walk, lib/Importer/Archives.class.php; dev-pages fr-canalblog-boiremanger): every URL
shape below except the home pager; the markup of posts, footers and comments. Inferred: the home
page's pager (`p10-0.html` at the blog's root, the month pagers' shape) and the previous/next
post box (`div.post_nav`) that the fixture blog puts under the post.
"""

from extraction.platforms.common import MACHINE_DATES
from extraction.profile import Profile
from extraction.urls import UrlShapes

CANALBLOG_URLS = UrlShapes(
    post=(r"archives/\d{4}/\d{2}/\d{2}/\d+\.html",),
    # 50 comments a page: `12603374-p50-0.html` is the second page (offset 50).
    comment_page=(r"(?P<post>archives/\d{4}/\d{2}/\d{2}/\d+)-p(?P<n>\d+)-0\.html",),
    listing=(
        r"",
        r"p\d+-0\.html",  # the home page's pager (inferred: the month pagers' shape)
        r"archives/(?:index\.html)?",  # the archives index ("Plan du site")
        r"archives/\d{4}/\d{2}/(?:index|p\d+-0)\.html",  # a month and its pager, step 10
        r"archives/[^/]+/(?:index|p\d+-0)\.html",  # a category and its pager
        r"tag/[^/]+",  # `/tag/Citron`, `/tag/V%C3%A9g%C3%A9tarien`
    ),
    feed=(r"rss", r"rss\.xml", r"atom\.xml", r"index\.rdf"),
    skip=(r"(?:^|/)(?:images|docs|albums|style)/",),
    entry_points=("archives/",),
    comment_offset_step=50,
)

# Canalblog's templates of 2008–2014 (post-maflo.html, post-evacuisine.html, post-couturejulie.html,
# post-grisfluo.html, boiremanger): the article is loose in div.item_div, the day in an h2 (h3 on
# some themes) above the h3 title, then div.itemfooter "Posté par <span.articlecreator>NAME</span> à
# 13:41 - <a title='Autres messages dans cette catégorie'>CAT</a> - Commentaires [N] - Permalien
# [#]<br/>Tags : <a rel=tag>"; the "Commentaires sur TITLE" heading is outside the post. Comments:
# ul#comment_list > div.comment_item#comment_N with a div.itemfooter "Posté par NAME, DATE" after
# the body (the same class and wording as the post's footer).
# The theme of 2014–2015 (eval pages grisfluo 2015, masbou 2014) names the parts: div.dateheader
# (the day), h2.articletitle, div.articlebody (the article, alone), div.itemfooter "Posté par NAME
# à <span.articledate>16:00</span>", then div#blognavigationnew, the prev/next teasers ending
# "» Lire la suite"; the head carries meta article:published_time (not on every blog).
CANALBLOG = Profile(
    name="canalblog",
    platform="canalblog",
    urls=CANALBLOG_URLS,
    generators=("canalblog",),
    hosts=("canalblog.com",),
    fingerprint=("div.item_div", "div.blogbody div.itemfooter"),
    entry=("div.item_div", "div.blogbody"),
    title=("h3", "h1", "h2.articletitle", ".articletitle"),  # h1 on post-evacuisine's theme
    body=("div.articlebody",),  # the 2014–2015 theme; older themes leave the article loose
    loose_without_body=True,
    byline=("div.itemfooter", "div.articlecreator"),
    # article:published_time: the 2014–2015 theme's head (grisfluo), the post's printed day and time.
    machine_date=(*MACHINE_DATES, "meta[property='article:published_time']@content"),
    # dateCreated is when the draft was begun: 2010-08-03 on post-maflo.html, published 7 Sept.
    draft_date=("meta[itemprop=dateCreated]@content",),
    author=("span.articlecreator", ".articlecreator"),
    categories=(
        "div.itemfooter a[title='Autres messages dans cette catégorie']",
        "div.itemfooter a[href*='/archives/'][href*='/index']",
        "a.categorylink",
    ),
    # post-grisfluo.html gives its category link rel=tag too: it is not a tag.
    tags=("div.itemfooter a[rel~=tag]:not([title='Autres messages dans cette catégorie'])",),
    comments_container=("ul#comment_list", "div#comments"),
    comment=("div.comment_item",),
    comment_body=(),
    comment_byline=("div.itemfooter",),
    comment_author=(),
    comment_machine_date=("abbr.timeago@title", *MACHINE_DATES),
    announced_count=("meta[itemprop=interactionCount]@content", "div.itemfooter a[href$='#comments']"),
    # div.post_nav: 2008–2014 themes' prev/next box; div#blognavigationnew and div.dateheader: the
    # 2014–2015 theme's, for a post of that theme whose article has no div.articlebody.
    chrome=(
        "h2",
        "div.share_widget",
        "div.relatedlinks",
        "div.post_nav",
        "div#blognavigationnew",
        "div.dateheader",
        "script",
    ),
    comment_chrome=("div.pp-container", "span.comment_rating", "span.comment_reply"),
    # div.dateheader first: in the 2014–2015 theme the h2 under div.item_div is the title.
    day_header=("div.dateheader", "div.item_div > h2", "div.blogbody > h2", "h2.date-header"),
)

PROFILES = (CANALBLOG,)
