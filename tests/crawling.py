"""Run `scrapy crawl` through Scrapy's real engine inside the test process, and read the result.

One Twisted reactor (the one the project's settings ask for) runs in a daemon thread for the
whole session, since a reactor cannot be restarted; each `crawl()` is scheduled on it and
awaited from the test thread. The spider is found by name through the project's spider loader,
the settings are the project's plus `-s`-like overrides, exactly as `scrapy crawl` builds them.

Tests where the process itself is the point (a signal, an exit code) run `crawl_command()` as a
subprocess with `child_env()`.
"""

from __future__ import annotations

import configparser
import json
import logging
import os
import re
import subprocess
import sys
import threading
import time
import traceback
import warnings
from collections.abc import Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.dataset as ds

from blogarchive.outcome import outcome_of
from blogarchive.static_site import StaticSite

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SITES = PROJECT_ROOT / "tests" / "fixtures" / "sites"
# Loopback fixture sites need no politeness: no delay, no throttle, more than 2 requests at a time.
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0", "CONCURRENT_REQUESTS_PER_DOMAIN": "8", "LOG_LEVEL": "INFO"}
# Not what any test is about: Scrapy's remote-control server (an HTTP port and a job file in the
# user's home per crawl) is left off, as scrapy.utils.test.get_crawler() leaves it.
QUIET = {"REMOTE_CONTROL_ENABLED": "0"}
CRAWL_TIMEOUT = 300.0

# `scrapy` finds the project through scrapy.cfg in the working directory; tests may run from anywhere.
if "SCRAPY_SETTINGS_MODULE" not in os.environ:
    _cfg = configparser.ConfigParser()
    _cfg.read(PROJECT_ROOT / "scrapy.cfg")
    os.environ["SCRAPY_SETTINGS_MODULE"] = _cfg.get("settings", "default")
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))


class LogLine(NamedTuple):
    at: float  # time.monotonic() when logged: the clock Scrapy's downloader and the archive fake use
    level: int
    logger: str
    message: str


@dataclass
class CrawlResult:
    returncode: int  # as `scrapy crawl` exits: 1 when the crawl raised, else blogarchive.outcome's code
    stats: dict
    log: str
    dataset: Path
    lines: list[LogLine] = field(default_factory=list, repr=False)

    def table(self, name: str) -> pa.Table:
        return ds.dataset(self.dataset / name, format="parquet").to_table()

    def rows(self, name: str) -> list[dict]:
        return self.table(name).to_pylist()


# Subprocess crawls.


def crawl_command(spider: str, dataset: Path, args: dict[str, str], settings: dict[str, str]) -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    for key, value in args.items():
        command += ["-a", f"{key}={value}"]
    for key, value in {**FAST, **QUIET, "DATASET_DIR": str(dataset), **settings}.items():
        command += ["-s", f"{key}={value}"]
    return command


def child_env() -> dict[str, str]:
    """The environment of a `scrapy` subprocess: no bytecode written into the checkout."""
    return {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}


class ChildStderr:
    """Reads a child's stderr as it comes; `seen(text)` waits until a line holds `text`."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._done = False
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stderr:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self._done = True
            self._changed.notify_all()

    def seen(self, text: str, timeout: float) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._done or any(text in line for line in self.lines), timeout)

    def text(self, timeout: float) -> str:
        self._thread.join(timeout)
        return "".join(self.lines)


# In-process crawls.


def crawl(spider: str, dataset: Path, args: dict[str, str] | None = None, **settings: str) -> CrawlResult:
    """`scrapy crawl SPIDER -a KEY=VALUE... -s KEY=VALUE...`, in this process."""
    stats_file = dataset.parent / f"{dataset.name}-stats.json"
    values = {**FAST, **QUIET, "DATASET_DIR": str(dataset), "STATS_FILE": str(stats_file), **settings}
    with _ONE_CRAWL_AT_A_TIME:  # one log capture per crawl; callers in threads wait their turn
        capture = _Capture(values["LOG_LEVEL"])
        with capture, _warnings_recorded() as caught:
            failure = _REACTOR.crawl(spider, values, args or {})
    # Warnings are errors in this suite: one raised in the reactor thread is raised again here.
    for warning in caught:
        warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    code = 1 if failure else outcome_of(stats).code
    return CrawlResult(code, stats, capture.text() + failure, dataset, capture.lines)


@contextmanager
def _warnings_recorded() -> Iterator[list[warnings.WarningMessage]]:
    """Record the warnings that the filters would raise, instead of raising them in the reactor thread.

    There, Scrapy or Twisted would catch the exception and log it (or drop it), and the crawl would
    go on; recorded, each is raised in the test's thread once the crawl is over.
    """
    with warnings.catch_warnings(record=True) as caught:  # restores the filters on the way out
        warnings.filters[:] = [("always", *rule[1:]) if rule[0] == "error" else rule for rule in warnings.filters]
        getattr(warnings, "_filters_mutated", lambda: None)()
        yield caught


_ONE_CRAWL_AT_A_TIME = threading.Lock()


class _Capture(logging.Handler):
    """Every record logged while one crawl runs, formatted as `scrapy crawl` prints them."""

    def __init__(self, level: str) -> None:
        from scrapy.settings import Settings

        super().__init__(logging.getLevelName(level))
        defaults = Settings()
        self.setFormatter(logging.Formatter(defaults["LOG_FORMAT"], defaults["LOG_DATEFORMAT"]))
        self.lines: list[LogLine] = []
        self._texts: list[str] = []
        self._lock_lines = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        at = time.monotonic()
        try:
            text = self.format(record)
        except Exception:  # a record that cannot be formatted is itself an error to show
            text = f"unformattable log record {record.msg!r} {record.args!r}\n{traceback.format_exc()}"
            record.levelno = logging.ERROR
        with self._lock_lines:
            self.lines.append(LogLine(at, record.levelno, record.name, record.getMessage()))
            self._texts.append(text)

    def text(self) -> str:
        with self._lock_lines:
            return "".join(f"{text}\n" for text in self._texts)

    def __enter__(self) -> _Capture:
        root = logging.getLogger()
        self._root_level = root.level
        if root.getEffectiveLevel() > self.level:
            root.setLevel(self.level)
        root.addHandler(self)
        return self

    def __exit__(self, *exc_info: object) -> None:
        root = logging.getLogger()
        root.removeHandler(self)
        root.setLevel(self._root_level)


class _Reactor:
    """The session's Twisted reactor, running in a daemon thread."""

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def start(self) -> None:
        with self._start_lock:
            if self._thread is not None:
                return
            from scrapy.utils.project import get_project_settings

            settings = get_project_settings()
            ready: Future[None] = Future()
            self._thread = threading.Thread(
                target=self._run,
                args=(settings["TWISTED_REACTOR"], settings["ASYNCIO_EVENT_LOOP"], ready),
                name="twisted-reactor",
                daemon=True,
            )
            self._thread.start()
            ready.result(timeout=60)

    @staticmethod
    def _run(reactor_path: str | None, event_loop: str | None, ready: Future[None]) -> None:
        try:
            from scrapy.utils.reactor import install_reactor, is_reactor_installed

            if reactor_path and not is_reactor_installed():
                install_reactor(reactor_path, event_loop)
            from twisted.internet import reactor
            from twisted.python import log as twisted_log

            if reactor_path:
                from scrapy.utils.reactor import verify_installed_reactor

                verify_installed_reactor(reactor_path)
            # As `scrapy crawl` does: Twisted's own errors (an unhandled error in a Deferred) go to
            # Python logging, at ERROR and above, so a crawl's log shows them.
            twisted_log.PythonLoggingObserver("twisted").start()
            logging.getLogger("twisted").setLevel(logging.ERROR)
            reactor.callWhenRunning(ready.set_result, None)
        except BaseException as exc:
            ready.set_exception(exc)
            raise
        reactor.run(installSignalHandlers=False)
        loop = getattr(reactor, "_asyncioEventloop", None)
        if loop is not None:
            loop.close()

    def stop(self) -> None:
        if self._thread is None:
            return
        from twisted.internet import reactor

        reactor.callFromThread(reactor.stop)
        self._thread.join(timeout=30)
        self._thread = None

    def crawl(self, spider: str, values: dict[str, Any], args: dict[str, str]) -> str:
        """Run one crawl to its end; the formatted exception if it raised, else ''."""
        self.start()
        from twisted.internet import reactor

        done: Future[str] = Future()
        crawlers: list[Any] = []
        reactor.callFromThread(_start_crawl, spider, values, args, done, crawlers)
        try:
            return done.result(timeout=CRAWL_TIMEOUT)
        except FutureTimeout:
            if crawlers:  # stop it, so that the next crawl does not run beside it
                reactor.callFromThread(_stop_crawl, crawlers[0])
                done.exception(timeout=60)
            raise TimeoutError(f"crawl {spider} {args} still running after {CRAWL_TIMEOUT:.0f} s") from None


def _start_crawl(spider: str, values: dict[str, Any], args: dict[str, str], done: Future[str], crawlers: list) -> None:
    """In the reactor thread: build the crawl as `scrapy crawl` does and report its end to `done`."""
    try:
        from scrapy.crawler import AsyncCrawlerRunner
        from scrapy.utils.project import get_project_settings

        settings = get_project_settings()
        settings.setdict(values, priority="cmdline")
        runner = AsyncCrawlerRunner(settings)
        crawler = runner.create_crawler(spider)  # the project's spider loader finds it by name
        crawlers.append(crawler)
        task = runner.crawl(crawler, **args)
    except Exception:
        done.set_result(traceback.format_exc())
        return

    def finished(task: Any) -> None:
        if task.cancelled():
            done.set_result("the crawl was cancelled\n")
        elif task.exception() is not None:
            exc = task.exception()
            done.set_result("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
        elif getattr(crawler, "spider", None) is None:
            done.set_result("the spider was never created\n")
        else:
            done.set_result("")

    task.add_done_callback(finished)


def _stop_crawl(crawler: Any) -> None:
    from scrapy.utils.defer import deferred_from_coro

    deferred_from_coro(crawler.stop_async())


_REACTOR = _Reactor()


def start_reactor() -> None:
    """Install and start the session's reactor (before anything imports the default one)."""
    _REACTOR.start()


def stop_reactor() -> None:
    _REACTOR.stop()


# Instruments for the tests that need to see inside a crawl or hold it at a known point.


class DispatchLog:
    """Scrapy's HTTP download handler, noting when the downloader let each request go.

    `-s DOWNLOAD_HANDLERS={"http": "tests.crawling.DispatchLog"} -s DISPATCH_LOG=FILE` writes, when
    the crawl closes, one `{"url", "slot", "released"}` per request, in the order they went.
    `released` is the download slot's `lastseen` when the request reaches the handler: the moment,
    on the downloader's own clock (`time.monotonic()`), at which its delay logic released it (or,
    if a pause was set on the slot between that moment and this call, the end of that pause). It is
    what a rate limiter decides, free of the delays of threads, sockets and a loaded machine.
    """

    lazy = False

    def __init__(self, crawler: Any) -> None:
        from scrapy.utils.misc import build_from_crawler, load_object

        self.crawler = crawler
        self.path = Path(crawler.settings["DISPATCH_LOG"])
        handler = load_object(crawler.settings.getdict("DOWNLOAD_HANDLERS_BASE")["http"])
        self.inner = build_from_crawler(handler, crawler)
        self.entries: list[dict[str, Any]] = []

    @classmethod
    def from_crawler(cls, crawler: Any) -> DispatchLog:
        return cls(crawler)

    async def download_request(self, request: Any) -> Any:
        key = request.meta["download_slot"]
        released = self.crawler.engine.downloader.slots[key].lastseen
        self.entries.append({"url": request.url, "slot": key, "released": released})
        return await self.inner.download_request(request)

    async def close(self) -> None:
        self.path.write_text(json.dumps(self.entries), encoding="utf-8")
        await self.inner.close()


def _with_project(name: str, added: dict[str, Any]) -> str:
    """A component dict setting: the project's value plus `added`, as one `-s NAME=...` value."""
    from scrapy.utils.project import get_project_settings

    return json.dumps({**get_project_settings().getdict(name), **added})


def dispatch_log(path: Path) -> dict[str, str]:
    """The settings that make a crawl write its `DispatchLog` to `path`."""
    return {"DOWNLOAD_HANDLERS": _with_project("DOWNLOAD_HANDLERS", {"http": "tests.crawling.DispatchLog"}),
            "DISPATCH_LOG": str(path)}  # fmt: skip


def wait_for(condition: Any, timeout: float, what: str) -> None:
    """Wait until `condition()` holds: for a state the crawl reaches and cannot leave (see HeldSite)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


POST_PAGE = re.compile(r"/\d{4}/\d{2}/[^/]+\.html$")  # /mon_blog/2010/03/fautil_payer_po.html


class HeldSite(StaticSite):
    """A StaticSite that can stop answering once it has served a number of post pages.

    `hold_after(n)`: the next `n` post pages are served, then every request waits, unanswered,
    until `release()`. A crawl of the site then stops at that point, and stays there, whatever
    the load of the machine: `holding` is set as soon as a request waits.
    """

    def __init__(self, folder: Path | str) -> None:
        super().__init__(folder)
        self.holding = threading.Event()
        self._released = threading.Event()
        self._released.set()
        self._gate = threading.Lock()
        self._left: int | None = None  # post pages still to serve before holding; None: no hold
        self._drop = False

    def hold_after(self, posts: int) -> None:
        with self._gate:
            self._left, self._drop = posts, False
            self.holding.clear()
            self._released.clear()

    def release(self, *, answer: bool = True) -> None:
        """Let the waiting requests go: answered, or (`answer=False`) closed without an answer."""
        with self._gate:
            self._left, self._drop = None, not answer
        self._released.set()

    def stop(self) -> None:
        self.release(answer=False)
        super().stop()

    def _respond(self, handler: Any) -> None:
        with self._gate:
            held = self._left == 0
            if self._left and POST_PAGE.search(urlsplit(handler.path).path):
                self._left -= 1
        if held:
            self.holding.set()
            self._released.wait(timeout=CRAWL_TIMEOUT)
            if self._drop:
                handler.close_connection = True
                return
        super()._respond(handler)
