from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir

from blogarchive.static_site import StaticSite
from tests.crawling import SITES, CrawlResult, HeldSite, crawl, start_reactor, stop_reactor
from tests.redis_server import URL_VARIABLE, no_server, redis_server

# Hugging Face `datasets` reads these when imported: tests never reach its hub (nor any network).
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

# Hypothesis writes nothing into the checkout (no `.hypothesis/`): no example database, and its
# caches (the constants it collects from the code, seconds to rebuild) in the system's temp folder.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / f"blog-archive-hypothesis-{os.getuid()}")
hypothesis_settings.register_profile("blog-archive", database=None)
hypothesis_settings.load_profile("blog-archive")


def pytest_configure(config: pytest.Config) -> None:
    # The crawls run in this process on one reactor for the whole session (tests/crawling.py):
    # installed first, before any import could install Twisted's default one.
    start_reactor()


def pytest_unconfigure(config: pytest.Config) -> None:
    stop_reactor()
    # Tests that leave a dataset writer open (a killed run, simulated) keep its folder's lock for
    # the rest of the process (dataset_folder/parts.py): released here, not by the interpreter's shutdown,
    # which reports each as an unclosed file.
    parts = sys.modules.get("dataset_folder.parts")
    for folder in list(getattr(parts, "_LOCKS", {})):
        parts.unlock(Path(folder))


@pytest.fixture
def sample_site() -> Iterator[StaticSite]:
    with StaticSite(SITES / "typepad-fr-sample") as site:
        yield site


@pytest.fixture(scope="session")
def sample_expected() -> dict:
    return json.loads((SITES / "typepad-fr-sample" / "expected.json").read_text("utf-8"))


@dataclass
class SampleBlog:
    """The sample blog, served for the whole session, and one plain crawl of it that tests read."""

    site: HeldSite  # still serving: tests that crawl it again get the same URLs
    home: str
    result: CrawlResult  # `scrapy crawl typepad -a url=HOME -s FEEDS=...`
    requests: Counter[str]  # what that crawl asked the site for, path by path
    feed: Path  # the posts feed (`-O`) of that crawl, in Parquet


@pytest.fixture(scope="session")
def sample_blog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SampleBlog]:
    folder = tmp_path_factory.mktemp("sample-blog")
    feed = folder / "posts-feed.parquet"
    with HeldSite(SITES / "typepad-fr-sample") as site:
        home = site.url("/mon_blog/")
        result = crawl(
            "typepad", folder / "dataset", {"url": home}, FEEDS=json.dumps({str(feed): {"format": "parquet"}})
        )
        assert result.returncode == 0, result.log[-3000:]
        yield SampleBlog(site, home, result, Counter(site.requests), feed)


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Redis server's URL (tests/redis_server.py): CI's, or one started for the session."""
    given = os.environ.get(URL_VARIABLE)
    if given:
        yield given
        return
    if shutil.which("redis-server") is None:
        no_server(f"no Redis server: set {URL_VARIABLE}, or install redis-server (apt-get install redis-server)")
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url
