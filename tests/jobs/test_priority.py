"""Background work runs at a lower CPU priority than the web server, once, whatever calls it (Linux/macOS)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from aspiration.jobs import priority

CHECKOUT = Path(__file__).resolve().parents[2]


def _lowered(started_at: int) -> str:
    return str(min(19, started_at + priority.NICENESS))  # 19: the lowest priority there is


def test_background_lowers_the_priority_once_relative_to_where_the_process_started():
    # In a child process: this one (the test run) keeps its priority.
    code = ("import os; from aspiration.jobs import priority; priority.background(); priority.background();"
            " print(os.getpriority(os.PRIO_PROCESS, 0))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [_lowered(os.getpriority(os.PRIO_PROCESS, 0))]


@pytest.mark.slow
def test_an_import_from_the_command_line_runs_in_the_background(tmp_path):
    """The command lowers its own priority: it runs beside the web server (real command, real database)."""
    env = {**os.environ, "ASPIRATION_HOME": str(tmp_path), "DATABASE_URL": ""}
    table = tmp_path / "one.csv"
    table.write_text("text,state\nAdopt a law on equal pay,FRA\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "aspiration", "migrate", "-v", "0"], env=env, cwd=CHECKOUT, check=True,
                   timeout=300)
    code = ("import os; from django.core.management import call_command;"
            f" call_command('import', 'table', {str(table)!r}, mapping='text=text,state=state', language='en',"
            " no_prepare=True); print(os.getpriority(os.PRIO_PROCESS, 0))")
    done = subprocess.run([sys.executable, "-m", "aspiration", "shell", "-v", "0", "-c", code], env=env, cwd=CHECKOUT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == _lowered(os.getpriority(os.PRIO_PROCESS, 0))
