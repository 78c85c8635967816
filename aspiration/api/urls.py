"""The REST API: one router per app, documented at /api/docs."""

from ninja import NinjaAPI, Status

from aspiration import __version__
from aspiration.corpus.api import router as corpus_router
from aspiration.reference.api import router as reference_router
from aspiration.search import warm
from aspiration.search.api import router as search_router
from aspiration.search.match_api import router as match_router
from aspiration.tracking.api import router as tracking_router
from aspiration.watch.api import router as watch_router

api = NinjaAPI(
    title="Aspiration API",
    version=__version__,
    description="UN human rights recommendations: corpus, labels, search, tracking, early warning.",
    urls_namespace="api",
)


@api.get("/health", tags=["meta"], response={200: dict, 503: dict})
def health(request):
    """Status "ok" once the server has loaded its models (``aspiration serve`` warms up first), "starting" (503) before."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    ready = warm.ready()
    body = {"status": "ok" if ready else "starting", "version": __version__, "database": connection.vendor}
    return Status(200 if ready else 503, body)


# (path under /api/, router): each app that offers an API has a ``router`` in its ``api`` module.
ROUTERS = (
    ("reference", reference_router),
    ("corpus", corpus_router),
    ("recommendations", search_router),
    ("match", match_router),
    ("tracking", tracking_router),
    ("watch", watch_router),
)
for prefix, router in ROUTERS:
    api.add_router(f"/{prefix}", router)
