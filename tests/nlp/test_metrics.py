from aspiration.nlp.metrics import evaluate_sets


def test_metrics_match_a_hand_computed_example():
    gold = [["a"], ["a", "b"], ["b"], ["c"]]
    predicted = [["a"], ["a"], ["a", "b"], []]
    metrics = evaluate_sets(gold, predicted)
    # a: tp 2, fp 1, fn 0 -> P 2/3, R 1, F1 0.8.  b: tp 1, fp 0, fn 1 -> P 1, R 1/2, F1 2/3.  c: tp 0, fn 1 -> 0.
    assert abs(metrics["labels"]["a"]["precision"] - 2 / 3) < 1e-9
    assert metrics["labels"]["a"]["f1"] == 0.8
    assert abs(metrics["labels"]["b"]["f1"] - 2 / 3) < 1e-9
    assert metrics["labels"]["c"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1}
    # micro: tp 3, fp 1, fn 2 -> P 0.75, R 0.6, F1 2/3.
    assert metrics["micro"]["precision"] == 0.75 and metrics["micro"]["recall"] == 0.6
    assert abs(metrics["micro"]["f1"] - 2 / 3) < 1e-9
    assert abs(metrics["macro"]["f1"] - (0.8 + 2 / 3 + 0) / 3) < 1e-9
    assert metrics["accuracy"] == 0.25
    assert metrics["labels"]["b"]["support"] == 2


def test_one_label_is_scored_like_many_and_no_label_scores_zero():
    # One code is a binary problem to scikit-learn; the result keeps the multi-label shape.
    metrics = evaluate_sets([["a"], []], [["a"], ["a"]])
    assert metrics["labels"]["a"] == {"precision": 0.5, "recall": 1.0, "f1": 2 / 3, "support": 1}
    assert metrics["micro"]["precision"] == 0.5 and metrics["accuracy"] == 0.5
    nothing = evaluate_sets([[], []], [[], []])
    assert nothing["labels"] == {} and nothing["micro"]["f1"] == 0.0 and nothing["macro"]["f1"] == 0.0
    assert nothing["accuracy"] == 1.0
