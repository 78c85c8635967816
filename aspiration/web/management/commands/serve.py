from __future__ import annotations

import signal
import subprocess
import sys
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from aspiration.web.static_files import manifest_is_stale


class Command(BaseCommand):
    help = ("Serve the web app and API with a production WSGI server (waitress; gunicorn with --workers 2 or more), "
            "with one background worker for the jobs (imports, labelling, indexing) unless --no-worker.")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8, help="threads per web process")
        parser.add_argument("--workers", type=int, default=1,
                            help="web processes: 1 (waitress, threads only) or more (gunicorn, one per core is a good "
                                 "start; needs Linux or macOS)")
        parser.add_argument("--no-worker", action="store_true",
                            help="do not start a worker (run `aspiration worker` elsewhere, or jobs stay queued)")

    def handle(self, *args, host: str, port: int, threads: int, workers: int, no_worker: bool, **options):
        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads must be at least 1")
        if manifest_is_stale():
            # Pages link to the hashed names only collectstatic knows (`aspiration setup` runs it; an upgrade served
            # without setup would link stale names).
            self.stdout.write("Collecting the static files...")
            call_command("collectstatic", interactive=False, verbosity=0)
        worker = None if no_worker else Supervised()
        # SIGTERM (a service manager, `kill`) must stop the worker too, as Ctrl+C does (gunicorn handles it itself).
        signal.signal(signal.SIGTERM, _interrupt)
        processes = "1 web process" if workers == 1 else f"{workers} web processes"
        self.stdout.write(self.style.SUCCESS(f"Aspiration is serving on http://{host}:{port}/ with {processes} "
                                             "(Ctrl+C stops it)"))
        try:
            if workers == 1:
                from waitress import serve

                from aspiration.search import warm
                from aspiration.wsgi import application

                # Answer at once (health says "starting"), while the models load beside the listener.
                warm.starting()
                threading.Thread(target=warm.warm, name="warm-up", daemon=True).start()
                serve(application, host=host, port=port, threads=threads, ident="aspiration")
            else:
                from aspiration.web import prefork

                prefork.serve(host, port, workers, threads)
        except KeyboardInterrupt:
            pass
        finally:
            if worker is not None:
                worker.stop()


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class Supervised:
    """The worker process, started again if it ends on its own (a crash must not leave jobs queued forever)."""

    def __init__(self, check_every: float = 5):
        self.process = start_worker()
        self.stopping = threading.Event()
        self.watcher = threading.Thread(target=self._watch, args=(check_every,), daemon=True)
        self.watcher.start()

    def _watch(self, check_every: float) -> None:
        while not self.stopping.wait(check_every):
            if self.process.poll() is not None:
                self.process = start_worker()

    def stop(self) -> None:
        self.stopping.set()
        self.watcher.join()
        stop_worker(self.process)


def start_worker() -> subprocess.Popen:
    """One `aspiration worker` beside the web server, in its own process (the work is CPU-bound)."""
    return subprocess.Popen([sys.executable, "-m", "aspiration", "worker", "--verbosity", "0"])


def stop_worker(worker: subprocess.Popen, grace: float = 30) -> None:
    """Ask the worker to stop after its current job (SIGTERM), then end it if it does not."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(grace)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
