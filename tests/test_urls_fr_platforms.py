"""URL shapes of Hautetfort/Blogspirit, Dotclear 2 and Skyrock: which pages are posts, listings,
feeds and comment pages, and which post each belongs to (scoped to a blog, and in an archive of
many blogs)."""

import pytest

from extraction.ids import canonical_url, post_id_for
from extraction.platforms.dotclear import DOTCLEAR_URLS
from extraction.platforms.hautetfort import HAUTETFORT_URLS
from extraction.platforms.skyrock import SKYROCK_URLS
from extraction.urls import BlogScope, PageKind, comment_page_url, locate

HAUTETFORT = BlogScope.from_home("http://vouloir.hautetfort.com/", HAUTETFORT_URLS)
DOTCLEAR = BlogScope.from_home("http://carnetdecode.fr/", DOTCLEAR_URLS)
SKYROCK = BlogScope.from_home("http://tout-nimporte-koi.skyrock.com/", SKYROCK_URLS)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("", PageKind.LISTING),
        ("index-2.html", PageKind.LISTING),
        ("archives", PageKind.LISTING),
        ("archive/2010/06/index.html", PageKind.LISTING),
        ("archive/2010/06/index-2.html", PageKind.LISTING),
        ("histoire/", PageKind.LISTING),
        ("a_contre-temps/index-2.html", PageKind.LISTING),
        ("archives/category/histoire/index-2.html", PageKind.LISTING),
        ("archives/tag/Sarkozy/index-3.html", PageKind.LISTING),
        ("tag/conseil+municipal", PageKind.LISTING),
        ("atom.xml", PageKind.FEED),
        ("index.rss", PageKind.FEED),
        ("histoire/index.rss", PageKind.FEED),
        ("archive/2016/06/15/roger-viroux-5815631.html", PageKind.POST),
        ("archive/2007/04/30/une-note-sans-numero.html", PageKind.POST),
        ("archive/2016/06/15/roger-viroux-5815631.html#comments", PageKind.POST),
        ("about.html", None),
        ("apps/sendnote/sendnote.php?id=2108734", None),
        ("album/vacances/", None),
        ("style.css", None),
    ],
)
def test_hautetfort_pages_are_classified(path: str, kind: PageKind | None) -> None:
    assert HAUTETFORT.classify(HAUTETFORT.absolute(path)) is kind


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("", PageKind.LISTING),
        ("index.php?", PageKind.LISTING),
        ("index.php?page/2", PageKind.LISTING),
        ("index.php?archive", PageKind.LISTING),
        ("index.php?archive/2010/03", PageKind.LISTING),
        ("index.php?category/Vie-quotidienne", PageKind.LISTING),
        ("index.php?tag/%C3%A9cologie", PageKind.LISTING),
        ("index.php?feed/atom", PageKind.FEED),
        ("index.php?feed/rss2/comments", PageKind.FEED),
        ("index.php?post/2010/06/16/Migrer-un-vieux-site-PHP-4-vers-PHP-5.3", PageKind.POST),
        ("index.php/post/2010/06/16/Titre-du-billet", PageKind.POST),  # path_info mode
        ("post/2010/06/16/Titre-du-billet", PageKind.POST),  # URL rewriting
        ("category/Linux", PageKind.LISTING),
        ("archive/2010/03", PageKind.LISTING),
        ("page/3", PageKind.LISTING),
        ("feed/atom", PageKind.FEED),
        # The per-post comment feed, the trackback endpoint, theme files: never followed.
        ("index.php?feed/atom/comments/418", None),
        ("index.php?trackback/418", None),
        ("index.php?pf=post.js", None),
        ("themes/default/style.css", None),
    ],
)
def test_dotclear_pages_are_classified(path: str, kind: PageKind | None) -> None:
    assert DOTCLEAR.classify(DOTCLEAR.absolute(path)) is kind


def test_dotclear_query_permalinks_are_posts_with_their_own_identity() -> None:
    first = "http://carnetdecode.fr/index.php?post/2010/06/16/Migrer-un-vieux-site"
    other = "http://carnetdecode.fr/index.php?post/2010/06/23/Un-serveur-de-dev"
    assert canonical_url(f"{first}#c1432") == first
    assert post_id_for(first) != post_id_for(other)
    anywhere = locate(first, DOTCLEAR_URLS)
    assert anywhere is not None and anywhere.post_key == DOTCLEAR.locate(first).post_key


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("", PageKind.LISTING),
        ("2.html", PageKind.LISTING),
        ("tags/vacances.html", PageKind.LISTING),
        ("atom.xml", PageKind.FEED),
        ("2320485189_comments.xml", PageKind.FEED),
        ("2320485189-Tricher-ou-ne-pas-tricher-telle-est-la-question.html", PageKind.POST),
        ("2320485189", PageKind.POST),
        ("article_2320485189.html", PageKind.POST),
        ("2320485189_comment_2.html", PageKind.COMMENT_PAGE),
        ("profil/", None),
        ("photo.html?id_article=2320485189", None),
        ("2320485189-Tricher.html?action=ADD_COMMENT", None),
    ],
)
def test_skyrock_pages_are_classified(path: str, kind: PageKind | None) -> None:
    assert SKYROCK.classify(SKYROCK.absolute(path)) is kind


def test_skyrock_comment_pages_belong_to_the_post_named_by_its_id() -> None:
    """`<id>-<Slug>.html`, `<id>` and `<id>_comment_<n>.html` are one post: the id names it."""
    home = "http://tout-nimporte-koi.skyrock.com/"
    post = locate(f"{home}2320485189-Tricher-ou-ne-pas-tricher.html", SKYROCK_URLS)
    bare = locate(f"{home}2320485189", SKYROCK_URLS)
    page = locate(f"{home}2320485189_comment_3.html", SKYROCK_URLS)
    assert post is not None and bare is not None and page is not None
    assert (page.kind, page.page_number) == (PageKind.COMMENT_PAGE, 3)
    assert page.post_key == post.post_key == bare.post_key == "tout-nimporte-koi.skyrock.com/2320485189"
    assert comment_page_url(page, SKYROCK_URLS, 2) == f"{home}2320485189_comment_2.html"
    other = locate(f"{home}2320485190_comment_3.html", SKYROCK_URLS)
    assert other is not None and other.post_key != post.post_key
