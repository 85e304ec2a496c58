"""Figures about a dataset folder, read back from every committed part file (all runs).

The dataset card and `scrapy describe` print these; they are computed from the files, never
from one run's stats, so a card states what the folder holds after a resume or a re-run. Each
table is read once, only the columns needed, batch by batch (`dataset_folder/scan.py`), so a
folder of millions of comments is summed in memory that does not grow with its rows.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from dataset_folder.crawlinfo import CrawlInfo, file_metadata
from dataset_folder.parts import part_files
from dataset_folder.scan import Counts, Derived, Fold, NonEmpty, Span, scan, tally, values_of
from extraction.people import is_placeholder
from schemas import COMMENTS, POSTS, SKIPPED, TABLES


@dataclass
class Run:
    """One crawl that wrote into the folder, as its part files' metadata tell it."""

    info: CrawlInfo
    parts: int = 0
    posts: int = 0
    source_kinds: set[str] = field(default_factory=set)
    outcome: str = ""  # "<exit code> <summary>", from the run's last segment

    @property
    def failed(self) -> bool:
        return self.outcome.startswith("1 ")


@dataclass
class Summary:
    folder: Path
    rows: dict[str, int]
    files: dict[str, int]
    published_min: datetime | None
    published_max: datetime | None
    undated_posts: int
    posts_per_month: list[tuple[str, int]]  # every month from the first to the last, zeros included
    skipped_by_reason: list[tuple[str, int]]
    source_kinds: dict[str, int]  # posts by where their bytes came from
    runs: list[Run]
    repaired_rows: dict[str, int] = field(default_factory=dict)  # table → rows with a repaired field
    repaired_fields: dict[str, list[tuple[str, int]]] = field(default_factory=dict)  # table → (field, rows)
    charsets_used: list[tuple[str, int]] = field(default_factory=list)  # posts by decoding charset
    posts_by_profile: list[tuple[str, int]] = field(default_factory=list)  # posts by the profile that read them
    posts_by_warning: list[tuple[str, int]] = field(default_factory=list)  # posts carrying each warning
    posts_with_warnings: int = 0  # posts carrying at least one
    placeholder_comments: int = 0  # comments whose author names nobody (schemas/people.py)
    distinct_commenters: int = 0  # distinct names, placeholders left out
    spam_reasons: list[tuple[str, int]] = field(default_factory=list)  # comments by spam reason
    languages: list[tuple[str, int]] = field(default_factory=list)  # comments by language


@dataclass
class Details:
    """What `scrapy describe` adds: who writes, and how comments spread over posts."""

    top_authors: list[tuple[str, int]]
    top_commenters: list[tuple[str, int]]
    comments_per_post_mean: float
    comments_per_post_median: float
    comments_per_post_max: int
    posts_without_comments: int


def table_dataset(folder: Path, table: str) -> ds.Dataset | None:
    files = part_files(folder, table)
    return ds.dataset([str(f) for f in files], format="parquet") if files else None


def column(folder: Path, table: str, name: str) -> pa.ChunkedArray:
    """One column of a table, whole: for readers that need every value (dedupe's keys), not for
    figures, which `scan` sums batch by batch."""
    dataset = table_dataset(folder, table)
    if dataset is None or name not in dataset.schema.names:
        return pa.chunked_array([], pa.null())
    return dataset.to_table(columns=[name]).column(name)


def months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def summarize(folder: Path) -> Summary:
    """Every figure of the card, from one pass over each table's parts."""
    posts, comments, skipped = PostFigures(), CommentFigures(), Counts("reason")
    folds = {POSTS.name: posts.folds(), COMMENTS.name: comments.folds(), SKIPPED.name: [skipped]}
    rows = {t.name: scan(folder, t.name, folds.get(t.name, [])) for t in TABLES}
    return Summary(
        folder=folder,
        rows=rows,
        files={t.name: len(part_files(folder, t.name)) for t in TABLES},
        published_min=posts.published.first,
        published_max=posts.published.last,
        undated_posts=rows[POSTS.name] - posts.published.valued,
        posts_per_month=_per_month(posts.months.counter),
        skipped_by_reason=skipped.ranked(),
        source_kinds=dict(posts.source_kinds.ranked()),
        runs=runs(folder),
        repaired_rows={POSTS.name: posts.repaired.rows, COMMENTS.name: comments.repaired.rows},
        repaired_fields={POSTS.name: posts.repaired_fields.ranked(), COMMENTS.name: comments.repaired_fields.ranked()},
        charsets_used=posts.charsets.ranked(),
        posts_by_profile=posts.profiles.ranked(),
        # A row carries each warning once (extraction/quality.py): items counted are posts.
        posts_by_warning=posts.warnings.ranked(),
        posts_with_warnings=posts.warned.rows,
        placeholder_comments=rows[COMMENTS.name] - comments.commenters.named,
        distinct_commenters=len(comments.commenters.counter),
        spam_reasons=comments.spam_reasons.ranked(),
        languages=comments.languages.ranked(),
    )


class PostFigures:
    """The folds the card sums over `posts`."""

    def __init__(self) -> None:
        self.published = Span("published")
        self.months = Derived(("published_month", "published"), _months)
        self.source_kinds, self.charsets = Counts("source_kind"), Counts("charset_used")
        self.profiles = Counts("profile")
        self.repaired, self.repaired_fields = NonEmpty("repaired_fields"), Counts("repaired_fields", items=True)
        self.warned, self.warnings = NonEmpty("warnings"), Counts("warnings", items=True)

    def folds(self) -> list[Fold]:
        return list(vars(self).values())


class CommentFigures:
    """The folds the card sums over `comments`."""

    def __init__(self) -> None:
        self.commenters = Commenters()
        self.repaired, self.repaired_fields = NonEmpty("repaired_fields"), Counts("repaired_fields", items=True)
        self.spam_reasons, self.languages = Counts("spam_reasons", items=True), Counts("language")

    def folds(self) -> list[Fold]:
        return list(vars(self).values())


def _per_month(by_month: Counter) -> list[tuple[str, int]]:
    """Every month from the first to the last, zeros included."""
    if not by_month:
        return []
    return [(m, by_month.get(m, 0)) for m in months_between(min(by_month), max(by_month))]


def _months(batch: pa.RecordBatch) -> pa.Array | None:
    """Each post's YYYY-MM: published_month (the URL's /YYYY/MM/ when no date is printed), else
    the month of published (parts written before published_month existed)."""
    published, month = values_of(batch, "published"), values_of(batch, "published_month")
    if published is None:
        return None
    from_dates = pc.strftime(published, format="%Y-%m")
    return from_dates if month is None else pc.coalesce(month, from_dates)


class Commenters(Counts):
    """`comments.author` of the rows whose name names someone, by count, and how many such rows:
    placeholders left out (`author_placeholder`, or the rule itself on parts written before the
    column)."""

    def __init__(self) -> None:
        super().__init__("author")
        self.columns = ("author", "author_placeholder")
        self.named = 0  # rows signed by someone, a null name under a false flag included

    def add(self, batch: pa.RecordBatch) -> None:
        names, placeholder = values_of(batch, "author"), values_of(batch, "author_placeholder")
        if names is None:
            return
        if placeholder is not None:
            names = names.filter(pc.invert(placeholder))
        else:
            names = pa.array([n for n in names.to_pylist() if not is_placeholder(n)], pa.string())
        self.named += len(names)
        tally(self.counter, names)


def pq_rows(path: Path) -> int:
    return pq.read_metadata(path).num_rows


def runs(folder: Path) -> list[Run]:
    """Runs in start order, from the footers of the posts and skipped part files."""
    found: dict[str, Run] = {}
    for table in (POSTS.name, SKIPPED.name):
        for path in part_files(folder, table):
            metadata = file_metadata(path)
            info = CrawlInfo.from_metadata(metadata)
            if info is None:
                continue
            run = found.setdefault(info.run_id, Run(info))
            run.source_kinds.update(k for k in metadata.get("crawl.source_kind", "").split(",") if k)
            run.outcome = metadata.get("crawl.outcome") or run.outcome
            if table == POSTS.name:
                run.parts += 1
                run.posts += pq_rows(path)
    return sorted(found.values(), key=lambda r: r.info.run_id)


def details(folder: Path, top: int = 10) -> Details:
    authors, commenters, per_post = Counts("author"), Commenters(), Counts("post_id")
    post_count = scan(folder, POSTS.name, [authors])
    scan(folder, COMMENTS.name, [commenters, per_post])
    spread = sorted(per_post.counter.values()) + [0] * max(0, post_count - len(per_post.counter))
    return Details(
        top_authors=authors.ranked()[:top],
        top_commenters=commenters.ranked()[:top],
        comments_per_post_mean=statistics.fmean(spread) if spread else 0.0,
        comments_per_post_median=float(statistics.median(spread)) if spread else 0.0,
        comments_per_post_max=max(spread, default=0),
        posts_without_comments=spread.count(0),
    )
