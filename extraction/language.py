"""`language` of a post or a comment: an ISO 639-1 code, or "und" when no guess is sure.

py3langid ships its model inside the package (no download at run time, so it runs offline);
the model is loaded once per process, on first use (about two seconds). Thresholds and their
reasons: `schemas/labels.py`.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from schemas.labels import LANGUAGE_MIN_CONFIDENCE, LANGUAGE_MIN_LETTERS, UNDETERMINED

_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|@\w+|\d+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


# A guess costs ~0.2 ms (most of a comment's labelling), and comments repeat once links and
# numbers are left out ("Merci !", the same spam, "Bravo (2)"): each distinct short text is
# guessed once. Longer texts (articles) are rarely repeated, and would make the cache big.
_CACHED_MAX_CHARS = 2000


def language(text: str | None) -> str:
    """The text's language code, or `und` for short, mixed or unclear texts."""
    kept = _NOISE.sub(" ", text or "")
    return _repeated_language(kept) if len(kept) <= _CACHED_MAX_CHARS else _language_of(kept)


def _language_of(kept: str) -> str:
    if sum(ch.isalpha() for ch in kept) < LANGUAGE_MIN_LETTERS:
        return UNDETERMINED
    code = _guess(kept)
    if code == UNDETERMINED or len(_sentence_languages(kept) - {UNDETERMINED}) > 1:
        return UNDETERMINED  # unclear, or sentences each sure of another language: mixed
    return code


_repeated_language = lru_cache(maxsize=8192)(_language_of)


def _guess(text: str) -> str:
    code, confidence = _identifier().classify(text)
    if confidence < LANGUAGE_MIN_CONFIDENCE or len(code) != 2:
        return UNDETERMINED
    return str(code)


def _sentence_languages(text: str) -> set[str]:
    """The sure guesses on each sentence long enough to be read alone."""
    sentences = [s for s in _SENTENCE_END.split(text) if sum(ch.isalpha() for ch in s) >= LANGUAGE_MIN_LETTERS]
    return {_guess(s) for s in sentences} if len(sentences) > 1 else set()
