"""Check a dataset folder against `schemas/`: what `scrapy validate DIR` runs.

Checked, for every table of `schemas.TABLES` and every key of `schemas.relations`: each committed
part file's columns and Arrow types; no null in a required column; primary keys unique; every
foreign key value (when not null) present in the table it refers to. When the folder keeps
pages: every `pages` row's WARC file exists and holds its offset, and every post has a page. Only committed files are
read, as every reader does: the hidden `.part-*.tmp` files of a run that died are reported as
leftovers and ignored. pyarrow only, so it runs with the core install.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from dataset_folder.parts import leftovers, part_files, uncommitted_parts
from dataset_folder.privacy_card import RAW_PAGES_SUFFIX
from schemas import PAGES, POSTS, SCHEMA_VERSION, TABLES, Table
from schemas.enums import ENUMERATIONS
from schemas.relations import FOREIGN_KEYS, ForeignKey

EXAMPLES = 3


@cache
def _stored_schema(name: str) -> pa.Schema:
    """The table's schema as Parquet gives it back: `timestamp[s]` returns as `timestamp[ms]`
    (Parquet has no seconds unit), so both the declared and the stored type are accepted."""
    table = next(t for t in TABLES if t.name == name)
    sink = pa.BufferOutputStream()
    pq.write_table(table.arrow_schema().empty_table(), sink)
    return pq.read_schema(pa.BufferReader(sink.getvalue()))


@dataclass
class Problem:
    where: str  # table.column, a key, or a part file
    what: str
    rows: int = 0
    examples: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        rows = f": {self.rows} row(s)" if self.rows else ""
        examples = f", e.g. {', '.join(self.examples)}" if self.examples else ""
        return f"{self.where}: {self.what}{rows}{examples}"


@dataclass
class Report:
    folder: Path
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        counts = ", ".join(f"{self.rows.get(t.name, 0)} {t.name}" for t in TABLES)
        parts = sum(self.files.values())
        if self.ok:
            return (
                f"OK {self.folder}: {counts} in {parts} part file(s); schema {SCHEMA_VERSION}, keys and references hold"
            )
        return f"INVALID {self.folder}: {len(self.problems)} problem(s) ({counts} in {parts} part file(s))"


class Checker:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.report = Report(folder)
        # Per table, the files whose column holds the declared type: only those are read for keys.
        self.readable: dict[str, dict[str, list[Path]]] = defaultdict(lambda: defaultdict(list))

    def run(self) -> Report:
        if not self.folder.is_dir():
            self.problem(str(self.folder), "no such dataset folder")
            return self.report
        self.note_leftovers()
        for table in TABLES:
            self.check_files(table)
        for table in TABLES:
            self.check_primary_key(table)
        for key in FOREIGN_KEYS:
            self.check_foreign_key(key)
        for table in TABLES:
            self.check_enumerations(table)
        self.check_pages()
        self.check_runs()
        return self.report

    def problem(self, where: str, what: str, rows: int = 0, examples: list[str] | None = None) -> None:
        self.report.problems.append(Problem(where, what, rows, examples or []))

    def relative(self, path: Path) -> str:
        return str(path.relative_to(self.folder))

    def note_leftovers(self) -> None:
        left = leftovers(self.folder)
        if left:
            names = ", ".join(self.relative(p) for p in left)
            self.report.notes.append(f"{len(left)} incomplete leftover(s), ignored: {names}")
        cut = uncommitted_parts(self.folder)
        if cut:
            names = ", ".join(self.relative(p) for p in cut)
            self.report.notes.append(
                f"{len(cut)} part(s) of a commit cut short (no posts part beside them; the next crawl "
                f"removes them): {names}"
            )

    def check_files(self, table: Table) -> None:
        files = part_files(self.folder, table.name)
        self.report.files[table.name] = len(files)
        self.report.rows[table.name] = 0
        if not files and table is PAGES:  # written before pages were kept (schema 1.4 and older)
            self.report.notes.append(f"no part file in {table.name}/: the folder records no page")
            return
        if not files:
            self.problem(table.name, f"no part file in {table.name}/")
            return
        for path in files:
            try:
                metadata = pq.read_metadata(path)
            except (OSError, pa.ArrowException) as error:
                self.problem(self.relative(path), f"unreadable Parquet file ({error})")
                continue
            self.report.rows[table.name] += metadata.num_rows
            self.check_schema(table, path, metadata.schema.to_arrow_schema())
            self.check_nulls(table, path)

    def check_schema(self, table: Table, path: Path, got: pa.Schema) -> None:
        where = self.relative(path)
        declared, stored = table.arrow_schema(), _stored_schema(table.name)
        for name in sorted(set(table.names) - set(got.names)):
            self.problem(f"{where}", f"column {table.name}.{name} is missing")
        for name in sorted(set(got.names) - set(table.names)):
            self.problem(f"{where}", f"column {name} is not in the {table.name} schema")
        for name in table.names:
            if name not in got.names:
                continue
            actual = got.field(name).type
            if actual.equals(declared.field(name).type) or actual.equals(stored.field(name).type):
                self.readable[table.name][name].append(path)
            else:
                expected = declared.field(name).type
                self.problem(f"{where}", f"column {table.name}.{name} has type {actual}, expected {expected}")
        version = (got.metadata or {}).get(b"schema_version", b"").decode()
        if version != SCHEMA_VERSION:
            self.report.notes.append(
                f"{where}: schema_version {version or 'absent'}, this tool writes {SCHEMA_VERSION}"
            )

    def check_nulls(self, table: Table, path: Path) -> None:
        required = [f.name for f in table.fields if not f.nullable and path in self.readable[table.name][f.name]]
        if not required:
            return
        key = table.primary_key
        columns = sorted({*required, key}) if path in self.readable[table.name][key] else required
        nulls: dict[str, int] = defaultdict(int)
        examples: dict[str, list[str]] = defaultdict(list)
        for batch in pq.ParquetFile(path).iter_batches(columns=columns):
            for name in required:
                values = batch.column(name)
                if values.null_count:
                    nulls[name] += values.null_count
                    if key in batch.schema.names and len(examples[name]) < EXAMPLES:
                        keys = pc.filter(batch.column(key), pc.is_null(values)).to_pylist()
                        examples[name] += [f"{key}={k!r}" for k in keys[: EXAMPLES - len(examples[name])]]
        for name, count in nulls.items():
            self.problem(f"{table.name}.{name}", f"required but null (in {self.relative(path)})", count, examples[name])

    def key_values(self, table: str, name: str) -> pa.ChunkedArray | None:
        """The column over every file where it has the right type; None when no file has it."""
        files = self.readable[table][name]
        if not files:
            return None
        chunks = [pq.read_table(path, columns=[name]).column(name) for path in files]
        return pa.chunked_array([c for chunk in chunks for c in chunk.chunks], type=chunks[0].type)

    def check_primary_key(self, table: Table) -> None:
        values = self.key_values(table.name, table.primary_key)
        if values is None:
            return
        tallied = pc.value_counts(values.drop_null())
        repeated = tallied.filter(pc.greater(tallied.field("counts"), 1)).to_pylist()
        if repeated:
            rows = sum(v["counts"] for v in repeated)
            examples = [f"{v['values']!r} ×{v['counts']}" for v in repeated[:EXAMPLES]]
            what = f"primary key not unique: {len(repeated)} value(s) appear more than once"
            self.problem(f"{table.name}.{table.primary_key}", what, rows, examples)

    def check_foreign_key(self, key: ForeignKey) -> None:
        child = self.key_values(key.table, key.column)
        parent = self.key_values(key.ref_table, key.ref_column)
        if child is None or parent is None:
            self.report.notes.append(f"{key}: not checked, a column is missing or has the wrong type")
            return
        child = child.drop_null()
        missing = child.filter(pc.invert(pc.is_in(child, value_set=pc.unique(parent))))
        if len(missing):
            examples = [repr(v) for v in pc.unique(missing).to_pylist()[:EXAMPLES]]
            what = f"foreign key broken: values found in no {key.ref_table}.{key.ref_column}"
            self.problem(str(key), what, len(missing), examples)

    def check_enumerations(self, table: Table) -> None:
        """Enumerated columns hold declared values only (schemas/enums.py, and the platforms
        the validating process has loaded)."""
        for name, enumeration in ENUMERATIONS.items():
            if name not in table.names:
                continue
            values = self.key_values(table.name, name)
            if values is None:
                continue
            if pa.types.is_list(values.type):
                values = pc.list_flatten(values)
            tallied = pc.value_counts(values.drop_null()).to_pylist()
            undeclared = [(v["values"], v["counts"]) for v in tallied if v["values"] not in enumeration]
            if undeclared:
                examples = [f"{value!r} ×{count}" for value, count in undeclared[:EXAMPLES]]
                what = "values that are not declared in schemas/enums.py"
                self.problem(f"{table.name}.{name}", what, sum(c for _v, c in undeclared), examples)

    def check_pages(self) -> None:
        """Every page's record is where its row says, and every post was read from pages kept."""
        files, offsets = self.key_values(PAGES.name, "warc_file"), self.key_values(PAGES.name, "warc_offset")
        if files is None or offsets is None or not len(files):
            return  # no page recorded (KEEP_PAGES=0, an older folder): nothing to point at
        ends: dict[str, int | None] = {}
        for name in pc.unique(files.drop_null()).to_pylist():
            path = Path(name) if Path(name).is_absolute() else self.folder / name
            ends[name] = path.stat().st_size if path.is_file() else None
        withheld = [name for name in ends if ends[name] is None and _withheld(self.folder, name)]
        if withheld:
            self.report.notes.append(
                f"{len(withheld)} WARC files kept in the sibling {self.folder.name}{RAW_PAGES_SUFFIX}/ "
                "(a pseudonymised dataset's pages, not for publication) are not here: their records are not checked"
            )
        missing = [name for name, size in ends.items() if size is None and name not in withheld]
        if missing:
            rows = sum(1 for name in files.to_pylist() if name in missing)
            self.problem("pages.warc_file", "WARC file missing", rows, [repr(m) for m in missing[:EXAMPLES]])
        past = [(f, o) for f, o in zip(files.to_pylist(), offsets.to_pylist(), strict=True)
                if ends.get(f) is not None and o is not None and o >= ends[f]]  # fmt: skip
        if past:
            examples = [f"{f!r} byte {o} of {ends[f]}" for f, o in past[:EXAMPLES]]
            self.problem("pages.warc_offset", "points past the end of its WARC file", len(past), examples)
        self.check_posts_have_pages()

    def check_posts_have_pages(self) -> None:
        posts, fed = self.key_values(POSTS.name, POSTS.primary_key), self.key_values(PAGES.name, "post_id")
        if posts is None or fed is None:
            return
        alone = posts.filter(pc.invert(pc.is_in(posts, value_set=pc.unique(fed.drop_null()))))
        if len(alone):
            examples = [repr(v) for v in alone.to_pylist()[:EXAMPLES]]
            self.problem("posts.post_id", "post read from no page of the pages table", len(alone), examples)

    def check_runs(self) -> None:
        """A folder with no post is no dataset; a run that failed says why, from its metadata."""
        from dataset_folder.summary import runs

        failed = [run for run in runs(self.folder) if run.failed]
        for run in failed:
            self.report.notes.append(f"run {run.info.run_id} ({run.info.spider}): {run.outcome[2:]}")
        if self.report.files.get(POSTS.name) and self.report.rows.get(POSTS.name) == 0:
            why = f" (the run failed: {failed[-1].outcome[2:]})" if failed else ""
            self.problem(POSTS.name, f"no posts: the dataset is empty{why}")


def _withheld(folder: Path, name: str) -> bool:
    """A keyed crawl's pages live beside the folder, not in it: publishing the folder leaves them out.
    The sibling folder absent is that; the sibling present without the file is a loss."""
    sibling = f"{folder.name}{RAW_PAGES_SUFFIX}"
    return Path(name).parts[:2] == ("..", sibling) and not (folder.parent / sibling).is_dir()


def validate(folder: Path) -> Report:
    return Checker(folder).run()
