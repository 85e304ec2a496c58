"""Figures about a dataset folder, read back from every committed part file (all runs).

The dataset card and `scrapy describe` print these; they are computed from the files, never
from one run's stats, so a card states what the folder holds after a resume or a re-run. Only
the columns needed are read, so a folder of millions of comments is summed in little memory.
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
    dataset = table_dataset(folder, table)
    if dataset is None or name not in dataset.schema.names:
        return pa.chunked_array([], pa.null())
    return dataset.to_table(columns=[name]).column(name)


def counts(values: pa.ChunkedArray) -> list[tuple[str, int]]:
    """Non-null values by count, most frequent first, ties by value."""
    if len(values) == 0 or values.type == pa.null():
        return []
    tallied = pc.value_counts(values.drop_null()).to_pylist()
    return sorted(((str(v["values"]), v["counts"]) for v in tallied), key=lambda vc: (-vc[1], vc[0]))


def months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def summarize(folder: Path) -> Summary:
    rows = {t.name: sum(pq_rows(p) for p in part_files(folder, t.name)) for t in TABLES}
    files = {t.name: len(part_files(folder, t.name)) for t in TABLES}
    published = column(folder, POSTS.name, "published")
    dated = published.drop_null() if published.type != pa.null() else published
    per_month: list[tuple[str, int]] = []
    first = last = None
    if len(dated):
        first, last = pc.min(dated).as_py(), pc.max(dated).as_py()
    by_month = dict(counts(_months(folder)))
    if by_month:
        per_month = [(m, by_month.get(m, 0)) for m in months_between(min(by_month), max(by_month))]
    return Summary(
        folder=folder,
        rows=rows,
        files=files,
        published_min=first,
        published_max=last,
        undated_posts=rows[POSTS.name] - len(dated),
        posts_per_month=per_month,
        skipped_by_reason=counts(column(folder, SKIPPED.name, "reason")),
        source_kinds=dict(counts(column(folder, POSTS.name, "source_kind"))),
        runs=runs(folder),
        repaired_rows={t: _rows_with_items(folder, t, "repaired_fields") for t in (POSTS.name, COMMENTS.name)},
        repaired_fields={t: counts(_flat(column(folder, t, "repaired_fields"))) for t in (POSTS.name, COMMENTS.name)},
        charsets_used=counts(column(folder, POSTS.name, "charset_used")),
        posts_by_profile=counts(column(folder, POSTS.name, "profile")),
        # A row carries each warning once (extraction/quality.py): items counted are posts.
        posts_by_warning=counts(_flat(column(folder, POSTS.name, "warnings"))),
        posts_with_warnings=_rows_with_items(folder, POSTS.name, "warnings"),
        placeholder_comments=placeholder_comments(folder),
        distinct_commenters=len(pc.unique(commenter_names(folder).drop_null())),
    )


def _months(folder: Path) -> pa.ChunkedArray:
    """Each post's YYYY-MM: published_month (the URL's /YYYY/MM/ when no date is printed), else
    the month of published (parts written before published_month existed)."""
    dataset = table_dataset(folder, POSTS.name)
    if dataset is None or "published" not in dataset.schema.names:
        return pa.chunked_array([], pa.string())
    names = [n for n in ("published_month", "published") if n in dataset.schema.names]
    table = dataset.to_table(columns=names)
    from_dates = pc.strftime(table.column("published"), format="%Y-%m")
    if "published_month" not in names:
        return from_dates
    return pc.coalesce(table.column("published_month"), from_dates)


def _flat(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """The items of a list column (null-typed when the column is absent)."""
    return pc.list_flatten(values) if pa.types.is_list(values.type) else values


def _rows_with_items(folder: Path, table: str, name: str) -> int:
    """Rows whose list column `name` is not empty (0 when the parts lack the column)."""
    values = column(folder, table, name)
    if not pa.types.is_list(values.type):
        return 0
    return int(pc.sum(pc.greater(pc.list_value_length(values), 0)).as_py() or 0)


def commenter_names(folder: Path) -> pa.ChunkedArray:
    """`comments.author` of the rows whose name names someone: placeholders left out
    (`author_placeholder`, or the rule itself on parts written before the column)."""
    dataset = table_dataset(folder, COMMENTS.name)
    if dataset is None or "author" not in dataset.schema.names:
        return pa.chunked_array([], pa.string())
    if "author_placeholder" in dataset.schema.names:
        table = dataset.to_table(columns=["author"], filter=~pc.field("author_placeholder"))
        return table.column("author")
    names = dataset.to_table(columns=["author"]).column("author").to_pylist()
    return pa.chunked_array([[n for n in names if not is_placeholder(n)]], pa.string())


def placeholder_comments(folder: Path) -> int:
    """Comments whose author names nobody."""
    return sum(pq_rows(p) for p in part_files(folder, COMMENTS.name)) - len(commenter_names(folder))


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
    post_count = sum(pq_rows(p) for p in part_files(folder, POSTS.name))
    per_post = Counter(dict(counts(column(folder, COMMENTS.name, "post_id"))))
    spread = sorted(per_post.values()) + [0] * max(0, post_count - len(per_post))
    return Details(
        top_authors=counts(column(folder, POSTS.name, "author"))[:top],
        top_commenters=counts(commenter_names(folder))[:top],
        comments_per_post_mean=statistics.fmean(spread) if spread else 0.0,
        comments_per_post_median=float(statistics.median(spread)) if spread else 0.0,
        comments_per_post_max=max(spread, default=0),
        posts_without_comments=spread.count(0),
    )
