"""Mojibake repair inside correctly decoded text, field by field, with a record of each fix.

One comment can be broken ("dâ€™Ãªtre", stored double-encoded by a commenting system) while the
article around it is fine, so every text field is repaired on its own and the fixes are kept.
ftfy does the repair; its options are chosen so that correct French text is never changed:
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extraction.records import CommentRecord, PostRecord


@cache
def repair_config() -> Any:
    """ftfy and its options, imported on the first broken field (most pages have none: the
    import alone would cost a tenth of a second to every `scrapy extract`)."""
    import ftfy

    return ftfy, ftfy.TextFixerConfig(
        unescape_html=False,  # entities were decoded by the HTML parser; a literal "&amp;" is text
        remove_terminal_escapes=True,  # ANSI escapes are never text
        fix_encoding=True,  # the point: "rÃ©seau" → "réseau", "dâ€™Ãªtre" → "d’être"
        restore_byte_a0=True,  # "Ã " + NBSP lost to space → "à"
        replace_lossy_sequences=True,  # half-lost UTF-8 sequences become U+FFFD, not more mojibake
        decode_inconsistent_utf8=True,  # mojibake in one sentence of an otherwise correct field
        fix_c1_controls=True,  # stray U+0080–U+009F are windows-1252 characters (’ œ €)
        fix_latin_ligatures=False,  # "ﬁ" as written is kept: typography, not an error
        fix_character_width=False,  # full-width characters as written are kept
        uncurl_quotes=False,  # ’ « » “ ” are the author's typography: never flattened to ' and "
        fix_line_breaks=False,  # our text already has only \n; paragraph breaks are meaningful
        fix_surrogates=True,  # lone UTF-16 surrogates from broken JavaScript escapes
        remove_control_chars=True,  # NUL, BEL and friends are never text
        normalization="NFC",  # the dataset's normal form
        explain=True,  # which fixes ran: recorded per row
    )


# What broken text looks like, checked before asking ftfy (which costs ~50x more per field).
# Mojibake of Latin text starts with a UTF-8 lead byte read as windows-1252: Ã (é → Ã©), Â
# (NBSP → Â ), â€ (’ → â€™), Å (œ → Å“), Ä, Ð/Ñ (Cyrillic), ðŸ (emoji). Plain `in` tests are
# cheap on long articles; the precise pattern then confirms. Control characters, U+FFFD and lone
# surrogates are broken text whatever the language.
_LEADS = ("Ã", "Â", "â€", "â„", "Å", "Ä", "Ð", "Ñ", "ðŸ")
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)
# The same bytes read as Mac Roman (old TypePad exports migrated on a Mac): é → "√©", ’ → "‚Äô".
_MAC_LEADS = ("√", "‚Ä", "≈", "¬")
_MAC_ROMAN_MOJIBAKE = re.compile("[√‚≈¬][" + re.escape(bytes(range(0x80, 0xC0)).decode("mac_roman")) + "]")
_BROKEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff]")


def looks_broken(text: str) -> bool:
    if text.isascii():
        return _BROKEN.search(text) is not None
    if any(lead in text for lead in _LEADS) and _MOJIBAKE.search(text):
        return True
    if any(lead in text for lead in _MAC_LEADS) and _MAC_ROMAN_MOJIBAKE.search(text):
        return True
    return _BROKEN.search(text) is not None


@dataclass
class RepairLog:
    """What changed in one row: the fields, and the fixes ftfy applied to them."""

    fields: list[str] = field(default_factory=list)
    fixes: list[str] = field(default_factory=list)

    def repair(self, name: str, text: str | None) -> str | None:
        if not text or not looks_broken(text):
            return text
        ftfy, config = repair_config()
        fixed, explanation = ftfy.fix_and_explain(text, config=config)
        if fixed != text:
            self.fields.append(name)
            steps = [f"{step}:{detail}" for step, detail in explanation or []] or ["normalize:NFC"]
            self.fixes.extend(s for s in steps if s not in self.fixes)
        return fixed


def repair_post(post: PostRecord) -> None:
    """Repair every field the schema marks `repaired`, on the post and on each comment, in place;
    each record's `repairs` says which fields changed and how."""
    from schemas import COMMENTS, POSTS

    post.repairs = _repaired(post, POSTS.repaired_fields)
    for comment in post.comments:
        comment.repairs = _repaired(comment, COMMENTS.repaired_fields)


def _repaired(record: PostRecord | CommentRecord, names: list[str]) -> RepairLog:
    log = RepairLog()
    for name in names:
        value = getattr(record, name)
        if isinstance(value, list):
            setattr(record, name, [log.repair(name, item) or item for item in value])
        else:
            setattr(record, name, log.repair(name, value) if value is not None else None)
    return log
