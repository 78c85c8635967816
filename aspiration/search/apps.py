from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "aspiration.search"
    label = "search"
