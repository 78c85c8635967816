"""Between the models and the database: writing model annotations, reading training data.

Django lives here (not in the pure ``aspiration.nlp`` core). People's decisions always win:
a label a person rejected never gets a model annotation, and nothing here touches a person's
or an import's annotation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef

from aspiration.corpus.labels import counts
from aspiration.corpus.models import Annotation, Recommendation
from aspiration.labelling.models import ClassificationRecord
from aspiration.nlp.classifier import Prediction
from aspiration.reference.models import Label


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


@dataclass
class ClassifySummary:
    classified: int = 0  # recommendations
    written: int = 0  # model labels
    taxonomies: list[str] = field(default_factory=list)
    without_labels: list[str] = field(default_factory=list)  # taxonomies whose reference labels are not loaded


def classify_pending(taxonomies: list[str] | None = None, batch_size: int = 256,
                     progress: Callable[[int], None] | None = None,
                     total: Callable[[int], None] | None = None) -> ClassifySummary:
    """Label every recommendation not yet classified by the current models (``aspiration classify``, import jobs).

    Raises ValueError naming the taxonomies that have no model.
    """
    from aspiration.nlp.pipeline import TAXONOMIES, load_classifier

    classifier = load_classifier()
    wanted = taxonomies or classifier.available()
    missing = [t for t in wanted if t not in classifier.available()]
    if missing:
        raise ValueError(f"no model available for: {', '.join(missing)}")
    versions = {t: classifier.version(t) for t in wanted}
    labels = {t: label_index(t) for t in wanted}
    summary = ClassifySummary(taxonomies=[t for t in wanted if labels[t]],
                              without_labels=sorted(t for t in wanted if not labels[t]))
    todo: dict[int, tuple[str, list[str]]] = {}
    for t in summary.taxonomies:
        for pk, text in pending(t, versions[t]).values_list("pk", "text"):
            todo.setdefault(pk, (text, []))[1].append(t)
    ids = sorted(todo)
    if total:
        total(len(ids))
    for start in range(0, len(ids), batch_size):
        chunk = ids[start:start + batch_size]
        batch = classifier.prepare([todo[pk][0] for pk in chunk])
        needed = sorted({t for pk in chunk for t in todo[pk][1]}, key=TAXONOMIES.index)
        results = classifier.predict(batch, needed)
        for t in needed:
            rows = [i for i, pk in enumerate(chunk) if t in todo[pk][1]]
            summary.written += store_predictions([chunk[i] for i in rows], t, versions[t], [results[i][t] for i in rows],
                                                 labels[t])
        if progress:
            progress(len(chunk))
    summary.classified = len(ids)
    return summary


def training_examples(taxonomy: str) -> tuple[list[str], list[list[str]], list[str]]:
    """(texts, label sets, languages) from imports and people's decisions; model guesses are not learned from.

    A recommendation counts when an import or a person labelled it in this taxonomy; a person's
    rejection removes the label (it becomes a negative), a person's confirmation or addition adds it.
    """
    rows = (Annotation.objects.filter(label__taxonomy__code=taxonomy)
            .exclude(source=Annotation.Source.MODEL)
            .values_list("recommendation_id", "label__code", "source", "rejected"))
    rows = list(rows)
    counting = counts(((rid, code), source, rejected) for rid, code, source, rejected in rows)  # the one rule
    decided: dict[int, set[str]] = {rid: set() for rid, _code, _source, _rejected in rows}
    for (rid, code), _source in counting:
        decided[rid].add(code)
    texts, sets, languages = [], [], []
    recommendations = Recommendation.objects.filter(pk__in=list(decided)).order_by("pk").values_list("pk", "text", "language")
    for rid, text, language in recommendations:
        texts.append(text)
        sets.append(sorted(decided[rid]))
        languages.append(language or "en")
    return texts, sets, languages
