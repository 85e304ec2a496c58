"""What `scrapy reextract` reads and how it runs: the source folder's kept pages, the blog its
crawls named, and the settings that make the output depend on the input only."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from blogarchive.progress import STATUS_NAME
from dataset_folder.parts import WARC_DIR, derived_run_id, warc_files
from dataset_folder.privacy_card import RAW_PAGES_SUFFIX

# The columns of posts and comments in which a re-extraction differs from the crawl, by design:
# where the bytes were read (the kept WARC record, not the network). Every other column is
# equal when the code is the same; `tool_version` and the extracted fields change with the code.
READ_FROM = ("source_file", "source_offset")


@dataclass(frozen=True)
class Source:
    folder: Path
    run_id: str
    spider_arguments: dict[str, str] = field(default_factory=dict)  # of the `warc` spider


def source_of(folder: Path) -> Source:
    """The dataset folder to re-extract; ValueError when it kept no pages."""
    from dataset_folder.summary import runs

    if not folder.is_dir():
        raise ValueError(f"no such dataset folder: {folder}")
    files = warc_files(folder)
    if not files:
        raw = folder.parent / f"{folder.name}{RAW_PAGES_SUFFIX}"
        hint = f"; its pages are in {raw}, with every name in clear" if raw.is_dir() else ""
        raise ValueError(f"{folder} holds no kept pages ({WARC_DIR}/*.warc.gz): crawled with KEEP_PAGES=0?{hint}")
    arguments = {"path": f"{(folder / WARC_DIR).resolve()}/"}
    for name, values in _blog_arguments([run.info.arguments for run in runs(folder)]).items():
        if len(values) == 1:  # every crawl of the folder named the same blog (platform): scope the reading to it
            arguments[name] = values.pop()
    inputs = [arguments["path"], *(f"{f.name} {f.stat().st_size}" for f in files), *sorted(arguments.items())]
    return Source(folder, derived_run_id("reextract", *map(str, inputs)), arguments)


def _blog_arguments(crawls: list[dict[str, str]]) -> dict[str, set[str]]:
    """The blog (home URL) and forced platform each crawl was given: `blog -a url`, `wayback -a site`."""
    found: dict[str, set[str]] = {"url": set(), "platform": set()}
    for arguments in crawls:
        url = arguments.get("url") or (f"http://{arguments['site']}" if arguments.get("site") else None)
        found["url"].add(url or "")
        found["platform"].add(arguments.get("platform") or "")
    return {name: {v for v in values if v} for name, values in found.items() if "" not in values}


def reextract_settings(source: Source, out: Path) -> dict[str, object]:
    return {
        "DATASET_DIR": str(out),
        "RUN_ID": source.run_id,  # part names and metadata from the input, not the clock
        "PARQUET_COMMIT_SECONDS": float("inf"),  # segments by count only: the same cuts every time
        "STATS_FILE": None,
    }


def finish(source: Source, out: Path) -> None:
    """The live progress file says when the run went and how long it took: not part of the output."""
    (out / STATUS_NAME).unlink(missing_ok=True)
