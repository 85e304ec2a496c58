"""Start tags with thousands of attributes trimmed before the parse, in linear time.

libxml2's HTML parser compares each attribute of a tag with all the attributes before it: a tag
of 125,000 attributes (a broken template, a spam payload) takes half a minute to parse, and a
5 MB one minutes, on the thread that runs the crawl. No real tag has more than a few dozen, so a
tag beyond `MAX_ATTRIBUTES` keeps its first ones and is closed there; what followed the tag is
read as before.

Normal pages pay one C-speed scan: such a tag is a stretch of at least `_RUN` characters
without a `>`, and only those stretches are looked at. Every step below moves forward through
the text and never back, so the whole pass is linear whatever the input.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

logger = logging.getLogger(__name__)

MAX_ATTRIBUTES = 256  # ~1 ms of libxml2 for such a tag; 16 MB of them still parse in ~2 s
_RUN = 2 * MAX_ATTRIBUTES  # shorter than any tag of more than MAX_ATTRIBUTES distinct attributes
_LONG_RUN = re.compile(f">[^>]{{{_RUN}}}")  # starts with a literal: re skips to each '>' in C
_TAG_START = re.compile(r"<[A-Za-z][^\s/>]*")
# One attribute, as libxml2 splits them (a quoted value may hold '>'); the last branch takes a
# stray character, so each match advances.
_ATTRIBUTE = re.compile(r"""\s*(?:[^\s"'>/=][^\s>/=]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?|[^\s>])""")
_REST_OF_TAG = re.compile(r"""(?:[^"'>]++|"[^"]*+"|'[^']*+'|["'])*+>?""")


def trim_attribute_storms(text: str) -> str:
    """The text with every start tag of more than MAX_ATTRIBUTES attributes cut to its first ones."""
    pieces: list[str] = []
    done = position = 0  # text[:done] is in pieces; text[:position] has been looked at
    for start, end in _long_runs(text):
        position = max(start, position)
        while (tag := _TAG_START.search(text, position, end)) is not None:
            cut, position = _tag_cut(text, tag.end())
            if cut is not None:
                pieces += [text[done:cut], ">"]
                done = position
    if not pieces:
        return text
    logger.warning("Trimmed %d start tags of over %d attributes before parsing", len(pieces) // 2, MAX_ATTRIBUTES)
    return "".join([*pieces, text[done:]])


def _long_runs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each stretch of over _RUN characters holding no '>', in order."""
    first = text.find(">")
    if first < 0 or first > _RUN:
        yield 0, len(text) if first < 0 else first
    position = 0
    while (run := _LONG_RUN.search(text, position)) is not None:
        end = text.find(">", run.end())
        end = len(text) if end < 0 else end
        yield run.start(), end
        position = end


def _tag_cut(text: str, position: int) -> tuple[int | None, int]:
    """(where to close the tag starting before `position`, None when it is short; where it ends)."""
    for _ in range(MAX_ATTRIBUTES):
        attribute = _ATTRIBUTE.match(text, position)
        if attribute is None or attribute.end() == position:
            return None, position
        position = attribute.end()
    if _ATTRIBUTE.match(text, position) is None:  # exactly MAX_ATTRIBUTES: nothing to trim
        return None, position
    rest = _REST_OF_TAG.match(text, position)
    return position, rest.end() if rest else position
