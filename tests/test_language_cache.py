"""The kept copy of py3langid's model (extraction/language_cache.py) guesses as the model itself,
and a cache that is missing, damaged or unwritable only costs the unpacking."""

from __future__ import annotations

import time

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from extraction.language_cache import cache_folder, load_model
from extraction.language_model import BatchIdentifier, ModelArrays

TEXTS = ["Merci pour ce billet, je l’ai lu avec plaisir.", "Thanks for sharing this post!", "Danke schön"]


@pytest.fixture(scope="module")
def packed() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _same(model: ModelArrays, packed: LanguageIdentifier) -> None:
    for name, array, expected in zip(ModelArrays._fields, model, ModelArrays.of(packed), strict=True):
        assert array.dtype == expected.dtype and np.array_equal(array, expected), name
    guesses = BatchIdentifier(model).classify_all(TEXTS)
    assert [(code, round(confidence, 4)) for code, confidence in guesses] == [
        (code, round(confidence, 4)) for code, confidence in map(packed.classify, TEXTS)
    ]


def _kept() -> list:
    return sorted(cache_folder().glob("py3langid-*.arrays"))


def test_the_first_load_keeps_the_arrays_and_the_next_maps_them(tmp_path, monkeypatch, packed) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    earlier = tmp_path / "blog-archive" / "py3langid-4586720-1.npz"  # the layout of an earlier version
    earlier.parent.mkdir()
    earlier.write_bytes(b"PK")
    _same(load_model(), packed)
    assert not earlier.exists()
    kept = _kept()
    assert len(kept) == 1 and not list(cache_folder().glob("*.tmp"))
    assert {path.name for path in kept[0].iterdir()} == {f"{name}.npy" for name in ModelArrays._fields}
    mapped = load_model()
    assert isinstance(mapped.weights.base, np.memmap) or isinstance(mapped.weights.base.base, np.memmap)
    assert not mapped.weights.flags.writeable
    _same(mapped, packed)
    assert _kept() == kept


@pytest.mark.parametrize("damage", ["cut", "missing", "wrong_shape"])
def test_a_damaged_cache_is_made_anew(tmp_path, monkeypatch, packed, damage) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    load_model()
    [kept] = _kept()
    weights = kept / "weights.npy"
    if damage == "cut":  # as a full disk would leave it
        weights.write_bytes(weights.read_bytes()[:1000])
    elif damage == "missing":
        weights.unlink()
    else:
        np.save(kept / "priors.npy", np.zeros(3, dtype=np.float32))
    _same(load_model(), packed)
    assert weights.stat().st_size > 1000
    assert np.load(kept / "priors.npy").shape == ModelArrays.of(packed).priors.shape
    _same(load_model(), packed)


def test_an_unwritable_cache_falls_back_to_the_packed_model(tmp_path, monkeypatch, packed) -> None:
    (tmp_path / "blog-archive").write_text("a file where the folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    model = load_model()
    assert BatchIdentifier(model).classify_all(TEXTS[:1])[0][0] == "fr"
    _same(model, packed)
    assert (tmp_path / "blog-archive").read_text() == "a file where the folder should be"


def test_a_copy_another_process_kept_first_is_used(tmp_path, monkeypatch, packed) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    load_model()
    [kept] = _kept()
    before = (kept / "weights.npy").stat().st_mtime_ns
    from extraction import language_cache

    language_cache._keep(ModelArrays.of(packed), kept)  # the race lost: no error, the first copy stays
    assert (kept / "weights.npy").stat().st_mtime_ns == before
    assert not list(cache_folder().glob("*.tmp"))


def test_a_copy_a_killed_run_left_half_written_is_removed_once_old(tmp_path, monkeypatch, packed) -> None:
    import os

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "blog-archive"
    abandoned, being_written, earlier_file = folder / "tmpold.tmp", folder / "tmpnew.tmp", folder / "tmpfile.tmp"
    for temporary in (abandoned, being_written):
        temporary.mkdir(parents=True)
        (temporary / "weights.npy").write_bytes(b"\x93NUMPY half")
    earlier_file.write_bytes(b"half an .npz")  # the earlier layout's temporary file
    two_hours_ago = time.time() - 7200
    for old in (abandoned, earlier_file):
        os.utime(old, (two_hours_ago, two_hours_ago))
    _same(load_model(), packed)
    assert not abandoned.exists() and not earlier_file.exists()
    assert being_written.is_dir()  # another process may be writing it now
