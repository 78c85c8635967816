"""aspiration.nlp is the pure classifier core: importing all of it loads no Django (the labelling app has that part)."""

import subprocess
import sys
from importlib import import_module

import pytest
from django.apps import apps
from django.utils.module_loading import import_string

from aspiration.jobs.models import Job

IMPORT_ALL = """
import importlib, pkgutil, sys
import aspiration.nlp as core
for module in pkgutil.iter_modules(core.__path__):
    importlib.import_module(f"aspiration.nlp.{module.name}")
print(sorted(name for name in sys.modules if name.split(".")[0] == "django"))
"""


def test_nlp_modules_import_no_django():
    # A fresh interpreter: this test process has Django loaded already.
    found = subprocess.run([sys.executable, "-c", IMPORT_ALL], capture_output=True, text=True, check=True).stdout
    assert found.strip() == "[]"


@pytest.mark.django_db
def test_jobs_of_the_moved_retraining_task_still_run_and_retry():
    moved = import_module("aspiration.labelling.migrations.0002_retraining_task_moved_to_labelling")
    old = Job.objects.create(kind="training", title="Retraining", task_path=moved.OLD, params={"taxonomy": "upr_issue"})
    other = Job.objects.create(kind="import", title="Import", task_path="aspiration.corpus.imports.run", params={})
    moved.rename(moved.OLD, moved.NEW)(apps, None)
    assert Job.objects.get(pk=old.pk).task_path == "aspiration.labelling.retraining.retrain"
    assert Job.objects.get(pk=other.pk).task_path == "aspiration.corpus.imports.run"
    assert import_string(Job.objects.get(pk=old.pk).task_path).module_path == moved.NEW
