"""`comments.spam_reasons`: why a comment looks like spam, from the comment alone.

Cues, not verdicts: each reason is declared with its meaning in `schemas.enums.SPAM_REASONS`, and
a comment is labelled, never dropped. `repeated_body` needs the whole crawl and is added by
`pipelines/spam.py`; `body_key` is the form bodies are compared in there.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from extraction.urls import parts_of
from schemas.labels import REPEATED_BODY_MIN_CHARS

LINK_ONLY = "link_only"
VOCABULARY = "spam_vocabulary"
AUTHOR_URL = "spam_author_url"
REPEATED_BODY = "repeated_body"

_URL = re.compile(r"https?://\S+|www\.\S+|\[url=[^\]]*\][^\[]*\[/url\]|<a\s[^>]*>", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")
# A link with at most this many words around it is a link dropped, not a comment.
LINK_ONLY_MAX_WORDS = 3

# The trades of 2010 comment spam, as whole words: pharmacy, casino, quick loans, replicas.
# Plain "prêt" or "crédit" are not here: readers talk about their bank loans. Matched on the
# lowered text: the same words, at a third of the cost of IGNORECASE (Python's re folds the case
# of every character it compares, at every position of the alternation).
_VOCABULARY = re.compile(
    r"\b(?:viagra|cialis|levitra|tramadol|xanax|valium|phentermine|propecia|kamagra|acomplia|"
    r"online\s+pharmacy|pharmacie\s+en\s+ligne|no\s+prescription|sans\s+ordonnance|"
    r"casinos?|poker|roulette|blackjack|slot\s+machines?|machines?\s+à\s+sous|paris\s+sportifs|"
    r"payday\s+loans?|cash\s+advance|loans?|prêts?\s+rapides?|crédits?\s+rapides?|"
    r"crédits?\s+sans\s+justificatifs?|rachat\s+de\s+crédits?|"
    r"replica|rolex|louboutin|ugg\s+boots|ringtones?|forex|porn|xxx)\b"
)
# Hosts of spam links: the trade in the domain name itself.
_SPAM_HOST = re.compile(
    r"viagra|cialis|pharma|pills?|meds|drugs|casino|poker|bet|loans?|payday|credit-|replica|rolex|"
    r"cheap|discount|forex|porn|xxx|seo-|-seo|backlink",
    re.IGNORECASE,
)


def spam_reasons(text: str, author_url: str | None) -> list[str]:
    """The reasons that hold for one comment, in declaration order; empty when none does."""
    found = []
    if link_only(text):
        found.append(LINK_ONLY)
    if _VOCABULARY.search(text.lower()):
        found.append(VOCABULARY)
    parts = parts_of(author_url) if author_url else None
    if parts is not None and _SPAM_HOST.search(parts.hostname or ""):
        found.append(AUTHOR_URL)
    return found


def link_only(text: str) -> bool:
    """A link (or BBCode/HTML link markup) with hardly a word around it."""
    if not _URL.search(text):
        return False
    return len(_WORD.findall(_URL.sub(" ", text))) <= LINK_ONLY_MAX_WORDS


def body_key(text: str) -> str | None:
    """Bodies compared case-folded with spaces collapsed; None for one too short to count."""
    normal = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    if len(normal) < REPEATED_BODY_MIN_CHARS:
        return None
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()
