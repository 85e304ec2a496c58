"""How the tables refer to each other. Primary keys live on each `Table`; the references between
tables live here, once, so that the generated docs, the dataset card and `scrapy validate` all
state and check the same relations."""

from __future__ import annotations

from dataclasses import dataclass

from schemas.fields import Table
from schemas.tables import TABLES


@dataclass(frozen=True)
class ForeignKey:
    """`table.column` holds values of `references.column`; a null holds no reference."""

    table: str
    column: str
    ref_table: str
    ref_column: str
    meaning: str

    def __str__(self) -> str:
        return f"{self.table}.{self.column} → {self.ref_table}.{self.ref_column}"


FOREIGN_KEYS = (
    ForeignKey("comments", "post_id", "posts", "post_id", "every comment belongs to a post of the dataset"),
    ForeignKey("comments", "reply_to", "comments", "comment_id", "a reply answers a comment of the dataset"),
    ForeignKey("pages", "post_id", "posts", "post_id", "a page fed a post of the dataset"),
)


def table_named(name: str) -> Table:
    for table in TABLES:
        if table.name == name:
            return table
    raise KeyError(f"no table named {name!r} in schemas.TABLES")


def foreign_keys_of(table: Table) -> list[ForeignKey]:
    return [key for key in FOREIGN_KEYS if key.table == table.name]


def check_relations() -> None:
    """Fail loudly when a key names a column the schema no longer has (renamed field)."""
    for table in TABLES:
        if table.primary_key not in table.names:
            raise ValueError(f"{table.name}: primary key {table.primary_key!r} is not a field")
    for key in FOREIGN_KEYS:
        if key.column not in table_named(key.table).names or key.ref_column not in table_named(key.ref_table).names:
            raise ValueError(f"foreign key {key}: a column is not a field of its table")
