"""Template families as data: where each platform puts a post's parts and its comments.

Selector lists are ordered and the first that matches wins, except `body` (every match, in
document order, is part of the article: `entry-body` *and* `entry-more`). An empty `body` means
the theme leaves the article loose in its container (classic Blogger, Canalblog): the article is
then the entry minus title, bylines, comments and chrome. A new platform is a new Profile, not
new code. Markup sources: notes/platforms.md §1 and §3, and the real pages of dev-pages/.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    name: str
    fingerprint: tuple[str, ...]  # the profile reads a page where any of these matches
    entry: tuple[str, ...]  # the post container; article fields are looked up inside it
    title: tuple[str, ...]
    body: tuple[str, ...]
    byline: tuple[str, ...]  # text holding "by AUTHOR on DATE [in CATEGORY]"
    machine_date: tuple[str, ...]  # "css@attribute" specs, preferred over printed dates
    author: tuple[str, ...]
    categories: tuple[str, ...]
    comment: tuple[str, ...]  # one element per comment, anywhere in the page
    comment_body: tuple[str, ...]  # empty: the comment element minus its byline
    comment_byline: tuple[str, ...]
    comment_author: tuple[str, ...]
    comment_machine_date: tuple[str, ...]
    announced_count: tuple[str, ...]  # elements ("css") or attributes ("css@attr") announcing N comments
    generators: tuple[str, ...] = ()  # lowercase substrings of <meta name=generator> this profile reads
    tags: tuple[str, ...] = ()
    comments_container: tuple[str, ...] = ()
    reply_link: tuple[str, ...] = ()  # link from a reply to its parent comment (flat threads)
    # (container, tag): comments written as sibling runs (dt, dd, dd) are regrouped, one run per `tag`
    group_siblings: tuple[str, str] | None = None
    chrome: tuple[str, ...] = ()  # left out of the article text
    comment_chrome: tuple[str, ...] = ()  # left out of comment texts ("Répondre" links, nested replies)
    day_header: tuple[str, ...] = ("h2.date-header",)  # the day, when the byline prints only a time


_MACHINE_DATES = ("abbr.published@title", "time[datetime]@datetime")
_SHARE_AND_MORE_LINKS = (
    "p.entry-more-link", "div.entry-tags", "div.sharethis", "div.feedflare", "div.zemanta-pixie",
    "div.sharedaddy", "div#jp-relatedposts", "div.share_widget", "div.post-share-buttons",
)  # fmt: skip

# TypePad classic themes (FR and EN) and the MT3 default templates they come from (notes §1.1,
# §1.3): the comment's byline `p.comment-footer` ("Rédigé par : NAME | DATE", "Posted by: NAME |
# DATE", "Publié par NAME | DATE") follows its body.
TYPEPAD_CLASSIC = Profile(
    name="typepad_classic",
    generators=("typepad", "movable type"),
    fingerprint=("div.entry div.entry-body", "div.entry-content div.entry-body"),
    entry=("div.entry", "div.entry-content"),
    title=("h3.entry-header", "h2#archive-title", "h2.entry-header", "h1.entry-header"),
    body=("div.entry-body", "div.entry-more"),
    byline=("span.post-footers", "p.entry-footer-info", "p.entry-footer", "div.entry-footer", "p.posted"),
    machine_date=_MACHINE_DATES,
    author=("span.post-footers span.vcard.author", "span.post-footers span.author"),
    # TypePad puts category links in the footer after the date ("… à 10:56 dans <a>Cat</a>"):
    # when none of these match, the byline's links after its date are the categories.
    categories=("span.post-footers a[rel~=tag]", "div.entry-categories a", "li.entry-category a"),
    tags=("div.entry-tags a[rel~=tag]", "ul.entry-tags-list a"),
    comments_container=("div#comments", "div.comments"),
    comment=("div.comments-content div.comment", "div#comments div.comment", "div.comments div.comment"),
    comment_body=("div.comment-content", "div.comment-body"),
    comment_byline=("p.comment-footer", "div.comment-footer", "div.comment-header"),
    comment_author=("p.comment-footer span.vcard.author", "div.comment-header span.vcard.author"),
    comment_machine_date=_MACHINE_DATES,
    announced_count=("a.entry-comments", "h3.comments-header", "h2.comments-header", "p.entry-footer a"),
    chrome=_SHARE_AND_MORE_LINKS,
)

# MT4/MT5 default templates ("Classic Blog", hAtom, notes §1.2): byline above the body, comment
# header before the comment body, ISO dates in abbr.published[title], flat replies that link to
# their parent ("X en réponse au <a href=#comment-N>commentaire de Y</a>").
MOVABLE_TYPE_4 = Profile(
    name="movabletype4",
    generators=("movable type",),
    fingerprint=("div.entry-asset div.asset-body", "div.hentry div.asset-body"),
    entry=("div.entry-asset", "div.hentry"),
    title=("h1.asset-name", "h2.asset-name", "h1.entry-title", "h2.entry-title"),
    body=("div.asset-body", "div.asset-more"),
    byline=("div.asset-meta span.byline", "div.asset-meta"),
    machine_date=("div.asset-meta abbr.published@title", *_MACHINE_DATES),
    author=("div.asset-meta span.vcard.author", "span.byline span.author"),
    categories=("div.entry-categories li a", "li.entry-category a"),
    tags=("div.entry-tags li a", "li.entry-tag a"),
    comments_container=("div#comments",),
    comment=("div#comments-content div.comment", "div.comments-content div.comment", "div#comments div.comment"),
    comment_body=("div.comment-content", "div.comment-body"),
    comment_byline=("div.comment-header span.byline", "div.comment-header", "div.comment-footer"),
    comment_author=("span.vcard.author", "span.byline span.author"),
    comment_machine_date=_MACHINE_DATES,
    announced_count=("h2.comments-header", "div.asset-meta a[href$='#comments']"),
    reply_link=("div.comment-header a[href*='#comment-']",),
    chrome=("div.asset-more-link", *_SHARE_AND_MORE_LINKS),
)

# Blogger: the 2006–2011 layouts (div.post, h3.post-title, dl#comments-block with dt/dd runs or
# threaded li.comment) and the pre-layout classic templates (div.posts, div.blogComment).
BLOGGER = Profile(
    name="blogger",
    generators=("blogger",),
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

# WordPress themes of 2008–2012 (Kubrick, Twenty Ten, Twenty Eleven: ol.commentlist > li.comment
# with nested ul.children) and the Epoch comments plugin (article.epoch-comment-body).
WORDPRESS = Profile(
    name="wordpress",
    generators=("wordpress",),
    fingerprint=("div.entry-content", "div.post div.entry", "div.storycontent", "article.post"),
    entry=("article.post", "div.post", "div.hentry", "article", "div.type-post"),
    title=("h1.entry-title", "h2.entry-title", "h1.post-title", "h2.post-title", "h1", "h2", "h3.storytitle"),
    body=("div.entry-content", "div.entry", "div.storycontent", "div.post-content"),
    byline=("div.entry-meta", "div.entry-byline", "p.postmetadata", "div.postmeta", "span.byline", "small"),
    machine_date=("time.entry-date@datetime", "time.entry-published@datetime", *_MACHINE_DATES),
    author=("span.author a", "span.entry-author", "span.author", "a[rel=author]"),
    categories=("span.cat-links a", "a[rel~=category]"),
    tags=("span.tag-links a", "a[rel=tag]"),
    comments_container=("div#comments", "ol.commentlist", "section#comments", "div.epoch-comments-wrapper"),
    comment=("li.comment", "article.epoch-comment-body", "div.comment"),
    comment_body=("div.comment-content", "div.comment-body", "div.epoch-comment-content", "div.comment-text"),
    comment_byline=("div.comment-meta", "footer.comment-meta", "footer.epoch-comment-meta", "div.comment-author"),
    comment_author=("cite.fn", "b.fn", "span.fn", "a.epoch-author-link", "div.epoch-comment-author", "cite"),
    comment_machine_date=("time[datetime]@datetime",),
    announced_count=("h3#comments", "h2.comments-title", "h2#comments-title", "a.comments-link", "div#comments h3"),
    chrome=_SHARE_AND_MORE_LINKS,
    comment_chrome=("div.reply", "a.comment-reply-link", "ul.children", "div.epoch-child", "span.says"),
)

# Canalblog (notes §3; dev-pages canalblog): the article is loose in div.item_div after its h3;
# comments are div.comment_item with a div.itemfooter "Posté par NAME, DATE" after the body.
CANALBLOG = Profile(
    name="canalblog",
    generators=("canalblog",),
    fingerprint=("div.item_div", "div.blogbody div.itemfooter"),
    entry=("div.item_div", "div.blogbody"),
    title=("h3", "h2.articletitle", ".articletitle"),
    body=(),
    byline=("div.itemfooter", "div.articlecreator"),
    machine_date=("meta[itemprop=dateCreated]@content", *_MACHINE_DATES),
    author=("span.articlecreator", ".articlecreator"),
    categories=("div.itemfooter a[href*='/archives/'][href*='/index']", "a.categorylink"),
    comments_container=("ul#comment_list", "div#comments"),
    comment=("div.comment_item",),
    comment_body=(),
    comment_byline=("div.itemfooter",),
    comment_author=(),
    comment_machine_date=("abbr.timeago@title", *_MACHINE_DATES),
    announced_count=("meta[itemprop=interactionCount]@content", "div.itemfooter a[href$='#comments']"),
    chrome=("h2", "div.share_widget", "div.relatedlinks", "script"),
    comment_chrome=("div.pp-container", "span.comment_rating", "span.comment_reply"),
    day_header=("div.item_div > h2", "div.blogbody > h2", "h2.date-header"),
)

# SPIP articles with a forum (notes §3; dev-pages spip): li.forum-fil, nested ul for replies.
SPIP = Profile(
    name="spip",
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

PROFILES: tuple[Profile, ...] = (MOVABLE_TYPE_4, TYPEPAD_CLASSIC, CANALBLOG, SPIP, BLOGGER, WORDPRESS)
