"""`read_post` in worker processes, the answers handed back in the order the posts came.

Reading a post (parse, extract, repair, label) is most of a crawl's CPU, and on the reactor
thread it held the engine to one core: downloads, the spider's link discovery and the writer
waited for every post read. A worker process reads while the engine goes on. Answers are
released strictly in submission order, so the pipelines after the reader (dedupe, repeated
bodies, the writer) see posts in the same order as an in-process crawl: the same dataset.

Workers are forked (not spawned): they start in milliseconds and inherit what the crawl has set
up (registered profiles, a test's toy platform, the page time budget), and only the captures
and the answers cross the pipe. A worker that dies (out of memory, a crash in a C library) costs
no post silently: the pool is rebuilt and the posts it may have held are read again one at a
time; a post that kills the worker it had alone is skipped as `extraction_crashed`.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace

from twisted.internet import reactor
from twisted.internet.defer import Deferred

from blogarchive.items import PostCaptures, SkippedPage
from extraction.limits import TimeBudget
from extraction.reader import read_post
from extraction.records import ReadPost

Answer = ReadPost | SkippedPage
_PR_SET_PDEATHSIG = 1
_worker_budget: TimeBudget | None = None


def _prepare_worker(budget: TimeBudget | None, crawl_pid: int) -> None:
    """In the worker: the page budget, and death with the crawl (a killed crawl leaves no reader)."""
    global _worker_budget
    _worker_budget = budget
    _die_with_parent()
    if os.getppid() != crawl_pid:  # the crawl died before the line above
        os._exit(0)


def _die_with_parent() -> None:
    """Linux's PR_SET_PDEATHSIG: a reader outliving a killed crawl would hold its files open."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the crawl's clean stop still ends the worker
        pass


def _read_in_worker(item: PostCaptures) -> Answer:
    return _for_the_trip(item, read_post(item, _worker_budget))


@dataclass(frozen=True)
class _SentPage:
    """In an answer crossing the pipe, a page of the item the crawl sent: where it is in it."""

    capture: int
    page: int


def _for_the_trip(item: PostCaptures, answer: Answer) -> Answer:
    """The answer without what the crawl already holds: each page it was read from as its place
    in the item sent (not its bytes again), its decoded text dropped (no row is made from it).
    Pickling them back was a third of the bytes crossing the pipe, on the crawl's GIL."""
    if not isinstance(answer, ReadPost):
        return answer
    where = {
        id(page): _SentPage(c, p) for c, capture in enumerate(item.captures) for p, page in enumerate(capture.pages)
    }
    answer.pages = [
        replace(read, raw=where.get(id(read.raw), read.raw), decoded=replace(read.decoded, text=""))
        for read in answer.pages
    ]
    return answer


def _back_home(item: PostCaptures, answer: Answer) -> Answer:
    """The answer with the crawl's own pages in place of their places (`_for_the_trip`)."""
    if isinstance(answer, ReadPost):
        for read in answer.pages:
            if isinstance(read.raw, _SentPage):
                read.raw = item.captures[read.raw.capture].pages[read.raw.page]
    return answer


@dataclass
class _Pending:
    item: PostCaptures
    answer: Deferred
    result: Answer | None = None  # set once answered
    reader: ProcessPoolExecutor | None = field(default=None, repr=False)


class ReadingPool:
    """Reads posts in `workers` forked processes; `read` answers in submission order.

    After a worker dies, the posts it may have held are suspects: each is read again alone
    (new posts wait meanwhile), so the one that kills a worker is known and no other is lost.
    """

    def __init__(self, workers: int, budget: TimeBudget | None) -> None:
        self.workers = workers
        self.budget = budget
        self._in_order: deque[_Pending] = deque()
        self._suspects: deque[_Pending] = deque()
        self._waiting: deque[_Pending] = deque()
        self._alone: _Pending | None = None
        self._executor: ProcessPoolExecutor | None = None

    def read(self, item: PostCaptures) -> Deferred:
        """A Deferred firing with the post's answer once every earlier post's has fired."""
        pending = _Pending(item, Deferred())
        self._in_order.append(pending)
        if self._alone or self._suspects:
            self._waiting.append(pending)
        else:
            self._submit(pending)
        return pending.answer

    def start(self) -> None:
        """Fork the workers now, before the crawl opens its dataset: a worker forked later would
        share the dataset lock's open file, and hold the lock if the crawl were killed."""
        pool = self._pool()
        for started in [pool.submit(os.getpid) for _ in range(self.workers)]:
            started.result()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _submit(self, pending: _Pending) -> None:
        pending.reader = self._pool()
        try:
            future = pending.reader.submit(_read_in_worker, pending.item)
        except BrokenProcessPool:  # broken since its last answer, before news of it came
            self._drop(pending.reader)
            pending.reader = self._pool()
            future = pending.reader.submit(_read_in_worker, pending.item)
        future.add_done_callback(self._from_worker_thread(pending))

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_prepare_worker,
                initargs=(self.budget, os.getpid()),
            )
        return self._executor

    def _from_worker_thread(self, pending: _Pending) -> Callable[[Future], None]:
        def arrived(future: Future) -> None:
            reactor.callFromThread(self._settle, pending, future)  # type: ignore[attr-defined]

        return arrived

    def _settle(self, pending: _Pending, future: Future) -> None:
        """Record one answer (or suspect its post), release every answer now due, go on."""
        error = future.exception()
        broken = isinstance(error, BrokenProcessPool)
        if broken:
            self._drop(pending.reader)
        if broken and pending is not self._alone:
            self._suspects.append(pending)
        else:
            pending.result = self._answer(pending, error, future)
            if pending is self._alone:
                self._alone = None
        while self._in_order and self._in_order[0].result is not None:
            released = self._in_order.popleft()
            released.answer.callback(released.result)
        self._go_on()

    @staticmethod
    def _answer(pending: _Pending, error: BaseException | None, future: Future) -> Answer:
        if error is None:
            return _back_home(pending.item, future.result())
        if isinstance(error, BrokenProcessPool):  # it was read alone: this post kills its reader
            return SkippedPage(pending.item.url, "extraction_crashed", f"the reading process died: {error}")
        return SkippedPage(pending.item.url, "extraction_error", f"{type(error).__name__}: {error}")

    def _go_on(self) -> None:
        """The next suspect alone, or (none left) every post that waited for the suspects."""
        if self._alone is not None:
            return
        if self._suspects:
            self._alone = self._suspects.popleft()
            self._submit(self._alone)
            return
        while self._waiting:
            self._submit(self._waiting.popleft())

    def _drop(self, broken: ProcessPoolExecutor | None) -> None:
        """A dead worker breaks its whole executor: the next submission gets a new one."""
        if broken is not None and broken is self._executor:
            broken.shutdown(wait=False, cancel_futures=True)
            self._executor = None
