"""`scrapy reextract SRC_DIR --out DST_DIR`: the dataset rebuilt from the pages SRC_DIR kept.

Offline: the `warc` spider reads SRC_DIR/warc/ (the records KEEP_PAGES wrote, under each page's
own URL and with the provenance of its fetch), scoped to the blog SRC_DIR's crawls named, and
the pipelines of a crawl write DST_DIR with the code installed now. Progress goes to the log as
in any crawl. The output depends on the input and the code only: its run id is derived from
SRC_DIR (`dataset_folder.parts.derived_run_id`), no segment is committed by the clock, no start
time is recorded, the card carries no date and the run's `crawl-status.json` is removed at the
end; so two runs give byte-identical folders (README, "Re-extraction"). SRC_DIR is not changed.
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser, Namespace
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from blogarchive.outcome import outcome_of


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "SRC_DIR --out DST_DIR"

    def short_desc(self) -> str:
        return "Rebuild a dataset from the pages it kept (its warc/ folder), offline, with the current code"

    def add_options(self, parser: ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--out", required=True, metavar="DST_DIR", help="the new folder (must not exist)")

    def process_options(self, args: list[str], opts: Namespace) -> None:
        super().process_options(args, opts)
        from blogarchive.reextract import reextract_settings, source_of

        if len(args) != 1:
            raise UsageError("give one dataset folder whose pages were kept, e.g. datasets/blog-example")
        out = Path(opts.out)
        if out.exists() and any(out.iterdir()):
            raise UsageError(f"{out} exists and is not empty: give a new folder")
        try:
            self.source = source_of(Path(args[0]))
        except ValueError as error:
            raise UsageError(str(error)) from error
        assert self.settings is not None
        self.settings.setdict(reextract_settings(self.source, out), priority="cmdline")
        self.out = out

    def run(self, args: list[str], opts: Namespace) -> None:
        from blogarchive.reextract import finish

        assert self.crawler_process is not None
        crawler = self.crawler_process.create_crawler("warc")
        self.crawler_process.crawl(crawler, **self.source.spider_arguments)
        self.crawler_process.start()
        stats = crawler.stats.get_stats() if crawler.stats is not None else {}
        outcome = outcome_of(stats)
        if self.out.is_dir():
            finish(self.source, self.out)
        print(f"reextract {self.source.folder} -> {self.out}: {outcome.summary}", file=sys.stderr)
        self.exitcode = outcome.code
