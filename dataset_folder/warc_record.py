"""One WARC/1.0 record (a response or a request) as the bytes a WARC file holds, uncompressed.

Built here rather than by warcio's writer, which spools every payload through a stream, hashes it
twice and copies it into its gzip wrapper: 0.4 ms a page, on the crawl's busiest thread, for
what is a header block and two SHA-1s. The records are what warcio writes (the same fields, the
HTTP headers in ASCII, a non-ASCII value %-encoded as warcio does), and warcio reads them back
(`spiders/warc_records.py`, tests/test_keep_pages.py).
"""

from __future__ import annotations

import base64
import hashlib
import uuid

from warcio.statusandheaders import StatusAndHeaders

_CONTENT_TYPES = {"response": "application/http; msgtype=response", "request": "application/http; msgtype=request"}


def new_record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def sha1_digest(*parts: bytes) -> str:
    """`sha1:` + base32 of the bytes, as WARC digests and CDX files write it."""
    digest = hashlib.sha1()
    for part in parts:
        digest.update(part)
    return "sha1:" + base64.b32encode(digest.digest()).decode("ascii")


def http_head(start_line: str, headers: list[tuple[str, str]]) -> bytes:
    """The status or request line and the header lines, and the blank line that ends them."""
    lines = [start_line, *(f"{name}: {value}" for name, value in headers), "", ""]
    try:
        return "\r\n".join(lines).encode("ascii")
    except UnicodeEncodeError:  # a value in Latin-1: %-encoded, as warcio writes it (RFC 8187)
        protocol, _, status = start_line.partition(" ")
        return StatusAndHeaders(status, list(headers), protocol=protocol).to_ascii_bytes()


def warc_record(
    kind: str, uri: str, record_id: str, fields: dict[str, str], http: bytes, payload: bytes, payload_digest: str
) -> bytes:
    """A `response` or `request` record: its WARC header fields (`fields` after the usual ones),
    then the HTTP head and the payload; `payload_digest` is the payload's `sha1_digest`."""
    header = {
        "WARC-Type": kind,
        "WARC-Record-ID": record_id,
        "WARC-Target-URI": uri,
        **fields,
        "WARC-Payload-Digest": payload_digest,
        "WARC-Block-Digest": sha1_digest(http, payload),
        "Content-Type": _CONTENT_TYPES[kind],
        "Content-Length": str(len(http) + len(payload)),
    }
    lines = ["WARC/1.0", *(f"{name}: {value}" for name, value in header.items()), "", ""]
    return b"".join(("\r\n".join(lines).encode("utf-8"), http, payload, b"\r\n\r\n"))
