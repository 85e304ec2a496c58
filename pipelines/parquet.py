"""Stage 5: stream rows into Parquet, one folder per table, with the explicit schema.

Memory is bounded whatever the crawl size: each table's rows are buffered up to
`PARQUET_ROW_GROUP_SIZE` and flushed as a row group. Progress is durable: the run writes
segments (one part file per table, see `pipelines/parts.py`) and commits one — closes its files
and renames them into view, posts last — as soon as it holds `PARQUET_ROW_GROUP_SIZE` posts (or
skipped pages), or `PARQUET_COMMIT_SECONDS` after it was opened. A crash, even SIGKILL, loses
only the segment being written; readers never see a half-written file. When the crawl closes,
the dataset card is written from the whole folder (`pipelines/card.py`).
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from blogarchive.items import SkippedPage
from pipelines.card import write_card
from pipelines.crawlinfo import CrawlInfo, crawl_info
from pipelines.dataset_dir import dataset_dir
from pipelines.parts import final_path, part_name, recover, temp_path, unlock
from pipelines.rows import comment_rows, post_row, skipped_row
from pipelines.stages import ExtractedPost
from schemas import COMMENTS, POSTS, SKIPPED, TABLES, Table

logger = logging.getLogger(__name__)

DEFAULT_COMMIT_SECONDS = 300.0  # a killed polite crawl keeps all but its last five minutes of rows


class TableWriter:
    """One part file of one table, written in row groups under a hidden name until committed."""

    def __init__(self, table: Table, folder: Path, name: str, row_group_size: int) -> None:
        self.table = table
        self.schema = table.arrow_schema()
        self.final_path = final_path(folder, table.name, name)
        self.temp_path = temp_path(folder, table.name, name)
        self.row_group_size = row_group_size
        self.buffer: list[dict[str, Any]] = []
        self.rows = 0  # written and buffered
        self.temp_path.parent.mkdir(parents=True, exist_ok=True)
        self.writer = pq.ParquetWriter(self.temp_path, self.schema, compression="zstd")

    def add(self, row: dict[str, Any]) -> None:
        self.table.check_row(row)
        self.buffer.append(row)
        self.rows += 1
        if len(self.buffer) >= self.row_group_size:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.writer.write_table(pa.Table.from_pylist(self.buffer, schema=self.schema))
            self.buffer.clear()

    def close(self, metadata: dict[str, str]) -> None:
        """Write the footer and make the bytes durable; the file stays hidden until `publish`."""
        self.flush()
        self.writer.add_key_value_metadata(metadata)
        self.writer.close()
        _fsync(self.temp_path)  # a rename that outlives a power cut must not point at lost bytes

    def publish(self) -> None:
        self.temp_path.replace(self.final_path)


class Segment:
    """One part file per table under one name: a post and its comments commit together."""

    def __init__(self, folder: Path, name: str, row_group_size: int) -> None:
        self.writers = {t.name: TableWriter(t, folder, name, row_group_size) for t in TABLES}
        self.opened = time.monotonic()
        self.source_kinds: set[str] = set()

    def add(self, table: Table, row: dict[str, Any]) -> None:
        self.writers[table.name].add(row)
        self.source_kinds.add(row.get("source_kind") or "")

    def rows(self, table: Table) -> int:
        return self.writers[table.name].rows

    def commit(self, info: CrawlInfo) -> None:
        metadata = info.metadata(sorted(self.source_kinds - {""}))
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
            _fsync(folder)  # the renames themselves


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class ParquetDatasetPipeline:
    def __init__(self, crawler: Any, row_group_size: int, commit_seconds: float) -> None:
        self.crawler = crawler
        self.row_group_size = max(1, row_group_size)
        self.commit_seconds = commit_seconds
        self.folder = Path()
        self.info: CrawlInfo | None = None
        self.segment: Segment | None = None
        self.committed = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> ParquetDatasetPipeline:
        settings = crawler.settings
        commit_seconds = settings.getfloat("PARQUET_COMMIT_SECONDS", DEFAULT_COMMIT_SECONDS)
        return cls(crawler, settings.getint("PARQUET_ROW_GROUP_SIZE"), commit_seconds)

    def open_spider(self) -> None:
        self.folder = dataset_dir(self.crawler)
        recover(self.folder)  # usually done already by DedupePipeline, which must read a whole folder
        self.info = crawl_info(self.crawler)
        self.crawler.stats.set_value("dataset/dir", str(self.folder))
        self.crawler.stats.set_value("dataset/run_id", self.info.run_id)  # feeds of this crawl name the same run
        logger.info("Writing dataset to %s (run %s)", self.folder, self.info.run_id)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ExtractedPost):
            segment = self.current_segment()
            segment.add(POSTS, post_row(item))
            for row in comment_rows(item):
                segment.add(COMMENTS, row)
            self.crawler.stats.inc_value("dataset/posts")
            self.crawler.stats.inc_value("dataset/comments", len(item.record.comments))
        elif isinstance(item, SkippedPage):
            self.current_segment().add(SKIPPED, skipped_row(item))
        else:
            return item
        if self.segment_is_full():
            self.commit()
        return item

    def current_segment(self) -> Segment:
        if self.segment is None:
            assert self.info is not None, "open_spider() first"
            name = part_name(self.info.run_id, self.committed + 1)
            self.segment = Segment(self.folder, name, self.row_group_size)
        return self.segment

    def segment_is_full(self) -> bool:
        segment = self.segment
        if segment is None:
            return False
        if max(segment.rows(POSTS), segment.rows(SKIPPED)) >= self.row_group_size:
            return True
        return time.monotonic() - segment.opened >= self.commit_seconds

    def commit(self) -> None:
        assert self.segment is not None and self.info is not None
        self.segment.commit(self.info)
        self.segment = None
        self.committed += 1
        self.crawler.stats.inc_value("dataset/parts_committed")

    def close_spider(self) -> None:
        if self.info is None:
            return
        # Every run leaves at least one segment, empty if need be: its metadata records the run.
        if self.segment is not None or self.committed == 0:
            self.current_segment()
            self.commit()
        try:
            write_card(self.folder, self.info)
        except Exception:  # the data is committed; a card that fails must not fail the crawl
            logger.exception("Could not write the dataset card of %s", self.folder)
            self.crawler.stats.inc_value("dataset/card_failed")
        finally:
            unlock(self.folder)
