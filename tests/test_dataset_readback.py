"""A crawled dataset read back the ways researchers read it: pyarrow, pandas, DuckDB SQL and
Hugging Face `datasets`; with its card, chart, part-file metadata and `-O` feed; accepted by
`scrapy validate` and summed up by `scrapy describe`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from blogarchive.static_site import StaticSite
from dataset_folder.crawlinfo import file_metadata
from dataset_folder.parts import part_files
from schemas import POSTS, SCHEMA_VERSION, TABLES
from tests.crawling import PROJECT_ROOT, SITES, CrawlResult, child_env, crawl


@pytest.fixture(scope="module")
def crawled(sample_blog) -> tuple[CrawlResult, str, Path]:
    """The session's crawl of the sample blog, with its Parquet posts feed."""
    return sample_blog.result, sample_blog.home, sample_blog.feed


def scrapy_command(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "scrapy", *args]
    return subprocess.run(command, cwd=PROJECT_ROOT, env=child_env(), capture_output=True, text=True, timeout=120)


def test_pyarrow_and_pandas_read_every_table_with_the_declared_columns(crawled, sample_expected) -> None:
    result, _home, _feed = crawled
    for table in TABLES:
        frame = pd.read_parquet(result.dataset / table.name)
        assert list(frame.columns) == table.names
    posts = ds.dataset(result.dataset / "posts", format="parquet").to_table()
    assert posts.num_rows == len(sample_expected["posts"])
    assert posts.schema.field("post_id").nullable is False


def test_duckdb_join_counts_match_comment_count_extracted(crawled, sample_expected) -> None:
    result, _home, _feed = crawled
    folder = result.dataset.as_posix()
    rows = duckdb.sql(
        f"""
        SELECT p.post_id, p.comment_count_extracted AS announced_by_row, count(c.comment_id) AS joined
        FROM '{folder}/posts/*.parquet' p LEFT JOIN '{folder}/comments/*.parquet' c USING (post_id)
        GROUP BY ALL
        """
    ).fetchall()
    assert len(rows) == len(sample_expected["posts"])
    assert all(announced == joined for _post, announced, joined in rows)
    assert sum(joined for *_, joined in rows) == sum(len(p["comments"]) for p in sample_expected["posts"])


def test_hugging_face_datasets_loads_each_config(crawled) -> None:
    datasets = pytest.importorskip("datasets")
    if not hasattr(datasets, "load_dataset"):  # the project's own datasets/ folder, not Hugging Face's
        pytest.skip("Hugging Face datasets is not installed")
    result, _home, _feed = crawled
    posts = datasets.load_dataset(
        str(result.dataset), "posts", split="train", cache_dir=str(result.dataset.parent / "hf")
    )
    assert posts.num_rows == result.table("posts").num_rows
    assert set(posts.column_names) == set(POSTS.names)
    comments = datasets.load_dataset(
        str(result.dataset), "comments", split="train", cache_dir=str(result.dataset.parent / "hf")
    )
    assert comments.num_rows == result.table("comments").num_rows


def test_card_states_source_counts_dates_schema_and_policies(crawled, sample_expected) -> None:
    result, home, _feed = crawled
    card = (result.dataset / "README.md").read_text("utf-8")
    header, prose = card.split("---\n")[1], " ".join(card.split())
    for table in TABLES:  # a config for every table with rows: `load_dataset` refuses an empty one
        advertised = f"- config_name: {table.name}\n  data_files: {table.name}/*.parquet" in header
        assert advertised == (result.table(table.name).num_rows > 0 or table is TABLES[0]), table.name
    assert f"`-a url={home}`" in card
    assert f"| `posts` | {len(sample_expected['posts'])} | 1 |" in card
    dates = sorted(p["published"][:10] for p in sample_expected["posts"])
    assert f"Posts published from {dates[0]} to {dates[-1]}" in card
    for field in (f for t in TABLES for f in t.fields):
        assert f"| `{field.name}` |" in card
    assert f"| `typepad_classic` | {len(sample_expected['posts'])} |" in card  # posts by profile, in ## Quality
    sections = (
        "## Deduplication",
        "## Quality",
        "## Text",
        "## Privacy Considerations",
        "**not pseudonymised**",
        "## Out-of-Scope Use",
        "first copy committed wins",
        "GDPR",
    )
    for section in sections:
        assert section in prose
    assert (result.dataset / "posts_per_month.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_part_file_names_its_schema_version_and_crawl(crawled) -> None:
    result, home, _feed = crawled
    for table in TABLES:
        for path in part_files(result.dataset, table.name):
            metadata = file_metadata(path)
            assert metadata["schema_version"] == SCHEMA_VERSION
            assert metadata["crawl.spider"] == "typepad"
            assert json.loads(metadata["crawl.arguments"]) == {"url": home}
    posts_part = part_files(result.dataset, "posts")[0]
    assert file_metadata(posts_part)["crawl.source_kind"] == "live"


def test_feed_export_writes_the_posts_table_as_one_file(crawled) -> None:
    result, _home, feed = crawled
    exported = pq.read_table(feed)
    assert exported.schema.names == POSTS.names
    by_id = lambda table: sorted(table.drop_columns(["fetched_at"]).to_pylist(), key=lambda r: r["post_id"])  # noqa: E731
    assert by_id(exported) == by_id(result.table("posts"))
    assert file_metadata(feed)["crawl.run_id"] == file_metadata(part_files(result.dataset, "posts")[0])["crawl.run_id"]


def test_validate_accepts_and_describe_sums_up_the_crawl(crawled, sample_expected) -> None:
    result, _home, _feed = crawled
    with ThreadPoolExecutor(2) as pool:  # two commands side by side, each in its own process
        validating = pool.submit(scrapy_command, "validate", str(result.dataset))
        describing = pool.submit(scrapy_command, "describe", str(result.dataset))
        checked, described = validating.result(), describing.result()
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("\n") == 1 and checked.stdout.startswith(f"OK {result.dataset}")
    assert described.returncode == 0, described.stderr
    comments = sum(len(p["comments"]) for p in sample_expected["posts"])
    assert f"rows: posts {len(sample_expected['posts'])}, comments {comments}, skipped 0" in described.stdout
    most = max(len(p["comments"]) for p in sample_expected["posts"])
    assert f"max {most};" in described.stdout
    top = described.stdout.split("top commenters (comments): ")[1].split("\n")[0]
    assert "Anonyme (" not in top and "Claire Dubois (22)" in top  # a placeholder is nobody
    anonymous = sum(c["author"] == "Anonyme" for p in sample_expected["posts"] for c in p["comments"])
    assert f"{anonymous} comment(s) by a placeholder name" in top
    assert f"posts by profile: typepad_classic ({len(sample_expected['posts'])})" in described.stdout
    warned = sum(1 for warnings in result.table("posts").column("warnings").to_pylist() if warnings)
    assert f"of {len(sample_expected['posts'])} post(s) carry at least one" in described.stdout
    assert f"; {warned} of " in described.stdout.split("warnings (posts): ")[1]


def test_validate_accepts_a_crawl_with_bad_pages(tmp_path: Path) -> None:
    folder = SITES / "typepad-bad-pages"
    expected = json.loads((folder / "expected.json").read_text("utf-8"))
    with StaticSite(folder) as site:
        result = crawl("typepad", tmp_path / "dataset", {"url": site.url(expected["blog_path"])})
    assert result.returncode == 3, result.log[-3000:]
    checked = scrapy_command("validate", str(result.dataset))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    card = (result.dataset / "README.md").read_text("utf-8")
    for reason in set(expected["bad"].values()):
        assert f"| `{reason}` |" in card


def test_a_second_crawl_into_the_folder_adds_no_post_and_is_listed(tmp_path: Path, sample_blog) -> None:
    first = sample_blog.result  # the first crawl: the session's, into a copy of its folder
    shutil.copytree(first.dataset, tmp_path / "dataset")
    second = crawl("typepad", tmp_path / "dataset", {"url": sample_blog.home})
    assert first.returncode == second.returncode == 0, second.log[-3000:]
    assert second.table("posts").num_rows == first.stats["dataset/posts"]
    assert second.stats["posts/already_in_dataset"] == first.stats["dataset/posts"]
    card = (second.dataset / "README.md").read_text("utf-8")
    assert card.count("| `typepad` |") == 2  # both runs, from the part files' metadata
    checked = scrapy_command("validate", str(second.dataset))
    assert checked.returncode == 0, checked.stdout + checked.stderr
