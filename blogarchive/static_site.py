"""Serve a folder of saved pages (bytes plus headers) on 127.0.0.1.

The bundled sample blog and every crawl test use it, so the offline main job and the tests go
through a real HTTP server and Scrapy's whole download stack. A site folder holds `root/`
(URL path `/a/b.html` is `root/a/b.html`, `/a/` is `root/a/index.html`, `/a?q=1` is `root/a?q=1`
when that file exists) and `headers.json`
mapping URL paths to a status, extra headers, or `"truncate": true` (announce more bytes than
are sent, then close: what a dropped connection looks like).
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit


class LoopbackServer(ThreadingHTTPServer):
    """A threaded HTTP server on 127.0.0.1 that takes a crawl's burst of new connections.

    Python's default listen queue is 5: when Scrapy opens its 16 or more connections at once, the
    kernel drops the SYNs past the fifth and the client waits 1-3 s for their retransmission (the
    sample crawl took 5-7 s instead of 3-4). A queue of 1024 accepts the whole burst. Handlers
    answer HTTP/1.1 with a Content-Length, so each connection is kept alive for the next request;
    `connections` counts the accepted ones, so a test can see that they are reused.
    """

    request_queue_size = 1024
    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.connections = 0

    def process_request(self, request: object, client_address: object) -> None:
        self.connections += 1  # the accepting thread alone counts: no lock needed
        super().process_request(request, client_address)  # type: ignore[arg-type]


_DEFAULT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/atom+xml; charset=utf-8",
    ".txt": "text/plain",
    ".jpg": "image/jpeg",
}


class StaticSite:
    """A site folder served by a background thread; records every path requested."""

    def __init__(self, folder: Path | str, delay: float = 0.0) -> None:
        self.folder = Path(folder)
        self.routes: dict[str, dict] = json.loads((self.folder / "headers.json").read_text("utf-8"))
        self.delay = delay
        self.requests: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._server = LoopbackServer(self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def connections(self) -> int:
        """Connections accepted so far: fewer than `requests` when they were kept alive."""
        return self._server.connections

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> StaticSite:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> StaticSite:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _file_for(self, path: str) -> Path | None:
        relative = unquote(path).lstrip("/")
        if "?" in relative and relative.startswith("?"):
            relative = "index.html" + relative  # `/?p=12` is saved as `index.html?p=12`
        candidate = self.folder / "root" / relative
        if path.endswith("/") or candidate.is_dir():
            candidate = candidate / "index.html"
        root = (self.folder / "root").resolve()
        resolved = candidate.resolve()
        if root not in resolved.parents or not resolved.is_file():
            return None
        return resolved

    def _respond(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        # A page with a query (`search?updated-max=…`, `index.php?p=12`) is saved under a name
        # holding it, file and all: `search?updated-max=…`, `index.php?p=12`.
        path = f"{parts.path}?{parts.query}" if parts.query else parts.path
        with self._lock:
            self.requests[path] += 1
        if self.delay:
            time.sleep(self.delay)
        route = self.routes.get(path, {})
        file = self._file_for(path) if parts.query else self._file_for(parts.path)
        if file is None and parts.query:
            file = self._file_for(parts.path)
        status = route.get("status", 200 if file else 404)
        body = file.read_bytes() if file and status == 200 else f"<h1>{status}</h1>".encode()
        headers = {"Content-Type": _DEFAULT_TYPES.get(Path(path).suffix, _DEFAULT_TYPES[".html"])}
        headers.update(route.get("headers", {}))
        announced = len(body) + (4096 if route.get("truncate") else 0)
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(announced))
        handler.end_headers()
        handler.wfile.write(body)
        if route.get("truncate"):
            handler.close_connection = True

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                site._respond(self)

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: tests read `site.requests` instead of the log."""

        return Handler
