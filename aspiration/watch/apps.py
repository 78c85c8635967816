from django.apps import AppConfig


class WatchConfig(AppConfig):
    name = "aspiration.watch"
    label = "watch"
