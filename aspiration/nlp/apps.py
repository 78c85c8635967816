from django.apps import AppConfig


class NlpConfig(AppConfig):
    name = "aspiration.nlp"
    label = "nlp"
