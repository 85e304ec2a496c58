"""`scrapy crawl typepad -O posts.parquet`: the posts of a crawl as one flat Parquet file.

A Scrapy feed exporter (`FEED_EXPORTERS["parquet"]`) for a quick look or a one-off export: one
file, the posts table only, written with the explicit posts schema and the same key-value
metadata as the dataset's part files. The dataset folder is written as usual beside it; the
comments and skipped pages are only there.

Items reach feeds after the pipelines: a post arrives as `ReadPost` (duplicates already
dropped), a page that yielded nothing as `SkippedPage`, which has no place in the posts table.
"""

from __future__ import annotations

from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq
from scrapy.exporters import BaseItemExporter

from blogarchive.crawl import crawl_info
from dataset_folder.crawlinfo import CrawlInfo
from dataset_folder.rows import post_row
from extraction.records import ReadPost
from schemas import POSTS


class ParquetPostsExporter(BaseItemExporter):
    def __init__(
        self,
        file: IO[bytes],
        *,
        row_group_size: int = 5000,
        crawl: CrawlInfo | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(dont_fail=True, **kwargs)  # encoding, indent, fields: meaningless for Parquet
        self.file = file
        self.row_group_size = max(1, row_group_size)
        self.crawl = crawl
        self.schema = POSTS.arrow_schema()
        self.buffer: list[dict[str, Any]] = []
        self.source_kinds: set[str] = set()
        self.writer: pq.ParquetWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Any, file: IO[bytes], **kwargs: Any) -> ParquetPostsExporter:
        size = crawler.settings.getint("PARQUET_ROW_GROUP_SIZE")
        crawl = crawl_info(crawler, run_id=crawler.stats.get_value("dataset/run_id"))
        return cls(file, row_group_size=size, crawl=crawl, **kwargs)

    def start_exporting(self) -> None:
        if _already_written(self.file):
            raise ValueError("a Parquet file cannot be appended to: use -O (overwrite), not -o")
        self.writer = pq.ParquetWriter(self.file, self.schema, compression="zstd")

    def export_item(self, item: Any) -> None:
        if not isinstance(item, ReadPost):
            return
        row = post_row(item)
        POSTS.check_row(row)
        self.buffer.append(row)
        self.source_kinds.add(row["source_kind"])
        if len(self.buffer) >= self.row_group_size:
            self.flush()

    def flush(self) -> None:
        if self.buffer and self.writer is not None:
            self.writer.write_table(pa.Table.from_pylist(self.buffer, schema=self.schema))
            self.buffer.clear()

    def finish_exporting(self) -> None:
        if self.writer is None:
            return
        self.flush()
        if self.crawl is not None:
            self.writer.add_key_value_metadata(self.crawl.metadata(sorted(self.source_kinds)))
        self.writer.close()  # the footer; Scrapy's feed storage closes the file itself
        self.writer = None


def _already_written(file: IO[bytes]) -> bool:
    """True for `-o` on an existing non-empty file: the append would corrupt both."""
    try:
        return file.tell() > 0
    except (OSError, AttributeError, ValueError):
        return False
