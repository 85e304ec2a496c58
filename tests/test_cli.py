"""What a user sees: each mistake gets one line and exit 2 with nothing written, a failed run
exits 1 and says why, a run with skips exits 3, `scrapy extract` and `validate` say the same.

These run `scrapy` as a user does (a subprocess): the exit status and stderr are the point.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings

from blogarchive.arguments import first_mistake
from blogarchive.outcome import outcome_of
from dataset_folder.parts import lock, unlock
from dataset_folder.validation import validate
from tests.crawling import PROJECT_ROOT, child_env, crawl

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "RETRY_ENABLED=0"]
DEAD = "http://127.0.0.1:9"  # the discard port: nothing listens there


def scrapy(*args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=timeout,
        env=child_env(),
    )  # fmt: skip


def _last_line(done: subprocess.CompletedProcess) -> str:
    return done.stderr.strip().splitlines()[-1]


MISTAKES = [
    (["typepad", "-a", "since=2010-13"], "error: -a since='2010-13': expected a month YYYY-MM, e.g. 2010-06"),
    (["typepad", "-a", "since=2010-6"], "error: -a since='2010-6': expected a month YYYY-MM, e.g. 2010-06"),
    (["blog", "-a", "since=2011-01", "-a", "until=2010-01"], "error: -a since=2011-01 is after -a until=2010-01"),
    (
        ["blog", "-a", "url=exemple.typepad.fr/mon_blog/"],
        "error: -a url='exemple.typepad.fr/mon_blog/': expected an",
    ),
    (["blog", "-a", "urll=http://exemple.typepad.fr/"], "error: unknown argument -a urll"),
    (["blog", "-a", "platform=myspace"], "error: -a platform='myspace': unknown platform"),
    (["wayback"], "error: -a site=HOST/PATH/ is required"),
    (["wayback", "-a", "site=exemple.typepad.fr/b/", "-a", "from=2010-01"], "error: -a from='2010-01': expected"),
    (["warc", "-a", "path=/nonexistent/archive.warc.gz"], "error: -a path='/nonexistent/archive.warc.gz': no such"),
    (["warc"], "error: -a path=FILE_OR_DIR_OR_GLOB is required"),
    (["blog", "-s", "PARQUET_ROW_GROUP_SIZE=0"], "error: -s PARQUET_ROW_GROUP_SIZE='0': expected a number"),
    (["nospider"], "error: no spider named 'nospider'"),
]


@pytest.mark.parametrize(("args", "message"), MISTAKES[:-1], ids=[" ".join(a) for a, _ in MISTAKES[:-1]])
def test_each_mistake_is_named_in_one_line(args: list[str], message: str) -> None:
    """The check `scrapy crawl` runs first, in-process: the line it prints after `error: `."""
    spider, spargs, settings = _parsed(args)
    loader = SpiderLoader.from_settings(settings)
    mistake = first_mistake(loader.load(spider), spargs, settings)
    assert mistake is not None and f"error: {mistake}".startswith(message), mistake
    assert "\n" not in mistake


def _parsed(args: list[str]) -> tuple[str, dict[str, str], Settings]:
    spider, spargs, overrides = args[0], {}, {}
    for flag, value in zip(args[1::2], args[2::2], strict=True):
        name, _, given = value.partition("=")
        (spargs if flag == "-a" else overrides)[name] = given
    settings = get_project_settings().copy()
    settings.setdict(overrides, priority="cmdline")
    return spider, spargs, settings


@pytest.fixture(scope="module")
def mistakes(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[subprocess.CompletedProcess, Path]]:
    """Three mistakes through the real command, at once: case -> (run, folder)."""
    cases = [MISTAKES[0], MISTAKES[8], MISTAKES[-1]]  # a month, a missing WARC, no such spider
    folders = [tmp_path_factory.mktemp("mistake") / "dataset" for _ in cases]
    with ThreadPoolExecutor(max_workers=3) as pool:
        runs = list(pool.map(lambda case: scrapy("crawl", *case[0][0], "-s", f"DATASET_DIR={case[1]}"),
                             zip(cases, folders, strict=True)))  # fmt: skip
    return {i: (run, folder, case[1]) for i, (run, folder, case) in enumerate(zip(runs, folders, cases, strict=True))}


@pytest.mark.parametrize("case", range(3), ids=["month", "missing-warc", "no-spider"])
def test_a_mistake_gets_one_line_exit_2_and_nothing_written(mistakes, case: int) -> None:
    done, folder, message = mistakes[case]
    assert done.returncode == 2, done.stderr[-2000:]
    assert done.stderr.strip().splitlines() == [done.stderr.strip()] and done.stderr.startswith(message), done.stderr
    assert "Traceback" not in done.stderr
    assert not folder.exists()


def test_a_folder_another_crawl_writes_is_refused_in_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "dataset"
    lock(folder)  # as a crawl in another process holds it
    try:
        done = scrapy("crawl", "typepad", "-s", f"DATASET_DIR={folder}")
    finally:
        unlock(folder)
    assert done.returncode == 1
    assert (
        done.stderr.strip()
        == f"error: {folder} is being written by another crawl; wait for it, or choose another DATASET_DIR"
    )
    assert sorted(p.name for p in folder.iterdir()) == [".lock"]  # nothing written


def test_a_folder_given_as_warc_path_is_named_as_such(tmp_path: Path) -> None:
    spider, spargs, settings = _parsed(["warc", "-a", f"path={tmp_path}"])
    mistake = first_mistake(SpiderLoader.from_settings(settings).load(spider), spargs, settings)
    assert mistake == f"-a path={str(tmp_path)!r}: a folder with no WARC/ARC file in it"


def test_a_blog_that_does_not_answer_fails_and_the_folder_says_so(tmp_path: Path) -> None:
    dataset, why = tmp_path / "dataset", "the source could not be reached"
    done = scrapy("crawl", "blog", "-a", f"url={DEAD}/mon_blog/", *FAST, "-s", f"DATASET_DIR={dataset}")
    assert done.returncode == 1, done.stderr[-2000:]
    assert _last_line(done).startswith(f"blog-archive: failed: {why} ({DEAD}/mon_blog/: ")
    assert "Traceback" not in done.stderr
    _says_it_failed(dataset, why)


def test_an_archive_that_does_not_answer_fails_and_the_folder_says_so(tmp_path: Path) -> None:
    dataset, why = tmp_path / "dataset", "the source could not be reached (the Wayback index"
    result = crawl("wayback", dataset, {"site": "exemple.typepad.fr/mon_blog/"}, WAYBACK_BASE_URL=DEAD,
                   RETRY_ENABLED="0")  # fmt: skip
    assert result.returncode == 1  # the code `scrapy crawl` exits with (blogarchive.outcome)
    assert [r["reason"] for r in result.rows("skipped")] == ["download_error/DownloadConnectionRefusedError"]
    _says_it_failed(dataset, why)


def _says_it_failed(dataset: Path, why: str) -> None:
    report = validate(dataset)  # what `scrapy validate` prints, exit 1 (its exit codes: tests/test_validate.py)
    assert not report.ok
    assert any(str(p).startswith("posts: no posts: the dataset is empty (the run failed: failed: " + why)
               for p in report.problems), report.problems  # fmt: skip
    status = json.loads((dataset / "crawl-status.json").read_text("utf-8"))
    assert (status["state"], status["exit_code"], status["posts"]) == ("finished", 1, 0)


def test_a_corrupt_warc_fails_when_it_yields_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00garbage, not a gzip member at all" * 10)
    result = crawl("warc", tmp_path / "dataset", {"path": str(broken)})
    assert result.returncode == 1, result.log[-2000:]  # the code `scrapy crawl` exits with
    assert outcome_of(result.stats).summary.startswith("failed: nothing harvested (1 pages skipped, see the skipped")
    [skipped] = result.rows("skipped")  # once taken for an ARC record of another type, and not reported
    assert (skipped["reason"], skipped["url"]) == ("warc_corrupt", str(broken))
    assert f"{broken}: bytes 0-{broken.stat().st_size} damaged" in skipped["detail"]
    assert "Traceback" not in result.log


def test_scrapy_extract_fails_on_inputs_it_cannot_read(tmp_path: Path) -> None:
    done = scrapy("extract", str(tmp_path / "missing.html"), str(tmp_path))
    assert done.returncode == 1
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["error"] for r in records] == ["unreadable", "unreadable"]
    assert f"no such file: {tmp_path / 'missing.html'}" in done.stderr
    assert f"{tmp_path} is a folder: give the pages in it" in done.stderr
    not_a_post = tmp_path / "page.html"
    not_a_post.write_text("<html><body><p>Mentions légales</p></body></html>", encoding="utf-8")
    assert scrapy("extract", str(not_a_post)).returncode == 3
