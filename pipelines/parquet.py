"""Stage 5: stream rows into Parquet, one folder per table, with the explicit schema.

Rows are buffered up to `PARQUET_ROW_GROUP_SIZE` and flushed as a row group, so memory stays
bounded whatever the crawl size. Each run writes `part-<run>.parquet` under a hidden temporary
name and renames it when the crawl closes, so readers (pyarrow, DuckDB, pandas, which all skip
dot-files) never see a half-written file.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from blogarchive.items import SkippedPage
from pipelines.dataset_dir import dataset_dir
from pipelines.rows import comment_rows, post_row, skipped_row
from pipelines.stages import ExtractedPost
from schemas import COMMENTS, POSTS, SKIPPED, Table

logger = logging.getLogger(__name__)


class TableWriter:
    """One Parquet part file of one table, written in row groups, published on close."""

    def __init__(self, table: Table, folder: Path, part_name: str, row_group_size: int) -> None:
        self.table = table
        self.schema = table.arrow_schema()
        self.final_path = folder / f"{part_name}.parquet"
        self.temp_path = folder / f".{part_name}.parquet.tmp"
        self.row_group_size = row_group_size
        self.buffer: list[dict[str, Any]] = []
        self.rows_written = 0
        folder.mkdir(parents=True, exist_ok=True)
        self.writer = pq.ParquetWriter(self.temp_path, self.schema, compression="zstd")

    def add(self, row: dict[str, Any]) -> None:
        self.table.check_row(row)
        self.buffer.append(row)
        if len(self.buffer) >= self.row_group_size:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.writer.write_table(pa.Table.from_pylist(self.buffer, schema=self.schema))
            self.rows_written += len(self.buffer)
            self.buffer.clear()

    def close(self) -> None:
        self.flush()
        self.writer.close()
        self.temp_path.replace(self.final_path)


class ParquetDatasetPipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.writers: dict[str, TableWriter] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> ParquetDatasetPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        folder = dataset_dir(self.crawler)
        run = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
        part = f"part-{run}-{uuid.uuid4().hex[:8]}"
        size = self.crawler.settings.getint("PARQUET_ROW_GROUP_SIZE")
        self.writers = {t.name: TableWriter(t, folder / t.name, part, size) for t in (POSTS, COMMENTS, SKIPPED)}
        self.crawler.stats.set_value("dataset/dir", str(folder))
        logger.info("Writing dataset to %s", folder)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, ExtractedPost):
            self.writers[POSTS.name].add(post_row(item))
            for row in comment_rows(item):
                self.writers[COMMENTS.name].add(row)
            self.crawler.stats.inc_value("dataset/posts")
            self.crawler.stats.inc_value("dataset/comments", len(item.record.comments))
        elif isinstance(item, SkippedPage):
            self.writers[SKIPPED.name].add(skipped_row(item))
        return item

    def close_spider(self) -> None:
        for writer in self.writers.values():
            writer.close()
