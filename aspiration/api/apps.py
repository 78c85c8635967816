from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "aspiration.api"
    label = "api"
