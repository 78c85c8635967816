"""The first queries after ``aspiration serve`` starts: how long until health says "ok", and how long the
first semantic and the first Chinese search then take, next to the bare encoder's cold start in the same run.

    .venv/bin/python benchmarks/first_query.py                 # a fresh demo install (setup) in a temp home
    .venv/bin/python benchmarks/first_query.py --home PATH     # an existing, indexed ASPIRATION_HOME

Prints a Markdown table (paste into docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ASPIRATION = Path(sys.executable).with_name("aspiration")
BARE_ENCODER = ("import time; t = time.perf_counter(); from aspiration.nlp.embedding import UniversalSentenceEncoder; "
                "e = UniversalSentenceEncoder(); e.embed(['x']); cold = time.perf_counter() - t; t = time.perf_counter(); "
                "e.embed(['discrimination against women']); print(cold, time.perf_counter() - t)")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[float, dict | None]:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            body = json.load(response)
    except urllib.error.HTTPError as error:
        body = json.load(error)
    except OSError:
        body = None
    return time.perf_counter() - start, body


def _search(base: str, q: str, mode: str) -> float:
    """Seconds for one search over HTTP (a Chinese keyword query may find nothing in an English corpus: it still
    segments the query with jieba, which is what a cold first Chinese query paid for)."""
    elapsed, body = _get(f"{base}/api/recommendations?{urllib.parse.urlencode({'q': q, 'mode': mode})}")
    assert body is not None and "count" in body, body
    return elapsed


def measure(env: dict) -> dict:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    server = subprocess.Popen([str(ASPIRATION), "serve", "--no-worker", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        answered = None
        while True:
            _t, body = _get(f"{base}/api/health")
            now = time.perf_counter() - started
            if body is not None and answered is None:
                answered = now
            if body is not None and body["status"] == "ok":
                ready = now
                break
            time.sleep(0.05)
        first_semantic = _search(base, "discrimination against women", "semantic")
        first_chinese = _search(base, "妇女歧视", "keyword")
        first_chinese_semantic = _search(base, "消除对妇女的歧视", "semantic")
        warm = [_search(base, q, "semantic") for q in ("death penalty abolition", "freedom of expression journalists",
                                                        "rights of the child", "torture prevention", "migrant workers")]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return {"answers_after": answered, "ready_after": ready, "first_semantic": first_semantic,
            "first_chinese_keyword": first_chinese, "first_chinese_semantic": first_chinese_semantic,
            "warm_semantic_median": statistics.median(warm)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", help="an existing, indexed ASPIRATION_HOME (default: a fresh demo install)")
    args = parser.parse_args()
    home = args.home or tempfile.mkdtemp(prefix="aspiration-first-query-")
    env = {**os.environ, "ASPIRATION_HOME": home, "DATABASE_URL": ""}
    if not args.home:
        subprocess.run([str(ASPIRATION), "setup"], env=env, check=True, capture_output=True)
    cold, warm = map(float, subprocess.run([sys.executable, "-c", BARE_ENCODER], env=env, check=True,
                                           capture_output=True, text=True).stdout.split())
    count = subprocess.run([str(ASPIRATION), "shell", "-c", "from aspiration.corpus.models import Recommendation;"
                            " print(Recommendation.objects.count())"], env=env, check=True, capture_output=True,
                           text=True).stdout.split()[-1]
    result = measure(env)
    print(f"{count} recommendations, SQLite, `aspiration serve` (1 web process), over HTTP on loopback\n")
    print("| step | seconds |\n|---|---|")
    print(f"| serve started -> first answer (health \"starting\") | {result['answers_after']:.2f} |")
    print(f"| serve started -> health \"ok\" (encoder, vectors, stemmers, jieba loaded) | {result['ready_after']:.2f} |")
    print(f"| first semantic query after \"ok\" | {result['first_semantic']:.3f} |")
    print(f"| first Chinese keyword query | {result['first_chinese_keyword']:.3f} |")
    print(f"| first Chinese semantic query | {result['first_chinese_semantic']:.3f} |")
    print(f"| warm semantic query (median of 5) | {result['warm_semantic_median']:.3f} |")
    print(f"| bare encoder, same run: load + first encoding (cold) | {cold:.2f} |")
    print(f"| bare encoder, same run: one warm encoding | {warm:.3f} |")


if __name__ == "__main__":
    main()
