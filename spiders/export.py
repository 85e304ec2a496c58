"""`scrapy crawl export -a path=FILE_OR_GLOB [-a url=BLOG_HOME]`: the files bloggers saved.

When TypePad closed, its export file (the Movable Type import/export format) was the one way
out it gave; many blogs now survive only as such a file. This spider reads them, offline, and
hands each published entry to the pipelines every other source feeds, as one `PostCaptures`
whose one page is the entry rendered as TypePad markup (`extraction/mtif_page.py` says why):
the same reader, repairs, deduplication and tables as a crawl; `source_kind` is `export`, and
`source_file`/`source_offset` point at the entry's first byte. Like `warc`, it makes no request:
every item comes out of `start()`, one entry at a time, so memory does not grow with the file.

Permalinks are rebuilt the way TypePad and MT built them, so a post has the same `url` and
`post_id` from an export, a crawl or the Wayback Machine: the entry's `UNIQUE URL` when it lies
inside the blog (`-a url`) or no blog is given, else `BLOG_HOME/YYYY/MM/BASENAME.html`. Without
`-a url` and without `UNIQUE URL`, the address is under `http://export.invalid/<file>/`: a stable
placeholder, never a real host. WordPress WXR and Blogger Atom backups are read too, sniffed per
file (`_entries_of`): their posts carry their permalinks, and their pages are rendered in their
platform's markup (`extraction/export_page.py`), threads included.
"""

from __future__ import annotations

import glob
import gzip
import zlib
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

import scrapy
from lxml import etree

from blogarchive.arguments import blog_url, export_path, no_other
from blogarchive.items import Capture, PostCaptures, RawPage, SkippedPage
from extraction.blogger_atom import read_blogger
from extraction.export_page import render_post
from extraction.mtif import Entry, open_export, read_entries
from extraction.mtif_page import render_entry
from extraction.platforms.movabletype import MOVABLE_TYPE_URLS
from extraction.urls import BlogScope
from extraction.wxr import read_wxr
from extraction.xml_export import XmlPost
from spiders.warc import OFFLINE_SETTINGS, archive_name

_SOURCE_KIND = "export"
_TYPEPAD_KEYS = (b"UNIQUE URL", b"AUTHOR EMAIL")  # keys only TypePad's exporter writes
_SNIFF_BYTES = 4096  # the XML prolog and root element's namespaces come first in both formats


def export_files(spec: str) -> list[Path]:
    """A file, every file under a folder, or what a glob matches; in name order."""
    path = Path(spec).expanduser()
    if path.is_file():
        return [path.absolute()]
    if path.is_dir():
        return sorted(p.absolute() for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
    return sorted({Path(p).absolute() for p in glob.glob(str(path), recursive=True) if Path(p).is_file()})


class ExportSpider(scrapy.Spider):
    name = "export"
    keeps_pages = False  # it reads files: its input already holds the pages (KEEP_PAGES)
    custom_settings: ClassVar[dict[str, Any]] = OFFLINE_SETTINGS

    def __init__(self, path: str | None = None, url: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        blog_url(url)  # the path is checked by `scrapy crawl`, and again in start() (counted, never fatal)
        self.path = path
        self.home_url = url if not url or url.endswith("/") else url + "/"
        self.arguments = {k: v for k, v in (("path", path), ("url", url)) if v}
        self.dataset_name = None if url else f"export-{archive_name(path or '')}"
        self.scope = BlogScope.from_home(self.home_url, MOVABLE_TYPE_URLS) if self.home_url else None
        self.read_at = datetime.now(timezone.utc)

    @staticmethod
    def check_arguments(path: str | None = None, url: str | None = None, **unknown: str) -> None:
        """BadArgument on a mistake, before anything starts (commands/crawl.py calls it)."""
        no_other(unknown, "path", "url")
        export_path(path)
        blog_url(url)

    async def start(self) -> AsyncIterator[Any]:
        files = export_files(self.path) if self.path else []
        if not files:
            why = f"-a path={self.path}: no such file, nothing matches" if self.path else "no -a path given"
            self.crawler.stats.set_value("source/unreachable", why)
            yield SkippedPage(self.path or "(no -a path)", "export_missing", why, source_kind=_SOURCE_KIND)
            return
        for file in files:
            self.logger.info("Reading export file %s", file)
            for item in self._items(file):
                yield item

    def _items(self, file: Path) -> Iterator[PostCaptures | SkippedPage]:
        entries = 0
        try:
            for entry in _entries_of(file):
                entries += 1
                yield self.item(entry, file)
        except (
            OSError,
            EOFError,
            zlib.error,
            gzip.BadGzipFile,
            etree.XMLSyntaxError,
        ) as error:  # a damaged file costs its rest
            detail = f"{file}: {type(error).__name__}: {error} (after {entries} entries)"
            self.logger.warning("%s", detail)
            yield SkippedPage(str(file), "export_unreadable", detail, source_kind=_SOURCE_KIND)
        self.crawler.stats.inc_value("export/files")
        if not entries:
            self.crawler.stats.set_value("source/empty", f"no entry in {file}")

    def item(self, entry: Entry | XmlPost, file: Path) -> PostCaptures | SkippedPage:
        """One entry: its post (the page the reader reads), or why it is not written."""
        if isinstance(entry, XmlPost):
            return self.xml_item(entry, file)
        stats = self.crawler.stats
        stats.inc_value("export/entries")
        stats.inc_value("export/pings_not_written", len(entry.pings))  # trackbacks are no reader comments
        stats.inc_value("export/personal_fields_dropped", _personal_values(entry))
        url = self.permalink(entry, file)
        if entry.status != "publish":
            reason = "draft" if entry.status == "draft" else "not_published"
            detail = f"{file} byte {entry.offset}: STATUS {entry.status}"
            return SkippedPage(url, reason, detail, 200, self.read_at, _SOURCE_KIND)
        return self.page(url, render_entry(entry, self.platform_of(entry)), file, entry.offset)

    def xml_item(self, post: XmlPost, file: Path) -> PostCaptures | SkippedPage:
        """A WXR or Blogger post, counted as an MT entry is; its URL is the file's permalink."""
        stats = self.crawler.stats
        stats.inc_value("export/entries")
        stats.inc_value("export/pings_not_written", post.pings)
        stats.inc_value("export/unapproved_not_written", post.unapproved)
        stats.inc_value("export/personal_fields_dropped", post.personal)
        url = post.url or f"http://export.invalid/{archive_name(str(file))}/entry_{post.offset}.html"
        if post.status != "publish":
            reason = "draft" if post.status == "draft" else "not_published"
            detail = f"{file} byte {post.offset}: status {post.status}"
            return SkippedPage(url, reason, detail, 200, self.read_at, _SOURCE_KIND)
        return self.page(url, render_post(post), file, post.offset)

    def page(self, url: str, body: bytes, file: Path, offset: int) -> PostCaptures:
        page = RawPage(
            url=url,
            status=200,
            headers={"Content-Type": "text/html"},  # no charset: the entry's bytes decide (UTF-8, else windows-1252)
            body=body,
            fetched_at=self.read_at,
            source_kind=_SOURCE_KIND,
            source_file=str(file),
            source_offset=offset,
        )
        return PostCaptures(url=url, captures=[Capture([page])])

    def permalink(self, entry: Entry, file: Path) -> str:
        unique = entry.get(b"UNIQUE URL").decode("ascii", "replace").strip()
        if unique and (self.scope is None or self.scope.inside(unique)):
            return unique
        basename = entry.get(b"BASENAME").decode("ascii", "replace").strip() or f"entry_{entry.offset}"
        month = f"{entry.date:%Y/%m}/" if entry.date else ""
        home = self.home_url or f"http://export.invalid/{archive_name(str(file))}/"
        return urljoin(home, f"{month}{basename}.html")

    def platform_of(self, entry: Entry) -> str:
        """TypePad when the entry has TypePad's own keys or the blog is on a TypePad host."""
        host = urlsplit(self.home_url or "").hostname or ""
        typepad = any(k in entry.metadata for k in _TYPEPAD_KEYS) or host.endswith(("typepad.com", "typepad.fr"))
        return "typepad" if typepad else "movabletype"


def _entries_of(file: Path) -> Iterator[Entry | XmlPost]:
    """The file's entries, its format sniffed from its first bytes (through gzip if need be):
    WXR is RSS declaring WordPress's export namespace, a Blogger backup an Atom feed whose ids
    are Blogger's; anything else is read as a Movable Type / TypePad export."""
    with open_export(file) as stream:
        head = stream.read(_SNIFF_BYTES)
    if b"<rss" in head and b"xmlns:wp=" in head:
        return read_wxr(file)
    if b"<feed" in head and b"http://www.w3.org/2005/Atom" in head and b"blogger.com" in head:
        return read_blogger(file)
    return read_entries(file)


def _personal_values(entry: Entry) -> int:
    """How many e-mail and IP values the entry held: counted, never read out (the page has none)."""
    count = 1 if entry.get(b"AUTHOR EMAIL") else 0
    count += sum(1 for c in entry.comments for key in (b"EMAIL", b"IP") if c.get(key))
    return count + sum(1 for p in entry.pings if p.headers.get(b"IP"))
