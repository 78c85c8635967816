from __future__ import annotations

import signal
import subprocess
import sys

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

        worker = None if no_worker else start_worker()
        # SIGTERM (a service manager, `kill`) must stop the worker too, as Ctrl+C does.
        signal.signal(signal.SIGTERM, _interrupt)
        self.stdout.write(self.style.SUCCESS(f"Aspiration is serving on http://{host}:{port}/ (Ctrl+C stops it)"))
        try:
            serve(application, host=host, port=port, threads=threads, ident="aspiration")
        except KeyboardInterrupt:
            pass
        finally:
            if worker is not None:
                stop_worker(worker)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


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
