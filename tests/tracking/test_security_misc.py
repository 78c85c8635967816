"""Issue 11's last items: an edit must carry its version, a failed feed import fails, and HTTPS behind a proxy."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.tracking.conftest import client_for
from tests.tracking.test_locking_and_audit import _edit


def test_a_web_edit_without_its_version_is_refused(client, world):
    client_for(client, world, "focal_a")
    url = reverse("tracking:action_edit", args=[world.action_a.pk])
    assert client.post(url, _edit(world, "Someone else's change", 1)).status_code == 302
    stale = _edit(world, "Written over it unseen", 1)
    del stale["expected_version"]
    response = client.post(url, stale)
    assert response.status_code == 409
    assert "reload the page" in response.content.decode()
    world.action_a.refresh_from_db()
    assert world.action_a.title == "Someone else's change" and world.action_a.version == 2


def test_watch_import_fails_when_every_file_is_refused(db, tmp_path):
    broken = tmp_path / "feed.json"
    broken.write_text("{ this is not json")
    with pytest.raises(CommandError, match="every file"):
        call_command("watch", "import", str(broken), stdout=open(os.devnull, "w"), stderr=open(os.devnull, "w"))  # noqa: SIM115


def _settings_with(env: dict[str, str], expression: str) -> str:
    script = f"import django; django.setup(); from django.conf import settings; print({expression})"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ASPIRATION_")} | env
    run = subprocess.run([sys.executable, "-c", script], env=environment | {"DJANGO_SETTINGS_MODULE": "aspiration.settings"},
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def test_proxy_https_header_is_trusted_only_when_asked(tmp_path):
    home = {"ASPIRATION_HOME": str(tmp_path)}
    assert _settings_with(home, "settings.SECURE_PROXY_SSL_HEADER") == "None"
    behind_proxy = home | {"ASPIRATION_HTTPS": "1", "ASPIRATION_TRUST_PROXY_HTTPS": "1"}
    trusted = _settings_with(behind_proxy, "settings.SECURE_PROXY_SSL_HEADER")
    assert trusted == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_behind_a_proxy_https_requests_are_not_redirected_again(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https").status_code == 200
    assert client.get(reverse("login")).status_code == 301  # plain HTTP still goes to HTTPS
