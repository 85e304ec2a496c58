"""Which URLs the crawl follows, and as what: classification is pure, so test it directly.

One table of shapes per platform serves a blog's own crawl (scoped to its home) and archives
holding many blogs (any prefix): the same URL gets the same kind and the same post either way.
"""

import pytest

from extraction.ids import canonical_url, post_id_for
from extraction.platforms.blogger import BLOGGER_URLS
from extraction.platforms.canalblog import CANALBLOG_URLS
from extraction.platforms.movabletype import MOVABLE_TYPE_URLS
from extraction.platforms.overblog import OVERBLOG_KIWI_URLS, OVERBLOG_URLS
from extraction.platforms.wordpress import WORDPRESS_URLS
from extraction.urls import BlogScope, PageKind, comment_page_url, locate

SCOPE = BlogScope.from_home("http://exemple.typepad.fr/mon_blog/", MOVABLE_TYPE_URLS)


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
        # A daily archive is a listing, not an MT4 `%y/%m/%-b/%i` permalink.
        ("http://exemple.typepad.fr/mon_blog/2010/06/15/index.html", PageKind.LISTING),
        ("http://exemple.typepad.fr/mon_blog/2010/06/15/", PageKind.LISTING),
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
    scope = BlogScope.from_home("http://coifr.typepad.fr/", MOVABLE_TYPE_URLS)
    assert scope.classify("http://coifr.typepad.fr/2010/06/x.html") is PageKind.POST
    assert scope.classify("http://coifr.typepad.fr/") is PageKind.LISTING


def test_comment_pages_belong_to_their_post() -> None:
    post = SCOPE.locate("http://exemple.typepad.fr/mon_blog/2010/03/le_billet.html")
    page2 = SCOPE.locate("http://exemple.typepad.fr/mon_blog/2010/03/le_billet/comments/page/2/#comments")
    assert post is not None and page2 is not None
    assert post.post_key == page2.post_key == "exemple.typepad.fr/mon_blog/2010/03/le_billet"
    assert (post.page_number, page2.page_number) == (1, 2)
    assert comment_page_url(page2, MOVABLE_TYPE_URLS, 3).endswith("/mon_blog/2010/03/le_billet/comments/page/3/")


@pytest.mark.parametrize(
    "url",
    [
        "http://exemple.typepad.fr/mon_blog/2010/06/15/index.html",
        "http://exemple.typepad.fr/mon_blog/2010/06/les_reseaux_soc.html",
        "http://exemple.typepad.fr/mon_blog/2010/06/my-post/index.html",
        "http://exemple.typepad.fr/mon_blog/2010/06/les_reseaux_soc/comments/page/2/",
        "http://exemple.typepad.fr/mon_blog/2010/06/",
        "http://exemple.typepad.fr/mon_blog/reseaux_sociaux/",
    ],
)
def test_a_blog_scope_and_an_archive_of_many_blogs_agree(url: str) -> None:
    """The drift of round 1: one table now, so scoped and unscoped readings cannot disagree."""
    scoped, anywhere = SCOPE.locate(url), locate(url, MOVABLE_TYPE_URLS)
    if scoped is not None and scoped.kind in (PageKind.POST, PageKind.COMMENT_PAGE):
        assert anywhere is not None
        assert (anywhere.kind, anywhere.post_key, anywhere.page_number) == (
            scoped.kind, scoped.post_key, scoped.page_number
        )  # fmt: skip
    else:
        assert anywhere is None


def test_query_permalinks_are_posts_with_their_own_identity() -> None:
    scope = BlogScope.from_home("http://monblog.fr/", WORDPRESS_URLS)
    assert scope.classify("http://monblog.fr/?p=123") is PageKind.POST
    assert scope.classify("http://monblog.fr/?p=123&cpage=2") is PageKind.COMMENT_PAGE
    assert (
        scope.locate("http://monblog.fr/?p=123&cpage=2").post_key == scope.locate("http://monblog.fr/?p=123").post_key
    )
    assert canonical_url("http://monblog.fr/?p=123#comments") == "http://monblog.fr/?p=123"
    assert post_id_for("http://monblog.fr/?p=123") != post_id_for("http://monblog.fr/?p=124")
    # A query that names no post is still dropped: `?cid=` comment permalinks are the post.
    assert canonical_url("http://e.typepad.fr/b/2010/06/x.html?cid=6a00") == "http://e.typepad.fr/b/2010/06/x.html"


def test_canalblog_comment_offsets_are_page_numbers() -> None:
    page = locate("http://monblog.canalblog.com/archives/2009/02/28/12603374-p100-0.html", CANALBLOG_URLS)
    post = locate("http://monblog.canalblog.com/archives/2009/02/28/12603374.html", CANALBLOG_URLS)
    assert page is not None and post is not None
    assert (page.kind, page.page_number, page.post_key) == (PageKind.COMMENT_PAGE, 3, post.post_key)
    assert comment_page_url(page, CANALBLOG_URLS, 2).endswith("/12603374-p50-0.html")


def test_year_month_reads_dated_paths_only() -> None:
    assert SCOPE.year_month("http://exemple.typepad.fr/mon_blog/2010/06/x.html") == "2010-06"
    assert SCOPE.year_month("http://exemple.typepad.fr/mon_blog/reseaux_sociaux/") is None


BLOGSPOT = BlogScope.from_home("http://chroniques.blogspot.com/", BLOGGER_URLS)


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://chroniques.blogspot.com/search?updated-max=2010-03-08T14:27:00%2B01:00&max-results=7",
         PageKind.LISTING),
        ("http://chroniques.blogspot.com/search/label/%C3%A9cologie", PageKind.LISTING),
        ("http://chroniques.blogspot.com/search/label/ville?updated-max=2010-03-08T14:27:00%2B01:00&max-results=20",
         PageKind.LISTING),
        ("http://chroniques.blogspot.com/2010_03_01_archive.html", PageKind.LISTING),
        ("http://chroniques.blogspot.com/2010/03/", PageKind.LISTING),
        ("http://chroniques.blogspot.com/2010/03/le-velo-en-ville.html", PageKind.POST),
        ("http://chroniques.blogspot.com/feeds/posts/default?start-index=26&max-results=25", PageKind.FEED),
        # A comment permalink is the post page again, and a search for words is no listing.
        ("http://chroniques.blogspot.com/2010/03/le-velo-en-ville.html?showComment=1268645760000#c42", None),
        ("http://chroniques.blogspot.com/search?q=velo", None),
    ],
)  # fmt: skip
def test_blogger_shapes(url: str, kind: PageKind | None) -> None:
    assert BLOGSPOT.classify(url) is kind


@pytest.mark.parametrize("ext", ["asp", "php", "htm", "html"])
def test_blogger_ftp_published_permalinks_are_posts_under_any_prefix(ext: str) -> None:
    """Blogs published by FTP (until May 2010) kept Blogger's shape with their server's extension."""
    url = f"http://orcmid.com/blog/2004/05/blogger-metaphor-shear-it.{ext}"
    located = locate(url, BLOGGER_URLS)
    assert located is not None and located.kind is PageKind.POST
    assert located.prefix == "http://orcmid.com/blog/"
    assert locate(f"http://orcmid.com/blog/2004_05_01_archive.{ext}", BLOGGER_URLS, "/blog/").kind is PageKind.LISTING


@pytest.mark.parametrize(
    ("url", "kind", "page"),
    [
        ("http://monblog.fr/page/2/", PageKind.LISTING, 1),
        ("http://monblog.fr/2010/03/", PageKind.LISTING, 1),
        ("http://monblog.fr/category/vie-quotidienne/", PageKind.LISTING, 1),
        ("http://monblog.fr/author/claire/page/2/", PageKind.LISTING, 1),
        ("http://monblog.fr/feed/", PageKind.FEED, 1),
        ("http://monblog.fr/2010/02/02/greve-des-transports/", PageKind.POST, 1),
        ("http://monblog.fr/2010/02/02/greve-des-transports/comment-page-2/#comments", PageKind.COMMENT_PAGE, 2),
        ("http://monblog.fr/2010/02/02/greve-des-transports/?replytocom=42#respond", None, 1),
        ("http://monblog.fr/xmlrpc.php?rsd", None, 1),
    ],
)
def test_wordpress_shapes(url: str, kind: PageKind | None, page: int) -> None:
    scope = BlogScope.from_home("http://monblog.fr/", WORDPRESS_URLS)
    located = scope.locate(url)
    assert (located.kind, located.page_number) == (kind, page) if kind else located is None
    if kind is PageKind.COMMENT_PAGE:
        assert located.post_key == scope.locate("http://monblog.fr/2010/02/02/greve-des-transports/").post_key


CANALBLOG = BlogScope.from_home("http://monblog.canalblog.com/", CANALBLOG_URLS)


@pytest.mark.parametrize(
    ("relative", "kind"),
    [
        ("archives/2009/02/28/12603374.html", PageKind.POST),
        ("archives/2009/02/28/12603374.html#comments", PageKind.POST),
        ("archives/2009/02/28/12603374-p50-0.html#comments", PageKind.COMMENT_PAGE),
        ("", PageKind.LISTING),
        ("p10-0.html", PageKind.LISTING),  # the home page's pager
        ("archives/", PageKind.LISTING),
        ("archives/index.html", PageKind.LISTING),  # "Plan du site"
        ("archives/2009/02/index.html", PageKind.LISTING),
        ("archives/2009/02/p10-0.html", PageKind.LISTING),  # the month's second page (offset 10)
        ("archives/2009/02/p20-0.html", PageKind.LISTING),
        ("archives/recettes_d_entrees/index.html", PageKind.LISTING),
        ("archives/recettes_d_entrees/p10-0.html", PageKind.LISTING),
        ("tag/V%C3%A9g%C3%A9tarien", PageKind.LISTING),
        ("archives/2014/08/23/index.html", PageKind.OTHER),  # a calendar's day: not followed
        ("images/logo.gif", None),
        ("albums/ete_2004/t-100_1528.JPG", None),
    ],
)
def test_canalblog_shapes(relative: str, kind: PageKind | None) -> None:
    assert CANALBLOG.classify(CANALBLOG.absolute(relative)) is kind


def test_canalblog_second_comment_page_is_offset_50() -> None:
    post = CANALBLOG.locate("http://monblog.canalblog.com/archives/2009/02/28/12603374.html")
    page2 = CANALBLOG.locate("http://monblog.canalblog.com/archives/2009/02/28/12603374-p50-0.html#comments")
    assert post is not None and page2 is not None
    assert (post.page_number, page2.page_number, page2.post_key) == (1, 2, post.post_key)
    assert comment_page_url(page2, CANALBLOG_URLS, 3).endswith("/archives/2009/02/28/12603374-p100-0.html")


OVERBLOG = BlogScope.from_home("http://chroniques.over-blog.com/", OVERBLOG_URLS)


@pytest.mark.parametrize(
    ("relative", "kind"),
    [
        ("article-35709049.html", PageKind.POST),
        ("article-le-roller-derby-un-sport-americain-a-marseille-122415403.html", PageKind.POST),
        ("article-35709049-le-roller-derby.html", PageKind.POST),
        ("article-35709049.html#comments", PageKind.POST),
        ("", PageKind.LISTING),
        ("index-2.html", PageKind.LISTING),
        ("archive-11-2011.html", PageKind.LISTING),
        ("categorie-10315135.html", PageKind.LISTING),
        ("tag/horlogebodet/", PageKind.LISTING),
        ("page-3134517.html", None),  # a static page, no post
        ("contact", None),
    ],
)
def test_overblog_shapes(relative: str, kind: PageKind | None) -> None:
    assert OVERBLOG.classify(OVERBLOG.absolute(relative)) is kind


def test_overblog_permalinks_name_their_post() -> None:
    keys = {
        locate(f"http://chroniques.over-blog.com/{relative}", OVERBLOG_URLS).post_key
        for relative in ("article-35709049.html", "article-le-velo-35709049.html", "article-le-velo-35709050.html")
    }
    assert len(keys) == 3  # the slug is part of the address: no two permalinks merge


@pytest.mark.parametrize(
    ("relative", "kind"),
    [
        ("2014/02/meuble-cuisine.html", PageKind.POST),
        ("tag/gouters/", PageKind.LISTING),
        ("page/2", PageKind.LISTING),
        ("2014/02/", PageKind.LISTING),
    ],
)
def test_overblog_kiwi_shapes(relative: str, kind: PageKind) -> None:
    scope = BlogScope.from_home("https://alice.over-blog.com/", OVERBLOG_KIWI_URLS)
    assert scope.classify(scope.absolute(relative)) is kind
