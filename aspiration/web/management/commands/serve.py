from __future__ import annotations

import signal
import subprocess
import sys
import threading

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = ("Serve the web app and API with a production WSGI server (waitress), with one background worker for "
            "the jobs (imports, labelling, indexing) unless --no-worker.")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument("--no-worker", action="store_true",
                            help="do not start a worker (run `aspiration worker` elsewhere, or jobs stay queued)")

    def handle(self, *args, host: str, port: int, threads: int, no_worker: bool, **options):
        from waitress import serve

        from aspiration.wsgi import application

        worker = None if no_worker else Supervised()
        # SIGTERM (a service manager, `kill`) must stop the worker too, as Ctrl+C does.
        signal.signal(signal.SIGTERM, _interrupt)
        self.stdout.write(self.style.SUCCESS(f"Aspiration is serving on http://{host}:{port}/ (Ctrl+C stops it)"))
        try:
            serve(application, host=host, port=port, threads=threads, ident="aspiration")
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
