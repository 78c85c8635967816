"""URL map: the API, the administration, each app's pages under its prefix (``navigation.APP_PAGES``),
and the public pages at the root."""

from django.contrib import admin
from django.urls import include, path

from aspiration.api.urls import api
from aspiration.navigation import APP_PAGES

urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    *[path(f"{prefix}/", include(module)) for prefix, module in APP_PAGES],
    path("", include("aspiration.web.urls")),
]

handler400 = "aspiration.web.errors.bad_request"
