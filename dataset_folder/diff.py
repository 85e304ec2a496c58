"""What changed between two dataset folders, table by table: what `scrapy diff A B` prints.

Rows are matched on the table's primary key (`schemas/`): a key only in B is added, only in A
removed, in both with any value different changed; for changed rows, how many differ in each
column. So a researcher who re-extracted a dataset with a newer version (`scrapy reextract`)
sees which fields the new code reads differently, and how often. Each table is read whole,
one at a time.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from dataset_folder.parts import part_files
from dataset_folder.summary import table_dataset
from schemas import TABLES, Table


@dataclass
class TableDiff:
    table: str
    rows_a: int = 0
    rows_b: int = 0
    added: int = 0
    removed: int = 0
    changed: int = 0
    columns: Counter[str] = field(default_factory=Counter)  # changed rows per column
    only_in_a: list[str] = field(default_factory=list)  # columns one side does not have
    only_in_b: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)  # keys of a few changed rows

    @property
    def unchanged(self) -> int:
        return self.rows_a - self.removed - self.changed

    def lines(self) -> list[str]:
        head = (
            f"{self.table}: {self.rows_a} -> {self.rows_b} rows: {self.added} added, {self.removed} removed, "
            f"{self.changed} changed, {self.unchanged} unchanged"
        )
        lines = [head]
        if self.columns:
            lines.append("  changed columns: " + ", ".join(f"{n} {c}" for n, c in self.columns.most_common()))
        if self.examples:
            lines.append("  e.g. " + ", ".join(self.examples))
        for side, names in (("A", self.only_in_a), ("B", self.only_in_b)):
            if names:
                lines.append(f"  columns only in {side}: {', '.join(names)}")
        return lines


def _rows(folder: Path, table: Table) -> dict[Any, dict[str, Any]]:
    dataset = table_dataset(folder, table.name)
    data = dataset.to_table() if dataset is not None else pa.table({})
    if table.primary_key not in data.column_names:
        return {}
    return {row[table.primary_key]: row for row in data.to_pylist()}


def diff_table(a: Path, b: Path, table: Table, examples: int = 3) -> TableDiff:
    rows_a, rows_b = _rows(a, table), _rows(b, table)
    result = TableDiff(table.name, len(rows_a), len(rows_b))
    result.added = len(rows_b.keys() - rows_a.keys())
    result.removed = len(rows_a.keys() - rows_b.keys())
    names_a = set(next(iter(rows_a.values()), {}))
    names_b = set(next(iter(rows_b.values()), {}))
    if rows_a and rows_b:
        result.only_in_a, result.only_in_b = sorted(names_a - names_b), sorted(names_b - names_a)
    shared = [name for name in table.names if name in names_a and name in names_b]
    for key in sorted(rows_a.keys() & rows_b.keys(), key=str):
        old, new = rows_a[key], rows_b[key]
        differing = [name for name in shared if old[name] != new[name]]
        if differing:
            result.changed += 1
            result.columns.update(differing)
            if len(result.examples) < examples:
                result.examples.append(repr(key))
    return result


def diff_folders(a: Path, b: Path) -> list[TableDiff]:
    """Every table of the schema that either folder holds."""
    return [diff_table(a, b, t) for t in TABLES if part_files(a, t.name) or part_files(b, t.name)]


def diff_lines(a: Path, b: Path) -> list[str]:
    lines = [f"diff A={a} B={b}"]
    for table in diff_folders(a, b):
        lines += table.lines()
    return lines
