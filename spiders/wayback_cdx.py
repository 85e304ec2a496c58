"""The Wayback Machine's addresses and index, as plain functions (notes/platforms.md §4).

CDX queries (`{base}/cdx/search/cdx`, JSON output, prefix match, filters, `showResumeKey` paging),
snapshot URLs (`{base}/web/{timestamp}id_/{url}`: the original bytes, links not rewritten), and
the rule that picks which captures of a post to read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlencode

CDX_FIELDS = ("original", "timestamp", "statuscode", "mimetype", "digest", "length")
_SNAPSHOT = re.compile(r"/web/(\d{1,14})(?:[a-z]{2}_)?/(.+)$")


@dataclass(frozen=True)
class Capture:
    original: str
    timestamp: str  # YYYYMMDDhhmmss
    status: str  # "200", "302", "404", "-" (revisits, warc records)
    mimetype: str
    digest: str
    length: int

    @property
    def is_redirect(self) -> bool:
        return self.status.startswith("3")

    @property
    def moment(self) -> datetime:
        return archive_moment(self.timestamp)


def archive_moment(timestamp: str) -> datetime:
    """A 1–14 digit Wayback timestamp as a UTC instant (missing digits: the earliest moment)."""
    padded = (timestamp + "00000101000000"[len(timestamp) :])[:14]
    return datetime.strptime(padded, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)


def cdx_url(
    base: str, site: str, *, since: str | None, until: str | None, filters: list[str], limit: int, resume: str | None
) -> str:
    params: list[tuple[str, str]] = [
        ("url", site),
        ("matchType", "prefix"),
        ("output", "json"),
        ("fl", ",".join(CDX_FIELDS)),
        ("showResumeKey", "true"),
        ("limit", str(limit)),
    ]
    params += [(key, value) for key, value in (("from", since), ("to", until), ("resumeKey", resume)) if value]
    params += [("filter", f) for f in filters]
    return f"{base.rstrip('/')}/cdx/search/cdx?{urlencode(params)}"


def parse_cdx(body: str) -> tuple[list[Capture], str | None]:
    """Rows of a JSON CDX answer, and the resume key when there is more.

    The JSON form is a list of rows whose first is the header; with `showResumeKey`, an empty row
    and then a one-element row holding the key end the list.
    """
    rows = json.loads(body) if body.strip() else []
    if not rows:
        return [], None
    header, *rows = rows
    resume = None
    if len(rows) >= 2 and rows[-2] == [] and len(rows[-1]) == 1:
        resume, rows = rows[-1][0], rows[:-2]
    index = {name: header.index(name) for name in CDX_FIELDS if name in header}
    captures = []
    for row in rows:
        if len(row) != len(header):
            continue
        value = {name: row[i] for name, i in index.items()}
        length = value.get("length", "")
        captures.append(
            Capture(
                original=value["original"],
                timestamp=value["timestamp"],
                status=value.get("statuscode", "-"),
                mimetype=value.get("mimetype", ""),
                digest=value.get("digest", ""),
                length=int(length) if length.isdigit() else 0,
            )
        )
    return captures, resume


def snapshot_url(base: str, timestamp: str, original: str) -> str:
    return f"{base.rstrip('/')}/web/{timestamp}id_/{original}"


def parse_snapshot_url(url: str) -> tuple[str, str] | None:
    """(timestamp, original URL) of a Wayback snapshot URL, raw or rewritten."""
    match = _SNAPSHOT.search(url)
    if match is None:
        return None
    original = match[2]
    if re.match(r"^https?:/[^/]", original):  # some proxies fold "//" into "/"
        original = original.replace(":/", "://", 1)
    return match[1], original


def captures_to_read(captures: list[Capture], limit: int) -> list[Capture]:
    """The captures of one post worth fetching: HTML answers, one per distinct content, latest first.

    A later capture usually carries more comments, and identical digests carry identical bytes,
    so the `limit` most recent distinct contents are read and the one with the most comments is
    kept (then the latest); see pipelines/captures.py.
    """
    seen: set[str] = set()
    chosen = []
    for capture in sorted(captures, key=lambda c: c.timestamp, reverse=True):
        if capture.digest in seen or not (capture.status == "200" or capture.is_redirect):
            continue
        seen.add(capture.digest)
        chosen.append(capture)
        if len(chosen) == limit:
            break
    return chosen
