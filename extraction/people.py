"""Author names compared as people: one normal form, and the names that name nobody.

The normal form is what pseudonyms are keyed on (`extraction/pseudonyms.py`), so "Claire  Dubois"
and "claire dubois" are one person; the placeholder list is declared in `schemas/people.py`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from schemas.people import PLACEHOLDER_AUTHORS

_SPACES = re.compile(r"\s+")
_EDGES = " \t\n\xa0\u202f.:;,!?-–—_*~'\"()[]«»"
_PLACEHOLDERS = frozenset(PLACEHOLDER_AUTHORS)


def normalise_name(name: str) -> str:
    """NFKC, case-folded, inner spaces (NBSP too) collapsed, edge punctuation dropped."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return _SPACES.sub(" ", folded).strip(_EDGES)


@lru_cache(maxsize=65536)  # asked once per comment row: a blog's readers come back again and again
def is_placeholder(name: str | None) -> bool:
    """True for a missing or empty name, one without a letter, or a declared placeholder."""
    if name is None:
        return True
    normal = normalise_name(name)
    return not any(ch.isalpha() for ch in normal) or normal in _PLACEHOLDERS
