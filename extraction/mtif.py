"""Movable Type / TypePad export files ("MTIF"), read entry by entry, as bytes.

The format (notes/platforms.md §5, `lib/MT/ImportExport.pm`): entries end with a line of eight
dashes, sections inside an entry with a line of five; the first section is `KEY: value`
metadata, the others start with a header line (`BODY:`, `COMMENT:`…). MT's own importer splits
on those lines blindly, so an export of 2010 (MT escaped a separator inside a body with a TAB
only from 2026) loses the rest of any post holding a `-----` line. Here a separator is read in
context: a five-dash line is one only when a section header (or the entry's end) follows it, an
eight-dash line only when another entry's metadata (or the end of the file) follows it.

Why bytes: the file's charset is unknown and may change from entry to entry (UTF-8 entries
beside windows-1252 ones after a migration). The structure is ASCII, so it is parsed on bytes
and each entry's text is decoded later, by the project's one decoder, per entry.

Streaming: one entry (and a few lines of look-ahead) is held at a time, whatever the file's size.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

ENTRY_END = b"--------"
SECTION_END = b"-----"
SECTIONS = (b"BODY", b"EXTENDED BODY", b"EXCERPT", b"KEYWORDS", b"COMMENT", b"PING")
# Keys of the metadata block MT and TypePad write (notes §5.2); others are kept in `extra`.
METADATA_KEYS = (
    b"AUTHOR", b"TITLE", b"BASENAME", b"STATUS", b"ALLOW COMMENTS", b"ALLOW PINGS", b"CONVERT BREAKS",
    b"PRIMARY CATEGORY", b"CATEGORY", b"DATE", b"TAGS", b"UNIQUE URL", b"AUTHOR EMAIL", b"NO ENTRY",
)  # fmt: skip
COMMENT_KEYS = (b"AUTHOR", b"EMAIL", b"IP", b"URL", b"DATE")
PING_KEYS = (b"TITLE", b"URL", b"IP", b"BLOG NAME", b"DATE")
_KEY_LINE = re.compile(rb"^([A-Z][A-Z0-9_ ]{0,40}?)\s*:\s?(.*)$", re.DOTALL)
_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2,4}) (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\s(\w{2}))?\s*$")
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class Comment:
    """One COMMENT section; `headers` holds its AUTHOR/EMAIL/IP/URL/DATE lines as found."""

    headers: dict[bytes, bytes]
    body: bytes

    def get(self, key: bytes) -> bytes:
        return self.headers.get(key, b"")


@dataclass
class Ping:
    """One PING (TrackBack) section: kept apart, a trackback is no reader comment."""

    headers: dict[bytes, bytes]
    excerpt: bytes


@dataclass
class Entry:
    """One entry as the file holds it: undecoded values, separators already resolved."""

    offset: int  # byte offset of its first line (in the decompressed stream for a .gz file)
    metadata: dict[bytes, bytes] = field(default_factory=dict)  # the last value of each key
    categories: list[bytes] = field(default_factory=list)  # every CATEGORY line, in order
    sections: dict[bytes, bytes] = field(default_factory=dict)  # BODY, EXTENDED BODY, EXCERPT, KEYWORDS
    comments: list[Comment] = field(default_factory=list)
    pings: list[Ping] = field(default_factory=list)

    def get(self, key: bytes) -> bytes:
        return self.metadata.get(key, b"")

    @property
    def status(self) -> str:
        return self.get(b"STATUS").decode("ascii", "replace").strip().lower() or "publish"

    @property
    def date(self) -> datetime | None:
        return parse_date(self.get(b"DATE"))


def parse_date(raw: bytes | str) -> datetime | None:
    """MT's `_convert_date`: `MM/DD/YYYY hh:mm:ss [AM|PM]`, 2-digit years +1900, 12 AM is 0 and
    12 PM stays 12 (as MT does it); None for what does not parse (`00/00/0000 …` on TypePad)."""
    text = raw.decode("ascii", "replace") if isinstance(raw, bytes) else raw
    match = _DATE.match(text)
    if not match:
        return None
    month, day, year, hour, minute, second = (int(g) for g in match.groups()[:6])
    year += 1900 if year < 100 else 0
    meridiem = (match[7] or "").upper()
    if meridiem == "PM" and hour < 12:
        hour += 12
    elif meridiem == "AM" and hour == 12:
        hour = 0
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def open_export(path: Path) -> BinaryIO:
    """The file's bytes, through gzip when its first bytes say so (whatever its name)."""
    with path.open("rb") as probe:
        gzipped = probe.read(2) == _GZIP_MAGIC
    return gzip.open(path, "rb") if gzipped else path.open("rb")  # type: ignore[return-value]


def read_entries(path: Path) -> Iterator[Entry]:
    """Every entry of the file at `path`, in file order."""
    with open_export(path) as stream:
        yield from parse_entries(stream)


def parse_entries(stream: BinaryIO) -> Iterator[Entry]:
    """Every entry of an export stream, one at a time."""
    lines = _Lines(stream)
    while lines.skip_blank():
        yield _entry(lines)


class _Lines:
    """The stream's lines without their line ends, with look-ahead and byte offsets."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._ahead: list[tuple[bytes, int]] = []
        self._offset = 0

    def _fill(self, count: int) -> bool:
        while len(self._ahead) < count:
            raw = self._stream.readline()
            if not raw:
                return False
            self._ahead.append((raw.rstrip(b"\r\n"), self._offset))
            self._offset += len(raw)
        return True

    def peek(self, index: int = 0) -> bytes | None:
        return self._ahead[index][0] if self._fill(index + 1) else None

    def offset(self) -> int:
        return self._ahead[0][1] if self._fill(1) else self._offset

    def take(self) -> bytes:
        self._fill(1)
        return self._ahead.pop(0)[0]

    def skip_blank(self) -> bool:
        """Drop blank lines; False at the end of the stream."""
        while (line := self.peek()) is not None and not line.strip():
            self.take()
        return line is not None

    def next_filled(self, start: int) -> bytes | None:
        """The first non-blank line at or after look-ahead index `start` (None: end of file)."""
        index = start
        while (line := self.peek(index)) is not None and not line.strip():
            index += 1
        return line


def _is_metadata_start(line: bytes | None) -> bool:
    if line is None:
        return True
    match = _KEY_LINE.match(line)
    return bool(match) and match[1] in METADATA_KEYS


def _section_header(line: bytes | None) -> bytes | None:
    if line is None:
        return None
    name = line.rstrip()
    return name[:-1] if name.endswith(b":") and name[:-1] in SECTIONS else None


def _ends_entry(lines: _Lines, at: int) -> bool:
    """Whether the eight-dash line at look-ahead `at` ends the entry: another entry's metadata
    (after blank lines) or the end of the file follows it."""
    return lines.peek(at) == ENTRY_END and _is_metadata_start(lines.next_filled(at + 1))


def _ends_section(lines: _Lines) -> bool:
    """Whether the five-dash line in front ends the section: a section header, the entry's end
    or the end of the file follows it."""
    following = lines.peek(1)
    return following is None or _section_header(following) is not None or _ends_entry(lines, 1)


def _entry(lines: _Lines) -> Entry:
    entry = Entry(offset=lines.offset())
    _read_metadata(lines, entry)
    while (line := lines.peek()) is not None:
        if _ends_entry(lines, 0):
            lines.take()
            break
        name = _section_header(line)
        lines.take()
        if name is None:  # stray text between sections: MT drops it too
            continue
        _add_section(entry, name, _section_body(lines))
    return entry


def _read_metadata(lines: _Lines, entry: Entry) -> None:
    while (line := lines.peek()) is not None:
        if line == SECTION_END or _ends_entry(lines, 0):
            if line == SECTION_END:
                lines.take()
            return
        lines.take()
        match = _KEY_LINE.match(line)
        if not match:  # blank lines (TypePad writes one before UNIQUE URL) and junk
            continue
        key, value = match[1].strip(), match[2].strip()
        if key == b"CATEGORY":
            entry.categories.append(value)
        else:
            entry.metadata[key] = value


def _section_body(lines: _Lines) -> list[bytes]:
    """A section's lines up to its five-dash separator (taken) or the entry's end (left)."""
    body: list[bytes] = []
    while (line := lines.peek()) is not None:
        if line == SECTION_END and _ends_section(lines):
            lines.take()
            break
        if line == ENTRY_END and _ends_entry(lines, 0):
            break
        lines.take()
        body.append(line[:-1] if line in (SECTION_END + b"\t", ENTRY_END + b"\t") else line)  # MT's 2026 escape
    return body


def _add_section(entry: Entry, name: bytes, body: list[bytes]) -> None:
    if name == b"COMMENT":
        headers, text = _headed(body, COMMENT_KEYS)
        entry.comments.append(Comment(headers, text))
    elif name == b"PING":
        headers, text = _headed(body, PING_KEYS)
        entry.pings.append(Ping(headers, text))
    else:
        entry.sections[name] = b"\n".join(body).strip()


def _headed(body: list[bytes], keys: tuple[bytes, ...]) -> tuple[dict[bytes, bytes], bytes]:
    """Header lines (those keys, any order) up to the first other line, which starts the text."""
    headers: dict[bytes, bytes] = {}
    for index, line in enumerate(body):
        match = _KEY_LINE.match(line)
        if not match or match[1].strip() not in keys:
            return headers, b"\n".join(body[index:]).strip()
        headers[match[1].strip()] = match[2].strip()
    return headers, b""
