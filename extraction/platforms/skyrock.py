"""Skyrock blogs ("skyblogs", `<user>.skyrock.com`), closed on 2023-08-21: read from archives only
(Wayback, WARC) with `-a platform=skyrock` (notes/research-2.md §3.4).

Verified from ArchiveTeam's skyblog-grab (skyblog.lua, the URL shapes it queued): posts
`/<id>-<Slug>.html`, `/<id>` and `/article_<id>.html`; listing pages `/<n>.html`; tags
`/tags/<tag>.html`; comment pages `/<id>_comment_<n>.html`; the comment feed `/<id>_comments.xml`;
`/atom.xml`, `/sitemap.xml`. From NicolasBizzozzero/Skyblog-Archiving (skyblog_reader.py): articles
`div#articles_container > div#a-<id>`, the body `div.text-image-container`, the date
`time[itemprop=dateCreated]`, `h1.blogtitle`, `ul.pagination`, five posts a page.
Inferred (no real page at hand): the title as the article's heading link, the author line, the
comment markup (`ul#comments_list > li` with `time[itemprop=dateCreated]`), and that the post page
shows the first comments with `_comment_<n>.html` for the rest.
"""

from extraction.profile import Profile
from extraction.urls import UrlShapes

SKYROCK_URLS = UrlShapes(
    # A post is named by its numeric id: `/<id>-<Slug>.html`, `/<id>` and `/<id>_comment_<n>.html`
    # are one post (the `post` group is what they share).
    post=(r"(?P<post>\d{5,})(?:-[^/?]*\.html)?", r"article_(?P<post>\d+)\.html"),
    comment_page=(r"(?P<post>\d{5,})_comment_(?P<n>\d+)\.html",),
    # The home and its pages `/2.html`; tags. A listing's page number is short, a post id long.
    listing=(r"(?:index\.html)?", r"\d{1,4}\.html", r"tags/[^/?]+\.html"),
    feed=(r"atom\.xml", r"rss\.xml", r"\d{5,}_comments\.xml"),
    # Profile, photos, music, friends, service actions: never pages of the blog's posts.
    skip=(r"(?:^|/)(?:profil|photo|photos|music|videos|kiffs|friends|sources)(?:\.html|/|$)", r"[?&]action="),
)

# The Skyrock blog pages of 2008–2023: one layout for every blog (colours vary, markup does not).
SKYROCK = Profile(
    name="skyrock",
    platform="skyrock",
    urls=SKYROCK_URLS,
    generators=("skyrock",),
    hosts=("skyrock.com", "skyblog.com"),
    fingerprint=("div#articles_container div.text-image-container",),
    entry=("div#articles_container > div[id^='a-']", "div#articles_container > div"),
    title=("h2 a", "h2", "a"),  # Skyblog-Archiving takes the article's first link as its title
    body=("div.text-image-container",),
    byline=("div.article-infos", "p.article-infos"),
    machine_date=("time[itemprop=dateCreated]@datetime",),
    author=("a[itemprop=author]",),
    categories=(),
    tags=("ul.tags a", "a[href*='/tags/']"),
    comments_container=("div#comments", "ul#comments_list"),
    comment=("ul#comments_list > li",),
    comment_body=("div.comment-text",),
    comment_byline=("div.comment-infos",),
    comment_author=("a.author", "span.author"),
    comment_machine_date=("time[itemprop=dateCreated]@datetime", "time[datetime]@datetime"),
    announced_count=("a.comments-count", "h3.comments-title"),
    chrome=("div.image-container", "ul.tags", "div.share"),
)

PROFILES = (SKYROCK,)
