"""What a crawl's exit status says, decided from its final stats (documented in the README).

| code | meaning |
| --- | --- |
| 0 | harvested what was asked: posts written (or already in the folder), no page skipped |
| 1 | failed: the source could not be reached, nothing was harvested, or errors were logged |
| 2 | a mistake in an argument or setting: nothing started, nothing written |
| 3 | finished, but some pages were skipped (each is a row of `skipped`, with its reason) |
| 130 | interrupted (Ctrl-C): resume with the same `-s JOBDIR` |
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

OK, FAILED, USAGE, SKIPPED_PAGES, INTERRUPTED = 0, 1, 2, 3, 130


@dataclass(frozen=True)
class Outcome:
    code: int
    summary: str  # one line for the user


def outcome_of(stats: Mapping[str, Any]) -> Outcome:
    posts, comments = int(stats.get("dataset/posts", 0)), int(stats.get("dataset/comments", 0))
    known = int(stats.get("posts/already_in_dataset", 0))
    skipped = int(stats.get("skipped/total", 0))
    folder = stats.get("dataset/dir", "?")
    written = f"{posts} posts, {comments} comments written to {folder}"
    if known:
        written += f" ({known} posts already there)"
    unreachable = stats.get("source/unreachable")
    if unreachable:
        return Outcome(FAILED, f"failed: the source could not be reached ({unreachable}); {written}")
    if stats.get("finish_reason") == "shutdown":
        return Outcome(INTERRUPTED, f"interrupted: {written}; run the same command again to resume (with -s JOBDIR)")
    if posts + known == 0 and stats.get("job/name") and not skipped:
        # A worker of a distributed job: the others may have had all the work (or done it before).
        return Outcome(OK, f"finished: this worker of job {stats['job/name']} found nothing left to write; {written}")
    if posts + known == 0:
        why = (
            f"{skipped} pages skipped, see the skipped table" if skipped else stats.get("source/empty", "no post found")
        )
        return Outcome(FAILED, f"failed: nothing harvested ({why}); {written}")
    errors = int(stats.get("log_count/ERROR", 0))
    if errors:
        return Outcome(FAILED, f"failed: {errors} errors logged, some pages may be lost; {written}")
    if skipped:
        reasons = sorted((k.removeprefix("skipped/"), v) for k, v in stats.items() if k.startswith("skipped/"))
        listed = ", ".join(f"{name} {count}" for name, count in reasons if name != "total")
        return Outcome(SKIPPED_PAGES, f"finished with {skipped} pages skipped ({listed}); {written}")
    return Outcome(OK, f"finished: {written}")
