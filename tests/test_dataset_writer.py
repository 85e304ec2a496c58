"""The dataset writer without a crawl: segments committed as they fill (posts last), what a killed
run leaves removed on the next open, metadata on every part, dedupe of posts and skipped pages,
the JOBDIR guard, the card written after the parts, spider arguments, and the `-O` feed exporter
refusing to append."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from scrapy.exceptions import DropItem
from scrapy.settings import Settings

from blogarchive.crawl import spider_arguments
from blogarchive.extensions import DatasetCard
from blogarchive.items import RawPage, SkippedPage
from blogarchive.jobdir import JobdirMark
from dataset_folder.crawlinfo import file_metadata
from dataset_folder.parts import DatasetBusy, leftovers, part_files
from dataset_folder.validation import validate
from extraction import CommentRecord, DecodedPage, PostRecord
from extraction.records import ReadPage, ReadPost
from pipelines.dedupe import DedupePipeline
from pipelines.exporters import ParquetPostsExporter
from pipelines.parquet import ParquetDatasetPipeline
from tests.crawling import PROJECT_ROOT


class Stats(dict):
    def inc_value(self, key: str, count: int = 1) -> None:
        self[key] = self.get(key, 0) + count

    def set_value(self, key: str, value: Any) -> None:
        self[key] = value

    def get_value(self, key: str, default: Any = None) -> Any:
        return self.get(key, default)

    def get_stats(self) -> dict[str, Any]:
        return dict(self)


def fake_crawler(folder: Path, **settings: Any) -> Any:
    spider = SimpleNamespace(name="fake", arguments={"url": "http://exemple.typepad.fr/blog/"})
    values = {"DATASET_DIR": str(folder), "PARQUET_ROW_GROUP_SIZE": 2, "PARQUET_COMMIT_POSTS": 2,
              "PARQUET_COMMIT_SECONDS": 300, **settings}  # fmt: skip
    return SimpleNamespace(settings=Settings(values), stats=Stats(), spider=spider)


def post(number: int, comments: int = 2) -> ReadPost:
    url = f"http://exemple.typepad.fr/blog/2010/01/post-{number}.html"
    when = datetime(2010, 1, 1 + number % 28, 12, 0)
    page = RawPage(url, 200, {}, b"", datetime(2026, 1, 1, tzinfo=timezone.utc))
    decoded = DecodedPage(url=url, text="", charset_used="utf-8", charset_header="utf-8", charset_meta=None)
    record = PostRecord(url=url, title=f"Billet {number}", text="Texte.", platform="typepad",
                        profile="typepad_classic", published=when)  # fmt: skip
    record.comments = [CommentRecord(position=i + 1, text=f"Commentaire {i}") for i in range(comments)]
    return ReadPost(f"{number:016x}", record, [ReadPage(page, decoded, 1)])


def opened(folder: Path, **settings: Any) -> ParquetDatasetPipeline:
    writer = ParquetDatasetPipeline.from_crawler(fake_crawler(folder, **settings))
    writer.open_spider()
    return writer


def test_segments_commit_as_they_fill_with_each_post_beside_its_comments(tmp_path: Path) -> None:
    writer = opened(tmp_path)
    for number in range(5):
        writer.process_item(post(number))
        assert len(part_files(tmp_path, "posts")) == (number + 1) // 2  # committed every 2 posts
    writer.close_spider()
    assert not (tmp_path / "README.md").exists()  # the card comes after the pipelines have closed
    DatasetCard(SimpleNamespace(stats=writer.stats)).spider_closed()
    for posts_part in part_files(tmp_path, "posts"):
        comments_part = tmp_path / "comments" / posts_part.name
        post_ids = set(ds.dataset(posts_part).to_table().column("post_id").to_pylist())
        assert set(ds.dataset(comments_part).to_table().column("post_id").to_pylist()) == post_ids
    assert [ds.dataset(p).count_rows() for p in part_files(tmp_path, "posts")] == [2, 2, 1]
    assert not leftovers(tmp_path)
    assert validate(tmp_path).ok
    assert (tmp_path / "README.md").is_file() and (tmp_path / "posts_per_month.png").is_file()


def test_by_default_a_part_is_committed_well_before_the_first_minutes_are_over(tmp_path: Path) -> None:
    """With the project's settings (5,000-row groups), a crash after the first thousand posts keeps them."""
    from blogarchive import settings as project

    assert project.PARQUET_COMMIT_POSTS <= 1000 and project.PARQUET_COMMIT_SECONDS <= 60
    writer = opened(tmp_path, PARQUET_ROW_GROUP_SIZE=project.PARQUET_ROW_GROUP_SIZE,
                    PARQUET_COMMIT_POSTS=project.PARQUET_COMMIT_POSTS)  # fmt: skip
    for number in range(project.PARQUET_COMMIT_POSTS + 1):
        writer.process_item(post(number))
    committed = part_files(tmp_path, "posts")
    assert [ds.dataset(p).count_rows() for p in committed] == [project.PARQUET_COMMIT_POSTS]
    assert leftovers(tmp_path)  # the last post, in a hidden file until the next commit


def test_row_groups_hold_row_group_size_rows_even_across_posts(tmp_path: Path) -> None:
    writer = opened(tmp_path, PARQUET_ROW_GROUP_SIZE=2, PARQUET_COMMIT_POSTS=10)
    for number in range(3):
        writer.process_item(post(number, comments=3))
    writer.close_spider()
    [comments_part] = part_files(tmp_path, "comments")
    metadata = pq.ParquetFile(comments_part).metadata
    assert [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)] == [2, 2, 2, 2, 1]
    table = ds.dataset(comments_part).to_table()
    assert table.column("position").to_pylist() == [1, 2, 3] * 3
    assert table.column("post_id").to_pylist() == [f"{n:016x}" for n in range(3) for _ in range(3)]


def test_a_post_with_one_wrong_comment_row_is_refused_whole(tmp_path: Path) -> None:
    """The rows of a post are checked together before any is buffered: never a post without its comments."""
    writer = opened(tmp_path, PARQUET_COMMIT_POSTS=10)
    writer.process_item(post(1))
    wrong = post(2, comments=3)
    wrong.record.comments[2].spam_reasons = ["undeclared_reason"]
    with pytest.raises(ValueError, match="undeclared_reason"):
        writer.process_item(wrong)
    writer.process_item(post(3))
    writer.close_spider()
    posts = ds.dataset(tmp_path / "posts").to_table().column("post_id").to_pylist()
    comments = ds.dataset(tmp_path / "comments").to_table().column("post_id").to_pylist()
    assert posts == [f"{1:016x}", f"{3:016x}"]
    assert sorted(set(comments)) == posts and len(comments) == 4


def test_parts_carry_schema_version_and_crawl(tmp_path: Path) -> None:
    writer = opened(tmp_path)
    writer.process_item(post(1))
    writer.close_spider()
    metadata = file_metadata(part_files(tmp_path, "comments")[0])
    assert metadata["schema_version"] and metadata["table"] == "comments"
    assert metadata["crawl.spider"] == "fake"
    assert metadata["crawl.arguments"] == '{"url": "http://exemple.typepad.fr/blog/"}'
    assert metadata["crawl.source_kind"] == "live"


def test_a_killed_run_leaves_nothing_the_next_run_keeps(tmp_path: Path) -> None:
    cut = opened(tmp_path, PARQUET_COMMIT_POSTS=1)
    cut.process_item(post(7))
    cut.close_spider()
    cut_posts = part_files(tmp_path, "posts")[0]
    killed = opened(tmp_path)
    for number in range(3):  # one segment committed, the third post still in a hidden file
        killed.process_item(post(number))
    cut_posts.unlink()  # as if `cut` had been killed between renaming its comments and its posts
    assert leftovers(tmp_path)
    assert "commit cut short" in " ".join(validate(tmp_path).notes)

    dedupe = DedupePipeline.from_crawler(SimpleNamespace(**vars(fake_crawler(tmp_path)), signals=_NoSignals()))
    dedupe.open_spider()  # removes the leftovers and the cut commit before reading post_ids
    assert not leftovers(tmp_path)
    assert validate(tmp_path).notes == []
    assert dedupe.stored == {post(0).post_id, post(1).post_id}
    with pytest.raises(DropItem):
        dedupe.process_item(post(1))
    assert dedupe.process_item(post(7)) is not None  # lost with the cut commit: written again


def test_a_folder_being_written_is_refused_to_a_second_crawl(tmp_path: Path) -> None:
    holder = "import sys, time; from pathlib import Path; from dataset_folder.parts import lock; "
    holder += "lock(Path(sys.argv[1])); print('held', flush=True); time.sleep(60)"
    other = subprocess.Popen([sys.executable, "-c", holder, str(tmp_path)], cwd=PROJECT_ROOT, stdout=subprocess.PIPE)
    try:
        assert other.stdout.readline() == b"held\n"
        with pytest.raises(DatasetBusy, match="another crawl"):
            opened(tmp_path)
    finally:
        other.kill()
        other.wait()
        other.stdout.close()
    opened(tmp_path).close_spider()  # the lock went with the process


def test_skipped_pages_are_recorded_once(tmp_path: Path) -> None:
    crawler = SimpleNamespace(**vars(fake_crawler(tmp_path)), signals=_NoSignals())
    dedupe = DedupePipeline.from_crawler(crawler)
    dedupe.open_spider()
    page = SkippedPage(url="http://exemple.typepad.fr/blog/x.html", reason="http_404")
    assert dedupe.process_item(page) is page
    with pytest.raises(DropItem):
        dedupe.process_item(page)
    assert crawler.stats["dedupe/skipped_already_recorded"] == 1


def test_jobdir_of_a_run_that_never_closed_is_reset(tmp_path: Path) -> None:
    mark = JobdirMark(tmp_path)
    assert mark.open() is False
    mark.close()
    assert mark.open() is False  # closed cleanly: resumable as it is
    (tmp_path / "requests.seen").write_bytes(b"fingerprints")
    (tmp_path / "requests.queue").mkdir()
    assert JobdirMark(tmp_path).open() is True  # the mark of the previous open is still there
    assert not (tmp_path / "requests.seen").exists() and not (tmp_path / "requests.queue").exists()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["typepad", "-a", "url=http://x/", "-a", "since=2010-01"], {"url": "http://x/", "since": "2010-01"}),
        (["typepad", "-aurl=http://x/?a=b", "-s", "-aX=1", "-O", "out.parquet"], {"url": "http://x/?a=b"}),
        (["typepad", "-s", "JOBDIR=job"], {}),
    ],
)
def test_spider_arguments_from_the_command_line(argv: list[str], expected: dict) -> None:
    assert spider_arguments(SimpleNamespace(), argv) == expected


def test_declared_spider_arguments_win() -> None:
    assert spider_arguments(SimpleNamespace(arguments={"url": "u", "since": None}), ["-a", "x=y"]) == {"url": "u"}


def test_feed_exporter_refuses_to_append() -> None:
    existing = io.BytesIO(b"PAR1...")
    existing.seek(0, io.SEEK_END)
    with pytest.raises(ValueError, match="use -O"):
        ParquetPostsExporter(existing).start_exporting()


class _NoSignals:
    def connect(self, *args: Any, **kwargs: Any) -> None:
        """The tests call the pipelines' methods themselves."""


def test_profile_and_warnings_are_written_read_back_and_summed_in_card_and_describe(tmp_path: Path) -> None:
    from commands.describe import describe_lines
    from dataset_folder.card import write_card

    posts = [post(number) for number in range(3)]
    posts[0].warnings, posts[1].warnings = ["no_date", "short_article"], ["short_article"]
    posts[2].record.profile = "generic"
    writer = opened(tmp_path)
    for item in posts:
        writer.process_item(item)
    writer.close_spider()
    table = ds.dataset([str(p) for p in part_files(tmp_path, "posts")]).to_table()
    assert table.schema.field("profile").type == pa.string() and not table.schema.field("profile").nullable
    assert pa.types.is_list(table.schema.field("warnings").type)
    assert table.schema.field("warnings").type.value_type == pa.string()
    by_id = sorted(table.select(["post_id", "profile", "warnings"]).to_pylist(), key=lambda r: r["post_id"])
    assert [(r["profile"], r["warnings"]) for r in by_id] == [
        ("typepad_classic", ["no_date", "short_article"]), ("typepad_classic", ["short_article"]), ("generic", [])
    ]  # fmt: skip
    card = write_card(tmp_path).read_text("utf-8")
    assert "## Quality" in card and "| `typepad_classic` | 2 |\n| `generic` | 1 |" in card
    assert "2 of 3 posts carry at least one warning" in card
    assert "| `short_article` | 2 | the article has fewer than 20 words" in card and "| `no_date` | 1 |" in card
    lines = describe_lines(tmp_path, 3)
    assert "posts by profile: typepad_classic (2), generic (1)" in lines
    assert "warnings (posts): short_article (2), no_date (1); 2 of 3 post(s) carry at least one" in lines
