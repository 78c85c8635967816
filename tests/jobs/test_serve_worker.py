"""`aspiration serve` starts a worker that runs queued jobs, and stops it when the server stops (real processes)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
CHECKOUT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def children(pid: int) -> list[int]:
    """Child processes, whichever of the process's threads started them."""
    return [int(child) for task in Path(f"/proc/{pid}/task").glob("*/children") for child in task.read_text().split()]


def shell(env: dict, code: str) -> str:
    done = subprocess.run([sys.executable, "-m", "aspiration", "shell", "-v", "0", "-c", code], env=env, cwd=CHECKOUT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_serve_runs_a_worker_that_picks_up_queued_jobs_and_stops_with_it(tmp_path):
    # A home of its own on SQLite: the server and its worker share a database file, as on a fresh install.
    env = {**os.environ, "ASPIRATION_HOME": str(tmp_path), "DATABASE_URL": ""}
    job = shell(env, "from aspiration.jobs.runner import start; from tests.jobs.tasks import count_to; "
                     "print(start(count_to, kind='import', title='Count', n=5).pk)")
    server = subprocess.Popen([sys.executable, "-m", "aspiration", "serve", "--port", str(free_port())], env=env,
                              cwd=CHECKOUT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        status = ""
        for _ in range(90):
            status = shell(env, f"from aspiration.jobs.models import Job; print(Job.objects.get(pk={job}).status)")
            if status == "done":
                break
            time.sleep(1)
        assert status == "done"
        workers = children(server.pid)
        assert len(workers) == 1 and b"worker" in Path(f"/proc/{workers[0]}/cmdline").read_bytes()
        niceness = int(Path(f"/proc/{workers[0]}/stat").read_text().rsplit(")", 1)[1].split()[16])
        # The jobs yield the cores to the web server (aspiration.jobs.priority): 10 steps below it.
        assert niceness == min(19, os.getpriority(os.PRIO_PROCESS, 0) + 10)
        first = workers[0]
        os.kill(first, signal.SIGKILL)  # a crashed worker is started again
        for _ in range(30):
            time.sleep(1)
            workers = [pid for pid in children(server.pid) if pid != first]
            if workers:
                break
        assert len(workers) == 1 and b"worker" in Path(f"/proc/{workers[0]}/cmdline").read_bytes()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(60)
    assert not Path(f"/proc/{workers[0]}").exists() or b"zombie" in Path(f"/proc/{workers[0]}/status").read_bytes().lower()
