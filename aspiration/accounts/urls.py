from django.urls import path
from django.utils.translation import gettext_lazy as _

from aspiration.accounts import views

app_name = "accounts"

NAV = [("accounts:account", _("Account"), lambda user: user.is_authenticated)]

urlpatterns = [
    path("", views.account, name="account"),
    path("tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
]
