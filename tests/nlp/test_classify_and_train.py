import json

import pytest
from django.core.management import call_command

from aspiration.corpus.models import Annotation
from aspiration.labelling.annotations import training_examples
from aspiration.labelling.models import ClassificationRecord
from aspiration.nlp.pipeline import SHIPPED, local_models_dir
from tests.factories import label, recommendation

pytestmark = pytest.mark.django_db

needs_shipped = pytest.mark.skipif(not (SHIPPED / "manifest.json").exists(), reason="shipped models not built (make models)")

DEATH_PENALTY = "Abolish the death penalty and commute all death sentences"


@needs_shipped
def test_classify_never_overrides_a_persons_rejection_and_resumes():
    death = label("upr_issue", "Death penalty")
    label("upr_issue", "International instruments")
    for code in ("supported", "noted"):
        label("response", code, multi_label=False)
    rejected_here = recommendation(DEATH_PENALTY)
    other = recommendation("Establish a moratorium on executions with a view to abolishing the death penalty")
    Annotation.objects.create(recommendation=rejected_here, label=death, source="person", rejected=True)

    call_command("classify", taxonomy=["upr_issue", "response"], batch_size=1)

    assert not Annotation.objects.filter(recommendation=rejected_here, label=death, source="model").exists()
    assert Annotation.objects.get(recommendation=rejected_here, label=death, source="person").rejected
    assert rejected_here.labels_by_taxonomy().get("upr_issue", []) == [
        a.label.code for a in rejected_here.annotations.filter(source="model", label__taxonomy__code="upr_issue")]
    model_label = Annotation.objects.get(recommendation=other, label=death, source="model")
    assert model_label.score > 0 and model_label.model_version.startswith("upr_issue-") and model_label.reason
    assert Annotation.objects.filter(recommendation=other, label__taxonomy__code="response", source="model").count() == 1
    assert ClassificationRecord.objects.filter(taxonomy="upr_issue").count() == 2

    before = list(Annotation.objects.values_list("pk", flat=True).order_by("pk"))
    call_command("classify", taxonomy=["upr_issue", "response"])  # nothing new: everything is skipped
    assert list(Annotation.objects.values_list("pk", flat=True).order_by("pk")) == before


def test_training_examples_use_imports_and_people_but_not_models():
    torture, education = label("upr_issue", "Torture"), label("upr_issue", "Education")
    a = recommendation("Prevent torture in prisons", labels={"upr_issue": ["Torture"]})
    b = recommendation("Build more schools", labels={"upr_issue": ["Torture"]})
    Annotation.objects.create(recommendation=b, label=torture, source="person", rejected=True)
    Annotation.objects.create(recommendation=b, label=education, source="person")
    c = recommendation("Guess only")
    Annotation.objects.create(recommendation=c, label=education, source="model", score=0.9)
    texts, sets, _languages = training_examples("upr_issue")
    assert dict(zip(texts, sets, strict=True)) == {a.text: ["Torture"], b.text: ["Education"]}


def test_train_learns_from_database_annotations(tmp_path, monkeypatch):
    monkeypatch.setenv("ASPIRATION_HOME", str(tmp_path))
    tor = ["Prevent torture in prisons", "Investigate torture by the police", "Criminalise torture",
           "Ratify the convention against torture", "End ill-treatment of detainees", "Punish torturers"]
    edu = ["Build more schools", "Free primary education for all", "Train more teachers", "Reduce school drop-out",
           "Education for girls", "Increase the education budget"]
    for text in tor:
        recommendation(text, labels={"upr_issue": ["Torture"]})
    for text in edu:
        recommendation(text, labels={"upr_issue": ["Education"]})
    call_command("train", "upr_issue", min_examples=2)
    meta = json.loads((local_models_dir() / "upr_issue.json").read_text())
    assert meta["labels"] == ["Education", "Torture"]
    assert meta["metadata"]["version"].startswith("upr_issue-local-")
    assert meta["metadata"]["training_data_hash"]
    assert "micro" in meta["metadata"]["validation_metrics"]
    assert local_models_dir() == tmp_path / "models"


def test_train_refuses_without_enough_labels():
    recommendation("Only one", labels={"upr_issue": ["Torture"]})
    with pytest.raises(Exception, match="at least two labels"):
        call_command("train", "upr_issue")


@needs_shipped
def test_evaluate_writes_metrics(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(line) for line in [
        {"id": "1", "text": DEATH_PENALTY, "labels": {"response": ["supported"]}},
        {"id": "2", "text": "Ratify the Rome Statute", "labels": {"response": ["noted"]}},
        {"id": "3", "text": "no labels here"},
    ]))
    out = tmp_path / "metrics.json"
    call_command("evaluate", "response", gold=str(gold), output=str(out))
    metrics = json.loads(out.read_text())
    assert metrics["texts"] == 2 and metrics["skipped_lines"] == 1
    assert set(metrics["labels"]) <= {"supported", "noted"} and "micro" in metrics and "macro" in metrics
