"""Streaming rows into a dataset folder: part files per table, committed in segments.

Memory is bounded whatever the crawl size: each table's rows are buffered up to
`row_group_size` and flushed as a row group. Progress is durable: a writer fills segments (one
part file per table, see `parts.py`) and commits one (closes its files and renames them into
view, posts last) as soon as it holds `commit_posts` posts (or skipped pages), or
`commit_seconds` after it was opened. A crash, even SIGKILL, loses only the segment being
written; readers never see a half-written file.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from dataset_folder.crawlinfo import CrawlInfo
from dataset_folder.parts import final_path, part_name, temp_path
from schemas import COMMENTS, PAGES, POSTS, SKIPPED, TABLES, Table
from schemas.enums import ENUMERATIONS


class TableWriter:
    """One part file of one table, written in row groups under a hidden name until committed.

    Rows are buffered by column, in the schema's order, and a row group is made from those
    columns directly: no list of dicts for pyarrow to take apart again.
    """

    def __init__(self, table: Table, folder: Path, name: str, row_group_size: int) -> None:
        self.table = table
        self.schema = table.arrow_schema()
        self.final_path = final_path(folder, table.name, name)
        self.temp_path = temp_path(folder, table.name, name)
        self.row_group_size = row_group_size
        self.names = tuple(table.names)
        self.keys = frozenset(self.names)
        self.take = itemgetter(*self.names)  # a row's values in the schema's order, in one call
        self.enumerated = [(n, ENUMERATIONS[n], pa.types.is_list(self.schema.field(n).type))
                           for n in self.names if n in ENUMERATIONS]  # fmt: skip
        self.columns: dict[str, list[Any]] = {n: [] for n in self.names}
        self.buffered = 0
        self.rows = 0  # written and buffered
        self.temp_path.parent.mkdir(parents=True, exist_ok=True)
        self.writer = pq.ParquetWriter(self.temp_path, self.schema, compression="zstd")

    def check(self, rows: list[dict[str, Any]]) -> None:
        """Refuse the batch, before any of it is buffered, if a row's keys differ from the
        schema's or a column holds an undeclared value (each distinct value checked once)."""
        for row in rows:
            if row.keys() != self.keys:
                self.table.check_row(row)  # says which keys are missing or unexpected
        for name, enumeration, is_list in self.enumerated:
            values = [item for row in rows for item in row[name] or ()] if is_list else [row[name] for row in rows]
            try:
                distinct: Any = set(values)
            except TypeError:  # an unhashable value is no declared value: check says so
                distinct = values
            for value in distinct:
                enumeration.check(value)

    def add(self, rows: list[dict[str, Any]]) -> None:
        """Rows already checked; a row group is flushed each time `row_group_size` are buffered."""
        start = 0
        while start < len(rows):
            batch = rows[start : start + self.row_group_size - self.buffered]
            by_column = zip(*map(self.take, batch), strict=True)  # every row has every field: checked
            for column, values in zip(self.columns.values(), by_column, strict=True):
                column.extend(values)
            self.buffered += len(batch)
            self.rows += len(batch)
            start += len(batch)
            if self.buffered >= self.row_group_size:
                self.flush()

    def flush(self) -> None:
        if self.buffered:
            self.writer.write_table(pa.Table.from_pydict(self.columns, schema=self.schema))
            for column in self.columns.values():
                column.clear()
            self.buffered = 0

    def close(self, metadata: dict[str, str]) -> None:
        """Write the footer and make the bytes durable; the file stays hidden until `publish`."""
        self.flush()
        self.writer.add_key_value_metadata(metadata)
        self.writer.close()
        fsync_path(self.temp_path)  # a rename that outlives a power cut must not point at lost bytes

    def publish(self) -> None:
        self.temp_path.replace(self.final_path)


class Segment:
    """One part file per table under one name: a post and its comments commit together."""

    def __init__(self, folder: Path, name: str, row_group_size: int) -> None:
        self.writers = {t.name: TableWriter(t, folder, name, row_group_size) for t in TABLES}
        self.opened = time.monotonic()
        self.source_kinds: set[str] = set()

    def check(self, table: Table, rows: list[dict[str, Any]]) -> None:
        self.writers[table.name].check(rows)

    def add(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """Rows `check` accepted."""
        self.writers[table.name].add(rows)
        self.source_kinds.update(row.get("source_kind") or "" for row in rows)

    def rows(self, table: Table) -> int:
        return self.writers[table.name].rows

    def commit(self, info: CrawlInfo, outcome: str | None = None) -> None:
        metadata = info.metadata(sorted(self.source_kinds - {""}))
        if outcome:
            metadata["crawl.outcome"] = outcome
        for writer in self.writers.values():
            writer.close(metadata)
        # The posts file is the commit mark: renamed last, so a cut between renames leaves
        # comments without posts, which the next run removes (pipelines/parts.py), never posts
        # without their comments.
        for name, writer in self.writers.items():
            if name != POSTS.name:
                writer.publish()
        self.writers[POSTS.name].publish()
        for folder in {writer.final_path.parent for writer in self.writers.values()}:
            fsync_path(folder)  # the renames themselves


def fsync_path(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class DatasetWriter:
    """The rows of one run into one folder (locked by the caller), segment after segment."""

    def __init__(
        self, folder: Path, info: CrawlInfo, row_group_size: int, commit_seconds: float, commit_posts: int
    ) -> None:
        self.folder = folder
        self.info = info
        self.row_group_size = max(1, row_group_size)
        self.commit_seconds = commit_seconds
        self.commit_posts = max(1, commit_posts)
        self.segment: Segment | None = None
        self.committed = 0
        # Called before each commit: the pages kept (WARC) are committed first, listings' rows added.
        self.before_commit: Callable[[], None] | None = None

    def add_post(
        self, post: dict[str, Any], comments: list[dict[str, Any]], pages: Sequence[dict[str, Any]] = ()
    ) -> None:
        """A post with its comments and the pages it was read from, always in the same segment:
        all refused (ValueError) if one row is wrong, so a post is never written without its comments."""
        segment, pages = self.current_segment(), list(pages)
        segment.check(POSTS, [post])
        segment.check(COMMENTS, comments)
        segment.check(PAGES, pages)
        segment.add(POSTS, [post])
        segment.add(COMMENTS, comments)
        segment.add(PAGES, pages)
        self._commit_if_full()

    def add_pages(self, rows: Sequence[dict[str, Any]]) -> None:
        segment, rows = self.current_segment(), list(rows)
        segment.check(PAGES, rows)
        segment.add(PAGES, rows)

    def add_skipped(self, row: dict[str, Any]) -> None:
        segment = self.current_segment()
        segment.check(SKIPPED, [row])
        segment.add(SKIPPED, [row])
        self._commit_if_full()

    def current_segment(self) -> Segment:
        if self.segment is None:
            name = part_name(self.info.run_id, self.committed + 1)
            self.segment = Segment(self.folder, name, self.row_group_size)
        return self.segment

    def _commit_if_full(self) -> None:
        segment = self.segment
        if segment is None:
            return
        full = max(segment.rows(POSTS), segment.rows(SKIPPED)) >= self.commit_posts
        if full or time.monotonic() - segment.opened >= self.commit_seconds:
            self.commit()

    def commit(self, outcome: str | None = None) -> None:
        assert self.segment is not None
        if self.before_commit is not None:
            self.before_commit()
        self.segment.commit(self.info, outcome)
        self.segment = None
        self.committed += 1

    def close(self, outcome: str | None = None) -> bool:
        """Commit what is left (True if a segment was). Every run leaves a last segment, empty if
        need be, whose footer names the run and says how it ended (`outcome`)."""
        if self.segment is None and self.committed > 0 and outcome is None:
            return False
        self.current_segment()
        self.commit(outcome)
        return True
