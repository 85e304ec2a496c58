"""Resume after a crash: a JOBDIR left by a run that died is not trusted.

Scrapy saves the index of its on-disk request queue (`requests.queue/active.json`) only when a
crawl closes, and appends fingerprints to `requests.seen` through a buffer. After SIGKILL, a power
cut or a second Ctrl-C, a crawl resumed from that JOBDIR finds an empty queue and a duplicate
filter that remembers every request the dead run *scheduled*, including posts it fetched but never
committed to the dataset: it stops at once, and those posts are lost for good.

So each crawl marks its JOBDIR as open while it runs; the mark goes once Scrapy has saved its
state (`spider_closed` comes after the scheduler has closed). A crawl that finds the mark discards
the request state and discovers the blog again from its home page; the dataset, not the JOBDIR,
says which posts are done, and `DedupePipeline` drops those on arrival. Pages are fetched again
(the links on them are how posts that no listing shows are found), posts are written once.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

logger = logging.getLogger(__name__)

MARK = "crawl-open.json"
# Scrapy's request state in a JOBDIR: the duplicate filter's fingerprints and the disk queues.
REQUEST_STATE = ("requests.seen", "requests.queue")


class JobdirMark:
    def __init__(self, jobdir: Path) -> None:
        self.jobdir = jobdir
        self.mark = jobdir / MARK

    def open(self) -> bool:
        """Mark the JOBDIR open; True when the previous run had not closed it (state discarded).

        Must run before Scrapy builds its scheduler, which reads the request state: item
        pipelines are built first, so their `from_crawler` is the place.
        """
        self.jobdir.mkdir(parents=True, exist_ok=True)
        unclean = self.mark.exists()
        if unclean:
            previous = self.mark.read_text("utf-8", errors="replace").strip()
            logger.warning(
                "JOBDIR %s was left by a run that did not close (%s): its request queue and seen-set are "
                "incomplete, so discovery starts again; posts already in the dataset are not written twice",
                self.jobdir,
                previous or "no details",
            )
            for name in REQUEST_STATE:
                path = self.jobdir / name
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink(missing_ok=True)
        started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.mark.write_text(json.dumps({"pid": os.getpid(), "started": started}) + "\n", encoding="utf-8")
        return unclean

    def close(self) -> None:
        """Scrapy has saved the queue and the seen-set: the JOBDIR can be resumed as it is."""
        self.mark.unlink(missing_ok=True)
