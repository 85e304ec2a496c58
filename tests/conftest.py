from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator

import pytest
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir

from blogarchive.static_site import StaticSite
from tests.crawling import SITES, start_reactor, stop_reactor

# Hugging Face `datasets` reads these when imported: tests never reach its hub (nor any network).
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

# Hypothesis writes nothing into the checkout (no `.hypothesis/`): no example database, and its
# caches in a folder of this run, removed at the end.
_HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="blog-archive-hypothesis-")
set_hypothesis_home_dir(_HYPOTHESIS_HOME)
hypothesis_settings.register_profile("blog-archive", database=None)
hypothesis_settings.load_profile("blog-archive")


def pytest_configure(config: pytest.Config) -> None:
    # The crawls run in this process on one reactor for the whole session (tests/crawling.py):
    # installed first, before any import could install Twisted's default one.
    start_reactor()


def pytest_unconfigure(config: pytest.Config) -> None:
    stop_reactor()
    shutil.rmtree(_HYPOTHESIS_HOME, ignore_errors=True)


@pytest.fixture
def sample_site() -> Iterator[StaticSite]:
    with StaticSite(SITES / "typepad-fr-sample") as site:
        yield site


@pytest.fixture(scope="session")
def sample_expected() -> dict:
    return json.loads((SITES / "typepad-fr-sample" / "expected.json").read_text("utf-8"))
