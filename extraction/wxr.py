"""WordPress eXtended RSS (WXR), the export WordPress writes and the one Over-blog, Canalblog and
Hautetfort migrations produced, read item by item.

As WordPress's exporter (`wp-admin/includes/export.php`) writes it and its importer reads it
(wordpress-importer's `parsers`, test data `tests/data/*.xml`): one `<item>` per post, page or
attachment, `wp:post_type` saying which and `wp:status` whether it is published; the permalink
in `<link>`; the body in `content:encoded` as saved, before `wpautop` (so its blank lines are
paragraphs, as on the blog); `wp:post_date` in the blog's wall-clock time; `category` elements
with `domain="category"` or `domain="post_tag"`. Each `wp:comment` has `wp:comment_id`,
`wp:comment_parent` (0: none), `wp:comment_approved` (`1`; `0` moderated, `spam`, `trash`),
`wp:comment_type` (empty or `comment`; `pingback`, `trackback`), and the commenter's e-mail and
IP (`wp:comment_author_email`, `wp:comment_author_IP`), counted and dropped here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from extraction.mtif import open_export
from extraction.xml_export import LineOffsets, XmlComment, XmlPost, wall_clock

_WP_NAMES = ("http://wordpress.org/export/1.0/", "http://wordpress.org/export/1.1/", "http://wordpress.org/export/1.2/")
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
_PERSONAL = ("comment_author_email", "comment_author_IP")
_PINGS = ("pingback", "trackback")


def read_wxr(path: Path) -> Iterator[XmlPost]:
    """Every item of type `post` in the file, in file order (pages and attachments are not posts)."""
    with open_export(path) as raw:
        stream = LineOffsets(raw)
        offsets: dict[etree._Element, int] = {}
        for event, element in etree.iterparse(stream, events=("start", "end"), tag="item", huge_tree=True):
            if event == "start":
                offsets[element] = stream.offset_of(element.sourceline)
                continue
            offset = offsets.pop(element, -1)
            post = _post(element, offset)
            element.clear()
            while element.getprevious() is not None:  # what iterparse keeps of earlier items
                del element.getparent()[0]
            if post is not None:
                yield post


def _wp(element: etree._Element, name: str) -> str:
    """The text of `wp:NAME`, whichever WXR version (1.0–1.2) the file declares."""
    for space in _WP_NAMES:
        found = element.find(f"{{{space}}}{name}")
        if found is not None:
            return (found.text or "").strip()
    return ""


def _wp_all(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for space in _WP_NAMES for child in element.iterfind(f"{{{space}}}{name}")]


def _text(element: etree._Element, tag: str) -> str:
    found = element.find(tag)
    return (found.text or "") if found is not None else ""


def _post(item: etree._Element, offset: int) -> XmlPost | None:
    if _wp(item, "post_type") not in ("post", ""):
        return None
    post = XmlPost(
        format="wxr",
        offset=offset,
        url=_text(item, "link").strip(),
        status=_wp(item, "status").lower() or "publish",
        title=_text(item, "title").strip(),
        author=_text(item, DC_CREATOR).strip(),
        published=wall_clock(_wp(item, "post_date")),
        html=_text(item, CONTENT),
    )
    for category in item.iterfind("category"):
        kind = category.get("domain") or "category"
        names = post.categories if kind == "category" else post.tags if kind == "post_tag" else None
        label = (category.text or "").strip()
        if names is not None and label and label not in names:
            names.append(label)
    for comment in _wp_all(item, "comment"):
        _add_comment(post, comment)
    return post


def _add_comment(post: XmlPost, comment: etree._Element) -> None:
    post.personal += sum(1 for name in _PERSONAL if _wp(comment, name))
    if _wp(comment, "comment_type").lower() in _PINGS:
        post.pings += 1
        return
    if _wp(comment, "comment_approved") != "1":  # 0 (moderated), spam, trash: never shown
        post.unapproved += 1
        return
    parent = _wp(comment, "comment_parent")
    post.comments.append(
        XmlComment(
            id=_wp(comment, "comment_id"),
            author=_wp(comment, "comment_author"),
            author_url=_wp(comment, "comment_author_url"),
            published=wall_clock(_wp(comment, "comment_date")),
            html=_wp(comment, "comment_content"),
            parent=parent if parent not in ("", "0") else None,
        )
    )
