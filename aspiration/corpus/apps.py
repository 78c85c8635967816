from django.apps import AppConfig


class CorpusConfig(AppConfig):
    name = "aspiration.corpus"
    label = "corpus"
