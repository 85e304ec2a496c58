"""Which crawl wrote a part file: spider, its `-a` arguments, run id, start time, tool version.

Every part file carries this in its Parquet key-value metadata (`crawl.*` keys, beside the
schema's `schema_version`), so a file copied out of its folder still says where it came from, and
the dataset card lists every run that wrote the folder by reading the files' footers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from blogarchive import __version__


@dataclass(frozen=True)
class CrawlInfo:
    spider: str
    arguments: dict[str, str]
    run_id: str
    started_at: str  # ISO 8601, UTC
    tool_version: str = __version__
    # Pseudonymisation: the key's fingerprint (never the key), empty when names are in clear.
    key_fingerprint: str = ""
    bloggers_pseudonymised: bool = False

    def metadata(self, source_kinds: Sequence[str] = ()) -> dict[str, str]:
        """Key-value metadata for a part file; `source_kinds` are those of the rows it holds."""
        return {
            "crawl.spider": self.spider,
            "crawl.arguments": json.dumps(self.arguments, ensure_ascii=False, sort_keys=True),
            "crawl.source_kind": ",".join(sorted(set(source_kinds))),
            "crawl.run_id": self.run_id,
            "crawl.started_at": self.started_at,
            "crawl.tool_version": self.tool_version,
            "privacy.key_fingerprint": self.key_fingerprint,
            "privacy.bloggers_pseudonymised": "1" if self.bloggers_pseudonymised else "0",
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
            key_fingerprint=metadata.get("privacy.key_fingerprint", ""),
            bloggers_pseudonymised=metadata.get("privacy.bloggers_pseudonymised") == "1",
        )


def file_metadata(path: Path) -> dict[str, str]:
    """A part file's key-value metadata (read from its footer only), decoded."""
    raw = pq.read_metadata(path).metadata or {}
    return {k.decode("utf-8", "replace"): v.decode("utf-8", "replace") for k, v in raw.items() if k != b"ARROW:schema"}
