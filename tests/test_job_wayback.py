"""Two workers of one job on the (fake) Wayback Machine, counted at the archive: together they
keep to the configured snapshot rate, and after a 429 neither sends anything for the pause."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pyarrow.dataset as ds

from dataset_folder.validation import validate
from tests.crawling import SITES, crawl, wait_for
from tests.fake_wayback import FakeCapture, FakeWayback
from tests.job_workers import TIMEOUT, Workers

SAMPLE = SITES / "typepad-fr-sample"
EXPECTED = json.loads((SAMPLE / "expected.json").read_text("utf-8"))
HOST = "http://exemple.typepad.fr"
SNAPSHOT_RATE, PAUSE = 2.5, 4.0
WORKERS_CONCURRENCY = 2 * 2  # two workers, two snapshot requests in flight each


def _archive(hosts: tuple[str, ...] = (HOST,), pushback: bool = True) -> FakeWayback:
    """Every page of the sample blog, captured once per host; the first snapshot of a May post answers 429."""
    routes = json.loads((SAMPLE / "headers.json").read_text("utf-8"))
    captures = []
    for file in sorted((SAMPLE / "root" / "mon_blog").rglob("*")):
        if file.is_file():
            path = "/" + str(file.relative_to(SAMPLE / "root")).removesuffix("index.html")
            content_type = routes.get(path, {}).get("headers", {}).get("Content-Type", "text/html; charset=utf-8")
            mimetype = "application/atom+xml" if path.endswith(".xml") else "text/html"
            for host in hosts:
                body = file.read_bytes()
                captures.append(FakeCapture(host + path, "20100801120000", 200, mimetype, body, content_type))
    pushed = [(r"id_/.*/2010/05/", [(429, str(int(PAUSE)))])] if pushback else []
    return FakeWayback(captures, page_size=1000, pushback=pushed)


def test_two_workers_share_the_archives_rate_and_its_pause(redis_url: str, tmp_path: Path) -> None:
    archive = _archive()
    team = Workers(tmp_path, redis_url, {"site": "exemple.typepad.fr/mon_blog/"}, tmp_path / "dataset", "wayback")
    settings = {"WAYBACK_BASE_URL": archive.base, "WAYBACK_SNAPSHOT_RATE": str(SNAPSHOT_RATE),
                "WAYBACK_CDX_RATE": "4", "WAYBACK_CDX_PAGE_SIZE": "1000"}  # fmt: skip
    try:
        team.start(**settings)
        wait_for(lambda: len(archive.arrivals("snapshot")) >= 3, TIMEOUT, "the first worker's snapshots")
        team.start(**settings)
        for number, process in enumerate(team.processes):
            assert process.wait(timeout=TIMEOUT) == 0, team.log(number)
    finally:
        team.stop()
        archive.stop()

    # Both workers fetched snapshots, and the job wrote every post once.
    assert all(team.stats(n).get("downloader/request_count", 0) >= 5 for n in (0, 1))
    posts = ds.dataset(team.dataset / "posts", format="parquet").to_table().to_pylist()
    assert sorted("/" + p["url"].split("/", 3)[3] for p in posts) == sorted(p["path"] for p in EXPECTED["posts"])
    assert validate(team.dataset).ok

    # The combined rate, at the archive: in any stretch of time, no more snapshot requests than
    # the rate allows, plus what one second of socket and thread delays could bunch up.
    arrivals = archive.arrivals("snapshot")
    burst = 1 + SNAPSHOT_RATE * 1.0
    for i, j in itertools.combinations(range(len(arrivals)), 2):
        assert j - i + 1 <= SNAPSHOT_RATE * (arrivals[j] - arrivals[i]) + burst, (i, j)

    # The 429: after it, for most of the pause, the archive hears from no worker, apart from
    # requests already on their way (at most what both workers may have in flight).
    (pushed_back,) = [moment for moment, kind, path in archive.log if kind == "snapshot" and "/2010/05/" in path][:1]
    during = [path for moment, _kind, path in archive.log if pushed_back < moment <= pushed_back + PAUSE * 0.75]
    assert len(during) <= WORKERS_CONCURRENCY, during
    assert any(moment > pushed_back + PAUSE for moment, _kind, _path in archive.log)  # and then it went on


def test_a_job_of_several_archived_blogs_from_a_sites_file(redis_url: str, tmp_path: Path) -> None:
    other = "http://autre.typepad.fr"
    archive = _archive((HOST, other), pushback=False)
    sites_file = tmp_path / "sites.txt"
    sites_file.write_text("# two blogs\nexemple.typepad.fr/mon_blog/\n\nautre.typepad.fr/mon_blog/\n", encoding="utf-8")
    try:
        result = crawl("wayback", tmp_path / "dataset", {"sites_file": str(sites_file)}, REDIS_URL=redis_url,
                       JOB_NAME=f"test-sites-{tmp_path.name}", REDIS_IDLE_SECONDS="0", WAYBACK_BASE_URL=archive.base,
                       WAYBACK_SNAPSHOT_RATE="200", WAYBACK_CDX_RATE="50")  # fmt: skip
    finally:
        archive.stop()
    assert result.returncode == 0, result.log[-3000:]
    posts = result.rows("posts")
    for host in (HOST, other):
        found = sorted(p["url"].removeprefix(host) for p in posts if p["url"].startswith(host))
        assert found == sorted(p["path"] for p in EXPECTED["posts"]), host
    assert archive.requested("/cdx/") == 2  # one index query per blog
