"""The contract's own rules, checked on the code: rows come from the schema, every setting is
declared once, enumerated values are declared."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from scrapy.settings import default_settings

from blogarchive import settings as project_settings
from blogarchive.items import RawPage, SkippedPage
from extraction.decode import DecodedPage
from extraction.platforms import profiles
from extraction.records import CommentRecord, PostRecord
from schemas import COMMENTS, PAGES, POSTS, SKIPPED, TABLES
from schemas.enums import PLATFORMS, SKIP_REASONS, SOURCE_KINDS

ROOT = Path(__file__).resolve().parent.parent
CODE = [p for d in ("spiders", "pipelines", "blogarchive", "commands", "extraction", "dataset_folder")
        for p in (ROOT / d).rglob("*.py")]  # fmt: skip
_SETTING_READ = re.compile(r"settings\.get\w*\(\s*\"([A-Z][A-Z0-9_]+)\"(\s*,)?")
RECORD_OF = {POSTS.name: PostRecord, COMMENTS.name: CommentRecord, SKIPPED.name: SkippedPage, PAGES.name: RawPage}
ORIGIN_SOURCE = {"page": RawPage, "decoding": DecodedPage}


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_every_field_has_a_source_the_row_builder_reads(table) -> None:
    """A field read "by name" must exist under that name where rows take it from."""
    for field in table.fields:
        source = RECORD_OF[table.name] if field.origin == "record" else ORIGIN_SOURCE.get(field.origin)
        if field.origin == "derived":
            continue
        assert source is not None, f"{table.name}.{field.name}: unknown origin {field.origin!r}"
        names = {f.name for f in dataclasses.fields(source)}
        assert field.name in names, f"{table.name}.{field.name} is not an attribute of {source.__name__}"


def test_every_setting_read_is_declared_once_without_a_second_default() -> None:
    declared = {name for name in dir(project_settings) if name.isupper()}
    for path in CODE:
        for match in _SETTING_READ.finditer(path.read_text("utf-8")):
            name = match[1]
            assert name in declared or hasattr(default_settings, name), f"{path.name}: {name} is declared nowhere"
            assert not match[2], f"{path.name}: {name} read with a default of its own (declare it in settings.py)"


def test_no_setting_merely_repeats_scrapys_default() -> None:
    for name in dir(project_settings):
        if name.isupper() and hasattr(default_settings, name):
            assert getattr(project_settings, name) != getattr(default_settings, name), name


def test_every_profile_writes_a_declared_platform() -> None:
    assert {p.platform for p in profiles()} <= set(PLATFORMS.values)
    assert "typepad_classic" not in PLATFORMS  # a template family is not a platform


def test_declared_values_cover_what_the_code_writes() -> None:
    """Every literal skip reason and source kind in the code is declared (families by prefix)."""
    text = "\n".join(p.read_text("utf-8") for p in CODE)
    found = re.findall(
        r"(?:NotAPost\(|reason=|reason = |(?:_?skip|SkippedPage|MissingPage)\([^,()]+,\s*)\"([a-z_]+)\"", text
    )
    assert len(found) >= 10  # the pattern still finds the reasons the code writes
    for reason in found:
        assert reason in SKIP_REASONS, reason
    for kind in re.findall(r"source_kind=\"([a-z]+)\"", text):
        assert kind in SOURCE_KINDS, kind
