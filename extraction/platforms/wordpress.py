"""WordPress, hosted and self-hosted, 2005–2012 (French permalink structures of the time)."""

from extraction.platforms.common import MACHINE_DATES, SHARE_AND_MORE_LINKS
from extraction.profile import Profile
from extraction.urls import UrlShapes

WORDPRESS_URLS = UrlShapes(
    post=(
        r"(?:index\.php/)?\d{4}/\d{2}/\d{2}/[^/?]+/?",  # /%year%/%monthnum%/%day%/%postname%/
        r"(?:index\.php)?\?p=\d+",  # the default "ugly" permalinks
    ),
    comment_page=(
        r"(?P<post>(?:index\.php/)?\d{4}/\d{2}/\d{2}/[^/?]+)/comment-page-(?P<n>\d+)/?",
        r"(?P<post>(?:index\.php)?\?p=\d+)&cpage=(?P<n>\d+)",
    ),
    listing=(
        r"",
        r"page/\d+/?",
        r"(?:index\.php)?\?paged=\d+",
        r"\d{4}/(?:\d{2}/(?:\d{2}/)?)?(?:page/\d+/?)?",
        r"(?:category|tag|author)/[^?]+",
    ),
    feed=(r"feed/?", r"(?:index\.php)?\?feed=rss2", r"comments/feed/?"),
    skip=(r"(?:^|/)wp-(?:content|includes|admin|login\.php)(?:/|$)", r"(?:^|/)xmlrpc\.php$"),
    entry_points=("feed/",),
)

# WordPress themes of 2008–2012 (Kubrick, Twenty Ten, Twenty Eleven: ol.commentlist > li.comment
# with nested ul.children) and the Epoch comments plugin (article.epoch-comment-body).
# WordPress.com themes (eval pages, 2013–2019): the corporate blog's theme puts the standfirst in
# div.entry and the article in div.entrytext, the byline in div.post-meta-top (span.date,
# p.post-author-name), comments as li.comment > cite.comment-author, small.commentmetadata "Jun
# 20th at 2:41 am" (no year) and div.contenttext; Anders Norén's themes print div.post-meta
# "Datum: <a>DAY</a> Autor: <span.post-meta-author><a>NAME</a>"; ads (div.wpa "About these ads")
# sit inside the post content; some themes print no post date at all (the URL and the head's
# article:published_time have it).
WORDPRESS = Profile(
    name="wordpress",
    platform="wordpress",
    urls=WORDPRESS_URLS,
    generators=("wordpress",),
    hosts=("wordpress.com", "blog.lemonde.fr"),
    fingerprint=("div.entry-content", "div.post div.entry", "div.storycontent", "article.post"),
    entry=("article.post", "div.post", "div.hentry", "article", "div.type-post"),
    title=("h1.entry-title", "h2.entry-title", "h1.post-title", "h2.post-title", "h1", "h2", "h3.storytitle"),
    body=("div.entry-content", "div.entry", "div.storycontent", "div.post-content", "div.entrytext"),
    # div.post-meta-top, div.post-meta: WordPress.com's corporate theme and Anders Norén's, before
    # "small", which on the corporate theme is the first comment's date.
    byline=(
        "div.entry-meta",
        "div.entry-byline",
        "p.postmetadata",
        "div.postmeta",
        "span.byline",
        "div.post-meta-top",
        "div.post-meta",
        "div.post > small",  # Kubrick: the day under the h2 title, beside div.entry
    ),
    machine_date=("time.entry-date@datetime", "time.entry-published@datetime", *MACHINE_DATES),
    fallback_date=("meta[property='article:published_time']@content",),
    url_day=True,  # /%year%/%monthnum%/%day%/ permalinks
    # p.post-author-name: the corporate theme; span.post-meta-author: Anders Norén's themes.
    author=(
        "span.author a",
        "span.entry-author",
        "span.author",
        "p.post-author-name",
        "span.post-meta-author a",
        "a[rel=author]",
    ),
    categories=("span.cat-links a", "a[rel~=category]"),
    tags=("span.tag-links a", "a[rel=tag]"),
    comments_container=("div#comments", "ol.commentlist", "section#comments", "div.epoch-comments-wrapper"),
    comment=("li.comment", "article.epoch-comment-body", "div.comment"),
    comment_body=(
        "div.comment-content",
        "div.comment-body",
        "div.epoch-comment-content",
        "div.comment-text",
        "div.contenttext",  # WordPress.com's corporate theme
    ),
    comment_byline=(
        "div.comment-meta",
        "footer.comment-meta",
        "footer.epoch-comment-meta",
        "div.comment-author",
        "small.commentmetadata",  # WordPress.com's corporate theme, Kubrick
    ),
    comment_author=("cite.fn", "b.fn", "span.fn", "a.epoch-author-link", "div.epoch-comment-author", "cite"),
    comment_machine_date=("time[datetime]@datetime",),
    announced_count=(
        "h3#comments",
        "h2.comments-title",
        "h2#comments-title",
        "a.comments-link",
        "div#comments h3",
        "h3#comments-title",  # themes of 2009–2010 copying Twenty Ten's comments.php in their own markup
    ),
    # div.wpa: WordPress.com's "About these ads" box; div.blog-subscribe: its "Follow" box.
    chrome=(*SHARE_AND_MORE_LINKS, "div.wpa", "div.blog-subscribe"),
    # The default walker (wp_list_comments() with no callback: Kubrick and most free themes) puts
    # the byline, div.comment-author.vcard and div.comment-meta, inside div.comment-body, the
    # element holding the text; Twenty Ten's callback gives the text a div.comment-body of its own.
    comment_chrome=(
        "div.reply",
        "a.comment-reply-link",
        "ul.children",
        "div.epoch-child",
        "span.says",
        "div.comment-author",
        "div.comment-meta",
        "p.comment-likes",  # WordPress.com's "Like / Liked by 21 people"
        "small.commentmetadata",  # Kubrick-like themes: the date line inside div.comment-body
    ),
)

PROFILES = (WORDPRESS,)
