"""A small Wayback Machine on 127.0.0.1: a CDX server and raw (`id_`) snapshots, from fixtures.

It answers like the real service where the spider depends on it: JSON CDX rows sorted by URL then
time, prefix match, `from`/`to`, `filter`, `limit` with `showResumeKey` paging; snapshots at
`/web/<timestamp>id_/<url>`, a redirect to the nearest capture when the timestamp is not exact, an
archived 3xx replayed as a real 302 to the target's snapshot. It can push back (429 with or
without Retry-After, 503) on chosen requests, drop connections (before answering, or halfway
through a body whose Content-Length promised more) at a seeded rate or on chosen requests, and it
logs every request with its arrival time.
"""

from __future__ import annotations

import base64
import json
import random
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, unquote, urlsplit

from blogarchive.static_site import LoopbackServer


@dataclass
class FakeCapture:
    original: str  # e.g. http://exemple.typepad.fr/mon_blog/2010/01/x.html
    timestamp: str
    status: int = 200
    mimetype: str = "text/html"
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    redirect_to: tuple[str, str] | None = None  # (timestamp, original) of an archived 3xx
    indexed: bool = True  # False: served, but missing from the CDX index

    @property
    def bare(self) -> str:
        return self.original.split("://", 1)[1]


@dataclass
class FakeWayback:
    captures: list[FakeCapture]
    page_size: int = 20
    # (path regex, [(status, Retry-After or None), ...]): answered in order before serving normally
    pushback: list[tuple[str, list[tuple[int, str | None]]]] = field(default_factory=list)
    # (arrival on time.monotonic(), the clock of the crawl in this process, "cdx"|"snapshot", path)
    log: list[tuple[float, str, str]] = field(default_factory=list)
    drop_rate: float = 0.0  # share of snapshot requests whose connection is dropped (seeded: repeatable)
    always_dropped: list[str] = field(default_factory=list)  # path regexes whose snapshots always drop
    drops: int = 0
    drops_midway: int = 0  # of which halfway through a body (the others before any answer)

    def _dropped(self, path: str) -> bool:
        with self._lock:
            drop = any(re.search(p, path) for p in self.always_dropped) or self._random.random() < self.drop_rate
            self.drops += drop
            return drop

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._random = random.Random(14)  # ~10 drops in the sample's ~100 requests
        self._server = LoopbackServer(self._handler())  # a listen queue of 1024, keep-alive
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def arrivals(self, kind: str) -> list[float]:
        return [moment for moment, k, _ in self.log if k == kind]

    def requested(self, fragment: str) -> int:
        return sum(fragment in path for _, _, path in self.log)

    # Answers.

    def _pushed_back(self, path: str) -> tuple[int, str | None] | None:
        with self._lock:
            for pattern, statuses in self.pushback:
                if statuses and re.search(pattern, path):
                    return statuses.pop(0)
        return None

    def _cdx(self, query: dict[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
        prefix = query["url"][0].split("://", 1)[-1]
        rows = sorted(
            (c for c in self.captures if c.indexed and c.bare.startswith(prefix)), key=lambda c: (c.bare, c.timestamp)
        )
        since, until = query.get("from", [""])[0], query.get("to", ["99999999999999"])[0]
        rows = [c for c in rows if c.timestamp[: len(since)] >= since and c.timestamp[: len(until)] <= until]
        for spec in query.get("filter", []):
            negate, (name, pattern) = spec.startswith("!"), spec.lstrip("!").split(":", 1)
            value = {"mimetype": lambda c: c.mimetype, "statuscode": lambda c: str(c.status)}[name]
            rows = [c for c in rows if bool(re.fullmatch(pattern, value(c))) != negate]
        start = int(base64.b64decode(query["resumeKey"][0])) if "resumeKey" in query else 0
        limit = int(query.get("limit", ["100000"])[0])
        page = rows[start : start + limit]
        table: list[list[str]] = [["original", "timestamp", "statuscode", "mimetype", "digest", "length"]]
        table += [[c.original, c.timestamp, str(c.status), c.mimetype, _digest(c), str(len(c.body))] for c in page]
        if start + limit < len(rows):
            table += [[], [base64.b64encode(str(start + limit).encode()).decode()]]
        return 200, {"Content-Type": "application/json"}, json.dumps(table).encode()

    def _snapshot(self, timestamp: str, original: str) -> tuple[int, dict[str, str], bytes]:
        bare = original.split("://", 1)[-1]
        same = [c for c in self.captures if c.bare == bare]
        if not same:
            return 404, {"Content-Type": "text/html"}, b"<h1>Not in archive</h1>"
        exact = next((c for c in same if c.timestamp == timestamp), None)
        if exact is None:  # the archive sends the nearest capture
            nearest = min(same, key=lambda c: abs(int(c.timestamp) - int(timestamp.ljust(14, "0"))))
            return 302, {"Location": f"{self.base}/web/{nearest.timestamp}id_/{nearest.original}"}, b""
        if exact.redirect_to:
            target_time, target = exact.redirect_to
            return 302, {"Location": f"/web/{target_time}id_/{target}"}, b""
        headers = {"Content-Type": exact.content_type, "Memento-Datetime": exact.timestamp}
        return exact.status, headers, exact.body

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        archive = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                kind = "cdx" if parts.path.startswith("/cdx/") else "snapshot"
                with archive._lock:
                    archive.log.append((time.monotonic(), kind, self.path))
                pushed = archive._pushed_back(self.path)
                if pushed is not None:
                    status, retry_after = pushed
                    self._send(status, {"Retry-After": retry_after} if retry_after else {}, b"slow down")
                elif kind == "snapshot" and archive._dropped(self.path):
                    self._drop(archive.drops)
                elif kind == "cdx":
                    self._send(*archive._cdx(_query(parts.query)))
                else:
                    match = re.match(
                        r"^/web/(\d+)id_/(.+)$", unquote(parts.path) + (f"?{parts.query}" if parts.query else "")
                    )
                    self._send(*(archive._snapshot(match[1], match[2]) if match else (404, {}, b"bad snapshot URL")))

            def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def _drop(self, count: int) -> None:
                """Every other drop halfway through the body, the others before any answer."""
                if count % 2:
                    with archive._lock:
                        archive.drops_midway += 1
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", "20000")
                    self.end_headers()
                    self.wfile.write(b"<html><body><p>" + b"x" * 5000)
                    self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: tests read `archive.log`."""

        return Handler


def _query(query: str) -> dict[str, list[str]]:
    result: dict[str, list[str]] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        result.setdefault(key, []).append(value)
    return result


def _digest(capture: FakeCapture) -> str:
    import hashlib

    return base64.b32encode(hashlib.sha1(capture.body).digest()).decode()
