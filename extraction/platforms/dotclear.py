"""Dotclear 2 (self-hosted; notes/research-2.md §3.5): the default theme's templates.

Verified from the templates (dotclear/dotclear @2.3.0, inc/public/default-templates/ post.html,
home.html, category.html, archive.html, archive_month.html; locales/fr/public.po;
plugins/widgets): `body.dc-post`; `div#p<ID>.post > h2.post-title + p.post-info` "Par AUTHOR le
DATE, TIME - <a>CATEGORY</a> - <a>Lien permanent</a>"; `ul.post-tags`; `div.post-excerpt` and
`div.post-content`; `link[rel=prev|next]` and `p#navlinks`; comments in `div#comments > dl` as
`dt#c<ID>` ("<a>N.</a> Le DATE, TIME par AUTHOR") + `dd` pairs, trackbacks in `div#pings` with
the same markup; no threads, no comment pagination; URLs from inc/prepend.php (`post/…`,
`category/…`, `archive/YYYY/MM`, `feed/atom`, `page/N`, `index.php?` in query_string mode);
date_format `%A %e %B %Y` in French installs, time_format `%H:%M`.
Verified absent: the templates print no `<meta name="generator">` (only the feeds name Dotclear),
so the markup detects the platform.
Inferred: the `tag/…` listing (the tags plugin), and that 2.0–2.2 themes (2006–2010) match 2.3.
"""

from extraction.profile import Profile
from extraction.urls import UrlShapes

_Q = r"(?:index\.php\?|index\.php/)?"  # query_string mode (`index.php?post/…`) or path_info

DOTCLEAR_URLS = UrlShapes(
    post=(rf"{_Q}post/\d{{4}}/\d{{2}}/\d{{2}}/[^?#]+",),  # default post_url_format {y}/{m}/{d}/{t}
    comment_page=(),  # Dotclear prints every comment on the post page
    listing=(
        r"(?:index\.php)?",  # the home (`index.php?`)
        rf"{_Q}page/\d+",
        rf"{_Q}archive(?:/\d{{4}}/\d{{2}})?",
        rf"{_Q}category/[^?#]+?(?:/page/\d+)?",
        rf"{_Q}tag/[^?#]+?(?:/page/\d+)?",
    ),
    feed=(rf"{_Q}feed/(?:atom|rss2)(?:/comments)?",),
    # Theme and plugin files, media, the trackback endpoint: never pages of the blog.
    skip=(r"(?:^|/)(?:themes|public|inc|admin|plugins)/", r"[?&]pf=", r"(?:^|[?/])trackback/"),
    entry_points=(),
)

# Dotclear 2 default theme ("default"/"blowup", and the many user themes built on its templates).
DOTCLEAR = Profile(
    name="dotclear",
    platform="dotclear",
    urls=DOTCLEAR_URLS,
    generators=("dotclear",),
    fingerprint=("body.dc-post div.post", "body.dc-home div.post", "div.post p.post-info + ul.post-tags"),
    entry=("div.post",),
    title=("h2.post-title",),
    body=("div.post-excerpt", "div.post-content"),
    byline=("p.post-info",),
    machine_date=(),
    author=(),  # the byline's name: EntryAuthorLink is a bare name or a link to the author's site
    # The byline's links after the date are the category and "Lien permanent": only the first counts.
    categories=("p.post-info a[href*='category/']",),
    tags=("ul.post-tags a",),
    comments_container=("div#comments",),
    comment=("div#comments div.comment-group",),
    comment_body=("dd",),
    comment_byline=("dt",),  # "1. Le lundi 4 janvier 2010, 11:07 par NAME"
    comment_author=(),
    comment_machine_date=(),
    announced_count=("p.post-info-co a.comment_count",),
    group_siblings=("div#comments dl", "dt"),
    chrome=(),
)

PROFILES = (DOTCLEAR,)
