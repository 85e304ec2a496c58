"""`scrapy reextract`: a crawl's kept pages give back its posts and comments, offline, and two
runs over the same folder write byte-identical files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from blogarchive.reextract import READ_FROM, source_of
from dataset_folder.diff import diff_folders
from dataset_folder.validation import validate
from tests.crawling import PROJECT_ROOT, SITES, HeldSite, child_env, crawl

_KEYS = {"posts": "post_id", "comments": "comment_id"}


def rows_by_key(folder: Path, table: str) -> dict[str, dict]:
    rows = ds.dataset(folder / table, format="parquet").to_table().to_pylist()
    return {row[_KEYS[table]]: {k: v for k, v in row.items() if k not in READ_FROM} for row in rows}


def reextract(source: Path, out: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "scrapy", "reextract", str(source), "--out", str(out)]
    return subprocess.run(command, cwd=PROJECT_ROOT, env=child_env(), capture_output=True, text=True, timeout=300)


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fixture blog crawled over loopback; the server is stopped before anything is re-extracted."""
    folder = tmp_path_factory.mktemp("reextract") / "crawl"
    with HeldSite(SITES / "typepad-fr-comment-pages") as site:
        result = crawl("typepad", folder, {"url": site.url("/paroles/")})
    assert result.returncode == 0, result.log[-3000:]
    assert result.rows("posts") and result.rows("comments")
    return folder


@pytest.fixture(scope="module")
def twice(crawled: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two re-extractions into folders of the same name (the card names its folder)."""
    base = tmp_path_factory.mktemp("outputs")
    outs = (base / "one" / "rebuilt", base / "two" / "rebuilt")
    for out in outs:
        done = reextract(crawled, out)
        assert done.returncode == 0, done.stderr[-3000:]
        assert "post(s) to read" in done.stderr  # it says how much there is to do (and, every 5 s, where it is)
    return outs


@pytest.mark.parametrize("table", ["posts", "comments"])
def test_a_reextraction_equals_the_crawl(crawled: Path, twice: tuple[Path, Path], table: str) -> None:
    original = rows_by_key(crawled, table)
    for out in twice:
        again = rows_by_key(out, table)
        assert again.keys() == original.keys()
        for key, row in original.items():
            assert again[key] == row, key


def test_what_differs_is_where_the_bytes_were_read(crawled: Path, twice: tuple[Path, Path]) -> None:
    posts = ds.dataset(twice[0] / "posts", format="parquet").to_table().to_pylist()
    assert {Path(p["source_file"]).parent for p in posts} == {(crawled / "warc").resolve()}
    live = ds.dataset(crawled / "posts", format="parquet").to_table().to_pylist()
    assert {p["source_file"] for p in live} == {None}


def test_two_reextractions_are_byte_identical_file_by_file(twice: tuple[Path, Path]) -> None:
    one, two = files_of(twice[0]), files_of(twice[1])
    assert one.keys() == two.keys()
    assert {name.split("/")[0] for name in one} >= {"posts", "comments", "skipped", "pages", "README.md"}
    for name, content in one.items():
        assert content == two[name], name


def test_the_card_says_what_extracted_it_and_from_what(crawled: Path, twice: tuple[Path, Path]) -> None:
    card = (twice[0] / "README.md").read_text("utf-8")
    assert f"re-extracted the pages kept by the dataset `{crawled}`" in card
    assert "with blog-archive " in card and "(`scrapy reextract`)" in card


def test_a_reextraction_validates_and_points_at_the_source_pages(twice: tuple[Path, Path]) -> None:
    report = validate(twice[0])
    assert not report.problems, [str(p) for p in report.problems]
    assert report.rows["pages"] >= report.rows["posts"]


def test_the_run_id_comes_from_the_source_not_the_clock(crawled: Path) -> None:
    assert source_of(crawled) == source_of(crawled)
    assert source_of(crawled).run_id.startswith("reextract-")


def test_a_folder_without_kept_pages_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty" / "posts").mkdir(parents=True)
    done = reextract(tmp_path / "empty", tmp_path / "out")
    assert done.returncode != 0
    assert "holds no kept pages" in done.stderr
    assert not (tmp_path / "out").exists()


def test_an_output_folder_in_use_is_refused(crawled: Path, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mine.txt").write_text("x", encoding="utf-8")
    done = reextract(crawled, tmp_path / "out")
    assert done.returncode != 0 and "is not empty" in done.stderr


def test_diff_of_a_crawl_and_its_reextraction_names_only_where_bytes_were_read(
    crawled: Path, twice: tuple[Path, Path]
) -> None:
    found = {t.table: t for t in diff_folders(crawled, twice[0])}
    for table in ("posts", "comments"):
        assert (found[table].added, found[table].removed) == (0, 0)
        assert set(found[table].columns) <= set(READ_FROM)
