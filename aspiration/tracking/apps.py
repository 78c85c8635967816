from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "aspiration.tracking"
    label = "tracking"
