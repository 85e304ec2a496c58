"""Rewrite the text columns of one run's committed parts, each file replaced atomically.

Used at the end of a pseudonymised crawl, to replace in earlier texts the names learned later.
The file keeps its schema, field descriptions and key-value metadata; it is written under the
hidden temporary name first, so a reader never sees half of it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dataset_folder.parts import part_files
from schemas import COMMENTS, POSTS

TEXT_COLUMNS = {POSTS.name: ("text",), COMMENTS.name: ("text",)}


def rewrite_texts(folder: Path, run_id: str, rewrite: Callable[[str], str]) -> int:
    """Apply `rewrite` to the texts of the run's parts; returns how many files changed."""
    changed = 0
    for table, columns in TEXT_COLUMNS.items():
        for path in part_files(folder, table):
            if f"-{run_id}-" in path.name and _rewrite_file(path, columns, rewrite):
                changed += 1
    return changed


def _rewrite_file(path: Path, columns: tuple[str, ...], rewrite: Callable[[str], str]) -> bool:
    table = pq.read_table(path)
    updated = table
    for name in columns:
        before = table.column(name).to_pylist()
        after = [rewrite(v) if v is not None else None for v in before]
        if after != before:
            index = table.schema.get_field_index(name)
            updated = updated.set_column(index, table.schema.field(index), pa.array(after, pa.string()))
    if updated is table:
        return False
    temp = path.with_name(f".{path.name}.tmp")
    pq.write_table(updated, temp, compression="zstd")
    temp.replace(path)
    return True
