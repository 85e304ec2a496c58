"""Dataset writing at scale: throughput and peak memory of the real `ParquetDatasetPipeline`.

    .venv/bin/python benchmarks/dataset_writing.py                  # 100k and 1M comments
    .venv/bin/python benchmarks/dataset_writing.py --sizes 20000    # a quick look

Each size runs in its own subprocess, which feeds synthetic posts (10 comments each, French
text of realistic length) as `ReadPost` items to the pipeline, built with a minimal fake
crawler, closes it, writes the dataset card, and reports its own peak RSS. Memory must not
grow with the crawl: the target is a 1M/100k peak-memory ratio of at most 1.2.

Beside it, in another subprocess, the reference: a plain pyarrow loop writing the same rows (the
same items through the same `post_row`/`comment_rows`), buffered as dicts, `Table.from_pylist`
with the explicit schema, one `ParquetWriter` per table, zstd, the same row-group size, no
checks, no segments, no card. The project's rows/s count its writing alone (pipeline opened,
fed, closed), the card's seconds are printed apart; the target is a ratio of at least 0.7.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COMMENTS_PER_POST = 10
TARGET_RATIO = 1.2
TARGET_SPEED = 0.7  # of the plain pyarrow loop's rows/s
_WORDS = "le blog billet commentaire réseau lecteur été café très première année déjà à côté œuvre".split()


def sentence(seed: int, words: int) -> str:
    return " ".join(_WORDS[(seed * 7 + i * 3) % len(_WORDS)] for i in range(words)).capitalize() + "."


# Texts are drawn from a pool made once, so that the time measured is the pipeline's, not ours.
_POOL = [sentence(seed, 45) for seed in range(997)]
_ARTICLES = ["\n\n".join(sentence(seed + p, 60) for p in range(4)) for seed in range(101)]


def synthetic_posts(comments: int) -> Iterator[Any]:
    """ReadPost items as the reader hands them over, generated one at a time."""
    from blogarchive.items import RawPage
    from extraction import CommentRecord, DecodedPage, PostRecord
    from extraction.records import ReadPage, ReadPost

    fetched_at = datetime(2026, 11, 26, tzinfo=timezone.utc)
    for number in range(comments // COMMENTS_PER_POST):
        url = f"http://exemple.typepad.fr/blog/{2008 + number % 5}/{1 + number % 12:02d}/billet-{number}.html"
        published = datetime(2008, 1, 1, 9, 30) + timedelta(hours=7 * number % 43800)
        page = RawPage(url, 200, {}, b"", fetched_at)
        decoded = DecodedPage(url=url, text="", charset_used="utf-8", charset_header="utf-8", charset_meta=None)
        record = PostRecord(
            url=url,
            title=f"Billet numéro {number}",
            text=_ARTICLES[number % len(_ARTICLES)],
            platform="typepad",
            profile="typepad_classic",
            author=f"Auteur {number % 3}",
            published=published,
            published_raw=f"{published:%d/%m/%Y à %H:%M}",
            categories=["Vie de blogueur"],
        )
        record.comments = [
            CommentRecord(
                position=i + 1,
                text=_POOL[(number * COMMENTS_PER_POST + i) % len(_POOL)],
                author=f"Lecteur {(number + i) % 997}",
                published=published + timedelta(hours=i + 1),
                platform_comment_id=f"6a00d8341c{number:08x}{i:02d}",
            )
            for i in range(COMMENTS_PER_POST)
        ]
        yield ReadPost(f"{number:016x}", record, [ReadPage(page, decoded, 1)])


def run_child(comments: int, folder: Path) -> dict[str, Any]:
    from scrapy.settings import Settings

    from blogarchive import settings as project_settings
    from blogarchive.extensions import DatasetCard
    from pipelines.parquet import ParquetDatasetPipeline

    class Stats(dict):
        def inc_value(self, key: str, count: int = 1) -> None:
            self[key] = self.get(key, 0) + count

        def set_value(self, key: str, value: Any) -> None:
            self[key] = value

        def get_value(self, key: str, default: Any = None) -> Any:
            return self.get(key, default)

        def get_stats(self) -> dict[str, Any]:
            return dict(self)

    settings = Settings(
        {
            "DATASET_DIR": str(folder),
            "PARQUET_ROW_GROUP_SIZE": project_settings.PARQUET_ROW_GROUP_SIZE,
            "PARQUET_COMMIT_SECONDS": project_settings.PARQUET_COMMIT_SECONDS,
            "PARQUET_COMMIT_POSTS": project_settings.PARQUET_COMMIT_POSTS,
        }
    )
    spider = SimpleNamespace(name="benchmark", arguments={"comments": str(comments)})
    crawler = SimpleNamespace(settings=settings, stats=Stats(), spider=spider)
    started = time.perf_counter()
    pipeline = ParquetDatasetPipeline.from_crawler(crawler)
    pipeline.open_spider()
    for item in synthetic_posts(comments):
        pipeline.process_item(item)
    pipeline.close_spider()
    seconds = time.perf_counter() - started
    written_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    DatasetCard(crawler).spider_closed()
    card = time.perf_counter() - started - seconds
    rows = crawler.stats["dataset/posts"] + crawler.stats["dataset/comments"]
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    parts = crawler.stats["dataset/parts_committed"]
    return {
        "comments": comments, "rows": rows, "seconds": seconds, "card_seconds": card, "parts": parts,
        "written_mib": written_kib / 1024, "peak_mib": peak_kib / 1024,
    }  # fmt: skip


def run_reference(comments: int, folder: Path) -> dict[str, Any]:
    """The same rows written by a plain pyarrow loop: the floor the writer is measured against."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from blogarchive import settings as project_settings
    from dataset_folder.rows import comment_rows, post_row
    from schemas import COMMENTS, POSTS

    group = project_settings.PARQUET_ROW_GROUP_SIZE
    started = time.perf_counter()
    tables = (POSTS, COMMENTS)
    writers = {
        t.name: pq.ParquetWriter(folder / f"{t.name}.parquet", t.arrow_schema(), compression="zstd") for t in tables
    }
    buffers: dict[str, list[dict[str, Any]]] = {t.name: [] for t in tables}

    def add(table: str, row: dict[str, Any]) -> None:
        buffers[table].append(row)
        if len(buffers[table]) >= group:
            flush(table)

    def flush(table: str) -> None:
        if buffers[table]:
            writers[table].write_table(pa.Table.from_pylist(buffers[table], schema=writers[table].schema))
            buffers[table].clear()

    rows = 0
    for item in synthetic_posts(comments):
        add(POSTS.name, post_row(item))
        for row in comment_rows(item):
            add(COMMENTS.name, row)
        rows += 1 + len(item.record.comments)
    for table in tables:
        flush(table.name)
        writers[table.name].close()
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"comments": comments, "rows": rows, "seconds": seconds, "peak_mib": peak_kib / 1024}


def measure(comments: int, reference: bool = False) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-dataset-") as folder:
        role = "--reference" if reference else "--child"
        command = [sys.executable, __file__, role, str(comments), "--folder", folder]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"child for {comments} comments failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000], help="comments per run")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--reference", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        print(json.dumps(run_child(options.child, options.folder)))
        return
    if options.reference:
        print(json.dumps(run_reference(options.reference, Path(options.folder))))
        return
    print(
        f"{'comments':>10} {'rows':>10} {'parts':>6} {'seconds':>8} {'rows/s':>9} {'card s':>7} {'MiB written':>11} "
        f"{'peak MiB':>9} {'pyarrow rows/s':>14} {'pyarrow MiB':>11} {'ratio':>6}"
    )
    results = []
    for size in options.sizes:
        result = measure(size)
        reference = measure(size, reference=True)
        results.append(result)
        rate, floor = result["rows"] / result["seconds"], reference["rows"] / reference["seconds"]
        print(
            f"{result['comments']:>10} {result['rows']:>10} {result['parts']:>6} {result['seconds']:>8.1f} "
            f"{rate:>9.0f} {result['card_seconds']:>7.1f} {result['written_mib']:>11.1f} {result['peak_mib']:>9.1f} "
            f"{floor:>14.0f} {reference['peak_mib']:>11.1f} {rate / floor:>6.2f}"
        )
        verdict = "ok" if rate / floor >= TARGET_SPEED else "UNDER TARGET"
        print(
            f"{'':>10} writing speed: {rate / floor:.2f} of the plain pyarrow loop (target ≥ {TARGET_SPEED}, {verdict})"
        )
    if len(results) >= 2:
        ratio = results[-1]["peak_mib"] / results[0]["peak_mib"]
        verdict = "ok" if ratio <= TARGET_RATIO else "OVER TARGET"
        sizes = f"{results[-1]['comments']}/{results[0]['comments']}"
        print(f"peak memory {sizes}: {ratio:.2f} (target ≤ {TARGET_RATIO}, {verdict})")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))  # run as a script: the project's packages, even uninstalled
    main()
