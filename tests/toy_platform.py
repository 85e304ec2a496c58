"""A platform that never existed, added the way a real one is: one module defining `PROFILES`.

"Carnet" blogs keep posts at `/billets/<id>-<slug>.html`, extra comment pages at
`/billets/<id>-<slug>/avis-<n>.html`, a paged summary at `/sommaire/page-<n>` and a feed at
`/flux.xml`. Loaded by `-s PLATFORM_MODULES=tests.toy_platform`; no spider knows of it.
"""

from extraction.profile import Profile
from extraction.urls import UrlShapes

CARNET_URLS = UrlShapes(
    post=(r"billets/\d+-[a-z0-9-]+\.html",),
    comment_page=(r"(?P<post>billets/\d+-[a-z0-9-]+)/avis-(?P<n>\d+)\.html",),
    listing=(r"", r"sommaire/page-\d+"),
    feed=(r"flux\.xml",),
    skip=(r"(?:^|/)medias/",),
    entry_points=("flux.xml",),
)

CARNET = Profile(
    name="carnet",
    platform="carnet",
    urls=CARNET_URLS,
    generators=("carnet",),
    fingerprint=("article.billet div.corps",),
    entry=("article.billet",),
    title=("h1.titre-billet",),
    body=("div.corps",),
    byline=("p.signature",),
    machine_date=(),
    author=(),
    categories=("p.signature a.rubrique",),
    comment=("section#avis div.un-avis",),
    comment_body=("div.avis-texte",),
    comment_byline=("p.avis-signature",),
    comment_author=(),
    comment_machine_date=(),
    announced_count=("h2.avis-titre",),
    comments_container=("section#avis",),
    comment_chrome=("p.pages-avis",),
)

PROFILES = (CARNET,)
