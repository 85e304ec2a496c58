"""Blogger's backup ("Sauvegarder le contenu"): one Atom feed that mixes posts, every comment ever
left and the blog's settings and template; each entry's kind category tells them apart.

As Blogger writes it (and importers read it: google-blog-converters, Nikola's and Pelican's
Blogger importers): `<category scheme="http://schemas.google.com/g/2005#kind"
term="http://schemas.google.com/blogger/2008/kind#post"/>` (`#comment`, `#settings`,
`#template`, `#page`); a post's permalink in `link rel="alternate" type="text/html"`; labels as
categories of scheme `http://www.blogger.com/atom/ns#`; a draft has `app:control/app:draft`
`yes` and no permalink; `published` is ISO 8601 with the blog's offset. A comment names its post
in `thr:in-reply-to ref=` (the post's `id`), and a threaded reply (2012+) its parent comment in
`link rel="related"` (…`/comments/default/<comment id>`). `author/email` (mostly
`noreply@blogger.com`) is counted and dropped.

Comments come after the posts in the file, so a post cannot be written when it is read. The file
is read twice: first every comment goes to a temporary SQLite file (on disk, not in memory),
then each post is yielded with its comments looked up: memory stays flat whatever the size.
"""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

from lxml import etree

from extraction.mtif import open_export
from extraction.xml_export import LineOffsets, XmlComment, XmlPost, wall_clock

ATOM = "{http://www.w3.org/2005/Atom}"
APP = "{http://purl.org/atom/app#}"
THR = "{http://purl.org/syndication/thread/1.0}"
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
KIND = "http://schemas.google.com/blogger/2008/kind#"
LABEL_SCHEME = "http://www.blogger.com/atom/ns#"
_COLUMNS = "post, id, author, author_url, published, html, parent, personal"


def read_blogger(path: Path) -> Iterator[XmlPost]:
    """Every post of the backup (drafts included, with status `draft`), in file order."""
    with (
        tempfile.TemporaryDirectory(prefix="blogger-") as folder,
        closing(sqlite3.connect(Path(folder) / "comments.sqlite")) as db,
    ):
        db.execute(f"CREATE TABLE comments ({_COLUMNS})")
        found = ((post, *_comment_row(entry)) for kind, post, _, entry in _entries(path) if kind == "comment")
        db.executemany(f"INSERT INTO comments VALUES ({', '.join('?' * 8)})", found)
        db.execute("CREATE INDEX by_post ON comments (post)")
        for kind, _, offset, entry in _entries(path):
            if kind == "post":
                post = _post(entry, offset)
                rows = db.execute(_SELECT, (_entry_id(entry),)).fetchall()
                post.comments = [_comment(row) for row in rows]
                post.personal += sum(row[-1] for row in rows)
                yield post


_SELECT = f"SELECT {_COLUMNS} FROM comments WHERE post = ? ORDER BY rowid"


def _entries(path: Path) -> Iterator[tuple[str, str, int, etree._Element]]:
    """(kind, post it answers, offset, element) of every entry; the element is cleared after."""
    with open_export(path) as raw:
        stream = LineOffsets(raw)
        offsets: dict[etree._Element, int] = {}
        for event, element in etree.iterparse(stream, events=("start", "end"), tag=f"{ATOM}entry", huge_tree=True):
            if event == "start":
                offsets[element] = stream.offset_of(element.sourceline)
                continue
            reply = element.find(f"{THR}in-reply-to")
            yield _kind(element), reply.get("ref", "") if reply is not None else "", offsets.pop(element, -1), element
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]


def _kind(entry: etree._Element) -> str:
    for category in entry.iterfind(f"{ATOM}category"):
        if category.get("scheme") == KIND_SCHEME:
            return (category.get("term") or "").removeprefix(KIND)
    return ""


def _text(entry: etree._Element, tag: str) -> str:
    found = entry.find(tag)
    return (found.text or "") if found is not None else ""


def _entry_id(entry: etree._Element) -> str:
    return _text(entry, f"{ATOM}id").strip()


def _link(entry: etree._Element, rel: str) -> str:
    for link in entry.iterfind(f"{ATOM}link"):
        if link.get("rel") == rel and (rel != "alternate" or link.get("type", "text/html") == "text/html"):
            return link.get("href") or ""
    return ""


def _author(entry: etree._Element) -> tuple[str, str, int]:
    """Name, profile URL, and how many e-mail values the author element held (never read out)."""
    author = entry.find(f"{ATOM}author")
    if author is None:
        return "", "", 0
    email = 1 if _text(author, f"{ATOM}email").strip() else 0
    return _text(author, f"{ATOM}name").strip(), _text(author, f"{ATOM}uri").strip(), email


def _short_id(tag: str) -> str:
    """`tag:blogger.com,1999:blog-B.post-C` and `…/comments/default/C` give C."""
    return tag.rsplit("post-", 1)[-1] if ".post-" in tag else tag.rstrip("/").rsplit("/", 1)[-1]


def _comment_row(entry: etree._Element) -> tuple[str, str, str, str, str, str | None, int]:
    name, uri, email = _author(entry)
    related = _link(entry, "related")
    published = _text(entry, f"{ATOM}published").strip()
    parent = _short_id(related) if related else None
    return _short_id(_entry_id(entry)), name, uri, published, _text(entry, f"{ATOM}content"), parent, email


def _comment(row: tuple[str, ...]) -> XmlComment:
    _post, id_, author, url, published, html, parent, _email = row
    return XmlComment(id_, author, url, wall_clock(published), html, parent)


def _post(entry: etree._Element, offset: int) -> XmlPost:
    control = entry.find(f"{APP}control")
    draft = control is not None and _text(control, f"{APP}draft").strip().lower() == "yes"
    name, _uri, email = _author(entry)
    return XmlPost(
        format="blogger",
        offset=offset,
        url=_link(entry, "alternate"),
        status="draft" if draft else "publish",
        title=_text(entry, f"{ATOM}title").strip(),
        author=name,
        published=wall_clock(_text(entry, f"{ATOM}published")),
        html=_text(entry, f"{ATOM}content"),
        tags=[c.get("term", "") for c in entry.iterfind(f"{ATOM}category") if c.get("scheme") == LABEL_SCHEME],
        personal=email,
    )
