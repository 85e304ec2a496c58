"""The pseudonymisation settings, read once: both spellings, and no misspelling let through.

Scrapy ignores a setting it does not know, so `-s PSEUDONYMISE_KEYFILE=...` would crawl every
name in clear: any setting starting with PSEUDONYM that is not one of the declared ones stops
the crawl before it starts, and so do the two spellings of one setting given different values.
"""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy.settings import BaseSettings

from extraction.pseudonyms import Pseudonymiser

logger = logging.getLogger(__name__)

KEY_FILE = ("PSEUDONYMISE_KEY_FILE", "PSEUDONYMIZE_KEY_FILE")
BLOGGERS = ("PSEUDONYMISE_BLOGGERS", "PSEUDONYMIZE_BLOGGERS")


class PseudonymSettingError(ValueError):
    """A setting that would leave names in clear if it were ignored."""


def _one_of(settings: BaseSettings, names: tuple[str, str], values: dict[str, object]) -> object:
    given = {name: values[name] for name in names if values.get(name) not in (None, "", False)}
    if len(set(map(str, given.values()))) > 1:
        raise PseudonymSettingError(f"{' and '.join(given)} disagree: give one")
    return next(iter(given.values()), None)


def pseudonymiser_from(settings: BaseSettings) -> Pseudonymiser | None:
    """The crawl's pseudonymiser, or None when no key file is set."""
    values = {
        "PSEUDONYMISE_KEY_FILE": settings.get("PSEUDONYMISE_KEY_FILE"),
        "PSEUDONYMIZE_KEY_FILE": settings.get("PSEUDONYMIZE_KEY_FILE"),
        "PSEUDONYMISE_BLOGGERS": settings.getbool("PSEUDONYMISE_BLOGGERS"),
        "PSEUDONYMIZE_BLOGGERS": settings.getbool("PSEUDONYMIZE_BLOGGERS"),
    }
    unknown = sorted(n for n in settings if str(n).upper().startswith("PSEUDONYM") and n not in values)
    if unknown:
        logger.error("Unknown pseudonymisation setting(s) %s: names would be crawled in clear", unknown)
        raise PseudonymSettingError(f"unknown setting(s) {unknown}: did you mean {' or '.join(KEY_FILE + BLOGGERS)}?")
    path = _one_of(settings, KEY_FILE, values)
    if path is None:
        return None
    return Pseudonymiser(read_key(Path(str(path))), bloggers=bool(_one_of(settings, BLOGGERS, values)))


def read_key(path: Path) -> bytes:
    """The key file's bytes, without the trailing newline an editor or `echo` adds."""
    key = path.read_bytes().rstrip(b"\r\n")
    if not key:
        raise PseudonymSettingError(f"the key file {path} is empty")
    return key
