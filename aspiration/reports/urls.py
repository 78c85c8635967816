from django.urls import path
from django.utils.translation import gettext_lazy as _

from aspiration.accounts.permissions import can_generate_reports
from aspiration.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/download/", views.download, name="download"),
]

NAV = [("reports:index", _("Reports"), can_generate_reports)]
