from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "aspiration.reports"
    label = "reports"
