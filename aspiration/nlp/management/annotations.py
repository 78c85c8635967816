"""Between the models and the database: writing model annotations, reading training data.

Django lives here (not in the pure ``aspiration.nlp`` core). People's decisions always win:
a label a person rejected never gets a model annotation, and nothing here touches a person's
or an import's annotation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Exists, OuterRef

from aspiration.corpus.models import Annotation, Recommendation
from aspiration.nlp.classifier import Prediction
from aspiration.nlp.models import ClassificationRecord
from aspiration.reference.models import Label

REFERENCE_TAXONOMY = {"language": "language"}


def pending(taxonomy: str, version: str):
    """Recommendations not yet classified in ``taxonomy`` by model ``version``."""
    done = ClassificationRecord.objects.filter(recommendation=OuterRef("pk"), taxonomy=taxonomy, model_version=version)
    return Recommendation.objects.filter(~Exists(done)).order_by("pk")


def label_index(taxonomy: str) -> dict[str, Label]:
    return {label.code: label for label in Label.objects.filter(taxonomy__code=taxonomy)}


def rejected_by_people(recommendation_ids: Iterable[int], taxonomy: str) -> set[tuple[int, str]]:
    return set(Annotation.objects.filter(recommendation_id__in=list(recommendation_ids), label__taxonomy__code=taxonomy,
                                         source=Annotation.Source.PERSON, rejected=True)
               .values_list("recommendation_id", "label__code"))


@transaction.atomic
def store_predictions(recommendation_ids: Sequence[int], taxonomy: str, version: str,
                      predictions: Sequence[list[Prediction]], labels: dict[str, Label]) -> int:
    """Replace the model annotations of these recommendations in this taxonomy; return how many were written."""
    Annotation.objects.filter(recommendation_id__in=recommendation_ids, label__taxonomy__code=taxonomy,
                              source=Annotation.Source.MODEL).delete()
    refused = rejected_by_people(recommendation_ids, taxonomy)
    new = [
        Annotation(recommendation_id=rid, label=labels[p.code], source=Annotation.Source.MODEL, score=round(p.score, 4),
                   model_version=version, reason=p.reason[:2000])
        for rid, row in zip(recommendation_ids, predictions, strict=True)
        for p in row if p.code in labels and (rid, p.code) not in refused
    ]
    Annotation.objects.bulk_create(new)
    ClassificationRecord.objects.filter(recommendation_id__in=recommendation_ids, taxonomy=taxonomy).delete()
    ClassificationRecord.objects.bulk_create(
        [ClassificationRecord(recommendation_id=rid, taxonomy=taxonomy, model_version=version) for rid in recommendation_ids])
    return len(new)


def training_examples(taxonomy: str) -> tuple[list[str], list[list[str]], list[str]]:
    """(texts, label sets, languages) from imports and people's decisions; model guesses are not learned from.

    A recommendation counts when an import or a person labelled it in this taxonomy; a person's
    rejection removes the label (it becomes a negative), a person's confirmation or addition adds it.
    """
    rows = (Annotation.objects.filter(label__taxonomy__code=taxonomy)
            .exclude(source=Annotation.Source.MODEL)
            .values_list("recommendation_id", "label__code", "source", "rejected"))
    decided: dict[int, dict[str, tuple[int, bool]]] = defaultdict(dict)
    rank = {Annotation.Source.IMPORT: 1, Annotation.Source.PERSON: 2}
    for rid, code, source, rejected in rows:
        current = decided[rid].get(code)
        if current is None or rank[source] > current[0]:
            decided[rid][code] = (rank[source], rejected)
    texts, sets, languages = [], [], []
    recommendations = Recommendation.objects.filter(pk__in=list(decided)).order_by("pk").values_list("pk", "text", "language")
    for rid, text, language in recommendations:
        texts.append(text)
        sets.append(sorted(code for code, (_rank, rejected) in decided[rid].items() if not rejected))
        languages.append(language or "en")
    return texts, sets, languages
