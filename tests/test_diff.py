"""`scrapy diff A B`: rows added, removed and changed per table, matched on the primary key, and
how many changed rows differ in each column."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dataset_folder.diff import diff_folders, diff_lines
from schemas import COMMENTS, POSTS, SKIPPED
from tests.crawling import PROJECT_ROOT
from tests.test_validate import rows, write


def folder(path: Path, posts: list[dict], comments: list[dict]) -> Path:
    write(path, POSTS, posts)
    write(path, COMMENTS, comments)
    write(path, SKIPPED, rows(SKIPPED, 1))
    return path


def two_versions(tmp_path: Path) -> tuple[Path, Path]:
    """A: posts 0, 1, 2. B: post 0 as it was, post 1 retitled and re-dated, post 2 gone, post 3 new."""
    posts = rows(POSTS, 4)
    comments = rows(COMMENTS, 2, post_id="post_id-0")
    a = folder(tmp_path / "a", posts[:3], comments)
    changed = {**posts[1], "title": "Nouveau titre", "published_raw": "1er mars 2010"}
    b = folder(tmp_path / "b", [posts[0], changed, posts[3]], [comments[0], {**comments[1], "text": "Autre."}])
    return a, b


def test_identical_folders_show_no_change(tmp_path: Path) -> None:
    a, _ = two_versions(tmp_path)
    for table in diff_folders(a, a):
        assert (table.added, table.removed, table.changed) == (0, 0, 0), table.table
        assert table.unchanged == table.rows_a


def test_rows_added_removed_and_changed_per_column(tmp_path: Path) -> None:
    found = {t.table: t for t in diff_folders(*two_versions(tmp_path))}
    posts, comments = found["posts"], found["comments"]
    assert (posts.rows_a, posts.rows_b, posts.added, posts.removed, posts.changed) == (3, 3, 1, 1, 1)
    assert posts.unchanged == 1
    assert dict(posts.columns) == {"title": 1, "published_raw": 1}
    assert posts.examples == ["'post_id-1'"]
    assert (comments.added, comments.removed, comments.changed) == (0, 0, 1)
    assert dict(comments.columns) == {"text": 1}
    assert (found["skipped"].changed, found["skipped"].unchanged) == (0, 1)


def test_the_command_prints_a_plain_summary(tmp_path: Path) -> None:
    a, b = two_versions(tmp_path)
    command = [sys.executable, "-m", "scrapy", "diff", str(a), str(b)]
    done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == diff_lines(a, b)
    assert "posts: 3 -> 3 rows: 1 added, 1 removed, 1 changed, 1 unchanged" in done.stdout
    assert "  changed columns: title 1, published_raw 1" in done.stdout or (
        "  changed columns: published_raw 1, title 1" in done.stdout
    )


def test_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "scrapy", "diff", str(tmp_path / "nope"), str(tmp_path)]
    done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "no such dataset folder" in done.stderr
