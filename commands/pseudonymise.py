"""`scrapy pseudonymise SRC_DIR --out DST_DIR --key-file PATH`: a pseudonymised copy of a dataset.

Reads every committed part of SRC with pyarrow and writes DST with the crawl's own writer, run by
run, with the same rewriting as a crawl given the same key (`extraction/pseudonyms.py`): the same
pseudonyms, host classes and masks. Every commenter name of the folder is known before the first
text is rewritten. SRC is not changed; a folder pseudonymised already is refused. The card of
DST is written at the end. The whole comments table is held in memory.
"""

from __future__ import annotations

from argparse import ArgumentParser, Namespace
from dataclasses import replace
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False  # reads and writes files only

    def syntax(self) -> str:
        return "SRC_DIR --out DST_DIR --key-file PATH [--bloggers]"

    def short_desc(self) -> str:
        return "Write a pseudonymised copy of a dataset folder (names, links, e-mails, phones)"

    def add_options(self, parser: ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--out", required=True, metavar="DST_DIR", help="the new folder (must not exist)")
        parser.add_argument("--key-file", required=True, metavar="PATH", help="the secret key, kept by you")
        parser.add_argument("--bloggers", action="store_true", help="pseudonymise post authors too")

    def run(self, args: list[str], opts: Namespace) -> None:
        from blogarchive.privacy import read_key
        from extraction.pseudonyms import Pseudonymiser

        if len(args) != 1 or not Path(args[0]).is_dir():
            raise UsageError("give one existing dataset folder")
        out = Path(opts.out)
        if out.exists():
            raise UsageError(f"{out} exists: give a new folder")
        pseudonymiser = Pseudonymiser(read_key(Path(opts.key_file)), bloggers=opts.bloggers)
        written = pseudonymise_folder(Path(args[0]), out, pseudonymiser)
        print(f"wrote {out}: {written} posts, key fingerprint {pseudonymiser.fingerprint}")


def pseudonymise_folder(source: Path, out: Path, p) -> int:
    from dataset_folder.card import write_card
    from dataset_folder.summary import runs
    from dataset_folder.writer import DatasetWriter
    from extraction.pseudonyms import BLOGGER, url_class

    found = runs(source)
    if any(run.info.key_fingerprint for run in found):
        raise UsageError(f"{source} is pseudonymised already")
    posts, skipped = _rows_by_run(source, "posts"), _rows_by_run(source, "skipped")
    comments_of: dict[str, list[dict]] = {}
    for rows in _rows_by_run(source, "comments").values():
        for row in rows:
            p.learn(row["author"])
            comments_of.setdefault(row["post_id"], []).append(row)
    if p.bloggers:
        for rows in posts.values():
            for row in rows:
                p.learn(row["author"], BLOGGER)
    out.mkdir(parents=True)
    total = 0
    for run in found:
        info = replace(run.info, key_fingerprint=p.fingerprint, bloggers_pseudonymised=p.bloggers)
        writer = DatasetWriter(out, info, 5000, float("inf"), 10**9)
        for post in posts.get(run.info.run_id, []):
            if p.bloggers:
                post["author"] = p.pseudonym(post["author"], BLOGGER)
            post["text"] = p.mask_names(post["text"])
            comments = comments_of.get(post["post_id"], [])
            for row in comments:
                row["author"] = p.pseudonym(row["author"])
                row["author_url"] = url_class(row["author_url"])
                row["text"] = p.comment_text(row["text"])[0]
            writer.add_post(post, comments)
            total += 1
        for skip in skipped.get(run.info.run_id, []):
            writer.add_skipped(skip)
        writer.close(run.outcome or None)
    write_card(out)
    return total


def _rows_by_run(folder: Path, table: str) -> dict[str, list[dict]]:
    """The rows of a table, by the run whose part file holds them."""
    import pyarrow.parquet as pq

    from dataset_folder.crawlinfo import file_metadata
    from dataset_folder.parts import part_files

    found: dict[str, list[dict]] = {}
    for path in part_files(folder, table):
        run_id = file_metadata(path).get("crawl.run_id", "")
        found.setdefault(run_id, []).extend(pq.read_table(path).to_pylist())
    return found
