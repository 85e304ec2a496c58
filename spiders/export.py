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
placeholder, never a real host. WordPress WXR and Blogger Atom backups will be other formats
behind `_entries_of` (sniffed per file), yielding the same items.
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

from blogarchive.arguments import blog_url, export_path, no_other
from blogarchive.items import Capture, PostCaptures, RawPage, SkippedPage
from extraction.mtif import Entry, read_entries
from extraction.mtif_page import render_entry
from extraction.platforms.movabletype import MOVABLE_TYPE_URLS
from extraction.urls import BlogScope
from spiders.warc import archive_name

_SOURCE_KIND = "export"
_TYPEPAD_KEYS = (b"UNIQUE URL", b"AUTHOR EMAIL")  # keys only TypePad's exporter writes


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
    custom_settings: ClassVar[dict[str, Any]] = {
        # Offline: the posts come from files, so there is no robots.txt to ask and no server to spare.
        "ROBOTSTXT_OBEY": False,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
    }

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
        except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as error:  # a damaged file costs its rest
            detail = f"{file}: {type(error).__name__}: {error} (after {entries} entries)"
            self.logger.warning("%s", detail)
            yield SkippedPage(str(file), "export_unreadable", detail, source_kind=_SOURCE_KIND)
        self.crawler.stats.inc_value("export/files")
        if not entries:
            self.crawler.stats.set_value("source/empty", f"no entry in {file}")

    def item(self, entry: Entry, file: Path) -> PostCaptures | SkippedPage:
        """One entry: its post (the page the reader reads), or why it is not written."""
        stats = self.crawler.stats
        stats.inc_value("export/entries")
        stats.inc_value("export/pings_not_written", len(entry.pings))  # trackbacks are no reader comments
        stats.inc_value("export/personal_fields_dropped", _personal_values(entry))
        url = self.permalink(entry, file)
        if entry.status != "publish":
            reason = "draft" if entry.status == "draft" else "not_published"
            detail = f"{file} byte {entry.offset}: STATUS {entry.status}"
            return SkippedPage(url, reason, detail, 200, self.read_at, _SOURCE_KIND)
        page = RawPage(
            url=url,
            status=200,
            headers={"Content-Type": "text/html"},  # no charset: the entry's bytes decide (UTF-8, else windows-1252)
            body=render_entry(entry, self.platform_of(entry)),
            fetched_at=self.read_at,
            source_kind=_SOURCE_KIND,
            source_file=str(file),
            source_offset=entry.offset,
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


def _entries_of(file: Path) -> Iterator[Entry]:
    """The file's entries; the one place a second format (WXR, Blogger Atom) will be sniffed."""
    return read_entries(file)


def _personal_values(entry: Entry) -> int:
    """How many e-mail and IP values the entry held: counted, never read out (the page has none)."""
    count = 1 if entry.get(b"AUTHOR EMAIL") else 0
    count += sum(1 for c in entry.comments for key in (b"EMAIL", b"IP") if c.get(key))
    return count + sum(1 for p in entry.pings if p.headers.get(b"IP"))
