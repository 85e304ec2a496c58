"""What WordPress WXR and Blogger Atom backups hold, as one shape, and the streaming they share.

Both formats are XML, so they are parsed with lxml's `iterparse`, each entry's element cleared
once read: memory stays flat whatever the file's size. Their text is already decoded (the XML
declaration names the charset), so unlike an MT export an entry here is `str`, encoded as UTF-8
when it becomes a page (`extraction/export_page.py`); mojibake from earlier migrations is still
repaired by the reader, as for any page.

Personal data (commenters' e-mail and IP addresses) is counted in `personal` and never copied.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import BinaryIO


@dataclass
class XmlComment:
    """One approved reader comment: `parent` is the id of the comment it answers, if any."""

    id: str
    author: str
    author_url: str
    published: datetime | None
    html: str
    parent: str | None = None


@dataclass
class XmlPost:
    """One post of a WXR or Blogger backup, its comments in file order."""

    format: str  # "wxr" or "blogger": which markup its page is rendered in
    offset: int  # byte offset of the line its element starts on (decompressed stream for .gz)
    url: str
    status: str  # "publish", "draft", or the file's own word (`private`, `pending`…)
    title: str = ""
    author: str = ""
    published: datetime | None = None
    html: str = ""
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    comments: list[XmlComment] = field(default_factory=list)
    pings: int = 0  # pingbacks and trackbacks: no reader comments, counted
    unapproved: int = 0  # moderated or spam comments: never written, counted
    personal: int = 0  # e-mail and IP values the entry held: counted, never read out


def wall_clock(text: str | None) -> datetime | None:
    """A date as printed, its offset dropped (the project stores blog-local wall-clock time):
    `2010-06-16 10:56:00` (WXR) and `2010-06-16T10:56:00.000+02:00` (Blogger) give 10:56.
    WordPress's `0000-00-00 00:00:00` (never published) and what does not parse give None."""
    value = (text or "").strip()
    if not value or value.startswith("0000"):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.replace(tzinfo=None, microsecond=0)


class LineOffsets:
    """A stream that remembers where its recent lines start, so an element's `sourceline`
    (lxml gives lines, not bytes) becomes the byte offset `source_offset` records. Only the
    lines of the last few reads are kept: an element is asked for as soon as it starts."""

    def __init__(self, stream: BinaryIO, keep: int = 4) -> None:
        self._stream = stream
        self._chunks: deque[tuple[int, list[int]]] = deque(maxlen=keep)  # (first line, line starts)
        self._line = 1
        self._offset = 0
        self._starts_line = True

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        starts = [self._offset] if self._starts_line else []
        position = data.find(b"\n")
        while position != -1:
            if position + 1 < len(data):
                starts.append(self._offset + position + 1)
            position = data.find(b"\n", position + 1)
        first = self._line if self._starts_line else self._line + 1
        self._chunks.append((first, starts))
        self._line += data.count(b"\n")
        self._starts_line = data.endswith(b"\n")
        self._offset += len(data)
        return data

    def offset_of(self, line: int | None) -> int:
        for first, starts in self._chunks:
            if line is not None and first <= line < first + len(starts):
                return starts[line - first]
        return -1  # not in the recent reads: never for an element asked for at its start
