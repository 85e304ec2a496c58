"""The blog's name as a post page declares it: what `title_is_blog_name` compares the title with.

A title read from the site's banner instead of the post's heading (a theme whose post heading no
selector knows) is the blog's name on every post of the blog. The page says its name in two
places we trust: `<meta property="og:site_name">`, and the banner's link home (TypePad and MT3
`h1#banner-header a`, Blogger `h1.title a`, Canalblog and Hautetfort `h1 a`, WordPress
`#site-title a[rel=home]`). The document `<title>` is not used: "Blog: Post" and "Post - Blog"
cannot be told apart from one page. A page that says neither has no name, and the warning cannot
fire: the check misses some cases rather than flag good titles.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import etree

from extraction.text import inline_text
from extraction.tree import Element
from extraction.urls import parts_of

# An ancestor (up to a few levels) whose id or class names the banner: the link there is the name.
_BANNER = re.compile(r"site-?title|blog-?title|blog-?name|banner|header-name|branding|masthead", re.IGNORECASE)
_INDEX_FILE = re.compile(r"(?:^|/)index\.(?:php|html?|shtml)$")
_BANNER_DEPTH = 4
# Links in the banner, in document order: rel="home", or an h1 or a banner-named element among
# their nearest ancestors. One XPath: a walk up from every link of the page cost 4 % of extraction.
_BANNER_LINKS = etree.XPath(
    "descendant-or-self::a[contains(concat(' ', normalize-space(translate(@rel, 'HOME', 'home')), ' '), ' home ')"
    f" or ancestor::*[position() <= {_BANNER_DEPTH}][self::h1 or re:test(concat(@id, ' ', @class), $banner, 'i')]]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
    smart_strings=False,
)


def site_name(root: Element, url: str) -> str | None:
    """og:site_name, else the text of the first banner link to the blog's home; None if neither."""
    head = root.find("head")
    for meta in head.iter("meta") if head is not None else ():
        if (meta.get("property") or meta.get("name") or "").lower() == "og:site_name":
            name = " ".join((meta.get("content") or "").split())
            if name:
                return name
    for link in _BANNER_LINKS(root, banner=_BANNER.pattern):
        if _is_home(link.get("href") or "", url):
            name = inline_text(link)
            if name:
                return name
    return None


def _host(netloc: str) -> str:
    host = netloc.lower().rsplit("@", 1)[-1].split(":", 1)[0]
    return host.removeprefix("www.")


def _is_home(href: str, post_url: str) -> bool:
    """The blog's root ("/", or one folder like TypePad's "/blog/") on the post's host, above the post."""
    link, post = parts_of(href, post_url), urlsplit(post_url)
    if (
        link is None
        or link.scheme not in ("http", "https")
        or link.fragment
        or link.query
        or _host(link.netloc) != _host(post.netloc)
    ):
        return False
    path = _INDEX_FILE.sub("/", link.path) or "/"
    path = path if path.endswith("/") else path + "/"
    folders = [p for p in path.split("/") if p]
    return len(folders) <= 1 and not any(f.isdigit() for f in folders) and post.path.startswith(path)
