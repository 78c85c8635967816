"""The REST API: one router per app, documented at /api/docs."""

from ninja import NinjaAPI

from aspiration import __version__

api = NinjaAPI(
    title="Aspiration API",
    version=__version__,
    description="UN human rights recommendations: corpus, labels, search, tracking, early warning.",
    urls_namespace="api",
)


@api.get("/health", tags=["meta"])
def health(request):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"status": "ok", "version": __version__, "database": connection.vendor}


def _mount_routers() -> None:
    """Each app that offers an API has ``api.py`` with a ``router``; mount them here."""
    from importlib import import_module

    for app in ("reference", "corpus", "search", "tracking", "watch", "reports"):
        try:
            module = import_module(f"aspiration.{app}.api")
        except ModuleNotFoundError as error:
            if error.name != f"aspiration.{app}.api":
                raise
            continue
        api.add_router(f"/{getattr(module, 'PREFIX', app)}", module.router)
        for prefix, extra in getattr(module, "EXTRA_ROUTERS", {}).items():
            api.add_router(f"/{prefix}", extra)


_mount_routers()
