"""Which labels a recommendation effectively carries, given imports, models and people."""

from __future__ import annotations

from collections import defaultdict

PRECEDENCE = {"person": 3, "import": 2, "model": 1}


def resolve(annotations) -> dict[str, list[str]]:
    """Reduce annotations to {taxonomy: [codes]}.

    For each label the highest-precedence source decides: a person's confirmation or rejection,
    then an import, then a model.
    """
    best: dict[tuple[str, str], tuple[int, bool]] = {}
    for annotation in annotations:
        key = (annotation.label.taxonomy.code, annotation.label.code)
        rank = PRECEDENCE[annotation.source]
        if key not in best or rank > best[key][0]:
            best[key] = (rank, annotation.rejected)
    result: dict[str, list[str]] = defaultdict(list)
    for (taxonomy, code), (_rank, rejected) in sorted(best.items()):
        if not rejected:
            result[taxonomy].append(code)
    return dict(result)


def resolve_many(annotations) -> dict[int, dict[str, list[str]]]:
    """Effective labels per recommendation id, from the annotations of many recommendations at once."""
    grouped = defaultdict(list)
    for annotation in annotations:
        grouped[annotation.recommendation_id].append(annotation)
    return {recommendation_id: resolve(found) for recommendation_id, found in grouped.items()}


def effective_labels(recommendation) -> dict[str, list[str]]:
    return resolve(recommendation.annotations.select_related("label__taxonomy"))
