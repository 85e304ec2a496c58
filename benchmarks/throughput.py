"""Whole-process throughput on one core: pages per second, start-up and imports included.

The input pages are copied round-robin under distinct names (with their JSON sidecars, so both
tools see the original URLs) until the work folder holds the requested number of pages, then each
tool runs over that folder pinned to CPU 0 with `taskset`, its stdout discarded. Both the wall clock
and the child's CPU time (user + system) are recorded; pages/s is computed from CPU time, which is
what one core spends on the work and does not count time the process waited for a busy machine.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from scoring import Page
from tools import ROOT, Tool, chunks, shell_line


@dataclass
class Timing:
    tool: str
    pages: int
    seconds: float = 0.0  # wall clock
    cpu_seconds: float = 0.0  # user + system time of the tool's processes
    invocations: int = 0
    startup_cpu_seconds: float = 0.0  # CPU time of the same tool on one page: its fixed cost
    failures: list[str] = field(default_factory=list)  # non-zero exits, with their stderr's last line
    commands: list[str] = field(default_factory=list)

    @property
    def pages_per_second(self) -> float:
        spent = self.cpu_seconds or self.seconds
        return self.pages / spent if spent else 0.0

    @property
    def pages_per_second_after_startup(self) -> float:
        """The rate of the pages beyond the first, the fixed cost (start-up, imports, models) left out."""
        spent = self.cpu_seconds - self.startup_cpu_seconds
        return (self.pages - 1) / spent if self.startup_cpu_seconds and spent > 0 else 0.0


def build_work_folder(pages: Sequence[Page], count: int, folder: Path) -> list[str]:
    """At least `count` page files (every input page at least once), named pNNNNN-NAME.html in order."""
    files = []
    for i in range(max(count, len(pages))):
        page = pages[i % len(pages)]
        stem = f"p{i:05d}-{page.name}"
        shutil.copyfile(page.html, folder / f"{stem}.html")
        shutil.copyfile(page.sidecar, folder / f"{stem}.json")
        files.append(str(folder / f"{stem}.html"))
    return files


def pin_prefix() -> tuple[str, ...]:
    """`taskset -c 0` when available: one core, so that the numbers compare across machines."""
    return ("taskset", "-c", "0") if shutil.which("taskset") else ()


def time_tool(tool: Tool, files: Sequence[str], pin: Sequence[str]) -> Timing:
    """Wall-clock time of the tool over all files: one process, or the sum over chunks of CHUNK files."""
    timing = Timing(tool.name, len(files))
    for chunk in chunks(tool.argv, files):
        started, cpu_before = time.perf_counter(), _children_cpu()
        proc = subprocess.run(
            [*pin, *tool.argv, *chunk], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
        )
        timing.seconds += time.perf_counter() - started
        timing.cpu_seconds += _children_cpu() - cpu_before
        timing.invocations += 1
        timing.commands.append(shell_line(tool.argv, chunk, pin))
        if proc.returncode not in (0, 3):  # 3: `scrapy extract` finished, some pages declined (not posts)
            last = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            timing.failures.append(f"exit {proc.returncode}: {last[0]}")
    return timing


def time_tools(files: Sequence[str], peers: Sequence[Tool], repeat: int) -> list[Timing]:
    """Each tool over all files and over the first alone, `repeat` times, the tools interleaved; the
    fastest run of each counts (least CPU time): on a shared machine a slow run measures the neighbours."""
    pin = pin_prefix()
    runs = []
    for _ in range(max(1, repeat)):
        for tool in peers:
            timing = time_tool(tool, files, pin)
            timing.startup_cpu_seconds = time_tool(tool, files[:1], pin).cpu_seconds
            runs.append(timing)
    by_tool = {tool.name: [t for t in runs if t.tool == tool.name] for tool in peers}
    fastest = [min(timings, key=lambda t: t.cpu_seconds or t.seconds) for timings in by_tool.values()]
    for timing in fastest:  # the fixed cost: the least of the one-page runs too
        timing.startup_cpu_seconds = min(t.startup_cpu_seconds for t in by_tool[timing.tool])
    return fastest


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
