from django.urls import path
from django.utils.translation import gettext_lazy as _

from aspiration.accounts import views
from aspiration.accounts.permissions import is_signed_in

app_name = "accounts"

NAV = [("accounts:account", _("Account"), is_signed_in)]

urlpatterns = [
    path("", views.account, name="account"),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
]
