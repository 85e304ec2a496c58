"""Blogger (blogspot) of 2004–2012: the layouts templates and the classic ones before them.

Verified from real pages (notes/research-2.md §3.6, dev-pages orcmid and weinlachgummis, a 2006
googlechinablog.com page): permalinks `/YYYY/MM/slug.html` (`.asp` when published by FTP), month
archives `/YYYY_MM_01_archive.html`, the `search?updated-max=…&max-results=…` pager, day headers,
`abbr.published[title]`, classic `div.blogComment` and threaded (2012+) `li.comment`, the hidden
backlinks template of unrendered `<$Blog…$>` tags in a second `dl#comments-block`.
Inferred: the 2008–2011 layouts' flat `dl#comments-block` runs (`dt.comment-author` "X a dit…",
`dd.comment-body`, `dd.comment-footer`) and their French strings; `.php`/`.htm` FTP extensions.

Comment dates are the printed ones: `?showComment=<epoch-ms>` is the exact time in UTC, but
`published` is the blog-local wall-clock time the page prints (schemas/tables.py), and the blog's
time zone is not on the page; so it is never used for `published` (tests/fixtures/sites/
blogger-fr-blog prints 10:56 where showComment says 09:56Z or 08:56Z).
"""

from extraction.profile import Profile
from extraction.urls import UrlShapes

# Pager and label pages: `search?updated-max=2010-03-08T10:12:00%2B01:00&max-results=7` (verified,
# platforms.md §3: the "Messages plus anciens" link); a label's own pager adds the same query.
_SEARCH_PAGER = r"\?updated-max=[^&]+&max-results=\d+"

BLOGGER_URLS = UrlShapes(
    # `/2010/06/slug.html` on blogspot; blogs published by FTP to their own host (until May 2010)
    # kept the shape with the server's extension: `.asp` (dev-pages orcmid), `.php`, `.htm`.
    # Comments are on the post page (`?showComment=` permalinks are not pages).
    post=(r"\d{4}/\d{2}/[^/?]+\.(?:html?|php|aspx?)",),
    comment_page=(),
    listing=(
        r"",
        r"index\.html?",
        r"\d{4}_\d{2}_\d{2}_archive\.(?:html?|php|aspx?)",  # month archives (the archive widget)
        r"\d{4}/(?:\d{2}/)?",  # the newer `/2010/03/` archives
        rf"search{_SEARCH_PAGER}",
        rf"search/label/[^/?]+(?:{_SEARCH_PAGER})?",
    ),
    feed=(
        r"feeds/posts/default(?:\?alt=rss)?",
        r"feeds/posts/default\?(?:alt=rss&)?start-index=\d+&max-results=\d+",  # the feed's own pages
        r"atom\.xml",
        r"rss\.xml",
    ),
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
