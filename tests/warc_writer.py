"""Write WARC records the way crawlers store pages, for the tests that read archives back.

Gzip members, chunked and gzip-encoded payloads, revisits; every URL's last offset, date and
payload digest remembered so tests can say which record a row must come from.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HOST = "http://exemple.typepad.fr"
_TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/atom+xml; charset=utf-8", ".txt": "text/plain"}
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64) + b"\xff\xd9"


def site_pages(site: Path) -> list[tuple[str, bytes, str]]:
    """(URL path, bytes, Content-Type) of every file of a fixture site, as StaticSite serves them."""
    routes = json.loads((site / "headers.json").read_text("utf-8"))
    pages = []
    for file in sorted((site / "root").rglob("*")):
        if file.is_file():
            relative = file.relative_to(site / "root").as_posix().removesuffix("index.html")
            path = "/" + re.sub(r"(^|/)index\.html\?", r"\1?", relative)  # `index.html?p=12` is `/?p=12`
            content_type = routes.get(path, {}).get("headers", {}).get("Content-Type")
            pages.append((path, file.read_bytes(), content_type or _TYPES.get(file.suffix, _TYPES[".html"])))
    return pages


def chunked(body: bytes, size: int = 1000) -> bytes:
    chunks = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for chunk in chunks) + b"0\r\n\r\n"


class ArchiveWriter:
    """Writes records as crawlers do and remembers where and when each URL was last captured."""

    def __init__(self, stream: BinaryIO, *, gzip: bool) -> None:
        self.stream, self.writer = stream, WARCWriter(stream, gzip=gzip)
        self.clock = datetime(2012, 5, 1, 10, 0, tzinfo=timezone.utc)
        self.offsets: dict[str, int] = {}
        self.dates: dict[str, datetime] = {}
        self.digests: dict[str, str] = {}
        self.starts: list[int] = []  # every record's offset, in file order
        self.extents: dict[str, tuple[int, int]] = {}  # the bytes of each URL's last record

    def response(self, path: str, body: bytes, content_type: str, coding: str = "", status: str = "200 OK") -> None:
        headers = [("Content-Type", content_type)]
        if coding == "gzip":
            body = gzip.compress(body, mtime=0)
            headers.append(("Content-Encoding", "gzip"))
        if coding == "chunked":
            body = chunked(body)
            headers.append(("Transfer-Encoding", "chunked"))
        else:
            headers.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
        self.write(path, "response", payload=io.BytesIO(body), http_headers=http)

    def revisit(self, path: str, digest: str, refers_to: str | None = None) -> None:
        """An identical-payload-digest revisit, pointing at `refers_to`'s last capture if given."""
        refers_uri = HOST + refers_to if refers_to else None
        refers_date = self.dates[refers_to].strftime("%Y-%m-%dT%H:%M:%SZ") if refers_to else None
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        self.write(path, "revisit", http_headers=http, revisit=(digest, refers_uri, refers_date))

    def write(self, path: str, kind: str, revisit: tuple | None = None, **fields: object) -> None:
        self.clock += timedelta(minutes=1)
        warc_headers = {"WARC-Date": self.clock.strftime("%Y-%m-%dT%H:%M:%SZ")}
        if revisit:
            record = self.writer.create_revisit_record(HOST + path, *revisit, warc_headers_dict=warc_headers, **fields)
            for name in ("WARC-Refers-To-Target-URI", "WARC-Refers-To-Date"):
                if record.rec_headers.get_header(name) is None:
                    record.rec_headers.remove_header(name)  # a revisit that names only a digest
        else:
            record = self.writer.create_warc_record(HOST + path, kind, warc_headers_dict=warc_headers, **fields)
        self.offsets[path], self.dates[path] = self.stream.tell(), self.clock
        self.digests[path] = record.rec_headers.get_header("WARC-Payload-Digest")
        self.starts.append(self.stream.tell())
        self.writer.write_record(record)
        self.extents[path] = (self.offsets[path], self.stream.tell())
        record.raw_stream.close()  # warcio spools the payload to a temporary file it never closes


def misdeclared(data: bytes, extent: tuple[int, int], delta: int, *, gzipped: bool) -> bytes:
    """The archive with one record's Content-Length off by `delta`: its bytes unchanged otherwise."""
    start, end = extent
    record = gzip.decompress(data[start:end]) if gzipped else data[start:end]
    head, blank, rest = record.partition(b"\r\n\r\n")
    lines = [
        b"Content-Length: %d" % (int(line.split(b":")[1]) + delta) if line.startswith(b"Content-Length:") else line
        for line in head.split(b"\r\n")
    ]
    record = b"\r\n".join(lines) + blank + rest
    return data[:start] + (gzip.compress(record, mtime=0) if gzipped else record) + data[end:]
