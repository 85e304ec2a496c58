"""Pseudonymisation: commenters' names to keyed pseudonyms, their links to a host class, and the
e-mail addresses, phone numbers and known names inside texts masked.

Pure code shared by the crawl (`pipelines/pseudonymise.py`, on records) and `scrapy pseudonymise`
(on the rows of a dataset), so both give the same rows for the same key. The key is never
written: only its fingerprint (`fingerprint`), so two datasets can be seen to share one.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from extraction.people import is_placeholder, normalise_name
from extraction.urls import parts_of

EMAIL_MASK = "[email]"
PHONE_MASK = "[phone]"
PSEUDONYM_HEX = 12  # 48 bits: no two of a million names collide in practice
COMMENTER, BLOGGER = "commenter", "blogger"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# French numbers: 06 12 34 56 78, 06.12.34.56.78, 06-12-34-56-78, 0612345678, +33 6 12 34 56 78, +33 (0)6...
_PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)33[\s.-]?(?:\(0\)[\s.-]?)?[1-9]|0[1-9])(?:[\s.-]?\d{2}){4}(?!\d)")
# Blog platforms of the time: a commenter's link is reduced to the platform it is on, or "other".
_HOST_CLASSES = (
    ("typepad.com", "typepad"),
    ("typepad.fr", "typepad"),
    ("blogspot.com", "blogger"),
    ("blogspot.fr", "blogger"),
    ("blogger.com", "blogger"),
    ("wordpress.com", "wordpress"),
    ("canalblog.com", "canalblog"),
    ("over-blog.com", "overblog"),
    ("over-blog.fr", "overblog"),
    ("hautetfort.com", "hautetfort"),
    ("blogspirit.com", "hautetfort"),
    ("20minutes-blogs.fr", "hautetfort"),
    ("skyrock.com", "skyrock"),
    ("facebook.com", "facebook"),
    ("twitter.com", "twitter"),
)


def fingerprint(key: bytes) -> str:
    """First 16 hex digits of SHA-256 of the key: says which key, and cannot give it back."""
    return hashlib.sha256(key).hexdigest()[:16]


def mask_contacts(text: str) -> tuple[str, int, int]:
    """The text with e-mail addresses and French phone numbers masked, and how many of each."""
    text, emails = _EMAIL.subn(EMAIL_MASK, text)
    text, phones = _PHONE.subn(PHONE_MASK, text)
    return text, emails, phones


def url_class(url: str | None) -> str | None:
    """`author_url` reduced to the class of its host: a platform name, or "other"."""
    if not url:
        return None
    parts = parts_of(url)
    host = (parts.hostname or "").lower() if parts else ""
    return next((cls for domain, cls in _HOST_CLASSES if host == domain or host.endswith("." + domain)), "other")


class Pseudonymiser:
    """One key, the names it has seen, and the rewriting of each pseudonymised field."""

    def __init__(self, key: bytes, bloggers: bool = False) -> None:
        if not key:
            raise ValueError("the pseudonymisation key is empty")
        self.key = key
        self.bloggers = bloggers  # post authors too (they stay by default: public on their own blog)
        self.names: dict[str, str] = {}  # normalised name -> pseudonym, for the names inside texts
        self._pattern: re.Pattern[str] | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key)

    def pseudonym(self, name: str | None, role: str = COMMENTER) -> str | None:
        """`commenter-<12 hex>` from HMAC-SHA256 of the normalised name; placeholders stay."""
        if name is None or is_placeholder(name):
            return name
        normal = normalise_name(name)
        digest = hmac.new(self.key, normal.encode("utf-8"), hashlib.sha256).hexdigest()[:PSEUDONYM_HEX]
        return f"{role}-{digest}"

    def learn(self, name: str | None, role: str = COMMENTER) -> None:
        """A name to replace wherever a text quotes it ("@Thierry", "Merci Sophie Martin")."""
        if name is None or is_placeholder(name) or len(normalise_name(name)) < 3:
            return
        normal = normalise_name(name)
        if normal not in self.names:
            self.names[normal] = self.pseudonym(name, role) or ""
            self._pattern = None

    def mask_names(self, text: str) -> str:
        """Known names quoted in a text, whole words and case aside, become their pseudonyms."""
        if not self.names:
            return text
        if self._pattern is None:
            alternatives = sorted(self.names, key=len, reverse=True)
            escaped = "|".join(r"\s+".join(re.escape(w) for w in n.split(" ")) for n in alternatives)
            self._pattern = re.compile(rf"(?<!\w)(?:{escaped})(?!\w)", re.IGNORECASE)
        return self._pattern.sub(lambda m: self.names.get(normalise_name(m[0]), m[0]), text)

    def comment_text(self, text: str) -> tuple[str, int, int]:
        masked, emails, phones = mask_contacts(text)
        return self.mask_names(masked), emails, phones
