"""`scrapy validate` on datasets broken on purpose (written here with pyarrow): each problem is
named with its table, column or key, row count and examples; a sound folder passes in one line.

Rows are made from `schemas/` itself (a value per Arrow type), so a field added to the schema
is in these datasets too.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dataset_folder.validation import validate
from schemas import COMMENTS, PAGES, POSTS, SCHEMA_VERSION, SKIPPED, TABLES, Field, Table
from schemas.enums import ENUMERATIONS, WARNINGS
from tests.crawling import PROJECT_ROOT


def value(field: Field, i: int) -> Any:
    """A valid value of the field's type; null where the field allows it (no dangling reference)."""
    kind = field.type
    if field.nullable:
        return None
    if field.name in ENUMERATIONS and not pa.types.is_list(kind):  # a declared value: `live`, `typepad`
        return next(iter(ENUMERATIONS[field.name].values))
    if pa.types.is_string(kind):
        return f"{field.name}-{i}"
    if pa.types.is_integer(kind):
        return i
    if pa.types.is_timestamp(kind):
        return datetime(2010, 1, 1, tzinfo=timezone.utc if kind.tz else None) + timedelta(days=i)
    if pa.types.is_list(kind):
        return []
    if pa.types.is_boolean(kind):
        return False
    if pa.types.is_floating(kind):
        return 0.0
    raise TypeError(f"no test value for {kind}: add one here")


def rows(table: Table, count: int, **columns: Any) -> list[dict]:
    return [{**{f.name: value(f, i) for f in table.fields}, **columns} for i in range(count)]


def write(
    folder: Path, table: Table, table_rows: list[dict], schema: pa.Schema | None = None, name: str = "part-1"
) -> None:
    (folder / table.name).mkdir(parents=True, exist_ok=True)
    schema = schema or table.arrow_schema()
    pq.write_table(pa.Table.from_pylist(table_rows, schema=schema), folder / table.name / f"{name}.parquet")


@pytest.fixture
def dataset(tmp_path: Path) -> Path:
    """Two posts, three comments (one a reply), one skipped page, no page kept (KEEP_PAGES=0): valid."""
    folder = tmp_path / "dataset"
    posts = rows(POSTS, 2)
    comments = [
        *rows(COMMENTS, 2, post_id=posts[0]["post_id"]),
        {**rows(COMMENTS, 3)[2], "post_id": posts[1]["post_id"], "reply_to": "comment_id-0"},
    ]
    write(folder, POSTS, posts)
    write(folder, COMMENTS, comments)
    write(folder, SKIPPED, rows(SKIPPED, 1))
    write(folder, PAGES, [])
    return folder


def problems(folder: Path) -> list[str]:
    return [str(p) for p in validate(folder).problems]


def test_a_sound_dataset_passes(dataset: Path) -> None:
    report = validate(dataset)
    assert report.ok, report.problems
    assert report.rows == {"posts": 2, "comments": 3, "skipped": 1, "pages": 0}


def test_duplicated_post_id(dataset: Path) -> None:
    write(dataset, POSTS, rows(POSTS, 1), name="part-2")  # post_id-0 again
    assert problems(dataset) == [
        "posts.post_id: primary key not unique: 1 value(s) appear more than once: 2 row(s), e.g. 'post_id-0' ×2"
    ]


def test_orphan_comment(dataset: Path) -> None:
    write(dataset, COMMENTS, rows(COMMENTS, 1, comment_id="orphan", post_id="no-such-post"), name="part-2")
    assert problems(dataset) == [
        "comments.post_id → posts.post_id: foreign key broken: values found in no posts.post_id: 1 row(s), "
        "e.g. 'no-such-post'"
    ]


def test_reply_to_a_missing_comment(dataset: Path) -> None:
    extra = rows(COMMENTS, 1, comment_id="late", post_id="post_id-0", reply_to="gone")
    write(dataset, COMMENTS, extra, name="part-2")
    assert len(problems(dataset)) == 1
    assert problems(dataset)[0].startswith("comments.reply_to → comments.comment_id: foreign key broken")
    assert "'gone'" in problems(dataset)[0]


def test_undeclared_enumerated_values(dataset: Path) -> None:
    write(dataset, POSTS, rows(POSTS, 2, platform="typepad_classic", source_kind="gopher"), name="part-2")
    found = problems(dataset)
    assert (
        "posts.platform: values that are not declared in schemas/enums.py: 2 row(s), e.g. 'typepad_classic' ×2" in found
    )
    assert any(p.startswith("posts.source_kind: values that are not declared") for p in found)


def test_declared_families_of_skip_reasons_pass(dataset: Path) -> None:
    reasons = ["http_404", "download_error/TimeoutError", "not_a_post"]
    write(dataset, SKIPPED, [{**rows(SKIPPED, 1)[0], "url": f"u{i}", "reason": r} for i, r in enumerate(reasons)],
          name="part-2")  # fmt: skip
    assert problems(dataset) == []
    write(dataset, SKIPPED, [{**rows(SKIPPED, 1)[0], "url": "v", "reason": "http_"}], name="part-3")
    assert problems(dataset) == [
        "skipped.reason: values that are not declared in schemas/enums.py: 1 row(s), e.g. 'http_' ×1"
    ]


def test_each_warning_of_a_post_is_a_declared_value(dataset: Path) -> None:
    declared = ["capture_unread/truncated", "capture_unread/download_error/ConnectionLost", *WARNINGS.values]
    write(dataset, POSTS, rows(POSTS, 1, post_id="w", warnings=declared), name="part-2")
    assert problems(dataset) == []
    odd = ["capture_unread/x", "short_article", "comment_count_differs"]  # a name guessed, not declared
    write(dataset, POSTS, rows(POSTS, 1, post_id="v", warnings=odd), name="part-3")
    assert problems(dataset) == [
        "posts.warnings: values that are not declared in schemas/enums.py: 1 row(s), e.g. 'comment_count_differs' ×1"
    ]


def test_wrong_column_type(dataset: Path) -> None:
    column = next(f for f in POSTS.fields if pa.types.is_integer(f.type) and not f.nullable)
    schema = POSTS.arrow_schema()
    schema = schema.set(schema.get_field_index(column.name), pa.field(column.name, pa.string()))
    write(dataset, POSTS, [{**row, column.name: "12"} for row in rows(POSTS, 2)], schema=schema)
    assert problems(dataset) == [
        f"posts/part-1.parquet: column posts.{column.name} has type string, expected {column.type}"
    ]


def test_null_in_a_required_column(dataset: Path) -> None:
    column = next(f for f in POSTS.fields if not f.nullable and f.name != POSTS.primary_key)
    schema = pa.schema([f.with_nullable(True) for f in POSTS.arrow_schema()])
    write(dataset, POSTS, [{**row, column.name: None} for row in rows(POSTS, 2)], schema=schema)
    assert problems(dataset) == [
        f"posts.{column.name}: required but null (in posts/part-1.parquet): 2 row(s), "
        "e.g. post_id='post_id-0', post_id='post_id-1'"
    ]


def test_missing_and_unexpected_columns(dataset: Path) -> None:
    dropped = POSTS.names[-1]
    table = pa.Table.from_pylist(rows(POSTS, 2), schema=POSTS.arrow_schema()).drop_columns([dropped])
    pq.write_table(table.append_column("extra", pa.array([1, 2])), dataset / "posts" / "part-1.parquet")
    assert problems(dataset) == [
        f"posts/part-1.parquet: column posts.{dropped} is missing",
        "posts/part-1.parquet: column extra is not in the posts schema",
    ]


def test_hidden_leftovers_are_reported_and_ignored(dataset: Path) -> None:
    (dataset / "posts" / ".part-2.parquet.tmp").write_bytes(b"PAR1 half a file")
    report = validate(dataset)
    assert report.ok, report.problems
    assert report.notes == ["1 incomplete leftover(s), ignored: posts/.part-2.parquet.tmp"]


def test_parts_of_a_cut_commit_are_noted(dataset: Path) -> None:
    write(dataset, SKIPPED, rows(SKIPPED, 1, url="elsewhere"), name="part-9")  # no posts/part-9
    notes = validate(dataset).notes
    assert len(notes) == 1 and "commit cut short" in notes[0] and "skipped/part-9.parquet" in notes[0]


def test_a_missing_table_folder(tmp_path: Path) -> None:
    folder = tmp_path / "dataset"
    write(folder, POSTS, rows(POSTS, 1))
    assert [p for p in problems(folder) if "no part file" in p] == [
        f"{t.name}: no part file in {t.name}/" for t in TABLES if t not in (POSTS, PAGES)
    ]  # a folder without pages/ was written before pages were kept: a note


def run_validate(folder: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "scrapy", "validate", str(folder)]
    return subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)


def test_command_exit_codes_and_report(dataset: Path) -> None:
    ok = run_validate(dataset)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    counts = "2 posts, 3 comments, 1 skipped, 0 pages in 4 part file(s)"
    assert ok.stdout == f"OK {dataset}: {counts}; schema {SCHEMA_VERSION}, keys and references hold\n"

    write(dataset, POSTS, rows(POSTS, 1), name="part-2")
    write(dataset, COMMENTS, rows(COMMENTS, 1, comment_id="orphan", post_id="nowhere"), name="part-2")
    broken = run_validate(dataset)
    assert broken.returncode == 1
    lines = broken.stdout.splitlines()
    assert lines[0].startswith(f"INVALID {dataset}: 2 problem(s)")
    assert lines[1].startswith("  - posts.post_id: primary key not unique")
    assert lines[2].startswith("  - comments.post_id → posts.post_id: foreign key broken")


# The pages kept (KEEP_PAGES): every row's record is in its WARC file, every post has a page.


@pytest.fixture
def kept(dataset: Path) -> Path:
    """The dataset with a WARC file of 100 bytes and a page of each post inside it."""
    (dataset / "warc").mkdir()
    (dataset / "warc" / "part-1.warc.gz").write_bytes(bytes(100))
    pages = [
        {**row, "post_id": f"post_id-{i}", "warc_file": "warc/part-1.warc.gz", "warc_offset": 50 * i}
        for i, row in enumerate(rows(PAGES, 2))
    ]
    listing = {**rows(PAGES, 3)[2], "warc_file": "warc/part-1.warc.gz", "warc_offset": 99}  # post_id null
    write(dataset, PAGES, [*pages, listing])
    return dataset


def test_pages_whose_records_are_there_pass(kept: Path) -> None:
    report = validate(kept)
    assert report.ok, report.problems
    assert report.rows["pages"] == 3


def test_a_missing_warc_file_fails(kept: Path) -> None:
    (kept / "warc" / "part-1.warc.gz").unlink()
    assert problems(kept) == ["pages.warc_file: WARC file missing: 3 row(s), e.g. 'warc/part-1.warc.gz'"]


def test_a_page_past_the_end_of_its_file_fails(kept: Path) -> None:
    (kept / "warc" / "part-1.warc.gz").write_bytes(bytes(60))  # cut: the records at 50 and 99 are gone
    assert problems(kept) == [
        "pages.warc_offset: points past the end of its WARC file: 1 row(s), e.g. 'warc/part-1.warc.gz' byte 99 of 60"
    ]


def test_a_post_read_from_no_page_fails(kept: Path) -> None:
    write(kept, POSTS, rows(POSTS, 3)[2:], name="part-2")
    assert problems(kept) == ["posts.post_id: post read from no page of the pages table: 1 row(s), e.g. 'post_id-2'"]


def test_a_page_of_a_post_the_dataset_lacks_fails(kept: Path) -> None:
    write(kept, PAGES, rows(PAGES, 1, record_id="r", post_id="gone", warc_file="warc/part-1.warc.gz"), name="part-2")
    assert problems(kept) == [
        "pages.post_id → posts.post_id: foreign key broken: values found in no posts.post_id: 1 row(s), e.g. 'gone'"
    ]


def test_validate_exits_1_on_a_missing_warc_file(kept: Path) -> None:
    (kept / "warc" / "part-1.warc.gz").unlink()
    broken = run_validate(kept)
    assert broken.returncode == 1
    assert "  - pages.warc_file: WARC file missing" in broken.stdout
