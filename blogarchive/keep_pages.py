"""`KEEP_PAGES`: every response the crawl received, with its request, as WARC in the dataset folder.

An extension on `response_received` rather than a downloader middleware: the signal fires once
per response that reaches the engine, after every downloader middleware has run, so the body is
the one the spider reads (decompressed, redirects already followed, retries already settled),
and no middleware order has to be kept right. The headers are written as `spiders/warc_records`
reads them back: no Content-Encoding or Transfer-Encoding, the Content-Length of the body kept.

Spiders that read files (`warc`, `export`) set `keeps_pages = False`: their input already is
the record. A Wayback snapshot (`wayback` sets `snapshot_pages = True`) is written under the URL
it is a capture of, dated by its capture time, so the `warc` spider reads it as the page it was.
"""

from __future__ import annotations

import io
from datetime import datetime, timezone
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from blogarchive.dataset_dir import dataset_dir, folder_job
from blogarchive.privacy import pseudonymiser_from
from dataset_folder.parts import lock, new_run_id
from dataset_folder.privacy_card import RAW_PAGES_SUFFIX
from dataset_folder.warc_parts import WarcParts
from spiders.wayback_cdx import archive_moment, parse_snapshot_url

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Headers, Request, Response

# Headers that describe the bytes on the wire, not the body Scrapy hands on (and so not the record).
_WIRE_HEADERS = frozenset({b"content-encoding", b"transfer-encoding", b"content-length"})
_RECORDS = WARCWriter(None, gzip=True)  # builds records only; each file has its own writer


class KeepPages:
    def __init__(self, crawler: Crawler, max_bytes: int) -> None:
        self.crawler = crawler
        self.max_bytes = max_bytes
        self.parts: WarcParts | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KeepPages:
        if not crawler.settings.getbool("KEEP_PAGES"):
            raise NotConfigured  # -s KEEP_PAGES=0: no WARC kept
        extension = cls(crawler, crawler.settings.getint("KEEP_PAGES_MAX_BYTES"))
        crawler.signals.connect(extension.response_received, signal=signals.response_received)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def response_received(self, response: Response, request: Request, spider: Any) -> None:
        stats = self.crawler.stats
        assert stats is not None
        if not getattr(spider, "keeps_pages", True):
            return
        url, date = kept_as(spider, response.url)
        answer = response_record(response, url, date)
        asked = request_record(request, url, date, answer.rec_headers.get_header("WARC-Record-ID"))
        self.open().write([answer, asked])
        stats.inc_value("keep_pages/records", 2)

    def open(self) -> WarcParts:
        """The run's WARC files, opened at the first response: the folder is locked and recovered by then."""
        if self.parts is None:
            stats = self.crawler.stats
            folder = dataset_dir(self.crawler)
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


def kept_as(spider: Any, url: str) -> tuple[str, datetime]:
    """The URL and date a response is kept under: a snapshot's original and capture time, else its own and now."""
    snapshot = parse_snapshot_url(url) if getattr(spider, "snapshot_pages", False) else None
    if snapshot is not None:
        timestamp, original = snapshot
        return original, archive_moment(timestamp)
    return url, datetime.now(timezone.utc)


def response_record(response: Response, url: str, date: datetime) -> ArcWarcRecord:
    body = response.body
    headers = [*_pairs(response.headers, dropped=_WIRE_HEADERS), ("Content-Length", str(len(body)))]
    status = f"{response.status} {_reason(response.status)}".strip()
    http = StatusAndHeaders(status, headers, protocol=response.protocol or "HTTP/1.1")
    warc_headers = {"WARC-Date": _iso(date)}
    if "dataloss" in response.flags:  # DOWNLOAD_FAIL_ON_DATALOSS=False kept a cut body
        warc_headers["WARC-Truncated"] = "length"
    return _RECORDS.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict=warc_headers
    )


def request_record(request: Request, url: str, date: datetime, response_id: str) -> ArcWarcRecord:
    parts = urlsplit(url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = [("Host", parts.netloc), *_pairs(request.headers)]
    http = StatusAndHeaders(f"{request.method} {target} HTTP/1.1", headers, is_http_request=True)
    warc_headers = {"WARC-Date": _iso(date), "WARC-Concurrent-To": response_id}
    return _RECORDS.create_warc_record(
        url, "request", payload=io.BytesIO(request.body), http_headers=http, warc_headers_dict=warc_headers
    )


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
