"""Blogger (blogspot) of 2004–2012: the layouts templates and the classic ones before them."""

from extraction.profile import Profile
from extraction.urls import UrlShapes

BLOGGER_URLS = UrlShapes(
    # `/2010/06/slug.html`; comments are on the post page (`?showComment=` permalinks are not pages).
    post=(r"\d{4}/\d{2}/[^/]+\.html",),
    comment_page=(),
    listing=(r"", r"\d{4}_\d{2}_\d{2}_archive\.html", r"\d{4}/(?:\d{2}/)?", r"search/label/[^/]+"),
    feed=(r"feeds/posts/default(?:\?alt=rss)?", r"atom\.xml", r"rss\.xml"),
    skip=(r"(?:^|/)(?:b|img)/",),
)

# Blogger: the 2006–2011 layouts (div.post, h3.post-title, dl#comments-block with dt/dd runs or
# threaded li.comment) and the pre-layout classic templates (div.posts, div.blogComment).
BLOGGER = Profile(
    name="blogger",
    platform="blogger",
    urls=BLOGGER_URLS,
    generators=("blogger",),
    hosts=("blogspot.com", "blogspot.fr", "blogger.com"),
    fingerprint=("div.post div.post-body", "div.blogComment", "div.posts span.byline"),
    entry=("div.post", "div.posts"),
    title=("h3.post-title", "h2.post-title", "h1.post-title", "h2", "h3"),
    body=("div.post-body",),
    byline=("div.post-footer", "span.byline", "p.post-footer"),
    machine_date=("abbr.published@title", "a.timestamp-link abbr@title", "time[datetime]@datetime"),
    author=("span.post-author span.fn", "span.post-author"),
    categories=(),
    tags=("span.post-labels a",),  # Blogger "labels" are free keywords: tags, not categories
    comments_container=("div#comments", "div.comments", "div.blogComments"),
    comment=("li.comment", "dl#comments-block div.comment-group", "div.blogComment"),
    comment_body=("p.comment-content", "div.comment-content", "dd.comment-body"),
    comment_byline=("div.comment-header", "dd.comment-footer", "div.byline"),
    comment_author=("cite.user", "dt.comment-author"),
    comment_machine_date=(),
    announced_count=("div#comments h4", "div.comments h4", "div#comments h3", "a.comment-link"),
    group_siblings=("dl#comments-block", "dt"),
    chrome=("div.post-share-buttons", "div.post-footer", "span.item-control", "h2.date-header"),
    comment_chrome=("span.item-control", "div.comment-replies", "span.comment-actions"),
)

PROFILES = (BLOGGER,)
