"""Reading export files: entries per second and peak memory, on generated 10 MB and 100 MB files.

`.venv/bin/python benchmarks/export_reading.py [MEGABYTES ...]` writes each export into a
temporary folder (the fixture's 34 entries repeated, each copy under its own basename), then
parses every entry and renders its page (`extraction.mtif`, `extraction.mtif_page`: the work the
export spider does before the reader), printing entries/s and the peak memory tracemalloc saw.
The peak must stay flat from one size to the next: one entry is held at a time.
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extraction.mtif import read_entries  # noqa: E402
from extraction.mtif_page import render_entry  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "exports" / "typepad-fr-sample.txt"


def write_export(path: Path, megabytes: int) -> int:
    """The fixture repeated to `megabytes`; returns the number of entries written."""
    sample, copies, entries = FIXTURE.read_bytes(), 0, 0
    per_copy = sum(1 for _ in read_entries(FIXTURE))
    with path.open("wb") as out:
        while out.tell() < megabytes * 1_000_000:
            out.write(sample.replace(b"\nBASENAME: ", b"\nBASENAME: c%d_" % copies))
            copies, entries = copies + 1, entries + per_copy
    return entries


def measure(path: Path) -> tuple[int, float, int]:
    tracemalloc.start()
    started, count = time.perf_counter(), 0
    for entry in read_entries(path):
        render_entry(entry, "typepad")
        count += 1
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return count, elapsed, peak


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for megabytes in sizes:
            path = Path(folder) / f"export-{megabytes}mb.txt"
            written = write_export(path, megabytes)
            count, elapsed, peak = measure(path)
            assert count == written, (count, written)
            print(
                f"{path.stat().st_size / 1e6:7.1f} MB  {count:7d} entries  {count / elapsed:8.0f} entries/s  "
                f"{path.stat().st_size / 1e6 / elapsed:5.1f} MB/s  peak {peak / 1e6:5.2f} MB (tracemalloc)"
            )
            path.unlink()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 100])
