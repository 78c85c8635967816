from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "aspiration.accounts"
    label = "accounts"
