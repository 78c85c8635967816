"""``aspiration serve --workers N`` (N > 1): gunicorn's pre-forking server, so Python uses every core.

The application, the sentence encoder and the early-warning model are loaded once in the parent and
then forked (copy-on-write: N workers cost little more memory than one, and none pays the encoder's
start-up on its first search). The job worker is not one of these processes: ``serve`` supervises it
once, beside gunicorn.
"""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


def warm_up() -> Any:
    """The WSGI application with what requests load lazily already loaded, ready to fork."""
    from importlib import import_module

    from django.conf import settings
    from django.db import connections

    from aspiration.search import warm
    from aspiration.watch.scoring.model import shipped_model
    from aspiration.wsgi import application

    import_module(settings.ROOT_URLCONF)  # and with it every view module
    warm.warm()  # the encoder, vectors, stemmers and jieba, before gunicorn listens
    shipped_model()
    connections.close_all()  # a connection opened while loading must not be shared by the forked workers
    return application


class PreforkServer(BaseApplication):
    def __init__(self, options: dict[str, Any]):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return warm_up()


def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Blocks until the server stops (SIGTERM or Ctrl+C: gunicorn stops its workers, then raises SystemExit)."""
    PreforkServer({
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "preload_app": True,
        "proc_name": "aspiration",
        # An export or a large page may take a while on a busy machine; imports and reports run as jobs.
        "timeout": 120,
        "accesslog": None,
        "loglevel": "warning",
        # Django alone decides whether a request came over HTTPS (ASPIRATION_TRUST_PROXY_HTTPS): gunicorn
        # would otherwise believe an X-Forwarded-Proto header from any local client.
        "forwarded_allow_ips": "",
        "secure_scheme_headers": {},
        "control_socket_disable": True,
    }).run()
