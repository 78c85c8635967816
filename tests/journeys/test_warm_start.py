"""``aspiration serve`` answers at once, says "starting" while it loads the encoder, vectors, stemmers and
jieba, then "ok"; the first semantic and Chinese searches after that need no loading."""

from __future__ import annotations

import json
import signal
import subprocess
import time
import urllib.error
import urllib.request

from tests.journeys.conftest import ASPIRATION, _free_port


def _health(url: str) -> str | None:
    try:
        with urllib.request.urlopen(f"{url}/api/health", timeout=2) as response:
            return json.load(response)["status"]
    except urllib.error.HTTPError as error:
        return json.load(error)["status"]
    except OSError:
        return None


def test_serve_is_starting_until_warm_then_ok(instance):
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(ASPIRATION), "serve", "--no-worker", "--port", str(port)], env=instance.env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    seen: list[str] = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "ok" not in seen:
            status = _health(url)
            if status and (not seen or seen[-1] != status):
                seen.append(status)
            time.sleep(0.05)
        assert seen == ["starting", "ok"]
        for q in ("discrimination against women", "妇女歧视"):
            with urllib.request.urlopen(f"{url}/api/recommendations?mode=semantic&q={urllib.request.quote(q)}",
                                        timeout=30) as response:
                assert json.load(response)["count"] > 0
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
