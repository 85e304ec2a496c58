"""Over-blog (over-blog.com/.fr/…, custom domains): the first platform (to 2013) and "Kiwi" (2013+).

Verified (notes/research-2.md §3.2, platforms.md §3; links in public code): the old platform's
URL shapes `article-<id>.html`, `article-<slug>-<id>.html`, `categorie-<id>.html`,
`archive-MM-YYYY.html`, the feed `/rss`; its date line "Lundi 15 décembre 2014 1 15 /12 /Déc
/2014 00:26" and footer "Ecrire un commentaire - Voir les 7 commentaires - Publié dans : Brèves";
Kiwi's permalinks `/YYYY/MM/<slug>.html`, `/tag/<tag>/` listings, and its comment hooks
`.ob-commentsList .ob-message` with `.ob-replies` (ivoam/OverblogTheme, 2013 CSS). Inferred: every
class name of the old platform's markup and its comment byline ("Commentaire n°3 posté par NAME
le 04/01/2010 à 11h07"), its home pager `index-N.html`, `article-<id>-<slug>.html`, and Kiwi's
`/page/N` pager and post markup. Neither is known to paginate comments.
"""

from extraction.platforms.common import MACHINE_DATES, SHARE_AND_MORE_LINKS
from extraction.profile import Profile
from extraction.urls import UrlShapes

OVERBLOG_URLS = UrlShapes(
    post=(
        r"article-(?:[^/?]+-)?\d+\.html",  # article-35709049.html, article-le-roller-derby-122415403.html
        r"article-\d+-[^/?]+\.html",  # article-35709049-le-roller-derby.html (inferred)
    ),
    listing=(
        r"",
        r"index-\d+\.html",  # the home page's pager (inferred)
        r"archive-\d{2}-\d{4}\.html",  # archive-11-2011.html: a month
        r"categorie-\d+(?:-\d+)?\.html",  # categorie-10315135.html (its pager inferred)
        r"tag/[^/]+/?",
    ),
    feed=(r"rss",),
    # Static pages (`page-<id>.html`) hold no post; service pages are on www.over-blog.com.
    skip=(r"(?:^|/)page-\d+\.html$", r"(?:^|/)(?:contact|newsletter)(?:/|$)"),
)

OVERBLOG_KIWI_URLS = UrlShapes(
    post=(r"\d{4}/\d{2}/[^/?]+\.html",),  # /2014/02/meuble-cuisine.html
    listing=(r"", r"page/\d+/?", r"tag/[^/]+/?(?:\d+/?)?", r"\d{4}/\d{2}/?"),
    feed=(r"rss",),
    entry_points=("rss",),
)

# The old platform's themes (2005–2013): the article in div.contenuArticle between the date line
# and the footer, comments as div.comment with a "Commentaire n°N posté par NAME le DATE" header.
OVERBLOG = Profile(
    name="overblog",
    platform="overblog",
    urls=OVERBLOG_URLS,
    generators=("over-blog", "overblog"),
    hosts=("over-blog.com", "over-blog.fr", "over-blog.net", "over-blog.org", "overblog.com"),
    fingerprint=("div.article div.contenuArticle", "div.contenuArticle"),
    entry=("div.article",),
    title=("h2.articleTitle", "h1.articleTitle", "h2", "h1"),
    body=("div.contenuArticle",),
    byline=("div.beforeArticle div.date", "div.date"),  # the date line; the time comes last
    machine_date=MACHINE_DATES,
    author=("div.afterArticle span.author", "div.auteur span.author"),
    categories=("div.afterArticle a[href*='categorie-']",),  # "Publié dans : CAT"
    tags=("div.afterArticle div.tags a", "div.afterArticle a[rel~=tag]"),
    comments_container=("div#comments",),
    comment=("div#comments div.comment",),
    comment_body=("div.commentContent",),
    comment_byline=("div.commentHeader",),
    comment_author=(),
    comment_machine_date=MACHINE_DATES,
    announced_count=("div.commentLinks a[href$='#comments']",),  # "Voir les 7 commentaires"
    chrome=("div.divPreviousNext", "div.beforeArticle", "div.afterArticle", *SHARE_AND_MORE_LINKS),
    comment_chrome=("div.commentFooter",),
)

# Kiwi (2013+): theme-made post markup around the platform's own comment macro (`{{ Post.Comments }}`).
OVERBLOG_KIWI = Profile(
    name="overblog_kiwi",
    platform="overblog",
    urls=OVERBLOG_KIWI_URLS,
    generators=(),
    fingerprint=("div.ob-section-text", "div.ob-commentsList", ".ob-commentsList .ob-message"),
    entry=("div.post", "div.article", "article"),
    title=("h1.post-title", "h2.post-title", "h1", "h2"),
    body=("div.ob-section-text", "div.ob-section"),
    byline=("div.post-meta", "span.post-date", "div.post-date"),
    machine_date=("time[datetime]@datetime", "meta[property='article:published_time']@content", *MACHINE_DATES),
    author=("span.post-author", "div.post-author"),
    categories=("a.post-category", "span.post-category a"),
    tags=("ul.post-tags a", "div.post-tags a"),
    comments_container=("div.ob-commentsList", "div#comments"),
    comment=(".ob-commentsList .ob-message",),
    comment_body=("div.ob-message-content", "div.ob-text"),
    comment_byline=("div.ob-message-header", "div.ob-infos"),
    comment_author=("span.ob-name", "a.ob-name"),
    comment_machine_date=("time[datetime]@datetime", *MACHINE_DATES),
    announced_count=("a[href$='#comments']",),
    comment_chrome=("div.ob-replies", "a.ob-reply"),  # replies are comments of their own
)

PROFILES = (OVERBLOG, OVERBLOG_KIWI)
