"""Opt-in pseudonymisation: a crawl of the sample blog with a key leaves no commenter's name in the
dataset folder, gives the same pseudonyms for the same key and others for another, changes no
count or position, and masks contacts; `scrapy pseudonymise` gives the crawl's pseudonyms."""

from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as ds
import pytest

from extraction.pseudonyms import Pseudonymiser, fingerprint, mask_contacts, url_class
from tests.crawling import CrawlResult, crawl


def _key(folder: Path, secret: str) -> Path:
    path = folder / f"key-{secret}"
    path.write_text(secret + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def keyed(tmp_path_factory, sample_blog) -> dict[str, CrawlResult]:
    """Three crawls of the sample blog: key A twice (bloggers too), key B once."""
    folder = tmp_path_factory.mktemp("keyed")
    keys = {"a": _key(folder, "secret-a"), "b": _key(folder, "secret-b")}
    runs = {"a1": "a", "a2": "a", "b": "b"}
    results = {}
    for name, key in runs.items():
        settings = {"PSEUDONYMISE_KEY_FILE" if name != "a2" else "PSEUDONYMIZE_KEY_FILE": str(keys[key])}
        result = crawl("typepad", folder / name, {"url": sample_blog.home}, PSEUDONYMISE_BLOGGERS="1", **settings)
        assert result.returncode == 0, result.log[-3000:]
        results[name] = result
    return results


def _names(sample_expected) -> set[str]:
    names = {c["author"] for p in sample_expected["posts"] for c in p["comments"]} - {"Anonyme"}
    assert len(names) >= 10
    return names


def _every_string(result: CrawlResult) -> str:
    parts = []
    for table in ("posts", "comments", "skipped"):
        folder = result.dataset / table
        if folder.is_dir():
            for row in ds.dataset(folder, format="parquet").to_table().to_pylist():
                parts.extend(str(v) for v in row.values())
    return "\n".join(parts)


def test_no_commenter_name_in_any_table_nor_any_file(keyed, sample_expected) -> None:
    result = keyed["a1"]
    strings = _every_string(result).casefold()
    files = {p: p.read_bytes() for p in result.dataset.rglob("*") if p.is_file()}
    assert any(p.name == "README.md" for p in files)
    for name in _names(sample_expected):
        assert name.casefold() not in strings, name
        for path, data in files.items():
            assert name.encode("utf-8") not in data, (name, path)
    assert b"secret-a" not in b"".join(files.values())  # the key is never written
    card = (result.dataset / "README.md").read_text("utf-8")
    assert fingerprint(b"secret-a") in card and "**pseudonymised**" in card
    assert "## Out-of-Scope Use" in card and "## Personal and Sensitive Information" in card


def _pseudonyms(result: CrawlResult) -> list[tuple]:
    rows = result.rows("comments")
    return sorted((c["comment_id"], c["position"], c["author"], c["author_url"], c["reply_to"]) for c in rows)


def test_same_key_same_pseudonyms_other_key_others(keyed) -> None:
    a1, a2, b = (_pseudonyms(keyed[n]) for n in ("a1", "a2", "b"))
    assert a1 == a2
    assert [r[:2] for r in a1] == [r[:2] for r in b]
    authors_a = {r[2] for r in a1} - {"Anonyme"}
    assert authors_a and all(a.startswith("commenter-") for a in authors_a)
    assert not authors_a & {r[2] for r in b}


def test_counts_positions_and_replies_unchanged(keyed, sample_blog) -> None:
    plain = sample_blog.result
    keep = ("comment_id", "post_id", "position", "reply_to", "published", "author_placeholder")
    got = sorted(tuple(c[k] for k in keep) for c in keyed["a1"].rows("comments"))
    assert got == sorted(tuple(c[k] for k in keep) for c in plain.rows("comments"))
    counts = lambda r: sorted((p["post_id"], p["comment_count_extracted"]) for p in r.rows("posts"))  # noqa: E731
    assert counts(keyed["a1"]) == counts(plain)


def test_author_url_becomes_its_host_class(keyed) -> None:
    assert {c["author_url"] for c in keyed["a1"].rows("comments")} <= {None, "typepad", "other"}


def test_quoted_names_replaced_in_texts(keyed) -> None:
    p = Pseudonymiser(b"secret-a")
    texts = "\n".join(c["text"] for c in keyed["a1"].rows("comments"))
    assert f"@{p.pseudonym('Sophie Martin')}" in texts


@pytest.mark.parametrize(
    "phone", ["06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78", "0612345678", "01-45-67-89-10"]
)
def test_phone_numbers_masked(phone) -> None:
    assert mask_contacts(f"Appelez-moi au {phone} le soir.") == ("Appelez-moi au [phone] le soir.", 0, 1)


def test_email_masked_and_prices_kept() -> None:
    text = "Écrivez à claire.dubois@free.fr ! Un prêt de 15 000 € en 2010, 3 fois 20 €."
    assert mask_contacts(text) == ("Écrivez à [email] ! Un prêt de 15 000 € en 2010, 3 fois 20 €.", 1, 0)


def test_pseudonyms_are_stable_keyed_and_leave_placeholders() -> None:
    a, b = Pseudonymiser(b"k1"), Pseudonymiser(b"k2")
    assert a.pseudonym("Claire Dubois") == a.pseudonym(" claire  DUBOIS") != b.pseudonym("Claire Dubois")
    assert a.pseudonym("Anonyme") == "Anonyme" and a.pseudonym(None) is None
    a.learn("Thierry")
    assert a.mask_names("@Thierry : merci !") == f"@{a.pseudonym('Thierry')} : merci !"


def test_url_classes() -> None:
    assert url_class("http://profile.typepad.com/claire") == "typepad"
    assert url_class("http://maelle.typepad.fr/carnet/") == "typepad"
    assert url_class("http://www.jerome-b.com/") == "other"
    assert url_class(None) is None


def test_a_misspelt_setting_stops_the_crawl(tmp_path: Path, sample_blog) -> None:
    key = _key(tmp_path, "secret-c")
    result = crawl("typepad", tmp_path / "d", {"url": sample_blog.home}, PSEUDONYMISE_KEYFILE=str(key))
    assert result.returncode != 0
    assert "PSEUDONYMISE_KEYFILE" in result.log
    assert not list((tmp_path / "d").glob("comments/*.parquet"))


def test_scrapy_pseudonymise_gives_the_crawls_pseudonyms(keyed, sample_blog, tmp_path: Path) -> None:
    from commands.pseudonymise import pseudonymise_folder

    out = tmp_path / "copy"
    pseudonymise_folder(sample_blog.result.dataset, out, Pseudonymiser(b"secret-a", bloggers=True))
    copied = CrawlResult(0, {}, "", out)
    assert _pseudonyms(copied) == _pseudonyms(keyed["a1"])
    by_id = {c["comment_id"]: c["text"] for c in keyed["a1"].rows("comments")}
    assert {c["comment_id"]: c["text"] for c in copied.rows("comments")} == by_id
    assert fingerprint(b"secret-a") in (out / "README.md").read_text("utf-8")


def test_an_email_and_a_phone_number_in_a_crawled_comment_are_masked(tmp_path: Path) -> None:
    """The sample blog with one comment giving its writer's address and number, crawled with a key."""
    import json
    import shutil

    from blogarchive.static_site import StaticSite
    from tests.crawling import SITES

    site = tmp_path / "site"
    shutil.copytree(SITES / "typepad-fr-sample", site)
    expected = json.loads((site / "expected.json").read_text("utf-8"))
    post = next(p for p in expected["posts"] if p["encoding"] == "utf-8" and p["comments"])
    page = site / "root" / post["path"].lstrip("/")
    body = page.read_bytes()
    start = body.index(b'class="comment-content"')
    end = body.index(b"</p>", start)
    contact = " Écrivez-moi à marc.dupont@example.fr ou au 06 12 34 56 78.".encode()
    page.write_bytes(body[:end] + contact + body[end:])
    with StaticSite(site) as server:
        result = crawl("typepad", tmp_path / "dataset", {"url": server.url(expected["blog_path"])},
                       PSEUDONYMISE_KEY_FILE=str(_key(tmp_path, "secret-c")))  # fmt: skip
    texts = [c["text"] for c in result.rows("comments")]
    assert len(texts) == sum(len(p["comments"]) for p in expected["posts"])
    masked = [t for t in texts if "[email]" in t]
    assert len(masked) == 1 and "[phone]" in masked[0], masked
    every = _every_string(result)
    assert "marc.dupont@example.fr" not in every and "06 12 34 56 78" not in every
