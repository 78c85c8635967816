"""Load: concurrent clients against a real `aspiration serve`, alone and during a 20k-row table import.

    .venv/bin/python benchmarks/load.py [--databases sqlite postgres] [--workers 1 2] [--clients 20 50]
                                        [--seconds 30] [--import-rows 20000] [--output FILE.json] [--keep DIR]

Each database gets one prepared instance (``aspiration setup`` with the demo corpus, a published plan with
actions, a coordinator with an API token); every run starts from a copy of it, so runs do not see each
other's imports. Clients are threads in this process, at most ``--clients`` requests in flight, on
loopback only. Each client loops over a mix: search pages (``/explore/?q=...``, 50%), other pages (home,
recommendation, country, the published plan: 30%) and API writes (a progress update posted with the
token: 20%). An error is a 5xx, a refused write or a failed connection. "During import" starts
``aspiration import table`` on a generated 20,000-row CSV (then labelling and indexing, as the command
does) a few seconds before the clients and stops it when they finish.

On a shared machine the wall-clock numbers depend on what else runs, so each run also reports the CPU
time the server's processes spent per request (``cpu_ms_per_request``) and the load average at its
start: 2 cores divided by that CPU time is what the same server would answer on two idle cores. Before
each database's runs the bare engine is timed in the same way (``bare_engine``: a search in one process,
no HTTP, no other clients; a full facet build), so the load's numbers can be read against it.
``--keep DIR`` keeps the prepared instances there and reuses them on the next run.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("BENCHMARK_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
SEARCHES = ["education", "torture", "women", "children", "disability", "freedom of expression", "death penalty",
            "migrants", "police", "health", "journalists", "discrimination", "indigenous peoples", "trafficking",
            "prison conditions", "birth registration", "gender equality", "human rights defenders"]
COUNTRIES = ["KEN", "FRA", "BRA", "IND", "EGY", "CHN", "MEX", "NGA"]
TARGETS = {"errors": 0, "search_p95_s_at_20": 1.0, "requests_per_s": 30}

PREPARE = """
import json
from datetime import date
from aspiration.accounts.models import ApiToken, Institution, User
from aspiration.corpus.models import Recommendation
from aspiration.reference.models import Country
from aspiration.tracking.models import Action, Plan

state = Country.objects.get(iso3="KEN")
ministry = Institution.objects.create(name="Ministry of Justice", country=state)
coordinator = User.objects.create_user(username="load-coordinator", password="Load-test-password-2026",
                                       role="coordinator")
plan = Plan.objects.create(state=state, title="National action plan", period_start=date(2026, 1, 1),
                           period_end=date(2029, 12, 31), published=True)
actions = [Action.objects.create(plan=plan, title=f"Action {n}", responsible_institution=ministry).pk for n in range(20)]
_token, secret = ApiToken.issue(coordinator, "load benchmark")
print(json.dumps({"token": secret, "actions": actions, "plan": plan.pk,
                  "recommendations": list(Recommendation.objects.values_list("pk", flat=True)[:500])}))
"""


# The bare engine in the same run, in one process without HTTP or other clients: what a search and a full
# facet build cost at that moment on this machine (the load's numbers are read against these).
BARE = """
import json, os, statistics, time
from aspiration.search import facets
from aspiration.search.engine import SearchQuery, search
searches = json.loads(%r)
for text in searches:
    search(SearchQuery(text=text))
took = []
for _ in range(3):
    for text in searches:
        started = time.perf_counter()
        search(SearchQuery(text=text))
        took.append(time.perf_counter() - started)
builds = []
for _ in range(3):
    started = time.perf_counter()
    facets.build(facets._stamp())
    builds.append(time.perf_counter() - started)
print(json.dumps({"search_median_ms": round(1000 * statistics.median(took), 1),
                  "search_p95_ms": round(1000 * sorted(took)[int(0.95 * (len(took) - 1))], 1),
                  "facet_full_build_ms": round(1000 * statistics.median(builds), 1), "load_average": os.getloadavg()[0]}))
"""


def bare(base: dict, scratch: Path) -> dict:
    env = instance_copy(base, scratch, "bare")
    done = aspiration(env, "shell", "-v", "0", "-c", BARE % json.dumps(SEARCHES), timeout=600)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(json.dumps({"database": base["kind"], "bare": result}), file=sys.stderr)
    return {"database": base["kind"], **result}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def aspiration(env: dict, *args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "aspiration", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, **kwargs)
    if check and done.returncode:
        raise RuntimeError(f"aspiration {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done


def postgres(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def environment(home: Path, database: str | None) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "ASPIRATION_"))}
    env.update({"ASPIRATION_HOME": str(home), "DATABASE_URL": f"{POSTGRES}/{database}" if database else ""})
    return env


def prepare(kind: str, scratch: Path) -> dict:
    """The instance every run of this database starts from (reused when ``scratch`` has it already)."""
    home = scratch / f"base-{kind}"
    database = "bench_load_base" if kind == "postgres" else None
    if (home / "world.json").exists():
        return {"kind": kind, "home": home, "database": database, "world": json.loads((home / "world.json").read_text())}
    if database:
        postgres(f"DROP DATABASE IF EXISTS {database}")
        postgres(f"CREATE DATABASE {database}")
    env = environment(home, database)
    started = time.perf_counter()
    aspiration(env, "setup", timeout=1800)
    world = json.loads(aspiration(env, "shell", "-v", "0", "-c", PREPARE).stdout.strip().splitlines()[-1])
    print(f"[{kind}] prepared in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    (home / "world.json").write_text(json.dumps(world))
    return {"kind": kind, "home": home, "database": database, "world": world}


def instance_copy(base: dict, scratch: Path, name: str) -> dict:
    home = scratch / name
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(base["home"], home)
    database = None
    if base["database"]:
        database = "bench_load_run"
        postgres(f"DROP DATABASE IF EXISTS {database}")
        postgres(f"CREATE DATABASE {database} TEMPLATE {base['database']}")
    return environment(home, database)


def import_file(path: Path, rows: int, seed: int) -> Path:
    """A table of new, distinct recommendations (the seed keeps runs from importing each other's rows)."""
    rng = random.Random(seed)
    verbs = ["Strengthen", "Adopt", "Ensure", "Guarantee", "Establish", "Review", "Repeal", "Implement"]
    objects = ["measures to protect", "a national plan for", "access to justice for", "legislation on the rights of",
               "independent monitoring of the situation of", "training of officials on the rights of"]
    groups = ["women", "children", "persons with disabilities", "migrants", "indigenous peoples", "older persons",
              "journalists", "human rights defenders", "detainees", "minorities"]
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["text", "state", "session"])
        for n in range(rows):
            writer.writerow([f"{rng.choice(verbs)} {rng.choice(objects)} {rng.choice(groups)} in every region "
                             f"(reference {seed}-{n}, {rng.randrange(10**9)}).", rng.choice(COUNTRIES),
                             rng.randrange(1, 45)])
    return path


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"search": [], "page": [], "write": []})
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors[error] = self.errors.get(error, 0) + 1


def request(port: int, method: str, path: str, body: dict | None, token: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Accept-Language": "en"}
        payload = None
        if body is not None:
            payload = json.dumps(body)
            headers.update({"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
        connection.request(method, path, payload, headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def client(port: int, world: dict, tally: Tally, stop: threading.Event, seed: int) -> None:
    rng = random.Random(seed)
    pages = ["/", f"/tracking/portal/{world['plan']}/", "/tracking/portal/"]
    while not stop.is_set():
        roll = rng.random()
        if roll < 0.5:
            kind, method, body = "search", "GET", None
            path = f"/explore/?q={rng.choice(SEARCHES).replace(' ', '+')}&page={rng.choice([1, 1, 1, 2])}"
        elif roll < 0.8:
            kind, method, body = "page", "GET", None
            path = rng.choice([*pages, f"/recommendation/{rng.choice(world['recommendations'])}/",
                               f"/country/{rng.choice(COUNTRIES)}/"])
        else:
            kind, method, path = "write", "POST", "/api/tracking/progress-updates"
            body = {"action_id": rng.choice(world["actions"]), "date": "2026-12-02", "status": "in_progress",
                    "narrative": f"Progress reported under load ({rng.randrange(10**6)})."}
        started = time.perf_counter()
        try:
            status = request(port, method, path, body, world["token"])
            error = None if status < 400 or (kind != "write" and status == 404) else f"{kind} {status}"
        except OSError as exc:
            error = f"{kind} {type(exc).__name__}"
        tally.add(kind, time.perf_counter() - started, error)


def tree_cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its living descendants."""
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            pending += [int(child) for task in Path(f"/proc/{current}/task").glob("*/children")
                        for child in task.read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def wait_until_up(port: int, server: subprocess.Popen, limit: float = 240) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server ended ({server.returncode})")
        try:
            if request(port, "GET", "/", None, "") == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise RuntimeError("the server did not answer")


def run(base: dict, scratch: Path, workers: int, clients: int, seconds: float, import_rows: int, seed: int) -> dict:
    env = instance_copy(base, scratch, "run")
    port = free_port()
    server_log = scratch / f"server-{seed}.log"  # where an error's traceback is read from
    server = subprocess.Popen([sys.executable, "-m", "aspiration", "serve", "--workers", str(workers),
                               "--port", str(port), "--threads", "8"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=server_log.open("wb"), start_new_session=True)
    importer = None
    try:
        wait_until_up(port, server)
        for path in ["/", "/explore/?q=education", f"/country/{COUNTRIES[0]}/"]:  # first requests load caches
            request(port, "GET", path, None, "")
        if import_rows:
            table = import_file(scratch / f"table-{seed}.csv", import_rows, seed)
            importer = subprocess.Popen([sys.executable, "-m", "aspiration", "import", "table", str(table),
                                         "--map", "text=text,state=state,session=session", "--mechanism", "UPR",
                                         "--language", "en"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)
            time.sleep(3)  # the import is reading and writing when the clients start
        tally, stop = Tally(), threading.Event()
        load_average = os.getloadavg()[0]
        cpu_before = tree_cpu_seconds(server.pid)
        threads = [threading.Thread(target=client, args=(port, base["world"], tally, stop, seed * 1000 + n))
                   for n in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        time.sleep(seconds)
        stop.set()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        server_cpu = tree_cpu_seconds(server.pid) - cpu_before
        import_state = None
        if importer is not None:
            import_state = "finished" if importer.poll() == 0 else (
                "running" if importer.poll() is None else f"failed ({importer.returncode})")
    finally:
        for process in (importer, server):
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(60)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
    every = [value for values in tally.latencies.values() for value in values]
    result = {"database": base["kind"], "workers": workers, "clients": clients,
              "during_import": bool(import_rows), "import_at_end": import_state, "seconds": round(elapsed, 1),
              "requests": len(every), "per_second": round(len(every) / elapsed, 1),
              "errors": sum(tally.errors.values()), "error_kinds": tally.errors,
              "p50_s": percentile(every, 0.5), "p95_s": percentile(every, 0.95), "load_average_at_start": load_average,
              "cpu_ms_per_request": round(1000 * server_cpu / max(len(every), 1), 1)}
    for kind, values in tally.latencies.items():
        result[f"{kind}_count"] = len(values)
        result[f"{kind}_p50_s"], result[f"{kind}_p95_s"] = percentile(values, 0.5), percentile(values, 0.95)
    print(json.dumps(result), file=sys.stderr)
    if result["errors"]:  # an error must be explained, not only counted: the server's last tracebacks
        print(server_log.read_text(errors="replace")[-6000:], file=sys.stderr)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    parser.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    parser.add_argument("--clients", nargs="+", type=int, default=[20, 50])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--import-rows", type=int, default=20000)
    parser.add_argument("--output", type=Path, help="write the results as JSON here")
    parser.add_argument("--keep", type=Path, help="keep the prepared instances in this folder and reuse them")
    args = parser.parse_args()
    if max(args.clients) > 100:
        parser.error("--clients: at most 100 (a bounded load on loopback, not a flood)")
    results, engine = [], []
    with tempfile.TemporaryDirectory(prefix="asp-load-") as scratch_name:
        scratch = args.keep or Path(scratch_name)
        scratch.mkdir(parents=True, exist_ok=True)
        for kind in args.databases:
            base = prepare(kind, scratch)
            engine.append(bare(base, scratch))
            seed = 0
            for import_rows in (0, args.import_rows):
                for workers in args.workers:
                    for clients in args.clients:
                        seed += 1
                        results.append(run(base, scratch, workers, clients, args.seconds, import_rows, seed))
            if base["database"]:
                postgres("DROP DATABASE IF EXISTS bench_load_run")
                if not args.keep:
                    postgres(f"DROP DATABASE IF EXISTS {base['database']}")
    report = {"date": time.strftime("%Y-%m-%d"), "cpus": os.cpu_count(), "load_average_at_end": os.getloadavg(),
              "targets": TARGETS, "bare_engine": engine, "results": results}
    text = json.dumps(report, indent=1)
    if args.output:
        args.output.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
