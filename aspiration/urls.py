"""URL map. Each app with pages has ``urls.py``, mounted under the prefix given in ``APP_PAGES``, and may
list ``NAV`` entries (``[(url name, label, visible)]``) that the header shows, in this order."""

from django.contrib import admin
from django.urls import include, path

from aspiration.accounts import urls as accounts_urls
from aspiration.api.urls import api
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

urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    *[path(f"{prefix}/", include(module)) for prefix, module in APP_PAGES],
    path("", include("aspiration.web.urls")),
]
