"""`KEEP_PAGES`: every response the crawl received, with its request, as WARC in the dataset folder.

An extension on `response_received` rather than a downloader middleware: the signal fires once
per response that reaches the engine, after every downloader middleware has run, so the body is
the one the spider reads (decompressed, redirects already followed, retries already settled),
and no middleware order has to be kept right. The headers are written as `spiders/warc_records`
reads them back: no Content-Encoding or Transfer-Encoding, the Content-Length of the body kept.

Spiders that read files (`warc`, `export`) set `keeps_pages = False`: their input already is
the record. A Wayback snapshot (`wayback` sets `snapshot_pages = True`) is written under the URL
it is a capture of, dated by its capture time, so the `warc` spider reads it as the page it was.

Each response record also carries the provenance the rows record (`X-Blog-Archive-*` headers:
source kind, fetch time to the millisecond, snapshot URL and timestamp), which the `warc`
spider honours, so rows read back from the WARC equal the crawl's (README, "Re-extraction").
Where each record went (`KeptPage`) is put on the request's meta for the spider's page, and
announced (`signals.page_kept`) for the `pages` table; before each Parquet commit
(`signals.pages_committing`) the current WARC file is committed.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured

from blogarchive import signals as kept_signals
from blogarchive.dataset_dir import dataset_dir, folder_job
from blogarchive.items import FEEDS_POST, KEPT_PAGE, KeptPage
from blogarchive.privacy import pseudonymiser_from
from dataset_folder.parts import lock, new_run_id
from dataset_folder.privacy_card import RAW_PAGES_SUFFIX
from dataset_folder.warc_parts import (
    ARCHIVE_TIMESTAMP_HEADER,
    ARCHIVE_URL_HEADER,
    FETCHED_AT_HEADER,
    SOURCE_KIND_HEADER,
    WarcParts,
    payload_digest,
)
from dataset_folder.warc_record import http_head, new_record_id, warc_record
from extraction.decode import header_charset
from spiders.wayback_cdx import archive_moment, parse_snapshot_url

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Headers, Request, Response

# Headers that describe the bytes on the wire, not the body Scrapy hands on (and so not the record).
_WIRE_HEADERS = frozenset({b"content-encoding", b"transfer-encoding", b"content-length"})


class KeepPages:
    def __init__(self, crawler: Crawler, max_bytes: int) -> None:
        self.crawler = crawler
        self.max_bytes = max_bytes
        self.parts: WarcParts | None = None
        self.folder: Path | None = None  # the dataset folder: KeptPage.warc_file is relative to it

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KeepPages:
        if not crawler.settings.getbool("KEEP_PAGES"):
            raise NotConfigured  # -s KEEP_PAGES=0: no WARC kept
        extension = cls(crawler, crawler.settings.getint("KEEP_PAGES_MAX_BYTES"))
        crawler.signals.connect(extension.response_received, signal=signals.response_received)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.pages_committing, signal=kept_signals.pages_committing)
        return extension

    def response_received(self, response: Response, request: Request, spider: Any) -> None:
        stats = self.crawler.stats
        assert stats is not None
        if not getattr(spider, "keeps_pages", True):
            return
        fetched = _to_millisecond(datetime.now(timezone.utc))
        url, date, provenance = kept_as(spider, response.url, fetched)
        digest, record_id = payload_digest(response.body), new_record_id()
        answer = response_record(response, url, date, record_id, provenance, digest)
        asked = request_record(request, url, date, record_id)
        parts = self.open()
        name, offset = parts.write([answer, asked])
        assert self.folder is not None
        kept = KeptPage(
            record_id=record_id,
            warc_file=os.path.relpath(parts.directory / name, self.folder),
            warc_offset=offset,
            url=url,
            status=response.status,
            fetched_at=fetched,
            payload_digest=digest,
            charset_header=header_charset(_joined(response.headers)),
            source_kind=provenance[SOURCE_KIND_HEADER],
            feeds_post=bool(request.meta.get(FEEDS_POST)),
        )
        request.meta[KEPT_PAGE] = kept  # the spider's callback reads it (spiders/pages.raw_page)
        stats.inc_value("keep_pages/records", 2)
        self.crawler.signals.send_catch_log(kept_signals.page_kept, kept=kept)

    def pages_committing(self) -> None:
        """A Parquet segment is about to be committed: the rows it holds must point at complete files."""
        if self.parts is not None:
            self.parts.commit()

    def open(self) -> WarcParts:
        """The run's WARC files, opened at the first response: the folder is locked and recovered by then."""
        if self.parts is None:
            stats = self.crawler.stats
            folder = self.folder = dataset_dir(self.crawler)
            lock(folder, folder_job(self.crawler)[0])
            if pseudonymiser_from(self.crawler.settings) is not None:
                # The pages hold every name in clear: never inside a folder that may be shared.
                folder = folder.parent / f"{folder.name}{RAW_PAGES_SUFFIX}"
                folder.mkdir(parents=True, exist_ok=True)
            run_id = (stats.get_value("dataset/run_id") if stats is not None else None) or new_run_id()
            self.parts = WarcParts(folder, run_id, self.max_bytes)
        return self.parts

    def spider_closed(self) -> None:
        if self.parts is None:
            return
        self.parts.commit()
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("keep_pages/files", len(self.parts.committed))


def kept_as(spider: Any, url: str, fetched: datetime) -> tuple[str, datetime, dict[str, str]]:
    """The URL and date a response is kept under (a snapshot's original and capture time, else
    its own and the fetch time), and the provenance headers of its record."""
    kind = "wayback" if getattr(spider, "snapshot_pages", False) else "live"
    provenance = {SOURCE_KIND_HEADER: kind, FETCHED_AT_HEADER: fetched.isoformat(timespec="milliseconds")}
    snapshot = parse_snapshot_url(url) if kind == "wayback" else None
    if snapshot is not None:
        timestamp, original = snapshot
        provenance |= {ARCHIVE_URL_HEADER: url, ARCHIVE_TIMESTAMP_HEADER: timestamp}
        return original, archive_moment(timestamp), provenance
    return url, fetched, provenance


def _to_millisecond(moment: datetime) -> datetime:
    """Parquet keeps fetch times in milliseconds: the WARC says the same instant, not a finer one."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def _joined(headers: Headers) -> dict[str, str]:
    return {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in headers.items()}


def response_record(
    response: Response, url: str, date: datetime, record_id: str, extra: dict[str, str], digest: str
) -> bytes:
    body = response.body
    headers = [*_pairs(response.headers, dropped=_WIRE_HEADERS), ("Content-Length", str(len(body)))]
    status = f"{response.protocol or 'HTTP/1.1'} {response.status} {_reason(response.status)}".strip()
    fields = {"WARC-Date": _iso(date), **extra}
    if "dataloss" in response.flags:  # DOWNLOAD_FAIL_ON_DATALOSS=False kept a cut body
        fields["WARC-Truncated"] = "length"
    return warc_record("response", url, record_id, fields, http_head(status, headers), body, digest)


def request_record(request: Request, url: str, date: datetime, response_id: str) -> bytes:
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = [("Host", parts.netloc), *_pairs(request.headers)]
    fields = {"WARC-Date": _iso(date), "WARC-Concurrent-To": response_id}
    http = http_head(f"{request.method} {target} HTTP/1.1", headers)
    body = request.body
    return warc_record("request", url, new_record_id(), fields, http, body, payload_digest(body))


def _pairs(headers: Headers, dropped: frozenset[bytes] = frozenset()) -> list[tuple[str, str]]:
    """Scrapy's headers (bytes, one name to many values) as the name-value lines of HTTP."""
    pairs = ((name, value) for name, values in headers.items() if name.lower() not in dropped for value in values)
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in pairs]


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _iso(date: datetime) -> str:
    return date.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
