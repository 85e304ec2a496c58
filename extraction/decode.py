"""Bytes to text, trusting the bytes over the labels when they disagree.

2005–2012 French blogs served windows-1252 labelled ISO-8859-1, UTF-8 labelled ISO-8859-1,
pages whose `<meta>` and HTTP header disagree, pages with no label, and UTF-8 pages holding a
few windows-1252 bytes (comments stored by an older system). The rules, in order:

1. a byte-order mark decides;
2. bytes that are valid UTF-8 and not pure ASCII are UTF-8, whatever the labels say (a
   windows-1252 text is practically never valid UTF-8 by accident);
3. otherwise the labels (HTTP header first, then `<meta>`), read as browsers read them: w3lib
   maps ISO-8859-1 and US-ASCII to windows-1252; a UTF-8 label on bytes that are not UTF-8 is
   ignored;
4. otherwise windows-1252, the French web's default of the time;
5. a page decoded as UTF-8 whose invalid bytes are windows-1252 keeps them as windows-1252
   characters instead of U+FFFD, and the count is recorded.

Numeric references in the C1 range (`&#146;` for ’, `&#156;` for œ) are read as windows-1252,
as browsers do; lxml would otherwise turn them into invisible control characters.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom, resolve_encoding

_C1_REFERENCE = re.compile(r"&#(?:(1[2-5]\d)|[xX]0*([89][0-9a-fA-F]));")
_UTF8 = "utf-8"
# Python codecs that a label may name but that no web page is written in (WHATWG knows none of them).
_NOT_WEB_CHARSETS = frozenset({"idna", "punycode", "undefined", "unicode_escape", "raw_unicode_escape", "utf_7"})
_WESTERN_DEFAULT = "cp1252"


@dataclass
class DecodedPage:
    url: str
    text: str
    charset_used: str
    charset_header: str | None  # as browsers read it (ISO-8859-1 → cp1252), None when absent
    charset_meta: str | None
    charset_note: str = ""  # why charset_used differs from the labels, when it does
    foreign_bytes: int = 0  # windows-1252 bytes found inside a UTF-8 page


def header_value(headers: dict[str, str], name: str) -> str | None:
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), None)


def header_charset(headers: dict[str, str]) -> str | None:
    """The charset the Content-Type header declares, read as `decode_page` reads it; None if none."""
    content_type = header_value(headers, "Content-Type")
    return _known(http_content_type_encoding(content_type)) if content_type else None


def _cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """Decode error handler: the offending byte read as windows-1252 (latin-1 where undefined)."""
    byte = error.object[error.start : error.start + 1]
    return byte.decode(_WESTERN_DEFAULT, errors="ignore") or byte.decode("latin-1"), error.start + 1


codecs.register_error("blogarchive-cp1252", _cp1252_fallback)


def _as_utf8(body: bytes) -> str | None:
    try:
        return body.decode(_UTF8)
    except UnicodeDecodeError:
        return None


def _is_utf8(body: bytes) -> bool:
    return _as_utf8(body) is not None


def _choose(body: bytes, header: str | None, meta: str | None, valid_utf8: bool) -> tuple[str, str]:
    """(charset, note) by the rules of the module docstring."""
    bom, _ = read_bom(body)
    if bom:
        return resolve_encoding(bom) or bom, "byte-order mark"
    if valid_utf8 and not body.isascii():
        labelled = {c for c in (header, meta) if c}
        return _UTF8, "" if labelled <= {_UTF8} else f"bytes are UTF-8 (labelled {', '.join(sorted(labelled))})"
    for label, source in ((header, "header"), (meta, "meta")):
        if label and not (label == _UTF8 and not body.isascii()):
            return label, "" if source == "header" or not header else "header ignored"
    if header == _UTF8 or meta == _UTF8:
        return _UTF8, "labelled UTF-8 but holds other bytes"
    return _WESTERN_DEFAULT, "no label: windows-1252 assumed"


def decode_body(body: bytes, charset: str) -> tuple[str, int]:
    """The text, and how many bytes were read as windows-1252 inside a UTF-8 page."""
    if charset.replace("_", "-").lower() in ("utf-8", "utf8"):
        strict = body.decode(_UTF8, errors="replace")
        if "\ufffd" not in strict or _is_utf8(body):
            return strict, 0
        text = body.decode(_UTF8, errors="blogarchive-cp1252")
        return text, strict.count("\ufffd") - text.count("\ufffd")
    try:
        return body.decode(charset, errors="replace"), 0
    except LookupError:
        return body.decode(_WESTERN_DEFAULT, errors="replace"), 0


def _c1_as_cp1252(match: re.Match[str]) -> str:
    code = int(match[1]) if match[1] else int(match[2], 16)
    try:
        return bytes([code]).decode(_WESTERN_DEFAULT)
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D: undefined, leave as written
        return match[0]


def decode_page(url: str, body: bytes, headers: dict[str, str] | None = None) -> DecodedPage:
    content_type = header_value(headers or {}, "Content-Type")
    header_label = http_content_type_encoding(content_type) if content_type else None
    meta_label = html_body_declared_encoding(body)
    header, meta = _known(header_label), _known(meta_label)
    as_utf8 = _as_utf8(body)  # decoded once: the test of rule 2 is also the text when it holds
    charset, note = _choose(body, header, meta, as_utf8 is not None)
    text, foreign = (as_utf8, 0) if as_utf8 is not None and charset == _UTF8 else decode_body(body, charset)
    if foreign:
        note = f"{note}; {foreign} windows-1252 bytes inside UTF-8".lstrip("; ")
    refused = [label for label, known in ((header_label, header), (meta_label, meta)) if label and not known]
    if refused:
        note = f"{note}; label {refused[0]!r} is no text encoding of the web: ignored".lstrip("; ")
    return DecodedPage(url, _C1_REFERENCE.sub(_c1_as_cp1252, text), charset, header, meta, note, foreign)


def _known(label: str | None) -> str | None:
    """A label read as browsers read it (w3lib: ISO-8859-1 is cp1252), normalised, or None if unknown."""
    charset = resolve_encoding(label) if label else None
    if not charset:
        return None
    try:
        codec = codecs.lookup(charset)
    except LookupError:
        return None
    name = codec.name
    if not getattr(codec, "_is_text_encoding", True) or name.replace("-", "_") in _NOT_WEB_CHARSETS:
        return None  # base64, zlib, rot13 decode bytes to bytes; idna, punycode, undefined are no page charset
    return {"utf_8": _UTF8, "ascii": _WESTERN_DEFAULT, "latin_1": _WESTERN_DEFAULT}.get(name.replace("-", "_"), name)
