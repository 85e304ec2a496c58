"""Which platform a blog runs on, before its pages are read: from its home page (generator,
markup), the host its platform gave it, or the shapes of its post addresses; and a clear
`unsupported_platform` when nothing says."""

from __future__ import annotations

from blogarchive.static_site import StaticSite
from extraction.platforms import hinted_by_host, voted_by_urls
from tests.crawling import crawl


def test_a_platform_host_is_a_hint_custom_domains_are_not() -> None:
    assert hinted_by_host("monblog.canalblog.com").platform == "canalblog"
    assert hinted_by_host("exemple.typepad.fr").platform == "typepad"
    assert hinted_by_host("carnet.blogspot.fr:80").platform == "blogger"
    assert hinted_by_host("www.mon-blog-perso.fr") is None
    assert hinted_by_host("canalblog.com.example.org") is None  # a suffix match, not a substring


def test_the_post_addresses_vote_for_their_platform() -> None:
    canalblog = [f"http://www.mon-blog.fr/archives/2010/0{m}/1{m}/1260{m}374.html" for m in range(1, 6)]
    wordpress = ["http://www.mon-blog.fr/2010/06/16/un-billet/", "http://www.mon-blog.fr/2010/06/17/un-autre/"]
    assert voted_by_urls(canalblog + wordpress, "/").platform == "canalblog"
    assert voted_by_urls([*wordpress, "http://www.mon-blog.fr/about/"], "/").platform == "wordpress"
    assert voted_by_urls(["http://www.mon-blog.fr/contact.php"], "/") is None
    # Movable Type and Blogger share `/YYYY/MM/slug.html`: the host decides a tie.
    shared = ["http://carnet.blogspot.com/2010/06/un-billet.html"]
    assert voted_by_urls(shared, "/", "carnet.blogspot.com").platform == "blogger"


def test_a_blog_no_profile_reads_is_recorded_not_guessed(tmp_path) -> None:
    site = tmp_path / "site"
    (site / "root").mkdir(parents=True)
    (site / "root" / "index.html").write_text(
        '<html><head><meta name="generator" content="Joomla! 1.5"><title>Mon site</title></head>'
        '<body><h1>Mon site</h1><p><a href="/index.php?option=com_content&id=3">Un article</a></p></body></html>'
    )
    (site / "headers.json").write_text("{}")
    with StaticSite(site) as server:
        result = crawl("blog", tmp_path / "dataset", {"url": server.url("/")})
    assert [(r["reason"], r["url"]) for r in result.rows("skipped")] == [("unsupported_platform", server.url("/"))]
    assert result.stats["platform/unsupported"] == server.url("/")
    assert set(server.requests) == {"/", "/robots.txt"}  # nothing crawled on a guess
    assert result.returncode == 1  # nothing harvested
