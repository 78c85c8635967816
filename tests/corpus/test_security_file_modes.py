"""Files Aspiration creates in ASPIRATION_HOME are for its own account only: 0600 files, 0700 folders (issue 11)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_wal_secrets_and_backups_are_private(tmp_path):
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"ASPIRATION_HOME": str(home)}
    command = [sys.executable, "-m", "aspiration"]
    run = subprocess.run([*command, "backup", str(home / "backup.tar.gz")], env=env, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    assert _mode(home) == 0o700
    created = [p for p in home.rglob("*")]
    assert home / "aspiration.sqlite3" in created and home / "backup.tar.gz" in created
    loose = {str(p.relative_to(home)): oct(_mode(p)) for p in created
             if _mode(p) & (stat.S_IRWXG | stat.S_IRWXO)}
    assert loose == {}
