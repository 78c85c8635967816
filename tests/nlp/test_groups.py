"""Affected groups: explicit mentions, and the victims a treaty names for its matter."""

import numpy as np

from aspiration.nlp.classifier import Batch, LabelModel
from aspiration.nlp.groups import GroupTerms, predict_groups


def _silent_model() -> LabelModel:
    """A group model that never predicts anything (ridge head with zero weights, thresholds above 0)."""
    model = LabelModel("affected_group", multi_label=True, use_tfidf=False)
    model.labels = ["women", "children", "migrants"]
    model.embedding_layers = [(np.zeros((2, 3), dtype=np.float32), np.zeros(3, dtype=np.float32))]
    model.thresholds = {"blend": np.full(3, 0.5), "embedding": np.full(3, 0.5)}
    return model


def test_trafficking_in_persons_implies_women_and_children_with_the_treaty_as_reason():
    terms = GroupTerms({"migrants": {"en": ["migrants"], "fr": ["migrants"]}})
    texts = ["Intensify the fight against trafficking in human beings", "Combat drug trafficking",
             "Renforcer la lutte contre la traite des êtres humains et protéger les migrants"]
    batch = Batch(texts, ["en", "en", "fr"], np.zeros((3, 2), dtype=np.float32))
    groups = predict_groups(_silent_model(), terms, batch)
    assert sorted(p.code for p in groups[0]) == ["children", "women"]
    assert "Palermo Protocol" in groups[0][0].reason and "'trafficking in human beings'" in groups[0][0].reason
    assert groups[1] == []  # drugs are not persons
    assert sorted(p.code for p in groups[2]) == ["children", "migrants", "women"]
