"""A real Redis server for the tests of distributed jobs, on 127.0.0.1, for the session.

`BLOGARCHIVE_TEST_REDIS_URL` names one (CI starts it, `.ci/run`); else `redis-server` is started
here on a free port, with no persistence, in a temporary folder. Without either, the tests that
need it are skipped, except under CI (`CI=true`), where a missing server is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

URL_VARIABLE = "BLOGARCHIVE_TEST_REDIS_URL"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """Start `redis-server` on a free loopback port; its URL; stopped on the way out."""
    binary = shutil.which("redis-server")
    assert binary is not None
    port = _free_port()
    arguments = [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", "",
                 "--appendonly", "no", "--logfile", str(folder / "redis.log")]  # fmt: skip
    process = subprocess.Popen(arguments, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not _answers(port):
            assert process.poll() is None, (folder / "redis.log").read_text(errors="replace")[-2000:]
            assert time.monotonic() < deadline, "redis-server did not answer within 60 s"
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=20)


def no_server(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI needs a Redis server for the distributed tests: {reason}")
    pytest.skip(reason)
