"""Coordinators retrain a taxonomy's model from the review page: a job with progress and a plain summary."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import formats

from aspiration.accounts.models import User
from aspiration.corpus.models import Annotation
from aspiration.jobs.models import Job
from aspiration.labelling.retraining import EMBEDDING, FITTING, train_from_annotations
from aspiration.nlp.pipeline import local_models_dir
from aspiration.reference.models import Taxonomy
from tests.factories import label, recommendation
from tests.jobs.conftest import run_jobs

# Transactional: the worker closes its connection after a job, which a test transaction would not survive on
# PostgreSQL; and the job's progress is only written outside a transaction.
pytestmark = pytest.mark.django_db(transaction=True)

QUEUE, RETRAIN = reverse("nlp:review_queue"), reverse("nlp:retrain")
TORTURE = ["Prevent torture in prisons", "Investigate torture by the police", "Criminalise torture",
           "Ratify the convention against torture", "End ill-treatment of detainees", "Punish torturers"]
EDUCATION = ["Build more schools", "Free primary education for all", "Train more teachers", "Reduce school drop-out",
             "Education for girls", "Increase the education budget"]


@pytest.fixture
def decisions(tmp_path, monkeypatch):
    """Twelve labelled recommendations: ten from an import, two decided by a person (one confirmed, one changed)."""
    monkeypatch.setenv("ASPIRATION_HOME", str(tmp_path))
    torture, education = label("upr_issue", "Torture"), label("upr_issue", "Education")
    Taxonomy.objects.filter(code="upr_issue").update(names={"en": "UPR issues"})
    for text in TORTURE[:5]:
        recommendation(text, labels={"upr_issue": ["Torture"]})
    for text in EDUCATION[:5]:
        recommendation(text, labels={"upr_issue": ["Education"]})
    confirmed = recommendation(TORTURE[5])
    Annotation.objects.create(recommendation=confirmed, label=torture, source="person")
    changed = recommendation(EDUCATION[5], labels={"upr_issue": ["Torture"]})
    Annotation.objects.create(recommendation=changed, label=torture, source="person", rejected=True)
    Annotation.objects.create(recommendation=changed, label=education, source="person")
    return tmp_path


def login(client, role: str, **fields) -> User:
    user = User.objects.create_user(f"{role}-user", password="pw", role=role, **fields)
    client.force_login(user)
    return user


def test_coordinator_retrains_and_reads_the_summary(client, decisions):
    coordinator = login(client, "coordinator")
    page = client.get(QUEUE).content.decode()
    assert 'id="retrain-taxonomy"' in page and "Retrain from people's decisions" in page
    response = client.post(RETRAIN, {"taxonomy": "upr_issue"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:detail", args=[job.pk])
    assert job.title == "Retraining of the UPR issues model"
    assert job.kind == "training" and job.created_by == coordinator and job.status == Job.Status.QUEUED
    run_jobs()
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert job.done == job.total == 3  # read, one batch of texts embedded, fitted
    assert job.result["examples"] == 12 and job.result["decisions"] == 3
    assert job.result["labels"] == ["Education", "Torture"]
    assert 0 <= job.result["micro"]["f1"] <= 1 and job.result["validated_on"] > 0
    saved = json.loads((local_models_dir() / "upr_issue.json").read_text())
    assert saved["labels"] == ["Education", "Torture"] and local_models_dir() == decisions / "models"

    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    today = formats.date_format(datetime.date.today(), "j M Y")
    assert f"Trained on {today} from 3 decisions by people." in page
    assert 'id="summary-examples">12<' in page and 'id="summary-f1">' in page
    assert saved["metadata"]["version"] not in page and "upr_issue" not in page.replace('value="upr_issue"', "")


def test_training_reports_its_steps(decisions):
    seen = []
    trained = train_from_annotations("upr_issue", steps=lambda done, total, step: seen.append((done, total, step)))
    # read, one batch of twelve texts embedded, then fitted and saved: the job's bar follows these
    assert seen == [(1, 3, EMBEDDING), (2, 3, EMBEDDING), (2, 3, FITTING), (3, 3, FITTING)]
    assert trained.examples == 12 and trained.path.exists()


@pytest.mark.parametrize("role", ["focal_point", "viewer", "civil_society"])
def test_other_roles_may_not_retrain(client, decisions, role):
    login(client, role)
    if role == "focal_point":  # reviews labels, but retraining changes everyone's labels
        page = client.get(QUEUE).content.decode()
        assert "retrain-taxonomy" not in page and "Retrain from people" not in page
    assert client.post(RETRAIN, {"taxonomy": "upr_issue"}).status_code == 403
    assert not Job.objects.exists()


def test_anonymous_is_sent_to_log_in(client, decisions):
    response = client.post(RETRAIN, {"taxonomy": "upr_issue"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Job.objects.exists()


def test_administrator_may_retrain_and_a_bad_taxonomy_is_refused(client, decisions):
    client.force_login(User.objects.create_superuser(username="root", password="pw"))
    assert client.post(RETRAIN, {"taxonomy": "language"}).status_code == 400
    assert client.post(RETRAIN, {"taxonomy": "upr_issue"}).status_code == 302
    assert Job.objects.get().kind == "training"


def test_too_few_decisions_fail_in_plain_words(client, decisions):
    Annotation.objects.filter(label__code="Education").delete()
    login(client, "coordinator")
    client.post(RETRAIN, {"taxonomy": "upr_issue"})
    run_jobs()
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and not job.retryable
    assert job.error.startswith("There is not enough to learn from yet")
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Review more labels, then retrain." in page and "upload it again" not in page
    assert not (local_models_dir() / "upr_issue.json").exists()
