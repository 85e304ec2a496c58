"""The card's figures, summed part by part and batch by batch (`dataset_folder/scan.py`), equal the
same figures computed from each table read whole: the same rows written as many small parts of
many row groups and as one part of one row group give the same summary, and the whole tables
read with pyarrow give the same counts."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from dataset_folder import scan
from dataset_folder.parts import part_files
from dataset_folder.privacy_card import _masks
from dataset_folder.summary import Summary, details, summarize
from extraction import CommentRecord
from extraction.pseudonyms import EMAIL_MASK, PHONE_MASK
from extraction.records import ReadPost
from tests.test_dataset_writer import opened, post

AUTHORS = ["Marie", "Anonyme", None, "Jean-Luc", "marie", "???"]  # placeholders among them


def varied_post(number: int) -> ReadPost:
    """A post whose figures differ from its neighbours': month, profile, warnings, commenters."""
    item = post(number, comments=0)
    record = item.record
    record.published = None if number % 7 == 3 else datetime(2009 + number % 3, 1 + number % 12, 5, 8, 0)
    record.published_month = "2008-06" if number % 7 == 3 and number % 2 else None
    record.profile = "generic" if number % 4 == 0 else "typepad_classic"
    record.author = f"Auteur {number % 3}"
    item.warnings = [["no_date"], ["short_article", "no_date"], []][number % 3]
    if number % 5 == 0:
        record.repairs.fields.append("title")
    record.comments = [comment(number, position) for position in range(1, 1 + number % 6)]
    return item


def comment(number: int, position: int) -> CommentRecord:
    text = f"Commentaire {position}" + (f" écrivez à {EMAIL_MASK}" if (number + position) % 4 == 0 else "")
    text += f" ou au {PHONE_MASK}" if (number * position) % 5 == 1 else ""
    made = CommentRecord(position=position, text=text, author=AUTHORS[(number + position) % len(AUTHORS)])
    made.language = ["fr", "en", "und"][(number + position) % 3]
    made.spam_reasons = ["link_only"] if (number + position) % 9 == 0 else []
    if position == 2:
        made.repairs.fields += ["text", "author"]
    return made


def write(folder: Path, posts: int, **settings: int) -> Path:
    writer = opened(folder, **settings)
    for number in range(posts):
        writer.process_item(varied_post(number))
    writer.close_spider()
    return folder


@pytest.fixture
def split(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Parts of 2 posts, row groups of 2 rows, batches of 1 row: every boundary crossed."""
    monkeypatch.setattr(scan, "BATCH_ROWS", 1)
    return write(tmp_path / "split", 40)


@pytest.fixture
def whole(tmp_path: Path) -> Path:
    return write(tmp_path / "whole", 40, PARQUET_ROW_GROUP_SIZE=10_000, PARQUET_COMMIT_POSTS=10_000)


def figures(summary: Summary) -> dict[str, object]:
    """The summary's figures, leaving out the ones that count files."""
    values = dataclasses.asdict(summary)
    return {k: v for k, v in values.items() if k not in ("folder", "files", "runs")}


def table(folder: Path, name: str) -> pa.Table:
    return ds.dataset([str(p) for p in part_files(folder, name)]).to_table()


def test_the_folder_is_split_into_many_parts_and_row_groups(split: Path, whole: Path) -> None:
    assert len(part_files(split, "comments")) >= 10 and len(part_files(whole, "comments")) == 1
    groups = [pq.read_metadata(path).num_row_groups for path in part_files(split, "comments")]
    assert max(groups) > 1 and pq.read_metadata(part_files(whole, "comments")[0]).num_row_groups == 1


def test_a_split_folder_sums_to_the_summary_of_the_whole(split: Path, whole: Path) -> None:
    assert figures(summarize(split)) == figures(summarize(whole))


def test_a_split_folder_gives_the_details_of_the_whole(split: Path, whole: Path) -> None:
    assert details(split, 3) == details(whole, 3)


def test_commenter_figures_equal_the_whole_table(split: Path) -> None:
    comments = table(split, "comments")
    named = comments.filter(pc.invert(comments.column("author_placeholder")))
    summary = summarize(split)
    assert summary.placeholder_comments == comments.num_rows - named.num_rows > 0
    assert summary.distinct_commenters == len(pc.unique(named.column("author").drop_null())) == 3


def test_month_and_date_figures_equal_the_whole_table(split: Path) -> None:
    posts, summary = table(split, "posts"), summarize(split)
    dated = posts.column("published").drop_null()
    assert (summary.published_min, summary.published_max) == (pc.min(dated).as_py(), pc.max(dated).as_py())
    assert summary.undated_posts == posts.num_rows - len(dated) > 0
    assert sum(count for _month, count in summary.posts_per_month) == posts.num_rows - summary.undated_posts + 3
    assert summary.posts_per_month[0] == ("2008-06", 3)  # from the URL month of undated posts


def test_label_and_repair_figures_equal_the_whole_table(split: Path) -> None:
    comments, summary = table(split, "comments"), summarize(split)
    languages = pc.value_counts(comments.column("language")).to_pylist()
    assert sorted(summary.languages) == sorted((v["values"], v["counts"]) for v in languages)
    spam = len(pc.list_flatten(comments.column("spam_reasons")))
    assert summary.spam_reasons == [("link_only", spam)] and spam > 0
    repaired = int(pc.sum(pc.greater(pc.list_value_length(comments.column("repaired_fields")), 0)).as_py())
    assert summary.repaired_rows["comments"] == repaired > 0
    assert dict(summary.repaired_fields["comments"]) == {"text": repaired, "author": repaired}


def test_masks_are_counted_over_every_batch(split: Path) -> None:
    texts = table(split, "comments").column("text")
    expected = [int(pc.sum(pc.count_substring(texts, mask)).as_py()) for mask in (EMAIL_MASK, PHONE_MASK)]
    assert _masks(split, EMAIL_MASK, PHONE_MASK) == expected and min(expected) > 0
