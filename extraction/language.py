"""`language` of a post or a comment: an ISO 639-1 code, or "und" when no guess is sure.

py3langid ships its model inside the package (no download at run time, so it runs offline);
the model is loaded once per process, on first use (`extraction.language_cache`). Thresholds and their
reasons: `schemas/labels.py`. A text and its sentences are guessed in one batch
(`extraction.language_model`): the mixed-language check used to cost a model call a sentence.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from extraction.language_cache import load_model
from extraction.language_model import BatchIdentifier
from schemas.labels import LANGUAGE_MIN_CONFIDENCE, LANGUAGE_MIN_LETTERS, UNDETERMINED

# Left out before guessing: links, e-mail addresses and @handles, numbers.
_LINKS, _AT_SIGNS, _NUMBERS = r"https?://\S+|www\.\S+", r"\S+@\S+|@\w+", r"\d+"
_NOISE = re.compile(f"{_LINKS}|{_AT_SIGNS}|{_NUMBERS}")
# The same without the @ alternatives, for texts with no @ (most): `\S+@` backtracks through
# every word looking for one, which made this the dearest regex of a long article.
_NOISE_WITHOUT_AT = re.compile(f"{_LINKS}|{_NUMBERS}")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+|\n+")


@cache
def _identifier() -> BatchIdentifier:
    return BatchIdentifier(load_model())


# Comments repeat once links and numbers are left out ("Merci !", the same spam, "Bravo (2)"):
# each distinct short text is guessed once. Longer texts (articles) are rarely repeated, and
# would make the cache big.
_CACHED_MAX_CHARS = 2000


def language(text: str | None) -> str:
    """The text's language code, or `und` for short, mixed or unclear texts."""
    text = text or ""
    kept = (_NOISE if "@" in text else _NOISE_WITHOUT_AT).sub(" ", text)
    return _repeated_language(kept) if len(kept) <= _CACHED_MAX_CHARS else _language_of(kept)


def _language_of(kept: str) -> str:
    if _letters(kept) < LANGUAGE_MIN_LETTERS:
        return UNDETERMINED
    sentences = [s for s in _SENTENCE_END.split(kept) if _letters(s) >= LANGUAGE_MIN_LETTERS]
    whole, *each_sentence = _guesses([kept, *sentences] if len(sentences) > 1 else [kept])
    if whole == UNDETERMINED or len(set(each_sentence) - {UNDETERMINED}) > 1:
        return UNDETERMINED  # unclear, or sentences each sure of another language: mixed
    return whole


_repeated_language = lru_cache(maxsize=8192)(_language_of)


def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))


def _guesses(texts: list[str]) -> list[str]:
    """The sure two-letter guess on each text, or `und`."""
    return [
        code if confidence >= LANGUAGE_MIN_CONFIDENCE and len(code) == 2 else UNDETERMINED
        for code, confidence in _identifier().classify_all(texts)
    ]
