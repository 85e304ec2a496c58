"""Worker processes of one distributed job (`scrapy crawl ... -s REDIS_URL`), for the tests:
each with its own log and stats file, all stopped (killed if need be) at the end."""

from __future__ import annotations

import json
import subprocess
import uuid
from contextlib import ExitStack
from pathlib import Path

from distributed.job import KEY_PREFIX, connect
from tests.crawling import child_env, crawl_command

TIMEOUT = 180.0


class Workers:
    """`scrapy crawl blog` worker processes of one job, their logs and stats in `folder`."""

    def __init__(self, folder: Path, redis_url: str, args: dict[str, str], dataset: Path, spider: str = "blog") -> None:
        self.folder, self.redis_url, self.args, self.dataset, self.spider = folder, redis_url, args, dataset, spider
        self.job = f"test-{uuid.uuid4().hex[:8]}"
        self.server = connect(redis_url)
        self.processes: list[subprocess.Popen] = []
        self.stack = ExitStack()

    def start(self, **settings: str) -> subprocess.Popen:
        number = len(self.processes)
        stats = str(self.folder / f"stats-{number}.json")
        values = {"REDIS_URL": self.redis_url, "JOB_NAME": self.job, "REDIS_LEASE_SECONDS": "3",
                  "REDIS_IDLE_SECONDS": "4", "STATS_FILE": stats, **settings}  # fmt: skip
        log = self.stack.enter_context((self.folder / f"worker-{number}.log").open("wb"))
        command = crawl_command(self.spider, self.dataset, self.args, values)
        process = subprocess.Popen(command, env=child_env(), stdout=subprocess.DEVNULL, stderr=log)
        self.processes.append(process)
        return process

    def key(self, *parts: str) -> str:
        return ":".join((KEY_PREFIX, self.job, *parts))

    def registered(self) -> set[str]:
        return {w.decode() for w in self.server.smembers(self.key("workers"))}

    def stats(self, number: int) -> dict:
        return json.loads((self.folder / f"stats-{number}.json").read_text())

    def log(self, number: int) -> str:
        return (self.folder / f"worker-{number}.log").read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait()
        self.stack.close()
