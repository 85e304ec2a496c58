"""`scrapy diff DIR_A DIR_B`: what changed between two dataset folders, per table and column.

Rows added, removed and changed (matched on each table's primary key), and for the changed ones
how many differ in each column: e.g. a dataset and its re-extraction by a newer version
(`scrapy reextract`). Plain text; exit 0 whatever it finds (it reports, it does not judge).
See `dataset_folder/diff.py`.
"""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False  # reads files only

    def syntax(self) -> str:
        return "DIR_A DIR_B"

    def short_desc(self) -> str:
        return "Summarise what changed between two dataset folders: rows added, removed, changed, per column"

    def run(self, args: list[str], opts: Namespace) -> None:
        from dataset_folder.diff import diff_lines  # here: pyarrow.dataset only when this command runs

        if len(args) != 2:
            raise UsageError("give two dataset folders, e.g. datasets/blog-x datasets/blog-x-reextracted")
        for folder in args:
            if not Path(folder).is_dir():
                raise UsageError(f"no such dataset folder: {folder}")
        print("\n".join(diff_lines(Path(args[0]), Path(args[1]))))
