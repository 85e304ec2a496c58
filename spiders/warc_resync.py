"""Walking a WARC/ARC file record by record, and past the records that are damaged.

warcio's ArchiveIterator trusts each record's Content-Length to find the next one: at a damaged
record it raises, or (a garbled gzip member) prints an error per block while it reads on to the
end of the file, or (a Content-Length too large in an uncompressed file) silently swallows the
records that follow. So every record is checked before it is handed on: its block as long as
its Content-Length says, and only blank lines after it. At a damaged one the bytes after its
start are searched, in chunks, for the next plausible record start (a gzip member whose first
bytes inflate to a WARC or ARC header; a WARC version line or an ARC header line in an
uncompressed file), and a fresh iterator reads on from there. The offsets handed on are thus
always true record starts (`read_page` seeks to them), and the bytes skipped make one `Damaged`.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.recordloader import ArcWarcRecord

GZIP_MAGIC = b"\x1f\x8b\x08"  # a gzip member, deflate-compressed
_CHUNK = 1 << 20  # bytes searched at a time for the next record start
_OVERLAP = 4096  # a candidate straddling two chunks is seen whole in the first
_HEAD = 64 * 1024  # bytes of a candidate looked at (inflated, for a gzip member)
_LINE = 64 * 1024  # longest line read between records: a zero-filled hole is one "line"
_TAIL = 4096  # bytes looked at after the last record: only blank lines belong there
# A WARC version line wherever it is (junk before it may not end in a newline), or an ARC v1
# header line: URL, IP, 14-digit date, MIME type, length.
_PLAIN_START = re.compile(rb"WARC/1\.[01]\r?\n|(?m:^)(?:filedesc|https?|ftp|dns):\S+ \S+ \d{14} \S+ \d+\r?\n")
_WARC_HEAD = re.compile(rb"WARC/1\.[01]\r?\n(?:[^\r\n]*\r?\n)*?\r?\n", re.DOTALL)
_ARC_LINE = re.compile(rb"(?:filedesc|https?|ftp|dns):\S+ \S+ \d{14} \S+ \d+\r?\n")
_WARC_LINE = re.compile(rb"WARC/1\.[01]\r?\n")
_LENGTH = re.compile(rb"(?im)^Content-Length:[ \t]*\d+[ \t]*\r?$")


@dataclass(frozen=True)
class Damaged:
    """Bytes skipped: from `start` to `end`, where reading resumed (the file's size if nowhere)."""

    start: int
    end: int
    why: str
    resumed: bool


@dataclass(frozen=True)
class _Stop:
    at: int  # the first byte not part of a sound record
    why: str


def is_gzipped(stream: BinaryIO, name: str) -> bool:
    """By its name or its first bytes: a .gz whose first member is garbled is still gzip."""
    stream.seek(0)
    return name.endswith(".gz") or stream.read(2) == GZIP_MAGIC[:2]


def walk(stream: BinaryIO, gzipped: bool) -> Iterator[tuple[int, ArcWarcRecord] | Damaged]:
    """Every sound record with its offset, in file order, and each damaged region between them.

    A record comes with its headers parsed and its block already read (to check its length):
    what an index needs, not a payload. Damage found right where reading resumed extends the
    region before it, so one damaged stretch is one `Damaged` however many tries it took.
    """
    size = stream.seek(0, 2)
    start: int | None = 0
    pending: Damaged | None = None
    while start is not None:
        stop = None
        for item in _run(stream, start):
            if isinstance(item, _Stop):
                stop = item
                break
            if pending is not None:
                yield pending
                pending = None
            yield item
        if stop is None:
            break
        start = next_record_start(stream, stop.at + 1, gzipped)
        end = size if start is None else start
        first = pending.start if pending is not None else stop.at
        pending = Damaged(first, end, pending.why if pending is not None else stop.why, start is not None)
    if pending is not None:
        yield pending


def _run(stream: BinaryIO, start: int) -> Iterator[tuple[int, ArcWarcRecord] | _Stop]:
    """The sound records from `start` on, then a `_Stop` where the first damage begins (if any)."""
    stream.seek(start)
    records = _StrictIterator(stream)
    end = start  # the end of the last sound record: where damage found next begins
    try:
        for record in records:
            errors = records.err_count
            offset = records.get_record_offset()  # reads the block to its end, and the blank lines after
            why = _unsound(record, records.err_count > errors)
            if why:
                yield _Stop(offset, why)
                return
            end = records.offset  # warcio's offset of the next record: past this one's blank lines
            yield offset, record
    except Exception as error:  # warcio raises many types on damaged bytes
        yield _Stop(end, _one_line(error))
        return
    if not _blank_from(stream, end):
        yield _Stop(end, "no complete record in the bytes after the last one: file cut short?")


def _unsound(record: ArcWarcRecord, no_blank_line: bool) -> str | None:
    """Why a record's own length cannot be trusted, None when it can."""
    declared = record.rec_headers.get_header("Content-Length")
    if not (declared and declared.strip().isdigit()):
        return "no Content-Length: the record's end cannot be known"
    declared, missing = declared.strip(), getattr(record.raw_stream, "limit", 0)
    if missing > 0:
        return f"its block ends {missing} bytes short of its Content-Length {declared}: cut short or a wrong length"
    if no_blank_line:
        return f"no blank line after its block: its Content-Length {declared} is wrong"
    return None


def next_record_start(stream: BinaryIO, start: int, gzipped: bool) -> int | None:
    """The offset of the first plausible record start at or after `start`, None if there is none."""
    at = start
    while True:
        stream.seek(at)
        chunk = stream.read(_CHUNK + _OVERLAP)
        last = len(chunk) < _CHUNK + _OVERLAP
        for offset in _candidates(chunk, gzipped):
            if offset >= _CHUNK and not last:
                break  # seen again, whole, at the start of the next chunk
            if _plausible(stream, at + offset, gzipped):
                return at + offset
        if last:
            return None
        at += _CHUNK


def _candidates(chunk: bytes, gzipped: bool) -> Iterator[int]:
    if gzipped:
        at = chunk.find(GZIP_MAGIC)
        while at >= 0:
            yield at
            at = chunk.find(GZIP_MAGIC, at + 1)
    else:
        yield from (match.start() for match in _PLAIN_START.finditer(chunk))


def _plausible(stream: BinaryIO, at: int, gzipped: bool) -> bool:
    """A WARC header block naming its length, or an ARC header line, at `at` (inflated if gzip)."""
    stream.seek(at)
    head = stream.read(_HEAD)
    if gzipped:
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, _HEAD)
        except zlib.error:
            return False
    warc = _WARC_HEAD.match(head)
    if warc:
        return bool(_LENGTH.search(warc.group(0)))
    return bool(_ARC_LINE.match(head))


def _blank_from(stream: BinaryIO, at: int) -> bool:
    """Only blank lines (or gzip members of nothing else) from `at` to the end of the file.

    warcio takes a record cut short inside its headers for the end of the file: this says whether it was.
    """
    stream.seek(at)
    rest = stream.read(_TAIL + 1)
    if len(rest) > _TAIL:
        return False
    if rest.startswith(GZIP_MAGIC[:2]):
        try:
            rest = gzip.decompress(rest)
        except (OSError, EOFError, zlib.error):
            return False
    return not rest.strip()


class _StrictReader(DecompressingBufferedReader):
    """warcio's reader, except that a gzip error past a member's first block raises.

    warcio prints the error and returns nothing, then reads on to the end of the file in search
    of more data; here the damage is reported where it is and the next member is looked for.
    """

    def _decompress(self, data: bytes) -> bytes:
        if self.decompressor is not None and data and self.num_block_read:
            return self.decompressor.decompress(data)
        return super()._decompress(data)


class _StrictIterator(ArchiveIterator):
    """warcio's iterator with the reader above, and lines read between records of bounded length.

    warcio reads a whole line there: in a zero-filled hole of a gigabyte, a gigabyte. And it takes
    the first line after a record for a separator whatever it holds; here a line that is not
    blank counts as an error (the record's length is wrong) and is left for the next record.
    """

    def __init__(self, stream: BinaryIO) -> None:
        super().__init__(stream, arc2warc=True)
        self.reader = _StrictReader(self.fh)

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        blank = 0
        while True:
            line = self.reader.readline(_LINE)
            if not line:
                return None, blank
            if line.strip():
                self.err_count += blank == 0 and not _record_line(line)
                return line, blank
            blank += len(line)

    def _next_record(self, next_line: bytes | None) -> ArcWarcRecord:
        if next_line is None:
            next_line = self.reader.readline(_LINE)
        return super()._next_record(next_line)


def _record_line(line: bytes) -> bool:
    """The first line of a record: an ARC record may follow the one before it with no blank line."""
    return bool(_WARC_LINE.fullmatch(line) or _ARC_LINE.fullmatch(line))


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())[:120] or type(error).__name__
