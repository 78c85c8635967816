"""Evaluating a model against gold labels. Pure numpy."""

from __future__ import annotations

from collections.abc import Sequence

from aspiration.nlp.classifier import Batch, LabelModel
from aspiration.nlp.metrics import evaluate_sets


def evaluate_model(model: LabelModel, batch: Batch, gold: Sequence[Sequence[str]]) -> dict:
    predicted = model.predict_codes(batch)
    return evaluate_sets(gold, predicted)
