"""The apps with pages: where each is mounted (``aspiration.urls``) and the header's entries they offer.

Each app's ``urls.py`` may list ``NAV = [(url name, label, visible)]``, where ``visible(user) -> bool``
decides who sees the entry; the header shows them in the order of ``APP_PAGES``. This module sits
above every app (like the URL map), so no app imports the others' pages to build its header.
"""

from __future__ import annotations

from django.urls import reverse

from aspiration.accounts import urls as accounts_urls
from aspiration.corpus import urls as corpus_urls
from aspiration.jobs import urls as jobs_urls
from aspiration.labelling import urls as labelling_urls
from aspiration.reports import urls as reports_urls
from aspiration.tracking import urls as tracking_urls
from aspiration.watch import urls as watch_urls

# (prefix, urls module). The labelling desk stays at /nlp/ (its app label, see docs/decisions.md) so links
# keep working; the corpus's pages are the import pages.
APP_PAGES = (
    ("nlp", labelling_urls),
    ("tracking", tracking_urls),
    ("watch", watch_urls),
    ("reports", reports_urls),
    ("imports", corpus_urls),
    ("accounts", accounts_urls),
    ("jobs", jobs_urls),
)


def navigation(request) -> dict:
    """Template context processor: the header entries this user may see."""
    items = []
    for _prefix, module in APP_PAGES:
        for url_name, label, visible in getattr(module, "NAV", []):
            if visible(request.user):
                items.append({"url": reverse(url_name), "label": label})
    return {"nav_items": items}
