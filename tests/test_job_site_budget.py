"""Two workers of one job on one live blog, counted at the blog's server: together they keep to
one request per DOWNLOAD_DELAY (a turn per site in Redis), not one each."""

from __future__ import annotations

import itertools
import threading
import time
from pathlib import Path
from typing import Any

from blogarchive.static_site import StaticSite
from tests.crawling import SITES, wait_for
from tests.job_workers import TIMEOUT, Workers

DELAY = 0.25
RATE = 1 / DELAY


class TimedSite(StaticSite):
    """A StaticSite that also records when each request arrived (the server's own clock)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.arrivals: list[float] = []
        self._clock = threading.Lock()

    def _respond(self, handler: Any) -> None:
        with self._clock:
            self.arrivals.append(time.monotonic())
        super()._respond(handler)


def test_two_workers_share_a_sites_download_delay(redis_url: str, tmp_path: Path) -> None:
    settings = {"DOWNLOAD_DELAY": str(DELAY), "AUTOTHROTTLE_ENABLED": "0", "RANDOMIZE_DOWNLOAD_DELAY": "0"}
    with TimedSite(SITES / "typepad-fr-sample") as site:
        team = Workers(tmp_path, redis_url, {"url": site.url("/mon_blog/")}, tmp_path / "dataset")
        try:
            team.start(**settings)
            wait_for(lambda: len(site.arrivals) >= 3, TIMEOUT, "the first worker's requests")
            team.start(**settings)
            for number, process in enumerate(team.processes):
                assert process.wait(timeout=TIMEOUT) == 0, team.log(number)
        finally:
            team.stop()
        arrivals = sorted(site.arrivals)

    # Both workers fetched pages of the blog (each worker alone would send 1 / DELAY a second).
    assert all(team.stats(n).get("downloader/request_count", 0) >= 5 for n in (0, 1))
    # The combined rate, at the server: in any stretch of time, no more requests than one per
    # DELAY, plus what one second of socket and thread delays could bunch up.
    burst = 1 + RATE * 1.0
    for i, j in itertools.combinations(range(len(arrivals)), 2):
        assert j - i + 1 <= RATE * (arrivals[j] - arrivals[i]) + burst, (i, j, len(arrivals))
