"""`scrapy crawl SPIDER ...`, with arguments checked first and an exit status that means something.

Scrapy's own `crawl`, plus: the spider's arguments and the numeric settings are checked before
anything starts (one line and exit 2 on a mistake, nothing written); the run ends with one line
saying what it harvested, and its exit status follows `blogarchive.outcome`.
"""

from __future__ import annotations

import logging
import sys
from argparse import Namespace

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from blogarchive.arguments import first_mistake
from blogarchive.dataset_dir import planned_dataset_dir
from blogarchive.outcome import FAILED, USAGE, outcome_of
from dataset_folder.parts import busy
from distributed.job import planned_job_name, redis_problem

# Scrapy's start-up banner and lists (extensions, middlewares, settings): noise at the default
# log level. Its other INFO lines (Ctrl-C received, spider opened and closed, stats) stay.
_QUIET_LOGGERS = (
    "scrapy.utils.log", "scrapy.middleware", "scrapy.crawler", "scrapy.addons", "scrapy.extensions.remote_control",
)  # fmt: skip
_NOISE = ("Scrapy %(version)s started", "Versions", "Enabled ", "Overridden settings", "Remote control")
# A host that does not answer is logged by these with a traceback: the one line says it all.
_ONE_LINE_LOGGERS = ("scrapy.downloadermiddlewares.robotstxt", "scrapy.core.downloader.tls")


def _not_noise(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.WARNING or not str(record.msg).startswith(_NOISE)


def _without_traceback(record: logging.LogRecord) -> bool:
    record.exc_info, record.exc_text = None, None
    return True


class Command(ScrapyCrawl):
    def process_options(self, args: list[str], opts: Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        if self.settings.get("LOG_LEVEL") == "INFO":  # a quiet default log; -L DEBUG shows everything
            for name in _QUIET_LOGGERS:  # a filter: Scrapy's logging set-up resets these loggers' levels
                logging.getLogger(name).addFilter(_not_noise)
            for name in _ONE_LINE_LOGGERS:
                logging.getLogger(name).addFilter(_without_traceback)

    def long_desc(self) -> str:
        return (
            "Run a spider of the project (blog, typepad, wayback, warc, export). Exit status: 0 harvested, "
            "1 failed, 2 bad argument, 3 finished with pages skipped, 130 interrupted."
        )

    def run(self, args: list[str], opts: Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one spider: blog, typepad, wayback, warc or export")
        assert self.crawler_process is not None and self.settings is not None
        try:
            spider_class = self.crawler_process.spider_loader.load(args[0])
        except KeyError:
            self.fail(
                f"no spider named {args[0]!r}; the spiders are: {', '.join(self.crawler_process.spider_loader.list())}"
            )
            return
        mistake = first_mistake(spider_class, opts.spargs, self.settings)
        if mistake:
            self.fail(mistake)
            return
        unreachable = redis_problem(self.settings)
        if unreachable:
            print(f"error: {unreachable}", file=sys.stderr)
            self.exitcode = FAILED
            return
        folder = planned_dataset_dir(spider_class, opts.spargs, self.settings)
        if busy(folder, planned_job_name(spider_class, opts.spargs, self.settings)):
            print(f"error: {folder} is being written by another crawl; wait for it, or choose another "
                  "DATASET_DIR", file=sys.stderr)  # fmt: skip
            self.exitcode = FAILED
            return
        crawler = self._create_crawler(spider_class)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or crawler.stats is None:
            self.exitcode = 1
            return
        outcome = outcome_of(crawler.stats.get_stats())
        print(f"blog-archive: {outcome.summary}", file=sys.stderr)
        self.exitcode = outcome.code

    def fail(self, message: str) -> None:
        print(f"error: {message}", file=sys.stderr)
        self.exitcode = USAGE
