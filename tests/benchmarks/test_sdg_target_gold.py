"""The SDG target gold set holds together: every target is justified by words of the text and of the official
target (or indicator) text, translations carry their source's targets, and the stored agreement is the one the
two passes give."""

from __future__ import annotations

import json

import pytest

from benchmarks import sdg_target_gold_annotate as gold_set


def test_kappa_is_one_for_identical_judgements_and_zero_for_chance_level() -> None:
    assert gold_set.kappa([True, False, True, False], [True, False, True, False]) == 1.0
    # observed agreement 0.5 equals chance agreement 0.5 (both mark half, independently)
    assert gold_set.kappa([True, True, False, False], [True, False, True, False]) == 0.0


def test_agreement_counts_exact_sets_and_jaccard() -> None:
    one = {"a": ["5.3"], "b": ["16.2", "8.7"], "c": []}
    two = {"a": ["5.3"], "b": ["8.7"], "c": []}
    stats = gold_set.agreement(["a", "b", "c"], one, two)
    assert stats["exact_match"] == round(2 / 3, 3)
    assert stats["mean_jaccard"] == round((1 + 0.5 + 1) / 3, 3)
    assert stats["disagreements"] == 1
    assert stats["kappa_per_target"]["5.3"] == 1.0


@pytest.mark.shared_data
def test_gold_file_is_justified_and_consistent() -> None:
    data = json.loads(gold_set.GOLD.read_text())
    items = {i["id"]: i for i in data["items"]}
    assert len(items) >= 300
    assert {"en", "fr", "es"} <= {i["language"] for i in items.values()}
    official = {lang: gold_set.official_texts(lang) for lang in ("en", "fr", "es")}
    for item in items.values():
        gold_set.check_why(item, item["why"], item["targets"], official[item["language"]])  # exits on a bad quote
        if item["translated"]:
            assert item["targets"] == items[item["source_id"]]["targets"]
        elif set(item["pass1"]) == set(item["pass2"]):
            assert set(item["targets"]) == set(item["pass1"])
    originals = [i for i in items.values() if not i["translated"]]
    recomputed = gold_set.agreement([i["id"] for i in originals], {i["id"]: i["pass1"] for i in originals},
                                    {i["id"]: i["pass2"] for i in originals})
    assert recomputed == data["agreement"]
