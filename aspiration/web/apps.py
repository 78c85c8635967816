from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "aspiration.web"
    label = "web"
