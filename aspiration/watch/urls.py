from django.urls import path
from django.utils.translation import gettext_lazy as _

from aspiration.accounts.permissions import is_watch_analyst
from aspiration.watch import imports, views

app_name = "watch"

NAV = [("watch:dashboard", _("Early warning"), is_watch_analyst)]

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("import/", views.analyst_required(imports.feed_import_page), name="import"),
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/<int:pk>/", views.alert_detail, name="alert"),
    path("items/", views.item_list, name="items"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("countries/<str:iso3>/", views.country_risk, name="country"),
]
