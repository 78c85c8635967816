"""The app starts, the home page and health endpoint answer, and the CLI migrates a fresh home."""

import subprocess
import sys

import pytest


@pytest.mark.django_db
def test_home_page_shows_corpus_counts(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"recommendations" in response.content


@pytest.mark.django_db
def test_health_reports_database(client):
    body = client.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["database"] in {"sqlite", "postgresql"}


def test_cli_creates_and_migrates_a_fresh_home(tmp_path):
    env = {"ASPIRATION_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "DATABASE_URL": ""}
    result = subprocess.run([sys.executable, "-m", "aspiration", "showmigrations", "corpus"],
                            env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "[X] 0001_initial" in result.stdout
    assert (tmp_path / "aspiration.sqlite3").exists()
