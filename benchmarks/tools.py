"""The two extractors as command lines, and their JSON-lines output read into `Extraction`s.

Both tools run as separate processes on the same files, exactly as a user would run them: ours is
`scrapy extract --sidecar`, trafilatura is `trafilatura_runner.py`, which mirrors its interface.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring import Comment, Extraction

ROOT = Path(__file__).resolve().parent.parent  # the Scrapy project root (scrapy.cfg)
HERE = Path(__file__).resolve().parent
CHUNK = 500  # files per invocation when one command line would be too long


@dataclass(frozen=True)
class Tool:
    name: str
    argv: tuple[str, ...]  # command line before the file list, run from ROOT


def venv_executable(name: str) -> str:
    """NAME beside the running interpreter (the venv's), else on PATH; relative to ROOT when inside it."""
    candidate = Path(sys.executable).parent / name
    found = str(candidate) if candidate.is_file() else shutil.which(name)
    if found is None:
        raise SystemExit(f"cannot find {name!r} beside {sys.executable} or on PATH")
    return display_path(Path(found))


def display_path(path: Path) -> str:
    """Relative to ROOT when inside it (commands run from ROOT), so printed commands stay short."""
    absolute = Path(os.path.abspath(path))
    return str(absolute.relative_to(ROOT)) if absolute.is_relative_to(ROOT) else str(absolute)


def ours() -> Tool:
    return Tool("ours", (venv_executable("scrapy"), "extract", "--sidecar"))


def trafilatura() -> Tool:
    return Tool("trafilatura", (display_path(Path(sys.executable)), display_path(HERE / "trafilatura_runner.py")))


def lxml_parse() -> Tool:
    return Tool("lxml parse only", (display_path(Path(sys.executable)), display_path(HERE / "parse_only.py")))


def chunks(argv: Sequence[str], files: Sequence[str]) -> Iterator[list[str]]:
    """All files in one command line, or CHUNK at a time when that would exceed the system's limit."""
    environment = sum(len(k) + len(v) + 2 for k, v in os.environ.items())
    needed = sum(len(os.fsencode(a)) + 1 + 8 for a in [*argv, *files]) + environment  # +8: argv pointer
    step = len(files) if needed < os.sysconf("SC_ARG_MAX") - 64 * 1024 else CHUNK
    for start in range(0, len(files), max(step, 1)):
        yield list(files[start : start + step])


def run_jsonl(tool: Tool, files: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Run the tool on the files, return its records by input; a failing run is reported, not fatal."""
    records: dict[str, dict[str, Any]] = {}
    for chunk in chunks(tool.argv, files):
        proc = subprocess.run([*tool.argv, *chunk], cwd=ROOT, capture_output=True, encoding="utf-8", check=False)
        if proc.returncode != 0:
            tail = proc.stderr.strip().splitlines()[-5:]
            print(f"warning: {tool.name} exited with {proc.returncode}:", *tail, sep="\n  ", file=sys.stderr)
        for line in proc.stdout.splitlines():
            if line.strip():
                record = json.loads(line)
                records[record["input"]] = record
    return records


def from_ours(record: dict[str, Any] | None) -> Extraction:
    """A `scrapy extract` record; comments in position order."""
    if record is None:
        return Extraction(error="no_output")
    if "error" in record:
        return Extraction(error=str(record["error"]))
    comments = sorted(record.get("comments") or [], key=lambda c: c.get("position") or 0)
    return Extraction(
        title=record.get("title"),
        author=record.get("author"),
        published=record.get("published"),
        text=record.get("text") or "",
        comments=tuple(Comment(c.get("author"), c.get("published"), c.get("text") or "") for c in comments),
        comment_count=len(comments),
        comment_count_announced=record.get("comment_count_announced"),
    )


def from_trafilatura(record: dict[str, Any] | None) -> Extraction:
    """trafilatura's JSON: `date` is a day (YYYY-MM-DD), `comments` one unsegmented string ('' when none)."""
    if record is None:
        return Extraction(error="no_output")
    if "error" in record:
        return Extraction(error=str(record["error"]))
    blob = record.get("comments") or ""
    return Extraction(
        title=record.get("title"),
        author=record.get("author"),
        published=record.get("date"),
        text=record.get("text") or "",
        comment_count=1 if blob.strip() else 0,
        segmented=False,
    )


def shell_line(argv: Sequence[str], files: Sequence[str], prefix: Sequence[str] = ()) -> str:
    """The command line as a shell would take it; a file list that is a whole folder's *.html shown as a glob."""
    shown: list[str] = []
    by_folder: dict[Path, list[str]] = {}
    for f in files:
        by_folder.setdefault(Path(f).parent, []).append(f)
    for folder, names in by_folder.items():
        if sorted(names) == sorted(str(p) for p in folder.glob("*.html")):
            shown.append(shlex.quote(display_path(folder)) + "/*.html")
        elif len(names) <= 6:
            shown.extend(shlex.quote(display_path(Path(n))) for n in names)
        else:  # a chunk of a folder: first and last file, the count in between
            first, last = (shlex.quote(display_path(Path(n))) for n in (names[0], names[-1]))
            shown.extend([first, f"...({len(names) - 2} more)...", last])
    return shlex.join([*prefix, *argv]) + " " + " ".join(shown)
