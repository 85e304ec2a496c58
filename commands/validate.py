"""`scrapy validate DIR`: is this dataset folder what `schemas/` says it is?

Prints one OK line and exits 0, or lists every problem (table, column or key, how many rows,
a few example values) and exits 1. Runs on any folder of the layout, whoever wrote it: a folder
edited by hand, merged from two crawls, or left by a crawl that was killed. See
`dataset_folder/validation.py` for what is checked; a folder crawled with extra platform
modules validates with the same `-s PLATFORM_MODULES=...`.
"""

from __future__ import annotations

import sys
from argparse import Namespace
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False  # reads files only: no reactor, no spider

    def syntax(self) -> str:
        return "DIR [DIR ...]"

    def short_desc(self) -> str:
        return "Check a dataset folder against the schema: types, nulls, keys, references"

    def run(self, args: list[str], opts: Namespace) -> None:
        from dataset_folder.validation import validate  # here: keeps pyarrow.dataset out of every `scrapy` start
        from extraction.platforms import load_modules

        load_modules(self.settings.getlist("PLATFORM_MODULES"))  # their `platform` values are declared

        if not args:
            raise UsageError("give the dataset folder to check, e.g. datasets/typepad-sample")
        for folder in args:
            report = validate(Path(folder))
            print(report.summary())
            for problem in report.problems:
                print(f"  - {problem}")
            for note in report.notes:
                print(f"note: {note}", file=sys.stderr)
            if not report.ok:
                self.exitcode = 1
