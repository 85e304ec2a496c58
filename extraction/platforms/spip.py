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
# The "blogs du Diplo" squelette (eval page mondediplo 2018): div.cartouche holds the title, the lead
# div.chapo (article-chapo-N: part of the article) and div.dates_auteurs "par <span.auteurs>X</span>,
# 21 juin 2018"; the texte opens with a figure caption and q.lire_aussi "Lire aussi …" boxes (not
# article). Its forum: div.forum-top "<b.forum-qui-N>NAME</b> (22 juin 2018 @11h13)" (no b on an
# anonymous message), then div.forum-chapo holding the message's subject (strong.forum-titre), not
# its author.
SPIP = Profile(
    name="spip",
    platform="spip",
    urls=SPIP_URLS,
    generators=("spip",),
    fingerprint=("ul.forum li.forum-fil", "div.texte.surlignable", "div.article-texte"),
    entry=("div.contenu-principal", "div#contenu", "div.main", "body"),
    title=("h1.crayon", "h1.titre", "h1", "h2"),
    body=("div.chapo", "div.texte", "div.article-texte"),  # div.chapo: the lead (dist and Diplo squelettes)
    # div.cartouche div.dates_auteurs: the Diplo blogs' byline (their masthead has another, "En kiosques").
    byline=(
        "p.info-publi",
        "div.info-publi",
        "div.cartouche div.dates_auteurs",
        "span[class~='-meta']",
        "span.auteurs",
        "div.auteurs",
    ),
    machine_date=("abbr.published@title", "time[datetime]@datetime", "meta[property='article:published_time']@content"),
    author=("span.auteurs a", "span.vcard.author", "a.auteur", "div.auteurs a", "span.auteurs"),
    categories=("a.rubrique",),
    comments_container=("ul.forum", "div.forum", "div#forum"),
    comment=("li.forum-fil",),
    comment_body=("div.forum-texte", "div.comment-content"),
    # div.forum-top: the Diplo blogs' name and date line, above a div.forum-chapo that is the subject.
    comment_byline=("div.forum-top", "div.forum-chapo", "div.comment-meta"),
    comment_author=("span.comment-author", "strong.fn", "div.forum-top > b[class*='forum-qui']"),
    comment_machine_date=("abbr.date@title", "abbr@title"),
    announced_count=("h2.forum-titre", "div.forum-total"),
    comment_chrome=("div.button", "p.comment-reply", "p.repondre"),
    # The Diplo blogs' "Lire aussi" boxes and the captions of the texte's documents.
    chrome=("q.lire_aussi", "div.spip_doc_descriptif"),
)

PROFILES = (SPIP,)
