"""Which URLs the crawl follows, and as what: classification is pure, so test it directly."""

import pytest

from spiders.urls import BlogScope, PageKind, comment_page_base, comment_page_number, year_month

SCOPE = BlogScope.from_home("http://exemple.typepad.fr/mon_blog/")


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://exemple.typepad.fr/mon_blog/", PageKind.LISTING),
        ("http://exemple.typepad.fr/mon_blog/page/3/", PageKind.LISTING),
        ("http://exemple.typepad.fr/mon_blog/archives.html", PageKind.LISTING),
        ("http://exemple.typepad.fr/mon_blog/2010/06/", PageKind.LISTING),
        ("http://exemple.typepad.fr/mon_blog/2010/06/index.html", PageKind.LISTING),
        ("http://exemple.typepad.fr/mon_blog/2010/06/page/2/", PageKind.LISTING),
        ("http://exemple.typepad.fr/mon_blog/reseaux_sociaux/", PageKind.LISTING),
        ("http://exemple.typepad.fr/mon_blog/reseaux_sociaux/page/2/", PageKind.LISTING),
        ("http://exemple.typepad.fr/mon_blog/atom.xml", PageKind.FEED),
        ("http://exemple.typepad.fr/mon_blog/2010/06/les_reseaux_soc.html", PageKind.POST),
        ("http://exemple.typepad.fr/mon_blog/2010/06/les_reseaux_soc.html#comments", PageKind.POST),
        ("http://exemple.typepad.fr/mon_blog/2010/06/my-post/index.html", PageKind.POST),
        ("http://exemple.typepad.fr/mon_blog/2010/06/les_reseaux_soc/comments/page/2/", PageKind.COMMENT_PAGE),
        ("http://exemple.typepad.fr/mon_blog/about.html", PageKind.OTHER),
    ],
)
def test_pages_of_the_blog_are_classified(url: str, kind: PageKind) -> None:
    assert SCOPE.classify(url) is kind


@pytest.mark.parametrize(
    "url",
    [
        "http://exemple.typepad.fr/autre_blog/2010/06/x.html",  # same host, other blog
        "http://www.autre-site.fr/2010/06/x.html",  # off-site
        "http://exemple.typepad.fr:8080/mon_blog/2010/06/x.html",  # other port is another site
        "http://profile.typepad.com/claire",
        "http://exemple.typepad.fr/mon_blog/2010/06/x.html?cid=6a00d8341c#comment-6a00d8341c",
        "http://exemple.typepad.fr/mon_blog/.a/6a00d8341c2c7653ef0133f1a2b3c4970b-pi",
        "http://exemple.typepad.fr/mon_blog/.shared/image.html?/photos/uncategorized/photo.jpg",
        "http://exemple.typepad.fr/mon_blog/photos/uncategorized/photo.jpg",
        "http://exemple.typepad.fr/mon_blog/images/logo.gif",
        "http://exemple.typepad.fr/mon_blog/files/rapport.pdf",
        "mailto:claire@exemple.fr",
    ],
)
def test_what_is_not_the_blog_is_never_followed(url: str) -> None:
    assert SCOPE.classify(url) is None


def test_blog_at_host_root() -> None:
    scope = BlogScope.from_home("http://coifr.typepad.fr/")
    assert scope.classify("http://coifr.typepad.fr/2010/06/x.html") is PageKind.POST
    assert scope.classify("http://coifr.typepad.fr/") is PageKind.LISTING


def test_comment_pages_share_the_post_base() -> None:
    post = "http://e.typepad.fr/b/2010/03/le_billet.html"
    page2 = "http://e.typepad.fr/b/2010/03/le_billet/comments/page/2/#comments"
    assert comment_page_base(post) == comment_page_base(page2) == "/b/2010/03/le_billet/"
    assert comment_page_number(post) == 1
    assert comment_page_number(page2.split("#")[0]) == 2


def test_year_month_reads_dated_paths_only() -> None:
    assert year_month("http://exemple.typepad.fr/mon_blog/2010/06/x.html", SCOPE) == "2010-06"
    assert year_month("http://exemple.typepad.fr/mon_blog/reseaux_sociaux/", SCOPE) is None
