"""A small corpus for the web tests: three states, two sessions, labels from imports and models."""

from __future__ import annotations

import pytest

from aspiration.corpus.models import Annotation
from tests import factories


def build_corpus() -> dict:
    france = factories.country("FRA", "France", "WEOG")
    france.iso2 = "FR"
    france.names = {"en": "France", "fr": "France", "zh-hans": "法国", "ar": "فرنسا"}
    france.save()
    kenya = factories.country("KEN", "Kenya", "African Group")
    kenya.iso2 = "KE"
    kenya.save()
    factories.country("BRA", "Brazil", "GRULAC")
    gender = factories.label("upr_issue", "Women's rights")
    gender.names = {"en": "Women's rights", "zh-hans": "妇女权利", "ar": "حقوق المرأة"}
    gender.save()
    goal5 = factories.label("sdg_goal", "5", "Gender equality")
    goal5.names = {"en": "Gender equality", "zh-hans": "性别平等"}
    goal5.save()
    recs = {
        "violence": factories.recommendation(
            "Adopt a law criminalising domestic violence against women and girls.", state="FRA", session=3,
            cycle=1, year=2008, labels={"upr_issue": ["Women's rights"], "sdg_goal": ["5"], "affected_group": ["women"]},
        ),
        "torture": factories.recommendation(
            "Ratify the Optional Protocol to the Convention against Torture.", state="FRA", session=17, cycle=2,
            year=2013, response="noted", labels={"upr_issue": ["Torture and other CID treatment"]},
        ),
        "education": factories.recommendation(
            "Ensure free primary education for all children, including refugee children.", state="KEN", session=8,
            cycle=1, year=2010, recommending=("FRA", "BRA"), labels={"sdg_goal": ["4"], "affected_group": ["children"]},
        ),
    }
    Annotation.objects.create(recommendation=recs["torture"], label=goal5, source="model", score=0.41,
                              model_version="test-1", reason="matched: women")
    return recs


@pytest.fixture
def corpus(db) -> dict:
    return build_corpus()
