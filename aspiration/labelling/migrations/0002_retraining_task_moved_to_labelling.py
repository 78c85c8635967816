"""The retraining task moved from ``aspiration.nlp.jobs`` to ``aspiration.labelling.retraining``.

Jobs and queued tasks store the task's import path: rewrite it so a queued retraining still runs
and a failed one can still be retried after the upgrade.
"""

from django.db import migrations

OLD, NEW = "aspiration.nlp.jobs.retrain", "aspiration.labelling.retraining.retrain"


def rename(old: str, new: str):
    def forwards(apps, schema_editor):
        for model in (apps.get_model("jobs", "Job"), apps.get_model("django_tasks_database", "DBTaskResult")):
            model.objects.filter(task_path=old).update(task_path=new)
    return forwards


class Migration(migrations.Migration):

    dependencies = [
        ("nlp", "0001_initial"),
        ("jobs", "0002_report_and_training_kinds"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(rename(OLD, NEW), rename(NEW, OLD))]
