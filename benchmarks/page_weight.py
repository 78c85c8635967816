"""Page weight with compression: the explore page, a search and the API on an installed corpus, and the static
files those pages load, through Django's test client in process (warm: the first request of each is not timed).

Next to the page times, the bare engine call the no-query page makes (``search.engine.search`` with its facets),
in the same run, so what rendering adds is visible.

Usage (on a home prepared by ``aspiration setup``):
    ASPIRATION_HOME=/path/to/home OMP_NUM_THREADS=1 nice -n 10 python benchmarks/page_weight.py [--runs 10]
Prints a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aspiration.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from aspiration.corpus.models import Recommendation  # noqa: E402
from aspiration.search.engine import SearchQuery, search  # noqa: E402

PAGES = ("/explore/", "/explore/?q=torture", "/api/recommendations?q=torture")


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _timed(call, runs: int) -> tuple[float, float]:
    """(median, slowest) in milliseconds, after one untimed call."""
    call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    client = Client()
    print(f"{Recommendation.objects.count():,} recommendations; median (slowest) of {runs} warm requests\n")
    print("| request | uncompressed | gzip | time |")
    print("|---|---|---|---|")
    for url in PAGES:
        plain = len(_body(client.get(url)))
        compressed = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert compressed.get("Content-Encoding") == "gzip", url
        median, slowest = _timed(lambda url=url: _body(client.get(url, HTTP_ACCEPT_ENCODING="gzip")), runs)
        print(f"| `{url}` | {plain:,} B | {len(_body(compressed)):,} B | {median:.0f} ms ({slowest:.0f}) |")
    median, slowest = _timed(lambda: search(SearchQuery()), runs)
    print(f"| bare engine: `search(SearchQuery())` (no query, facets) | | | {median:.0f} ms ({slowest:.0f}) |")

    html = _body(client.get("/explore/")).decode()
    assets = sorted(set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html)))
    print("\n| static file on /explore/ | gzip | Cache-Control |")
    print("|---|---|---|")
    total = 0
    for url in assets:
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        size = len(_body(response))
        total += size
        print(f"| `{url}` | {size:,} B | `{response['Cache-Control']}` |")
    print(f"| all, first visit | {total:,} B | |")


if __name__ == "__main__":
    main()
