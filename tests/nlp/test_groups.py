"""Affected groups: explicit mentions, and the victims a treaty names for its matter."""

import numpy as np

from aspiration.nlp.classifier import Batch, LabelModel
from aspiration.nlp.groups import NAMED_BY_TREATY, GroupTerms, predict_groups, rules_hash


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


def test_mentions_are_found_the_same_with_and_without_the_ascii_screen():
    """The substring screen only skips patterns that cannot match: case, word edges, other languages."""
    terms = GroupTerms({"women": {"en": ["women", "gender-based violence"], "fr": ["femmes"]},
                        "children": {"en": ["children", "child"], "ru": ["дет"]},
                        "roma": {"en": ["Roma", "Sinti"]}})
    cases = [("Protect WOMEN and Children", "en"), ("Prevent Gender-Based Violence", "en"),
             ("Respect the romance of childhood", "en"), ("Les femmes et les enfants", "fr"),
             ("Права детей", "ru"), ("Include the Sinti, and women", "en"), ("Protéger les femmes roms", "fr")]
    screened = [terms.mentions(text, language) for text, language in cases]
    terms._screens, terms._screened = {}, set()
    assert screened == [terms.mentions(text, language) for text, language in cases]
    assert screened[0] == {"women": "WOMEN", "children": "Children"} and screened[2] == {}
    assert screened[5] == {"roma": "Sinti", "women": "women"} and screened[4] == {"children": "дет"}


def test_the_rules_hash_changes_with_the_terms_and_the_treaty_rules(monkeypatch):
    terms = GroupTerms({"women": {"en": ["women"]}})
    before = rules_hash(terms)
    assert rules_hash(GroupTerms({"women": {"en": ["women"]}})) == before  # stable
    assert rules_hash(GroupTerms({"women": {"en": ["women", "girls"]}})) != before
    monkeypatch.setattr("aspiration.nlp.groups.NAMED_BY_TREATY", NAMED_BY_TREATY[:0])
    assert rules_hash(terms) != before
