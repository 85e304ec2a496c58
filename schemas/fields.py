"""How a table is defined: fields with an Arrow type, nullability and a one-line meaning."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

SCHEMA_VERSION = "1.5"  # 1.1: wall-clock times as ms, enumerated values, gap rule; 1.2: posts.warnings;
# 1.3: posts.profile, and warnings on counts, comment pages, title, date, length and the generic reader;
# 1.4: comments.author_placeholder, posts/comments.language, comments.spam_reasons (issue 16);
# 1.5: the pages table (issue 15)


@dataclass(frozen=True)
class Field:
    name: str
    type: pa.DataType
    nullable: bool
    description: str  # format, time zone, what null means: becomes the column's documentation
    # Text as printed, repaired of mojibake on its own (extraction/repair.py); listed in `repaired_fields`.
    repaired: bool = False
    # Where a row's value comes from (dataset_folder/rows.py): the reader's record ("record"),
    # the raw page ("page"), its decoding ("decoding"), or computed when the row is built ("derived").
    origin: str = "record"

    def arrow(self) -> pa.Field:
        return pa.field(self.name, self.type, self.nullable, metadata={"description": self.description})


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    primary_key: str
    fields: tuple[Field, ...]

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def repaired_fields(self) -> list[str]:
        return [f.name for f in self.fields if f.repaired]

    def arrow_schema(self) -> pa.Schema:
        return pa.schema(
            [f.arrow() for f in self.fields],
            metadata={"table": self.name, "schema_version": SCHEMA_VERSION, "description": self.description},
        )

    def check_row(self, row: dict) -> None:
        """Refuse a row whose keys differ from the table's fields: drift fails loudly."""
        if row.keys() != set(self.names):
            missing, extra = set(self.names) - row.keys(), row.keys() - set(self.names)
            raise ValueError(f"{self.name} row: missing {sorted(missing)}, unexpected {sorted(extra)}")
