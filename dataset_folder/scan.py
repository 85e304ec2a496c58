"""Figures summed over a table's part files one record batch at a time, in memory that does not
grow with the rows.

The card is rewritten from the whole folder at the end of every crawl. Reading a column whole
(eleven times, once per figure) made the card's peak grow with the dataset: 450 MiB at a million
comments, against 172 MiB for the writing itself. Here each figure is a fold that names the
columns it needs and adds one batch at a time; `scan` opens each part file once, reads only the
columns its folds need, row group by row group, and hands every batch to every fold. What a fold
keeps grows with the distinct values it counts (names, months, reasons), never with the rows.

Columns are looked up part by part, so a folder whose older parts predate a column sums what each
part holds; a fold treats a column its batch lacks as all null.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Protocol

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dataset_folder.parts import part_files

BATCH_ROWS = 32_768  # rows per batch read: a few MiB of the widest columns the card needs


class Fold(Protocol):
    """A figure summed batch by batch."""

    columns: tuple[str, ...]

    def add(self, batch: pa.RecordBatch) -> None: ...


def scan(folder: Path, table: str, folds: Iterable[Fold]) -> int:
    """Feed every committed part of `table` to `folds`, one batch at a time; returns its row count
    (from the footers: parts of a folder no fold reads are opened for their footer only)."""
    folds = list(folds)
    wanted = list(dict.fromkeys(name for fold in folds for name in fold.columns))
    rows = 0
    for path in part_files(folder, table):
        with pq.ParquetFile(path) as part:
            rows += part.metadata.num_rows
            held = set(part.schema_arrow.names)
            present = [name for name in wanted if name in held]
            if not present:
                continue
            for batch in part.iter_batches(batch_size=BATCH_ROWS, columns=present):
                for fold in folds:
                    fold.add(batch)
    return rows


def values_of(batch: pa.RecordBatch, name: str) -> pa.Array | None:
    """The batch's column `name`, None when its part lacks it."""
    index = batch.schema.get_field_index(name)
    return batch.column(index) if index >= 0 else None


def ranked(counter: Counter) -> list[tuple[str, int]]:
    """Values by count, most frequent first, ties by value."""
    return sorted(((str(value), count) for value, count in counter.items()), key=lambda vc: (-vc[1], vc[0]))


def tally(counter: Counter, values: pa.Array) -> None:
    """Add the non-null values to `counter`."""
    for pair in pc.value_counts(values.drop_null()).to_pylist():
        counter[pair["values"]] += pair["counts"]


class Counts:
    """Non-null values of one column by count (`items`: the items of a list column)."""

    def __init__(self, column: str, items: bool = False) -> None:
        self.columns = (column,)
        self.items = items
        self.counter: Counter = Counter()

    def add(self, batch: pa.RecordBatch) -> None:
        values = values_of(batch, self.columns[0])
        if values is None or (self.items and not pa.types.is_list(values.type)):
            return
        tally(self.counter, pc.list_flatten(values) if self.items else values)

    def ranked(self) -> list[tuple[str, int]]:
        return ranked(self.counter)


class NonEmpty:
    """Rows whose list column is not empty."""

    def __init__(self, column: str) -> None:
        self.columns = (column,)
        self.rows = 0

    def add(self, batch: pa.RecordBatch) -> None:
        values = values_of(batch, self.columns[0])
        if values is not None and pa.types.is_list(values.type):
            self.rows += int(pc.sum(pc.greater(pc.list_value_length(values), 0)).as_py() or 0)


class Span:
    """The first and last non-null value of a column, and how many rows have one."""

    def __init__(self, column: str) -> None:
        self.columns = (column,)
        self.first: datetime | None = None
        self.last: datetime | None = None
        self.valued = 0

    def add(self, batch: pa.RecordBatch) -> None:
        values = values_of(batch, self.columns[0])
        if values is None or values.null_count == len(values):
            return
        self.valued += len(values) - values.null_count
        low, high = (bound.as_py() for bound in pc.min_max(values).values())
        self.first = low if self.first is None else min(self.first, low)
        self.last = high if self.last is None else max(self.last, high)


class Substrings:
    """Occurrences of a literal in a text column."""

    def __init__(self, column: str, pattern: str) -> None:
        self.columns = (column,)
        self.pattern = pattern
        self.found = 0

    def add(self, batch: pa.RecordBatch) -> None:
        values = values_of(batch, self.columns[0])
        if values is not None and values.type != pa.null():
            self.found += int(pc.sum(pc.count_substring(values, self.pattern)).as_py() or 0)


class Derived(Counts):
    """Counts of a value computed from each batch (None: the batch holds nothing to count)."""

    def __init__(self, columns: tuple[str, ...], derive: Callable[[pa.RecordBatch], pa.Array | None]) -> None:
        super().__init__(columns[0])
        self.columns = columns
        self.derive = derive

    def add(self, batch: pa.RecordBatch) -> None:
        values = self.derive(batch)
        if values is not None:
            tally(self.counter, values)
