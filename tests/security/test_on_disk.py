"""What reaches the disk, tried on a real install (issue 11): feed texts never in clear in the SQLite database,
its write-ahead log or a backup; an import killed with SIGKILL leaves no half-written rows and a re-run
completes it; a backup taken while an import writes restores to a consistent database.

Each test is its own install in a temporary ASPIRATION_HOME on SQLite (the files on disk are what is under
test), driven through the command line in other processes, so it runs once, on the SQLite leg.
"""

from __future__ import annotations

import gzip
import os
import signal
import sqlite3
import subprocess
import sys
import tarfile
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"),
                       reason="the on-disk files under test are SQLite's; run once, on the SQLite leg"),
]

UPR_INFO = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "upr-info" / "upr-info-sessions-10-13.csv"
# A word no language has, so finding its bytes anywhere means the text itself was written there.
MARKER = "Qwertzunglob"
MEMBER_LIMIT = 200 * 1024 * 1024  # a backup member larger than this is not read (the test's own unpacking limit)


def _install(home: Path) -> tuple[list[str], dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"ASPIRATION_HOME": str(home)}
    command = [sys.executable, "-m", "aspiration"]
    setup = subprocess.run([*command, "setup", "--no-demo"], env=env, capture_output=True, text=True, timeout=600)
    assert setup.returncode == 0, setup.stderr
    return command, env


def _feed(path: Path, count: int) -> Path:
    today = datetime.now(UTC).strftime("%Y-%m-%dT08:%M:00+00:00")
    lines = [
        f'{{"id": "m{i}", "text": "{MARKER} people are vermin number {i} and must be driven out of Nairobi", '
        f'"date": "{today}", "country": "KEN", "language": "en", "source": "wire", "author": "Someone_{i}"}}'
        for i in range(count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _holds_marker(data: bytes) -> bool:
    return MARKER.encode() in data or MARKER.lower().encode() in data or MARKER.encode("utf-16-le") in data


def test_feed_texts_are_not_in_clear_in_the_database_its_log_or_a_backup(tmp_path):
    home = tmp_path / "home"
    command, env = _install(home)
    database = home / "aspiration.sqlite3"
    # An open reader keeps the write-ahead log from being folded back and removed, so the log the import
    # wrote is still on disk to be read.
    reader = sqlite3.connect(database)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM sqlite_master").fetchone()
    try:
        imported = subprocess.run([*command, "watch", "import", str(_feed(tmp_path / "feed.jsonl", 40)),
                                   "--feed", "disk"], env=env, capture_output=True, text=True, timeout=600)
        assert imported.returncode == 0, imported.stderr
        assert "40 items imported" in imported.stdout, imported.stdout
        wal = home / "aspiration.sqlite3-wal"
        assert wal.exists() and wal.stat().st_size > 0
        for path in (database, wal):
            assert not _holds_marker(path.read_bytes()), f"{path.name} holds a feed text in clear"
    finally:
        reader.rollback()
        reader.close()

    # The items are there and read back whole through the application (so the check above is not empty).
    shown = subprocess.run([*command, "shell", "-c",
                            "from aspiration.watch.models import Item; "
                            "print(sum('" + MARKER + "' in item.text for item in Item.objects.all()))"],
                           env=env, capture_output=True, text=True, timeout=300)
    assert shown.stdout.strip().splitlines()[-1] == "40", shown.stderr

    archive = tmp_path / "backup.tar.gz"
    backup = subprocess.run([*command, "backup", str(archive)], env=env, capture_output=True, text=True, timeout=600)
    assert backup.returncode == 0, backup.stderr
    assert not _holds_marker(gzip.decompress(archive.read_bytes()))
    with tarfile.open(archive) as tar:
        members = [member for member in tar.getmembers() if member.isfile()]
        assert members
        for member in members:
            assert member.size < MEMBER_LIMIT
            assert not _holds_marker(tar.extractfile(member).read()), f"{member.name} holds a feed text in clear"


def _recommendations(database: Path) -> tuple[int, int]:
    """(rows, rows without text or state) in a database file, read without the app."""
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30) as connection:
        rows, incomplete = connection.execute(
            "SELECT count(*), sum(CASE WHEN text = '' OR state_id IS NULL THEN 1 ELSE 0 END) FROM corpus_recommendation"
        ).fetchone()
    return rows, incomplete or 0


def _started_import(command: list[str], env: dict[str, str], database: Path) -> subprocess.Popen:
    """An import running in the background, returned once its first chunk of rows is committed."""
    running = subprocess.Popen([*command, "import", "upr-info", "--no-prepare", str(UPR_INFO)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and running.poll() is None:
        if _recommendations(database)[0] > 0:
            return running
        time.sleep(0.05)
    running.kill()
    pytest.fail("the import committed nothing within 300 s, or ended before it could be interrupted")


@pytest.mark.skipif(not UPR_INFO.exists(), reason=f"needs the shared UPR Info export ({UPR_INFO})")
def test_an_import_killed_mid_way_leaves_whole_rows_and_a_rerun_completes_it(tmp_path):
    complete_home, killed_home = tmp_path / "complete", tmp_path / "killed"
    command, complete_env = _install(complete_home)
    done = subprocess.run([*command, "import", "upr-info", "--no-prepare", str(UPR_INFO)], env=complete_env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    expected = _recommendations(complete_home / "aspiration.sqlite3")[0]

    command, env = _install(killed_home)
    database = killed_home / "aspiration.sqlite3"
    running = _started_import(command, env, database)
    running.send_signal(signal.SIGKILL)
    running.wait(timeout=60)
    rows, incomplete = _recommendations(database)
    assert 0 < rows < expected, "the import was meant to be interrupted mid-way"
    assert incomplete == 0

    rerun = subprocess.run([*command, "import", "upr-info", "--no-prepare", str(UPR_INFO)], env=env,
                           capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stderr
    assert _recommendations(database) == (expected, 0)  # nothing twice, nothing missing


@pytest.mark.skipif(not UPR_INFO.exists(), reason=f"needs the shared UPR Info export ({UPR_INFO})")
def test_a_backup_taken_while_an_import_writes_restores_to_a_consistent_database(tmp_path):
    home, restored_home = tmp_path / "home", tmp_path / "restored"
    command, env = _install(home)
    running = _started_import(command, env, home / "aspiration.sqlite3")
    try:
        archive = tmp_path / "during-import.tar.gz"
        backup = subprocess.run([*command, "backup", str(archive)], env=env, capture_output=True, text=True,
                                timeout=600)
        assert backup.returncode == 0, backup.stderr
    finally:
        running.wait(timeout=900)
    assert running.returncode == 0

    command, restored_env = _install(restored_home)
    restore = subprocess.run([*command, "restore", str(archive)], env=restored_env, capture_output=True, text=True,
                             timeout=600)
    assert restore.returncode == 0, restore.stderr
    database = restored_home / "aspiration.sqlite3"
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    rows, incomplete = _recommendations(database)
    assert rows > 0 and incomplete == 0
