"""`aspiration serve --workers 2`: two web processes (gunicorn, forked after loading) that both answer, and still
exactly one job worker, stopped with the server (real processes)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.jobs.test_serve_worker import CHECKOUT, children, free_port

pytestmark = pytest.mark.slow


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def is_job_worker(pid: int) -> bool:
    return b"aspiration\x00worker\x00" in Path(f"/proc/{pid}/cmdline").read_bytes()


def get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        return response.status


def test_serve_with_two_workers_answers_from_two_processes_beside_one_job_worker(tmp_path):
    env = {**os.environ, "ASPIRATION_HOME": str(tmp_path), "DATABASE_URL": ""}
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "aspiration", "serve", "--workers", "2", "--port", str(port)],
                              env=env, cwd=CHECKOUT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if get(f"{base}/") == 200:
                    break
            except OSError:
                time.sleep(1)
        else:
            pytest.fail("the server never answered")
        processes = children(server.pid)
        job_workers = [pid for pid in processes if is_job_worker(pid)]
        web = [pid for pid in processes if not is_job_worker(pid)]
        assert len(job_workers) == 1 and len(web) == 2
        before = {pid: cpu_ticks(pid) for pid in web}
        pages = ["/", "/explore/?q=education", "/explore/?q=torture", "/login/", "/explore/"] * 12
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda path: get(base + path), pages))
        assert statuses == [200] * len(pages)
        assert all(cpu_ticks(pid) > before[pid] for pid in web), "one of the two web processes served nothing"
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(90)
    assert server.returncode == 0, server.stderr.read().decode()[-2000:]
    for pid in processes:
        assert not Path(f"/proc/{pid}").exists() or b"zombie" in Path(f"/proc/{pid}/status").read_bytes().lower()
