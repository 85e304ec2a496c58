"""A WXR or Blogger post rendered as the small, fixed page its platform's profile reads.

The reason is `mtif_page.py`'s: every source hands the one reader raw pages, so an export's
posts are decoded, extracted, repaired and deduplicated as a crawl's are. A WXR post is rendered
in the markup of WordPress's default themes of 2010 (Twenty Ten's `ol.commentlist`), a Blogger
post in Blogger's layouts (threaded `li.comment`, 2012+), so the profile that reads the blog's
own pages reads it, `platform` is the one a crawl gives, and a comment's platform id (`comment-N`,
`cN`) is the one its page has. Threads are what both themes show: a reply is an element of its
own inside its parent's (`ul.children`, `div.comment-replies`), which the reader turns into
`reply_to`. Replies follow their parent; siblings are in date order, as both platforms list them.

E-mail and IP values never reach the page: the parsers do not even keep them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape

from extraction.mtif_page import convert_breaks
from extraction.xml_export import XmlComment, XmlPost

_GENERATORS = {"wxr": "WordPress 3.0.1", "blogger": "Blogger"}


def _iso(when: datetime | None) -> str:
    return when.isoformat() if when else ""


def _autop(html: str) -> str:
    """WordPress stores text before `wpautop`: its blank lines are the paragraphs the blog showed."""
    return convert_breaks(html.encode("utf-8"), b"__default__").decode("utf-8")


_MAX_DEPTH = 30  # deeper replies are shown at this depth (WordPress lets a blog choose at most 10)


def threads(comments: list[XmlComment]) -> dict[str | None, list[XmlComment]]:
    """Each comment's replies (None: the top level), siblings by date then file order; a reply
    whose parent is not in the file (moderated, deleted) or is itself is shown at the top level."""
    order = {id(c): i for i, c in enumerate(comments)}
    ids = {c.id for c in comments if c.id}
    children: dict[str | None, list[XmlComment]] = {}
    for comment in comments:
        parent = comment.parent if comment.parent in ids and comment.parent != comment.id else None
        children.setdefault(parent, []).append(comment)
    for siblings in children.values():
        siblings.sort(key=lambda c: (c.published is None, c.published or datetime.min, order[id(c)]))
    return children


def nested(comments: list[XmlComment], one: Callable[[XmlComment], str], replies: tuple[str, str]) -> str:
    """Every comment's markup (`one` opens its element), its replies inside it, wrapped in
    `replies`; a comment a cycle of parents hides from the top is shown at the top level."""
    children = threads(comments)
    shown: set[int] = set()

    def render(comment: XmlComment, depth: int) -> str:
        shown.add(id(comment))
        inner = [render(c, depth + 1) for c in children.get(comment.id, []) if id(c) not in shown]
        if depth >= _MAX_DEPTH:
            return one(comment) + "</li>\n" + "".join(inner)
        wrapped = replies[0] + "".join(inner) + replies[1] if inner else ""
        return one(comment) + wrapped + "</li>\n"

    top = "".join(render(c, 0) for c in children.get(None, []))
    return top + "".join(render(c, 0) for c in comments if id(c) not in shown)


def _head(post: XmlPost) -> str:
    return (
        '<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />\n'
        f'<meta name="generator" content="{_GENERATORS[post.format]}" />\n'
        f"<title>{escape(post.title)}</title>\n</head>\n<body>\n"
    )


def _who(comment: XmlComment, css: str) -> str:
    name = escape(comment.author)
    if comment.author_url:
        name = f'<a href="{escape(comment.author_url)}" rel="external nofollow" class="url">{name}</a>'
    return f'<cite class="{css}">{name}</cite>'


def _wordpress_comment(comment: XmlComment) -> str:
    when = _iso(comment.published)
    return (
        f'<li class="comment" id="li-comment-{escape(comment.id)}">\n<div id="comment-{escape(comment.id)}">\n'
        f'<div class="comment-body">\n<div class="comment-author vcard">{_who(comment, "fn")} '
        '<span class="says">dit&nbsp;:</span></div>\n'
        f'<div class="comment-meta commentmetadata"><time datetime="{when}">{when}</time></div>\n'
        f'<div class="comment-content">{_autop(comment.html)}</div>\n</div>\n</div>\n'
    )


def _wordpress(post: XmlPost) -> str:
    when = _iso(post.published)
    cats = ", ".join(f'<a rel="category tag">{escape(c)}</a>' for c in post.categories)
    tags = ", ".join(f'<a rel="tag">{escape(t)}</a>' for t in post.tags)
    return (
        f'<div class="post type-post hentry">\n<h1 class="entry-title">{escape(post.title)}</h1>\n'
        f'<div class="entry-meta"><time class="entry-date" datetime="{when}">{when}</time> par '
        f'<span class="author vcard"><span class="fn">{escape(post.author)}</span></span></div>\n'
        f'<div class="entry-content">\n{_autop(post.html)}\n</div>\n<div class="entry-utility">'
        + (f'<span class="cat-links">{cats}</span> ' if cats else "")
        + (f'<span class="tag-links">{tags}</span>' if tags else "")
        + f'</div>\n</div>\n<div id="comments">\n<h3 id="comments-title">{len(post.comments)} commentaires</h3>\n'
        + '<ol class="commentlist">\n'
        + nested(post.comments, _wordpress_comment, ("<ul class='children'>\n", "</ul>\n"))
        + "</ol>\n</div>\n"
    )


def _blogger_comment(comment: XmlComment) -> str:
    return (
        f'<li class="comment" id="c{escape(comment.id)}">\n<div class="comment-block">\n'
        f'<div class="comment-header">{_who(comment, "user")} '
        f'<span class="datetime secondary-text">{_iso(comment.published)}</span></div>\n'
        f'<div class="comment-content">{comment.html}</div>\n</div>\n'
    )


def _blogger(post: XmlPost) -> str:
    labels = ", ".join(f'<a rel="tag">{escape(t)}</a>' for t in post.tags)
    return (
        f'<div class="post hentry">\n<h3 class="post-title entry-title">{escape(post.title)}</h3>\n'
        f'<div class="post-body entry-content">\n{post.html}\n</div>\n<div class="post-footer">\n'
        f'<span class="post-author vcard">Publié par <span class="fn">{escape(post.author)}</span></span>\n'
        f'<span class="post-timestamp"><a class="timestamp-link"><abbr class="published" '
        f'title="{_iso(post.published)}">{_iso(post.published)}</abbr></a></span>\n'
        + (f'<span class="post-labels">Libellés : {labels}</span>\n' if labels else "")
        + f'</div>\n</div>\n<div class="comments" id="comments">\n<h4>{len(post.comments)} commentaires:</h4>\n'
        + '<div class="comments-content">\n<div class="comment-thread">\n<ol>\n'
        + nested(
            post.comments,
            _blogger_comment,
            ('<div class="comment-replies"><div class="comment-thread">\n<ol>\n', "</ol>\n</div></div>\n"),
        )
        + "</ol>\n</div>\n</div>\n</div>\n"
    )


def render_post(post: XmlPost) -> bytes:
    """The post's page, as UTF-8 bytes (the XML already decoded it; the reader's repairs still run)."""
    body = _wordpress(post) if post.format == "wxr" else _blogger(post)
    return (_head(post) + body + "</body>\n</html>\n").encode("utf-8", "xmlcharrefreplace")
