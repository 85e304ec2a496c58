"""SPIP articles with their forum (notes/platforms.md §3)."""

from extraction.profile import Profile
from extraction.urls import UrlShapes

SPIP_URLS = UrlShapes(
    post=(r"spip\.php\?article\d+", r"article\d+\.html", r"[^/?]+-a\d+\.html"),
    comment_page=(),
    listing=(r"", r"spip\.php\?rubrique\d+", r"rubrique\d+\.html", r"[^/?]+-r\d+\.html"),
    feed=(r"spip\.php\?page=backend",),
    skip=(r"(?:^|/)(?:IMG|local|squelettes|prive|ecrire)/",),
)

# SPIP articles with a forum (notes §3; dev-pages spip): li.forum-fil, nested ul for replies.
SPIP = Profile(
    name="spip",
    platform="spip",
    urls=SPIP_URLS,
    generators=("spip",),
    fingerprint=("ul.forum li.forum-fil", "div.texte.surlignable", "div.article-texte"),
    entry=("div.contenu-principal", "div#contenu", "div.main", "body"),
    title=("h1.crayon", "h1.titre", "h1", "h2"),
    body=("div.texte", "div.article-texte"),
    byline=("p.info-publi", "div.info-publi", "span[class~='-meta']", "span.auteurs", "div.auteurs"),
    machine_date=("abbr.published@title", "time[datetime]@datetime", "meta[property='article:published_time']@content"),
    author=("span.auteurs a", "span.vcard.author", "a.auteur", "div.auteurs a"),
    categories=("a.rubrique",),
    comments_container=("ul.forum", "div.forum", "div#forum"),
    comment=("li.forum-fil",),
    comment_body=("div.forum-texte", "div.comment-content"),
    comment_byline=("div.forum-chapo", "div.comment-meta"),
    comment_author=("span.comment-author", "strong.fn"),
    comment_machine_date=("abbr.date@title", "abbr@title"),
    announced_count=("h2.forum-titre", "div.forum-total"),
    comment_chrome=("div.button", "p.comment-reply", "p.repondre"),
)

PROFILES = (SPIP,)
