"""py3langid's model, unpacked once per machine: loading it is no longer half a second of LZMA.

py3langid ships its model as `model.npz.xz` and unpacks it on every load: 0.5 s of CPU for each
`scrapy extract`, each crawl's post reader and each test process, a sixth of a short run. The
unpacked `.npz` is kept in the user's cache folder (`$XDG_CACHE_HOME/blog-archive`, else
`~/.cache/blog-archive`), named after the model file's size and time, so a new py3langid gets a
new copy; it is written under a temporary name and renamed, so a run killed meanwhile leaves no
half file. A cache that cannot be written or read is no error: the model is unpacked as before.
"""

from __future__ import annotations

import lzma
import os
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import numpy as np


def cache_folder() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "blog-archive"


def load_identifier() -> Any:
    """py3langid's LanguageIdentifier (normalised probabilities), from the unpacked copy when there is one."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    try:
        unpacked = _unpacked(MODEL_DIR / MODEL_FILE)
    except (OSError, lzma.LZMAError):  # no cache folder to write in
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    try:
        return _from_npz(LanguageIdentifier, unpacked)
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):  # damaged: the next run writes it anew
        unpacked.unlink(missing_ok=True)
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _unpacked(packed: Path) -> Path:
    stat = packed.stat()
    target = cache_folder() / f"py3langid-{stat.st_size}-{stat.st_mtime_ns}.npz"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, suffix=".tmp", delete=False) as temporary:
            try:
                with lzma.open(packed) as source:
                    shutil.copyfileobj(source, temporary, length=1 << 20)
                temporary.close()
                os.replace(temporary.name, target)
            finally:
                Path(temporary.name).unlink(missing_ok=True)
    return target


def _from_npz(identifier_class: Any, path: Path) -> Any:
    """What py3langid's `load_model` builds, read from the unpacked file."""
    from py3langid.modelio import _to_array

    with path.open("rb") as file, np.load(file, allow_pickle=False) as data:
        return identifier_class(
            np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
            _to_array(data["nextmove"]), data["out_feat"].tolist(),
            norm_probs=True, tk_row=_to_array(data["nextmove_row"]),
        )  # fmt: skip
