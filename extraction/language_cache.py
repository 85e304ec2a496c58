"""py3langid's model, unpacked once per machine and mapped from disk: loading it costs nothing.

py3langid ships its model as `model.npz.xz` and unpacks it on every load: 0.5 s of CPU for each
`scrapy extract`, each crawl's post reader and each test process, a sixth of a short run. Even
unpacked, reading the 68 MB `.npz` (its zip checksums) and widening the weights to float32 cost
a tenth of a second. So the arrays a guess reads (`ModelArrays`, weights already float32) are
kept as plain `.npy` files in the user's cache folder (`$XDG_CACHE_HOME/blog-archive`, else
`~/.cache/blog-archive`), and mapped read-only: a process reads only the pages it touches, and
processes on one machine share them. The folder is named after the model file's size and time,
so a new py3langid gets a new copy; it is written under a temporary name and renamed whole, so
a run killed meanwhile leaves no half copy. A cache that cannot be written or read is no error:
the model is unpacked as before.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from extraction.language_model import ModelArrays

_LOAD_ERRORS = (OSError, ValueError, EOFError)


def cache_folder() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "blog-archive"


def load_model() -> ModelArrays:
    """The model's arrays, mapped from the unpacked copy when there is one (made on first use)."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    stat = (MODEL_DIR / MODEL_FILE).stat()
    kept = cache_folder() / f"py3langid-{stat.st_size}-{stat.st_mtime_ns}.arrays"
    if kept.is_dir():
        try:
            return _mapped(kept)
        except _LOAD_ERRORS:  # damaged: the copy is made anew below
            shutil.rmtree(kept, ignore_errors=True)
    model = _unpacked()
    with contextlib.suppress(OSError):  # no cache folder to write in: this process keeps its unpacked model
        _keep(model, kept)
    return model


def _unpacked() -> ModelArrays:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return ModelArrays.of(LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True))


# A temporary copy older than this was left by a run killed while writing it (writing takes a second).
_ABANDONED_SECONDS = 3600


def _keep(model: ModelArrays, kept: Path) -> None:
    """Written in a temporary folder, then renamed into place (another process may win the race)."""
    kept.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(kept.parent)
    temporary = Path(tempfile.mkdtemp(dir=kept.parent, suffix=".tmp"))
    try:
        for name, array in zip(ModelArrays._fields, model, strict=True):
            np.save(temporary / f"{name}.npy", array, allow_pickle=False)
        os.rename(temporary, kept)
        for earlier in kept.parent.glob("py3langid-*.npz"):  # the layout before this one: 68 MB each
            earlier.unlink(missing_ok=True)
    except OSError:
        if not kept.is_dir():
            raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def _remove_abandoned(folder: Path) -> None:
    """Temporary copies of killed runs (94 MB each); one being written now is left alone."""
    for temporary in folder.glob("*.tmp"):
        with contextlib.suppress(OSError):
            if time.time() - temporary.stat().st_mtime <= _ABANDONED_SECONDS:
                continue
            if temporary.is_dir():
                shutil.rmtree(temporary)
            else:
                temporary.unlink()


def _mapped(kept: Path) -> ModelArrays:
    model = ModelArrays(
        *(np.asarray(np.load(kept / f"{name}.npy", mmap_mode="r", allow_pickle=False)) for name in ModelArrays._fields)
    )
    features, classes = model.weights.shape
    if not (classes == len(model.priors) == len(model.classes) and len(model.row_base) == len(model.output)):
        raise ValueError(f"{kept}: the arrays do not fit together")
    if model.output.max(initial=-1) >= features or model.row_base.max(initial=0) + 256 > len(model.next_move):
        raise ValueError(f"{kept}: the automaton points outside the model")
    return model
