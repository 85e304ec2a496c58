"""The right characters from 2010-era bytes, whatever the labels said, and a record of repairs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from blogarchive.static_site import StaticSite
from extraction import NotAPost, decode_page, extract_post
from extraction.repair import RepairLog
from tests.crawling import PROJECT_ROOT, SITES, child_env, crawl
from tests.encoding_variants import EXPECTED, variants, write_site

PAGES = PROJECT_ROOT / "tests" / "fixtures" / "pages"
# A site on 127.0.0.1 needs no politeness delay (the project's AutoThrottle waits a second per page).
_NO_POLITENESS_DELAYS = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"]


def _same_as_expected(title: str, text: str, comments: list[tuple[str, str]]) -> None:
    assert title == EXPECTED["title"]
    assert text == EXPECTED["article_text"]
    assert comments == [(c["author"], c["text"]) for c in EXPECTED["comments"]]


@pytest.fixture(scope="module")
def variant_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[StaticSite, dict[str, str]]:
    folder = tmp_path_factory.mktemp("encoding-site")
    paths = write_site(folder)
    with StaticSite(folder) as site:
        yield site, paths


def test_a_crawl_reads_every_variant_the_same(variant_site, tmp_path: Path) -> None:
    site, paths = variant_site
    result = crawl("typepad", tmp_path / "dataset", {"url": site.url("/carnet/")})
    assert result.returncode == 3, result.log[-3000:]  # the variants link two pages they do not serve (404)
    posts = {"/" + p["url"].split("/", 3)[3]: p for p in result.rows("posts")}
    comments = result.rows("comments")
    assert set(posts) == set(paths.values())
    for name, path in paths.items():
        post = posts[path]
        own = sorted((c for c in comments if c["post_id"] == post["post_id"]), key=lambda c: c["position"])
        _same_as_expected(post["title"], post["text"], [(c["author"], c["text"]) for c in own])
        assert post["charset_used"] == variants()[name][2], name
    # Only the double-encoded comment was repaired, and the row says so.
    repaired = [c for c in comments if c["repaired_fields"]]
    assert [c["repaired_fields"] for c in repaired] == [["text"]]
    assert repaired[0]["post_id"] == posts[paths["utf8_double_encoded_comment"]]["post_id"]
    assert "decode:utf-8" in repaired[0]["repairs"]
    assert result.stats["repair/rows"] == 1 and result.stats["repair/fields/text"] == 1
    card = (result.dataset / "README.md").read_text("utf-8")
    assert f"comments: 1 of {len(comments)} rows had mojibake repaired (rows per field: `text` 1)" in card
    assert "posts: 0 of 7 rows had mojibake repaired" in card


def test_scrapy_extract_on_http_urls_reads_every_variant_the_same(variant_site) -> None:
    site, paths = variant_site
    urls = [site.url(path) for path in paths.values()]
    before = _checkout_files()
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "extract", *urls, "-s", "ROBOTSTXT_OBEY=0", *_NO_POLITENESS_DELAYS],
        cwd=PROJECT_ROOT, env=child_env(), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["input"] for r in records] == urls  # one object per input, in input order
    for record in records:
        _same_as_expected(record["title"], record["text"], [(c["author"], c["text"]) for c in record["comments"]])
    assert _checkout_files() == before  # no dataset folder, no card, no cache: extract only prints


def _checkout_files() -> set[Path]:
    """Every file of the checkout but the environment, Git and bytecode caches."""
    skipped = {".venv", ".git", "__pycache__", ".pytest_cache", ".ruff_cache"}
    return {p for p in PROJECT_ROOT.rglob("*") if p.is_file() and not skipped & set(p.relative_to(PROJECT_ROOT).parts)}


@pytest.mark.parametrize("name", sorted(variants()))
def test_decoder_chooses_the_charset_the_bytes_are_in(name: str) -> None:
    body, content_type, charset = variants()[name]
    page = decode_page("http://exemple.typepad.fr/carnet/2010/04/x.html", body, {"Content-Type": content_type})
    assert page.charset_used == charset
    assert "\ufffd" not in page.text and not any("\x80" <= ch <= "\x9f" for ch in page.text)


def test_windows_1252_bytes_inside_a_utf8_page_are_kept_and_counted() -> None:
    body = "<html><body><p>Un café à 2 €</p></body></html>".encode().replace("café".encode(), "café".encode("cp1252"))
    page = decode_page("http://exemple.fr/x.html", body, {"Content-Type": "text/html; charset=utf-8"})
    assert "Un café à 2 €" in page.text and page.foreign_bytes == 1 and "windows-1252" in page.charset_note


def _clean_pages() -> list[Path]:
    pages = sorted(PAGES.glob("*.html"))
    sample = SITES / "typepad-fr-sample" / "root" / "mon_blog"
    return pages + sorted(sample.glob("2010/*/*.html"))


def test_repair_never_changes_a_clean_page() -> None:
    """Every fixture page is clean French (or English) text: repair must leave every field alone."""
    checked = 0
    for path in _clean_pages():
        meta = path.with_suffix(".json")
        headers = json.loads(meta.read_text("utf-8")).get("headers", {}) if meta.exists() else {}
        if path.is_relative_to(SITES):
            headers = _site_headers(path)
        post = extract_post([decode_page(f"http://exemple.fr/{path.name}", path.read_bytes(), headers)])
        if isinstance(post, NotAPost):
            continue
        log = RepairLog()
        fields = [post.title, post.author, post.text, *post.categories, *post.tags]
        fields += [value for c in post.comments for value in (c.author, c.text)]
        assert [log.repair("field", value) for value in fields] == fields, path.name
        assert not log.fields, (path.name, log.fixes)
        checked += 1
    assert checked >= 50


def _site_headers(path: Path) -> dict[str, str]:
    folder = SITES / "typepad-fr-sample"
    routes = json.loads((folder / "headers.json").read_text("utf-8"))
    return routes.get("/" + str(path.relative_to(folder / "root")), {}).get("headers", {})


@pytest.mark.parametrize("label", ["idna", "punycode", "undefined", "base64"])
@pytest.mark.parametrize("where", ["header", "meta"])
def test_a_codec_that_is_no_text_encoding_is_ignored_and_noted(label: str, where: str) -> None:
    """Python knows these codecs, no web page is written in them: read as unlabelled, never a crash."""
    from blogarchive.items import Capture, PostCaptures, RawPage
    from extraction.reader import read_post
    from extraction.records import ReadPost

    fixture = Path(__file__).parent / "fixtures" / "pages" / "typepad-fr-classic-comments-after-body"
    want = json.loads(fixture.with_suffix(".json").read_text("utf-8"))
    body = fixture.with_suffix(".html").read_bytes()
    headers = {"Content-Type": "text/html"}
    if where == "header":
        headers = {"Content-Type": f"text/html; charset={label}"}
    else:
        body = re.sub(rb"<head>", f'<head><meta charset="{label}">'.encode(), body, count=1)
    page = RawPage(want["url"], 200, headers, body, datetime.now(timezone.utc))
    result = read_post(PostCaptures(page.url, [Capture([page])]))
    assert isinstance(result, ReadPost), result
    assert result.record.text == want["article_text"]
    assert len(result.record.comments) == len(want["comments"])
    assert "no text encoding of the web: ignored" in result.first.decoded.charset_note


def test_mac_roman_double_encoding_from_old_migrations_is_repaired_and_recorded() -> None:
    """UTF-8 read as Mac Roman ("√©" for "é", "‚Äô" for "’"), as real TypePad exports hold it."""
    from extraction.repair import RepairLog, looks_broken

    log = RepairLog()
    assert log.repair("text", "Le caf√© cr√®me de l‚Äôarbre") == "Le café crème de l’arbre"
    assert log.fields == ["text"] and "encode:macroman" in log.fixes
    assert not looks_broken("La racine √2 vaut environ 1,414 ; 3 ≈ π")  # real symbols stay
