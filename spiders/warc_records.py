"""Reading WARC and ARC files without Scrapy: index every file once, then read posts by offset.

A web archive keeps records in capture order, not post order: a post's comment pages may sit
thousands of records after it or in another file, the same URL may be captured many times, and a
revisit record holds no payload at all, only a pointer to an earlier identical response. So one
pass over the files keeps a small `Capture` (URL, date, file, byte offset, digest) per record
of a post or comment page, and no payload; then each post's records are read back by seeking
to their offsets, so memory holds one post at a time whatever the archive's size.
"""

from __future__ import annotations

import glob
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import iso_date_to_datetime

from blogarchive.items import RawPage
from dataset_folder.warc_parts import (
    ARCHIVE_TIMESTAMP_HEADER,
    ARCHIVE_URL_HEADER,
    FETCHED_AT_HEADER,
    SOURCE_KIND_HEADER,
)
from extraction.urls import Located, PageKind
from schemas.enums import SOURCE_KINDS
from spiders.warc_resync import Damaged, is_gzipped, walk

ARCHIVE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
# Describe the bytes as stored, not as handed on: the payload passed on is already decoded.
_DROPPED_HEADERS = frozenset({"content-encoding", "transfer-encoding"})

LocateFn = Callable[[str], "Located | None"]  # a post or comment page, with the post it belongs to


@dataclass(frozen=True)
class Capture:
    """One HTTP response or revisit record: where it is, and what a revisit points at."""

    url: str
    date: datetime  # WARC-Date, aware UTC
    file: Path
    offset: int
    status: int | None
    revisit: bool = False
    digest: str | None = None
    record_id: str | None = None
    refers_to_id: str | None = None
    refers_to: tuple[str, datetime] | None = None  # WARC-Refers-To-Target-URI and -Date

    @property
    def timestamp(self) -> str:
        return self.date.strftime("%Y%m%d%H%M%S")


@dataclass(frozen=True)
class ArchiveProblem:
    """A file, or a stretch of one, that could not be read: reported, never fatal."""

    file: str
    reason: str  # warc_missing | warc_unreadable | warc_corrupt | warc_empty
    detail: str


@dataclass(frozen=True)
class PostRecords:
    """Every record of one post in the files: its permalink's captures and its comment pages'."""

    key: str  # Located.post_key
    post: list[Capture]  # in file order
    comment_pages: dict[int, list[Capture]]  # by page number


class RevisitUnresolved(LookupError):
    """A revisit whose original response is in none of the files read."""


class PayloadTooLarge(ValueError):
    """A payload that decodes to more than the crawl's DOWNLOAD_MAXSIZE: never read whole."""


@dataclass
class ArchiveIndex:
    """Captures of the pages wanted, by URL, and the responses their revisits may point at."""

    captures: dict[str, list[Capture]] = field(default_factory=dict)
    by_id: dict[str, Capture] = field(default_factory=dict)
    by_capture: dict[tuple[str, datetime], Capture] = field(default_factory=dict)
    by_digest: dict[str, Capture] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    problems: list[ArchiveProblem] = field(default_factory=list)

    def add(self, capture: Capture, wanted: bool) -> None:
        if not wanted:
            self.counts["records_ignored"] += 1
            return
        self.captures.setdefault(capture.url, []).append(capture)
        self.remember(capture)

    def remember(self, capture: Capture) -> None:
        """File a response under the three names a revisit may call it by."""
        if capture.revisit:
            return
        if capture.record_id:
            self.by_id.setdefault(capture.record_id, capture)
        self.by_capture.setdefault((capture.url, capture.date.replace(microsecond=0)), capture)
        if capture.digest:
            self.by_digest.setdefault(capture.digest, capture)

    def original_of(self, capture: Capture) -> Capture | None:
        """The response whose payload a capture carries: itself, or what its revisit points at."""
        if not capture.revisit:
            return capture
        if capture.refers_to_id and capture.refers_to_id in self.by_id:
            return self.by_id[capture.refers_to_id]
        if capture.refers_to and capture.refers_to in self.by_capture:
            return self.by_capture[capture.refers_to]
        return self.by_digest.get(capture.digest) if capture.digest else None

    def unresolved_names(self) -> set[object]:
        """Every name (record id, URL and date, digest) of an original still missing."""
        revisits = (c for captures in self.captures.values() for c in captures if c.revisit)
        missing = (c for c in revisits if self.original_of(c) is None)
        return {name for c in missing for name in (c.refers_to_id, c.refers_to, c.digest) if name}

    def usable(self, capture: Capture) -> bool:
        """A capture whose payload can be read and is a page (HTTP 200, revisit resolved)."""
        return self._usable(capture)

    def _usable(self, capture: Capture) -> bool:
        original = self.original_of(capture)
        return original is not None and original.status == 200


def archive_files(spec: str) -> list[Path]:
    """A file (whatever its name), every archive under a directory, or what a glob matches."""
    path = Path(spec).expanduser()
    if path.is_file():
        return [path.absolute()]
    if path.is_dir():
        return sorted(p.absolute() for p in path.rglob("*") if p.is_file() and p.name.endswith(ARCHIVE_SUFFIXES))
    matches = (Path(p) for p in glob.glob(str(path), recursive=True))
    return sorted({f.absolute() for m in matches for f in ([m] if m.is_file() else archive_files(str(m)))})


def index_archives(files: list[Path], locate: LocateFn) -> ArchiveIndex:
    """Captures of the wanted URLs; then, only if some revisit needs it, its original elsewhere.

    Remembering every response of a multi-gigabyte crawl in case a revisit points at it would
    cost more memory than reading the files twice when one does (the same payload under two
    URLs, deduplicated by digest): the second pass keeps only the originals still missing.
    """
    index = ArchiveIndex()
    for file in files:
        for capture in _captures_in(file, index.counts, index.problems):
            index.add(capture, wanted=locate(capture.url) is not None)
    needed = index.unresolved_names()
    if needed:
        again = ArchiveIndex()  # counts and problems of the second pass are those of the first
        for file in files:
            for capture in _captures_in(file, again.counts, again.problems):
                names = (capture.record_id, (capture.url, capture.date.replace(microsecond=0)), capture.digest)
                if not capture.revisit and not needed.isdisjoint(names):
                    index.remember(capture)
    return index


def _captures_in(file: Path, counts: Counter[str], problems: list[ArchiveProblem]) -> Iterator[Capture]:
    """Every capture of one file, in order; each damaged region between them is reported and skipped."""
    records = damaged = 0
    try:
        with file.open("rb") as stream:
            for item in walk(stream, is_gzipped(stream, file.name)):
                if isinstance(item, Damaged):
                    damaged += 1
                    counts["damaged_regions"] += 1
                    counts["damaged_bytes"] += item.end - item.start
                    problems.append(ArchiveProblem(str(file), "warc_corrupt", _damage_detail(file, item)))
                    continue
                offset, record = item
                records += 1
                capture = _capture_of(record, file, offset, counts)
                if capture is not None:
                    yield capture
    except OSError as error:
        problems.append(ArchiveProblem(str(file), "warc_unreadable", f"cannot read {file}: {error}"))
        return
    counts["records"] += records
    counts["files"] += 1
    if records == damaged == 0:  # a file of nothing but damage has its damage reported
        size = file.stat().st_size
        what = "0 bytes" if size == 0 else f"{size} bytes and no record (a gzip of nothing?)"
        problems.append(ArchiveProblem(str(file), "warc_empty", f"{file}: {what}, nothing to read"))


def _damage_detail(file: Path, damage: Damaged) -> str:
    """Where the damage is, so the bytes can be looked at (`dd skip=START count=END-START`)."""
    then = f"reading resumed at byte {damage.end}" if damage.resumed else "no record after it"
    return f"{file}: bytes {damage.start}-{damage.end} damaged, skipped ({damage.why}); {then}"


def _capture_of(record: ArcWarcRecord, file: Path, offset: int, counts: Counter[str]) -> Capture | None:
    """The capture an HTTP response or revisit record stands for; None for any other record."""
    is_response = record.rec_type == "response" and record.http_headers is not None
    if not (is_response or record.rec_type == "revisit"):
        counts["records_other_types"] += 1  # warcinfo, request, metadata, DNS, resource
        return None
    headers = record.rec_headers
    try:
        url = _clean_uri(headers.get_header("WARC-Target-URI"))
        date = iso_date_to_datetime(headers.get_header("WARC-Date"), tz_aware=True)
    except (TypeError, ValueError, AttributeError):
        counts["records_malformed"] += 1  # no URI or no readable date: nothing to file it under
        return None
    return Capture(
        url=url,
        date=date,
        file=file,
        offset=offset,
        status=_status(record),
        revisit=record.rec_type == "revisit",
        digest=headers.get_header("WARC-Payload-Digest"),
        record_id=headers.get_header("WARC-Record-ID"),
        refers_to_id=headers.get_header("WARC-Refers-To"),
        refers_to=_refers_to(headers),
    )


def _refers_to(headers: StatusAndHeaders) -> tuple[str, datetime] | None:
    """The URL and date of the response a revisit repeats, when it names them (to the second)."""
    uri, date = headers.get_header("WARC-Refers-To-Target-URI"), headers.get_header("WARC-Refers-To-Date")
    try:
        return _clean_uri(uri), iso_date_to_datetime(date, tz_aware=True).replace(microsecond=0)
    except (TypeError, ValueError, AttributeError):
        return None  # absent or unreadable: the payload digest may still find the original


def group_posts(index: ArchiveIndex, locate: LocateFn) -> tuple[list[PostRecords], list[Capture]]:
    """Each post's records, in file order of its first capture; and comment pages with no post."""
    posts: dict[str, list[Capture]] = {}
    pages: dict[str, dict[int, list[Capture]]] = {}
    for url, captures in index.captures.items():
        located = locate(url)
        if located is None:
            continue
        if located.kind is PageKind.COMMENT_PAGE:
            pages.setdefault(located.post_key, {}).setdefault(located.page_number, []).extend(captures)
        else:
            posts.setdefault(located.post_key, []).extend(captures)
    groups = [PostRecords(key, sorted(c, key=_place), pages.get(key, {})) for key, c in posts.items()]
    groups.sort(key=lambda group: _place(group.post[0]))
    orphans = [c for key, by_number in pages.items() if key not in posts for cs in by_number.values() for c in cs]
    return groups, orphans


def _place(capture: Capture) -> tuple[str, int]:
    return str(capture.file), capture.offset


def read_page(capture: Capture, index: ArchiveIndex, max_size: int = 0) -> RawPage:
    """The capture's page with its payload decoded (chunked, gzip): a revisit reads its original.

    A revisit keeps its own URL, date and place in the file; the status and headers come with
    the payload from the original, since they describe those bytes. A payload decoding to more
    than `max_size` bytes (0: no limit) raises PayloadTooLarge after `max_size + 1` are read: a
    few kilobytes of gzip may inflate to gigabytes, as a live response may be endless.
    """
    original = index.original_of(capture)
    if original is None:
        raise RevisitUnresolved(f"revisit of {capture.url} at {capture.timestamp}: its original is in no file read")
    with original.file.open("rb") as stream:
        stream.seek(original.offset)
        record = next(iter(ArchiveIterator(stream, arc2warc=True)), None)
        if record is None:
            raise ArchiveLoadFailed(f"no record at byte {original.offset} of {original.file}")
        body = _payload(record, max_size)
        truncated = bool(record.rec_headers.get_header("WARC-Truncated"))
        headers = _joined(record.http_headers.headers if record.http_headers else [])
        status = _status(record) or 0
    page = RawPage(
        url=capture.url,
        status=status,
        headers=headers,
        body=body,
        fetched_at=capture.date,
        truncated=truncated,
        source_kind="warc",
        archive_timestamp=capture.timestamp,
        source_file=str(capture.file),
        source_offset=capture.offset,
        record_id=capture.record_id or f"{capture.file}#{capture.offset}",
    )
    return kept_provenance(page, record.rec_headers) if original is capture else page


def kept_provenance(page: RawPage, headers: StatusAndHeaders) -> RawPage:
    """A record this project kept (KEEP_PAGES) says how the page was first fetched: the rows read
    from it record that fetch (source kind, fetch time, snapshot), not the reading of a file."""
    kind, fetched = headers.get_header(SOURCE_KIND_HEADER), headers.get_header(FETCHED_AT_HEADER)
    if kind not in SOURCE_KINDS or not fetched:
        return page
    try:
        page.fetched_at = datetime.fromisoformat(fetched)
    except ValueError:
        return page  # a header damaged by hand: the WARC-Date stands
    page.source_kind = kind
    page.archive_timestamp = headers.get_header(ARCHIVE_TIMESTAMP_HEADER)
    page.archive_url = headers.get_header(ARCHIVE_URL_HEADER)
    return page


def _payload(record: ArcWarcRecord, max_size: int) -> bytes:
    if not max_size:
        return record.content_stream().read()
    body = record.content_stream().read(max_size + 1)
    if len(body) > max_size:
        raise PayloadTooLarge(f"its payload decodes to more than DOWNLOAD_MAXSIZE ({max_size} bytes): not read whole")
    return body


def _joined(pairs: list[tuple[str, str]]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in pairs:
        if name.lower() not in _DROPPED_HEADERS:
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


def _status(record: ArcWarcRecord) -> int | None:
    try:
        return int(record.http_headers.get_statuscode())
    except (TypeError, ValueError, AttributeError):
        return None


def _clean_uri(uri: str) -> str:
    """WARC 1.0 examples wrap the URI in <>, and some crawlers copied them."""
    return uri.strip().removeprefix("<").removesuffix(">").split("#", 1)[0]


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())[:300] or type(error).__name__
