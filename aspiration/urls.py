"""URL map. Each app with pages has ``urls.py`` (mounted at ``/<app>/``) and may list ``NAV``
entries (``[(url name, label)]``) that the header shows."""

from importlib import import_module

from django.contrib import admin
from django.urls import include, path

from aspiration.api.urls import api

APPS_WITH_PAGES = ("search", "nlp", "tracking", "watch", "reports", "corpus", "reference", "accounts", "jobs")
# Apps whose pages live under another name than the app's: the corpus's pages are the import pages.
MOUNTED_AT = {"corpus": "imports"}


def _app_urls() -> list:
    patterns = []
    for app in APPS_WITH_PAGES:
        try:
            import_module(f"aspiration.{app}.urls")
        except ModuleNotFoundError as error:
            if error.name != f"aspiration.{app}.urls":
                raise
            continue
        patterns.append(path(f"{MOUNTED_AT.get(app, app)}/", include(f"aspiration.{app}.urls")))
    return patterns


urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    *_app_urls(),
    path("", include("aspiration.web.urls")),
]
