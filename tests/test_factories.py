import pytest

from tests import factories


@pytest.mark.django_db
def test_recommendation_factory_builds_labels_that_resolve():
    rec = factories.recommendation("Ratify CAT", labels={"upr_issue": ["Torture and other CID"]})
    assert rec.labels_by_taxonomy() == {"upr_issue": ["Torture and other CID"]}
    assert [c.iso3 for c in rec.recommending_states.all()] == ["BRA"]
