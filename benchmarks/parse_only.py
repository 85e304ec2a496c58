"""Parse each page file with lxml and nothing else: the ceiling for any lxml-based extractor.

Timed as a whole process, like the extractors, so interpreter start-up is in all three numbers.

Usage: python benchmarks/parse_only.py FILE.html...
"""

from __future__ import annotations

import sys

import lxml.etree
import lxml.html


def main(args: list[str]) -> None:
    failed = 0
    for arg in args:
        with open(arg, "rb") as f:
            try:
                lxml.html.document_fromstring(f.read())
            except (lxml.etree.ParserError, ValueError):
                failed += 1
    if failed:
        print(f"{failed} of {len(args)} files did not parse", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
