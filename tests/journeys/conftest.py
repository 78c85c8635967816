"""A real install for journey tests: an empty ASPIRATION_HOME, ``aspiration setup``, the server, a browser.

Nothing here reaches into the server's database for the steps under test: the journeys act only
through the pages a person sees. After a step, ``Instance.query`` reads what was stored through
``aspiration shell`` in a separate process, the way an administrator would check it.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM

ASPIRATION = Path(sys.executable).with_name("aspiration")
POSTGRES_URL = os.environ.get("DATABASE_URL", "")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Instance:
    home: Path
    env: dict
    base_url: str = ""
    admin_password: str = ""
    server: subprocess.Popen | None = None
    log: Path | None = None

    def run(self, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
        result = subprocess.run([str(ASPIRATION), *args], env=self.env, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise AssertionError(f"aspiration {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def query(self, code: str):
        """Run Python in ``aspiration shell`` on the instance; ``code`` assigns ``result``, returned as JSON."""
        script = f"import json\n{code}\nprint('@@' + json.dumps(result, default=str))"
        output = self.run("shell", "-c", script).stdout
        return json.loads(output.split("@@", 1)[1])

    def server_log(self) -> str:
        return self.log.read_text(errors="replace")[-5000:] if self.log and self.log.exists() else ""


def _create_database(url: str) -> tuple[str, str]:
    """A fresh PostgreSQL database next to the suite's, so the journey starts as empty as a new install."""
    import psycopg

    name = f"aspiration_journey_{secrets.token_hex(4)}"
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + f"/{name}", name


def _drop_database(url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def instance(tmp_path_factory):
    """A fresh install served on a free port, with its background worker; stopped after the module."""
    if not CHROMIUM.exists():
        pytest.skip("journey tests need Debian's Chromium at /usr/bin/chromium (apt-get install chromium)")
    home = tmp_path_factory.mktemp("aspiration-home")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "ASPIRATION_"))}
    env["ASPIRATION_HOME"] = str(home)
    database = None
    if POSTGRES_URL.startswith("postgres"):
        env["DATABASE_URL"], database = _create_database(POSTGRES_URL)
    else:
        env.pop("DATABASE_URL", None)
    installed = Instance(home=home, env=env)
    try:
        setup = installed.run("setup", timeout=900).stdout
        installed.admin_password = re.search(r"Password: (\S+)", setup).group(1)
        port = _free_port()
        installed.base_url = f"http://127.0.0.1:{port}"
        installed.log = home / "server.log"
        with installed.log.open("w") as log:
            installed.server = subprocess.Popen([str(ASPIRATION), "serve", "--port", str(port)], env=env,
                                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        _wait_for(installed)
        yield installed
    finally:
        if installed.server is not None:
            os.killpg(installed.server.pid, signal.SIGTERM)
            try:
                installed.server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(installed.server.pid, signal.SIGKILL)
        if database:
            _drop_database(POSTGRES_URL, database)


def _wait_for(installed: Instance, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if installed.server.poll() is not None:
            raise AssertionError(f"the server stopped:\n{installed.server_log()}")
        try:
            with socket.create_connection(("127.0.0.1", int(installed.base_url.rsplit(":", 1)[1])), timeout=1):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"the server did not answer within {seconds} s:\n{installed.server_log()}")


@pytest.fixture
def visit(browser, instance):
    """``visit()`` opens a new browser context (a person at their own computer) on the instance."""
    contexts = []

    def open_page(language: str = "en"):
        context = browser.new_context(base_url=instance.base_url, viewport={"width": 1280, "height": 900},
                                              accept_downloads=True, locale=language)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(20000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def log_in(page, username: str, password: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "/login/" not in page.url, f"login as {username} failed"


def accept_suggested_cluster(page, instance: Instance, suggestion, plan_id: int) -> list[int]:
    """Accept a suggested cluster with its button, as a coordinator does, and check that the plan's cluster stores
    exactly the recommendations the suggestion's form carried (those shown and those folded away)."""
    suggested = sorted(int(v) for v in suggestion.locator("input[name=recommendation_ids]").evaluate_all(
        "nodes => nodes.map(n => n.value)"))
    with page.expect_navigation():
        suggestion.get_by_role("button", name="Create this cluster").click()
    assert page.get_by_text(re.compile(f"created with {len(suggested)} recommendation")).is_visible()
    stored = instance.query(
        "from aspiration.tracking.models import Cluster\n"
        f"result = sorted(Cluster.objects.get(plan_id={plan_id}).recommendations.values_list('pk', flat=True))")
    assert stored == suggested
    return suggested
