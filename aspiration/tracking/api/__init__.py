"""REST API for plans, actions, indicators, measurements and progress updates (mounted at /api/tracking/).

Same permission helpers as the pages, and the same rules (``aspiration.tracking.validation`` and the models'
``clean()``). Reads without credentials see published plans only. Updates must send the ``version`` they were
based on: a stale version gets HTTP 409. Lists are paged with ``limit`` and ``offset``: the body stays a
JSON list, ``X-Total-Count`` gives the total and ``Link: rel="next"`` the following page.
"""

from ninja import Router

from aspiration.tracking.api import actions, indicators, plans, progress

router = Router(tags=["tracking"])
for module in (plans, actions, indicators, progress):
    router.add_router("", module.router)
