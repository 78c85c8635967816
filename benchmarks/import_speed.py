"""Import speed: all shared UPR Info files into a fresh home, SQLite (and PostgreSQL when reachable).

    .venv/bin/python benchmarks/import_speed.py [--data ../shared/data] [--no-postgres]

Each database runs in its own child process so that peak memory is that import's alone.
Reference data is loaded before the clock starts; the clock covers parsing, joint merging,
country/label resolution and writing (recommendations, recommending states, annotations).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
POSTGRES_URL = os.environ.get("BENCHMARK_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/asp_corpus_bench")
TARGET_SECONDS = 20


def child(data: Path) -> dict:
    """Runs inside the child: import every UPR Info file, return timings."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aspiration.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from aspiration.corpus.models import Recommendation
    from aspiration.corpus.services import import_file
    from benchmarks.report import peak_memory_mb

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("load_reference", verbosity=0)
    files = sorted((data / "upr-info").glob("upr-info-sessions-*.csv"))
    start, cpu_start = time.perf_counter(), time.process_time()
    rows = created = merged = rejected = 0
    for path in files:
        summary = import_file("upr-info", path)
        rows, created = rows + summary.read, created + summary.created
        merged, rejected = merged + summary.merged, rejected + summary.rejected
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return {"vendor": connection.vendor, "files": len(files), "rows": rows, "created": created, "merged": merged,
            "rejected": rejected, "seconds": seconds, "cpu_seconds": cpu, "peak_mb": peak_memory_mb(),
            "recommendations": Recommendation.objects.count()}


def run(data: Path, database_url: str | None) -> dict | None:
    env = {**os.environ, "ASPIRATION_HOME": tempfile.mkdtemp(prefix="asp-bench-")}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    done = subprocess.run([sys.executable, __file__, "--child", "--data", str(data)], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True, connect_timeout=3) as conn:
            name = POSTGRES_URL.rsplit("/", 1)[-1]
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
        return True
    except Exception:  # noqa: BLE001 - any failure means: no PostgreSQL leg
        return False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    data = Path(args.data)
    if args.child:
        print(json.dumps(child(data)))
        return
    load_before = os.getloadavg()[0]
    results = [run(data, None)]
    if not args.no_postgres and postgres_available():
        results.append(run(data, POSTGRES_URL))
    lines = ["| database | files | rows read | recommendations | rejected | wall s | CPU s | rows/s | peak MB | target ≤20 s |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for result in filter(None, results):
        lines.append(
            f"| {result['vendor']} | {result['files']} | {result['rows']} | {result['recommendations']} | {result['rejected']} | "
            f"{result['seconds']:.1f} | {result['cpu_seconds']:.1f} | {result['rows'] / result['seconds']:.0f} | "
            f"{result['peak_mb']:.0f} | {'met' if result['seconds'] <= TARGET_SECONDS else 'missed'} |")
    from benchmarks.report import write_section

    write_section("import_speed", "Import speed (UPR Info, 5 files)", "\n".join(lines) + (
        "\n\nAll shared UPR Info CSV files (sessions 1-17 and voluntary pledges) into a fresh database with reference "
        "data loaded; joint recommendations merged. Wall time depends on the machine's load (2 cores shared with other "
        f"jobs while measuring: load average {load_before:.1f} when it started); CPU seconds show the work itself, "
        "which is what an idle 2-core machine needs plus the disk writes. `benchmarks/import_speed.py`."))


if __name__ == "__main__":
    main()
