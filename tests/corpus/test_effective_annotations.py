import pytest

from aspiration.corpus.models import Annotation
from tests import factories


@pytest.mark.django_db
def test_a_persons_rejection_overrules_model_and_import_labels():
    rec = factories.recommendation("Protect journalists", labels={"affected_group": ["journalists_media", "women"]})
    Annotation.objects.create(recommendation=rec, label=factories.label("affected_group", "women"), source="person",
                              rejected=True)
    effective = Annotation.objects.effective().filter(recommendation=rec)
    assert sorted(effective.values_list("label__code", flat=True)) == ["journalists_media"]
    assert rec.labels_by_taxonomy() == {"affected_group": ["journalists_media"]}
