"""``aspiration load_reference``: counts, idempotency, names in six languages, parents."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from aspiration.reference.models import Country, Label, Mechanism, Taxonomy

pytestmark = pytest.mark.django_db
SIX = {"en", "fr", "es", "ru", "zh-hans", "ar"}


def load() -> str:
    out = StringIO()
    call_command("load_reference", stdout=out)
    return out.getvalue()


def labels(taxonomy: str):
    return Label.objects.filter(taxonomy__code=taxonomy)


def test_counts():
    summary = load()
    assert summary.count("\n") == 1 and "created" in summary
    assert Country.objects.filter(is_member_state=True).count() == 193
    assert set(Country.objects.filter(is_observer_state=True).values_list("iso3", flat=True)) == {"PSE", "VAT"}
    assert Mechanism.objects.filter(kind="treaty_body").count() == 10 and Mechanism.objects.get(code="UPR").kind == "upr"
    expected = {"sdg_goal": 17, "sdg_target": 169, "upr_issue": 56, "cta_principle": 11, "cta_area": 7, "cta_action": 36,
                "action_category": 5, "response": 2}
    for taxonomy, count in expected.items():
        assert labels(taxonomy).count() == count, taxonomy
    assert labels("sdg_indicator").count() >= 231 and labels("affected_group").count() >= 19
    assert Taxonomy.objects.filter(code__in=["uhri_theme", "uhri_affected_person", "language"]).count() == 3
    assert not Taxonomy.objects.get(code="action_category").multi_label


def test_rerun_updates_and_never_duplicates():
    load()
    before = (Country.objects.count(), Mechanism.objects.count(), Label.objects.count())
    goal = labels("sdg_goal").get(code="5")
    goal.names = {"en": "tampered"}
    goal.save()
    theme = Taxonomy.objects.get(code="uhri_theme")
    Label.objects.create(taxonomy=theme, code="Right to health", names={"en": "Right to health"})
    summary = load()
    assert "1 updated" in summary and "0 created" in summary
    assert (Country.objects.count(), Mechanism.objects.count(), Label.objects.count()) == (before[0], before[1], before[2] + 1)
    assert labels("sdg_goal").get(code="5").names["en"] == "Gender equality"
    assert labels("uhri_theme").filter(code="Right to health").exists()  # importer labels survive


def test_names_in_six_languages():
    load()
    for taxonomy in ("sdg_goal", "sdg_target", "sdg_indicator", "upr_issue", "affected_group", "cta_area",
                     "action_category", "response"):
        for label in labels(taxonomy):
            assert set(label.names) >= SIX and all(label.names[lang] for lang in SIX), (taxonomy, label.code)
    for taxonomy in Taxonomy.objects.all():
        assert set(taxonomy.names) == SIX
    for country in Country.objects.filter(is_member_state=True):
        assert set(country.names) == SIX
    for action in labels("cta_action"):
        assert action.names["zh-hans"] and action.names["en"]


def test_parents_and_order():
    load()
    target = labels("sdg_target").get(code="16.10")
    assert target.parent.code == "16" and target.parent.taxonomy.code == "sdg_goal"
    assert labels("sdg_indicator").get(code="16.10.2").parent == target
    assert labels("cta_action").get(code="3.5").parent.code == "3"
    codes = list(labels("sdg_target").filter(parent__code="16").values_list("code", flat=True))
    assert codes.index("16.10") == codes.index("16.9") + 1
    assert labels("cta_area").get(code="3").descriptions["zh-hans"].startswith("暴力")
