from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "aspiration.reference"
    label = "reference"
