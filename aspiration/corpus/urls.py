"""Import pages, mounted at ``/imports/`` (see ``aspiration.navigation.APP_PAGES``)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from aspiration.accounts.permissions import can_import
from aspiration.corpus import views

app_name = "corpus"

NAV = [("corpus:imports", _("Import"), can_import)]

urlpatterns = [
    path("", views.upload, name="imports"),
    path("<str:token>/state/", views.state, name="state"),
    path("<str:token>/columns/", views.columns, name="columns"),
    path("batches/<int:pk>/rejected.csv", views.rejected_rows, name="rejected"),
]
