"""Run `scrapy crawl` as a user would (a subprocess from the project root) and read the result."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SITES = PROJECT_ROOT / "tests" / "fixtures" / "sites"
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "0", "LOG_LEVEL": "INFO"}


@dataclass
class CrawlResult:
    returncode: int
    stats: dict
    log: str
    dataset: Path

    def table(self, name: str) -> pa.Table:
        return ds.dataset(self.dataset / name, format="parquet").to_table()

    def rows(self, name: str) -> list[dict]:
        return self.table(name).to_pylist()


def crawl_command(spider: str, dataset: Path, args: dict[str, str], settings: dict[str, str]) -> list[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", spider]
    for key, value in args.items():
        command += ["-a", f"{key}={value}"]
    for key, value in {**FAST, "DATASET_DIR": str(dataset), **settings}.items():
        command += ["-s", f"{key}={value}"]
    return command


def crawl(spider: str, dataset: Path, args: dict[str, str] | None = None, **settings: str) -> CrawlResult:
    stats_file = dataset.parent / f"{dataset.name}-stats.json"
    command = crawl_command(spider, dataset, args or {}, {"STATS_FILE": str(stats_file), **settings})
    done = subprocess.run(command, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300)
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    return CrawlResult(done.returncode, stats, done.stderr, dataset)
