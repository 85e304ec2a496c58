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

from extraction.text import inline_text
from extraction.tree import Element
from extraction.urls import parts_of

# An ancestor (up to a few levels) whose id or class names the banner: the link there is the name.
_BANNER = re.compile(r"site-?title|blog-?title|blog-?name|banner|header-name|branding|masthead", re.IGNORECASE)
_INDEX_FILE = re.compile(r"(?:^|/)index\.(?:php|html?|shtml)$")
_BANNER_DEPTH = 4


def site_name(root: Element, url: str) -> str | None:
    """og:site_name, else the text of the first banner link to the blog's home; None if neither."""
    head = root.find("head")
    for meta in head.iter("meta") if head is not None else ():
        if (meta.get("property") or meta.get("name") or "").lower() == "og:site_name":
            name = " ".join((meta.get("content") or "").split())
            if name:
                return name
    for link in root.iter("a"):
        if _in_banner(link) and _is_home(link.get("href") or "", url):  # the cheap test first
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


def _in_banner(link: Element) -> bool:
    if "home" in (link.get("rel") or "").lower().split():
        return True
    element: Element | None = link
    for _ in range(_BANNER_DEPTH):
        element = element.getparent() if element is not None else None
        if element is None:
            return False
        if element.tag == "h1" or _BANNER.search(f"{element.get('id') or ''} {element.get('class') or ''}"):
            return True
    return False
