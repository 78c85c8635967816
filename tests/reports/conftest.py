"""A small corpus for the reports: France with a plan (clusters, actions, progress, evidence,
indicators, a gender-lens review), Germany with recommendations but no plan, Spain with none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from aspiration.accounts.models import Institution
from aspiration.corpus.models import Recommendation
from aspiration.tracking.models import (
    Action,
    Cluster,
    Evidence,
    GenderLensReview,
    Indicator,
    Plan,
    ProgressUpdate,
)
from tests import factories

NAMES = {
    ("upr_issue", "Women's rights"): {
        "en": "Women's rights", "zh-hans": "妇女权利", "fr": "Droits des femmes", "ar": "حقوق المرأة",
    },
    ("upr_issue", "Torture and other CID treatment"): {"en": "Torture and other CID treatment", "zh-hans": "酷刑"},
    ("affected_group", "women"): {"en": "Women", "zh-hans": "妇女", "ar": "النساء", "fr": "Femmes"},
    ("affected_group", "children"): {"en": "Children", "zh-hans": "儿童", "ar": "الأطفال", "fr": "Enfants"},
    ("cta_area", "4"): {"en": "Gender equality and equal rights for women", "zh-hans": "性别平等和妇女平等权利"},
    ("sdg_goal", "5"): {"en": "Gender equality", "zh-hans": "性别平等", "ar": "المساواة بين الجنسين"},
    ("sdg_goal", "16"): {"en": "Peace, justice and strong institutions", "zh-hans": "和平、正义与强大机构"},
    ("sdg_target", "5.2"): {"en": "Eliminate all forms of violence against all women and girls"},
    ("sdg_target", "16.10"): {"en": "Ensure public access to information and protect fundamental freedoms"},
}


@dataclass
class Corpus:
    recommendations: list[Recommendation]
    plan: Plan
    actions: list[Action]


def _labels() -> None:
    for (taxonomy, code), names in NAMES.items():
        label = factories.label(taxonomy, code)
        label.names = names
        label.save()


@pytest.fixture
def corpus(db) -> Corpus:
    _labels()
    france = factories.country("FRA", "France")
    france.names = {"en": "France", "fr": "France", "zh-hans": "法国", "ar": "فرنسا", "es": "Francia", "ru": "Франция"}
    france.save()
    brazil = factories.country("BRA", "Brazil")
    brazil.names = {"en": "Brazil", "zh-hans": "巴西", "fr": "Brésil"}
    brazil.save()
    factories.country("DEU", "Germany")
    factories.country("ESP", "Spain")
    women = {"upr_issue": ["Women's rights"], "affected_group": ["women"], "cta_area": ["4"], "sdg_target": ["5.2"]}
    recs = [
        factories.recommendation("Adopt a law criminalising all forms of violence against women.", cycle=3, labels=women),
        factories.recommendation("Strengthen shelters for women victims of violence.", cycle=3, labels=women),
        factories.recommendation("Ratify the Optional Protocol to the Convention against Torture.", cycle=3, response="noted",
                                 labels={"upr_issue": ["Torture and other CID treatment"], "sdg_target": ["16.10"]}),
        factories.recommendation("Protect children from online abuse.", cycle=3,
                                 labels={"affected_group": ["children"], "sdg_goal": ["16"]}),
        factories.recommendation("Guarantee freedom of the press.", cycle=2, recommending=("USA", "CAN")),
    ]
    cedaw = factories.recommendation("Collect data on femicide, disaggregated by age.", state="FRA", session=80,
                                     response="", labels={"affected_group": ["women"], "sdg_target": ["5.2"]})
    Recommendation.objects.filter(pk=cedaw.pk).update(mechanism=factories.mechanism("CEDAW", "treaty_body"))
    recs.append(cedaw)
    for index in range(3):
        factories.recommendation(f"Germany recommendation {index}.", state="DEU", cycle=4,
                                 labels={"upr_issue": ["Women's rights"]})

    ministry = Institution.objects.create(name="Ministry of Justice", acronym="MoJ", country=france)
    plan = Plan.objects.create(state=france, title="National plan 2024-2028", period_start=date(2024, 1, 1))
    cluster = Cluster.objects.create(plan=plan, title="Violence against women")
    cluster.recommendations.set(recs[:2])
    law = Action.objects.create(plan=plan, cluster=cluster, title="Draft the violence against women bill",
                                responsible_institution=ministry, status="completed", due_date=date(2025, 6, 30))
    law.recommendations.set([recs[0]])
    law.sdg_targets.set([factories.label("sdg_target", "5.2")])
    shelters = Action.objects.create(plan=plan, cluster=cluster, title="Open ten new shelters", responsible_institution=ministry,
                                     status="planned", due_date=date.today() - timedelta(days=30))
    shelters.recommendations.set([recs[1]])
    update = ProgressUpdate.objects.create(action=law, date=date(2025, 5, 2), narrative="The bill passed its first reading.",
                                           status="completed")
    Evidence.objects.create(progress_update=update, url="https://example.org/bill", title="Parliament record")
    Indicator.objects.create(action=shelters, name="Shelter places", unit="places", baseline=100, target=400)
    GenderLensReview.objects.create(
        action=law, power_relations="p", women_consulted="yes", women_leadership="yes", differential_impact="d",
        stereotypes="none", conclusion="responsive", follow_up="Monitor implementation", reviewed_on=date(2025, 1, 10),
    )
    return Corpus(recommendations=recs, plan=plan, actions=[law, shelters])


@pytest.fixture(autouse=True)
def report_files(settings, tmp_path):
    """Finished reports go to the test's own folder, never to a developer's home."""
    settings.REPORT_FILES_DIR = str(tmp_path / "reports")
    return tmp_path / "reports"
