"""The unpacked copy of py3langid's model (extraction/language_cache.py) gives the model itself,
and a cache that is missing, damaged or unwritable only costs the unpacking."""

from __future__ import annotations

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from extraction.language_cache import cache_folder, load_identifier

TEXTS = ["Merci pour ce billet, je l’ai lu avec plaisir.", "Thanks for sharing this post!", "Danke schön"]


@pytest.fixture(scope="module")
def packed() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _same(identifier: LanguageIdentifier, packed: LanguageIdentifier) -> None:
    assert identifier.nb_classes == packed.nb_classes
    assert np.array_equal(identifier.nb_ptc, packed.nb_ptc) and np.array_equal(identifier.nb_pc, packed.nb_pc)
    assert identifier.tk_nextmove == packed.tk_nextmove and identifier.tk_output == packed.tk_output
    assert [identifier.classify(t) for t in TEXTS] == [packed.classify(t) for t in TEXTS]


def test_the_first_load_unpacks_the_model_into_the_cache_and_the_next_reads_it(tmp_path, monkeypatch, packed) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _same(load_identifier(), packed)
    kept = list(cache_folder().glob("py3langid-*.npz"))
    assert len(kept) == 1 and not list(cache_folder().glob("*.tmp"))
    _same(load_identifier(), packed)  # from the unpacked copy this time
    assert list(cache_folder().glob("py3langid-*.npz")) == kept


def test_a_damaged_cache_falls_back_to_the_packed_model(tmp_path, monkeypatch, packed) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    load_identifier()
    [kept] = cache_folder().glob("py3langid-*.npz")
    kept.write_bytes(kept.read_bytes()[:1000])  # cut, as a full disk would leave it
    _same(load_identifier(), packed)
    assert not kept.exists()  # let go, so the next run unpacks it again
    _same(load_identifier(), packed)
    assert kept.stat().st_size > 1000


def test_an_unwritable_cache_falls_back_to_the_packed_model(tmp_path, monkeypatch, packed) -> None:
    (tmp_path / "blog-archive").write_text("a file where the folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    identifier = load_identifier()
    assert identifier.classify(TEXTS[0])[0] == "fr"
    _same(identifier, packed)
    assert (tmp_path / "blog-archive").read_text() == "a file where the folder should be"
