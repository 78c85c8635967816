from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "aspiration.jobs"
    label = "jobs"
