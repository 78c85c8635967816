from django.contrib import admin
from django.urls import include, path

from aspiration.api.urls import api

urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("", include("aspiration.web.urls")),
]
