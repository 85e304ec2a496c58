from __future__ import annotations

import json
import os
from collections.abc import Iterator

import pytest

from blogarchive.static_site import StaticSite
from tests.crawling import SITES

# Hugging Face `datasets` reads these when imported: tests never reach its hub (nor any network).
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


@pytest.fixture
def sample_site() -> Iterator[StaticSite]:
    with StaticSite(SITES / "typepad-fr-sample") as site:
        yield site


@pytest.fixture(scope="session")
def sample_expected() -> dict:
    return json.loads((SITES / "typepad-fr-sample" / "expected.json").read_text("utf-8"))
