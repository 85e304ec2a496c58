from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from blogarchive.static_site import StaticSite
from tests.crawling import SITES


@pytest.fixture
def sample_site() -> Iterator[StaticSite]:
    with StaticSite(SITES / "typepad-fr-sample") as site:
        yield site


@pytest.fixture(scope="session")
def sample_expected() -> dict:
    return json.loads((SITES / "typepad-fr-sample" / "expected.json").read_text("utf-8"))
