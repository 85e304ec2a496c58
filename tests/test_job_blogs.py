"""A job of several blogs (`-a urls_file=FILE`) shared by two worker processes: every blog is
read with its own platform profile, whichever worker takes its pages, and each is complete."""

from __future__ import annotations

import json
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

import pyarrow.dataset as ds
import pytest

from blogarchive.arguments import BadArgument
from blogarchive.static_site import StaticSite
from dataset_folder.parts import part_files, worker_of
from dataset_folder.validation import validate
from spiders.blog import BlogSpider
from tests.crawling import SITES
from tests.job_workers import TIMEOUT, Workers

BLOGS = ("canalblog-fr-blog", "wordpress-fr-blog", "dotclear-fr-blog")


def test_two_workers_harvest_every_blog_of_the_list_completely(redis_url: str, tmp_path: Path) -> None:
    with ExitStack() as stack:
        sites = {name: stack.enter_context(StaticSite(SITES / name, delay=0.05)) for name in BLOGS}
        expected = {name: json.loads((SITES / name / "expected.json").read_text("utf-8")) for name in BLOGS}
        homes = {name: sites[name].url(expected[name]["home"]) for name in BLOGS}
        urls_file = tmp_path / "blogs.txt"
        urls_file.write_text("# the job's blogs\n" + "\n".join(homes.values()) + "\n\n", encoding="utf-8")
        team = Workers(tmp_path, redis_url, {"urls_file": str(urls_file)}, tmp_path / "dataset")
        stack.callback(team.stop)
        first, second = team.start(), team.start()
        for number, process in enumerate((first, second)):
            assert process.wait(timeout=TIMEOUT) == 0, team.log(number)

    posts = ds.dataset(team.dataset / "posts", format="parquet").to_table().to_pylist()
    for name in BLOGS:
        port = f":{sites[name].port}/"
        found = sorted("/" + p["url"].split("/", 3)[3] for p in posts if port in p["url"])
        assert found == sorted(p["path"] for p in expected[name]["posts"]), name
        assert {p["platform"] for p in posts if port in p["url"]} == {expected[name]["platform"]}
    assert len({p["post_id"] for p in posts}) == len(posts)
    assert validate(team.dataset).ok
    rows = Counter()
    for part in part_files(team.dataset, "posts"):
        rows[worker_of(part.name)] += ds.dataset(part, format="parquet").count_rows()
    assert all(rows[team.stats(n)["job/worker"]] > 0 for n in (0, 1)), rows  # both shared the work


def test_a_blog_list_with_a_bad_line_is_refused_before_anything_starts(tmp_path: Path) -> None:
    urls_file = tmp_path / "blogs.txt"
    urls_file.write_text("http://exemple.typepad.fr/blog/\nexemple.fr sans schéma\n", encoding="utf-8")
    with pytest.raises(BadArgument, match="urls_file line 2"):
        BlogSpider.check_arguments(urls_file=str(urls_file))
    with pytest.raises(BadArgument, match="give one of them"):
        BlogSpider.check_arguments(url="http://exemple.typepad.fr/blog/", urls_file=str(urls_file))
