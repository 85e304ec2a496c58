"""Run trafilatura on page files and print one JSON object per input, like `scrapy extract --sidecar`.

A separate process so that it can be timed whole (interpreter start and imports included) under the
same conditions as ours, and scored from the same kind of output. NAME.json beside NAME.html, when
present, gives the page's original URL, as `--sidecar` does for ours.

Usage: python benchmarks/trafilatura_runner.py FILE.html...
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import trafilatura


def original_url(path: Path) -> str | None:
    sidecar = path.with_suffix(".json")
    return json.loads(sidecar.read_text("utf-8")).get("url") if sidecar.is_file() else None


def extract(path: Path) -> dict[str, Any]:
    """trafilatura's JSON output as a dict; None (nothing extracted) becomes an error record."""
    try:
        output = trafilatura.extract(
            path.read_bytes(),
            url=original_url(path),
            include_comments=True,
            with_metadata=True,
            output_format="json",
        )
    except Exception as exc:  # one bad page must not lose the others' lines
        return {"error": "exception", "detail": repr(exc)}
    if output is None:
        return {"error": "no_extraction", "detail": "trafilatura.extract returned None"}
    return json.loads(output)


def main(args: list[str]) -> None:
    for arg in args:
        sys.stdout.write(json.dumps({"input": arg, **extract(Path(arg))}, ensure_ascii=False) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
