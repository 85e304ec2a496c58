"""`scrapy describe DIR`: what a dataset folder holds, in figures.

Row counts, the published date range, posts per source, the most frequent post authors and
commenters, how comments spread over posts, skipped pages by reason, posts by profile and by
warning (the card's Quality section): read from every committed part file (all runs), as the
dataset card is. For a check of the folder's integrity, use `scrapy validate`.
"""

from __future__ import annotations

from argparse import ArgumentParser, Namespace
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False  # reads files only: no reactor, no spider

    def syntax(self) -> str:
        return "[--top N] DIR"

    def short_desc(self) -> str:
        return "Print figures about a dataset folder: counts, dates, top authors, comments per post, warnings"

    def add_options(self, parser: ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--top", type=int, default=10, metavar="N", help="how many authors and commenters to list")

    def run(self, args: list[str], opts: Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one dataset folder, e.g. datasets/typepad-sample")
        folder = Path(args[0])
        if not folder.is_dir():
            raise UsageError(f"no such dataset folder: {folder}")
        print("\n".join(describe_lines(folder, opts.top)))


def describe_lines(folder: Path, top: int) -> list[str]:
    # Imported here: Scrapy imports every command module to list the commands, and
    # pyarrow.dataset (with pandas) would add half a second to every `scrapy` invocation.
    from dataset_folder.summary import details, summarize
    from schemas import TABLES

    summary, more = summarize(folder), details(folder, top)
    lines = [f"dataset {folder}"]
    lines.append("rows: " + ", ".join(f"{t.name} {summary.rows[t.name]}" for t in TABLES))
    if summary.published_min is not None:
        dates = f"{summary.published_min:%Y-%m-%d} to {summary.published_max:%Y-%m-%d}"
        lines.append(f"published: {dates} ({summary.undated_posts} post(s) undated)")
    else:
        lines.append("published: no post is dated")
    lines.append("posts by source: " + _pairs(list(summary.source_kinds.items())))
    lines.append(f"top authors (posts): {_pairs(more.top_authors)}")
    lines.append(
        f"top commenters (comments): {_pairs(more.top_commenters)}; {summary.distinct_commenters} distinct, "
        f"{summary.placeholder_comments} comment(s) by a placeholder name (Anonyme, ...) not counted"
    )
    lines.append(
        f"comments per post: mean {more.comments_per_post_mean:.2f}, median {more.comments_per_post_median:g}, "
        f"max {more.comments_per_post_max}; {more.posts_without_comments} post(s) without comments"
    )
    lines.append(f"skipped by reason: {_pairs(summary.skipped_by_reason)}")
    lines.append(f"posts by profile: {_pairs(summary.posts_by_profile)}")
    lines.append(
        f"warnings (posts): {_pairs(summary.posts_by_warning)}; "
        f"{summary.posts_with_warnings} of {summary.rows['posts']} post(s) carry at least one"
    )
    return lines


def _pairs(pairs: list[tuple[str, int]]) -> str:
    return ", ".join(f"{name} ({count})" for name, count in pairs) or "none"
