"""Which crawl wrote a part file: spider, its `-a` arguments, run id, start time, tool version.

Every part file carries this in its Parquet key-value metadata (`crawl.*` keys, beside the
schema's `schema_version`), so a file copied out of its folder still says where it came from, and
the dataset card lists every run that wrote the folder by reading the files' footers.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from blogarchive import __version__
from pipelines.parts import new_run_id

# Options of `scrapy crawl` that take a value: the value is not a spider argument.
_VALUED_OPTIONS = {"-s", "--set", "-o", "--output", "-O", "--overwrite-output", "-t", "--output-format", "-L"}
_VALUED_OPTIONS |= {"--logfile", "--loglevel", "--pidfile"}


@dataclass(frozen=True)
class CrawlInfo:
    spider: str
    arguments: dict[str, str]
    run_id: str
    started_at: str  # ISO 8601, UTC
    tool_version: str = __version__

    def metadata(self, source_kinds: Sequence[str] = ()) -> dict[str, str]:
        """Key-value metadata for a part file; `source_kinds` are those of the rows it holds."""
        return {
            "crawl.spider": self.spider,
            "crawl.arguments": json.dumps(self.arguments, ensure_ascii=False, sort_keys=True),
            "crawl.source_kind": ",".join(sorted(set(source_kinds))),
            "crawl.run_id": self.run_id,
            "crawl.started_at": self.started_at,
            "crawl.tool_version": self.tool_version,
        }

    @classmethod
    def from_metadata(cls, metadata: dict[str, str]) -> CrawlInfo | None:
        if "crawl.run_id" not in metadata:
            return None
        return cls(
            spider=metadata.get("crawl.spider", ""),
            arguments=json.loads(metadata.get("crawl.arguments") or "{}"),
            run_id=metadata["crawl.run_id"],
            started_at=metadata.get("crawl.started_at", ""),
            tool_version=metadata.get("crawl.tool_version", ""),
        )


def crawl_info(crawler: Any, run_id: str | None = None) -> CrawlInfo:
    spider = crawler.spider
    return CrawlInfo(
        spider=getattr(spider, "name", "") or "",
        arguments=spider_arguments(spider),
        run_id=run_id or new_run_id(),
        started_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )


def spider_arguments(spider: Any, argv: Sequence[str] | None = None) -> dict[str, str]:
    """The `-a NAME=VALUE` arguments the spider was started with.

    Scrapy hands them to the spider's constructor and keeps no copy, and spiders store them
    under their own names (`url` becomes `scope`), so a spider may declare them as a dict in
    `arguments`; otherwise they are read from the `scrapy crawl` command line.
    """
    declared = getattr(spider, "arguments", None)
    if isinstance(declared, dict):
        return {str(k): str(v) for k, v in declared.items() if v is not None}
    if argv is None:
        if not _run_by_scrapy_cli(sys.argv[0] if sys.argv else ""):
            return {}
        argv = sys.argv[1:]  # Scrapy has already removed the command name from it
    found: dict[str, str] = {}
    tokens = iter(list(argv))
    for token in tokens:
        if token in _VALUED_OPTIONS:
            next(tokens, None)
            continue
        if token == "-a":
            pair = next(tokens, "")
        elif token.startswith("-a") and not token.startswith("--"):
            pair = token[2:]
        else:
            continue
        name, equals, value = pair.partition("=")
        if equals:
            found[name] = value
    return found


def _run_by_scrapy_cli(program: str) -> bool:
    """`scrapy ...` or `python -m scrapy ...`: argv then holds this crawl's options, not a script's."""
    path = Path(program)
    return path.name == "scrapy" or (path.name == "__main__.py" and path.parent.name == "scrapy")


def file_metadata(path: Path) -> dict[str, str]:
    """A part file's key-value metadata (read from its footer only), decoded."""
    raw = pq.read_metadata(path).metadata or {}
    return {k.decode("utf-8", "replace"): v.decode("utf-8", "replace") for k, v in raw.items() if k != b"ARROW:schema"}
