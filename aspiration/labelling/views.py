"""The review queue: people confirm, reject or add labels; their decisions win and feed training."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aspiration.accounts.audit import record, snapshot
from aspiration.accounts.permissions import can_review_labels, is_coordinator, requires
from aspiration.corpus.labels import deciding
from aspiration.corpus.models import Annotation, Recommendation
from aspiration.labelling.forms import RetrainForm
from aspiration.labelling.retraining import start_training
from aspiration.nlp.cta import CtaAreas
from aspiration.nlp.pipeline import load_classifier
from aspiration.nlp.sdg import TargetIndex
from aspiration.reference.models import Label, Taxonomy

QUEUE_TAXONOMIES = ("upr_issue", "sdg_goal", "sdg_target", "affected_group", "cta_area", "action_category", "response")
QUEUE_SCAN = 5000  # the least confident model labels considered per page load


@lru_cache(maxsize=1)
def _thresholds() -> dict[tuple[str, str], float]:
    """(taxonomy, code) -> the calibrated threshold the model used (see ``threshold`` for the others)."""
    classifier = load_classifier()
    found: dict[tuple[str, str], float] = {}
    for taxonomy in QUEUE_TAXONOMIES:
        try:
            model = classifier.label_model(taxonomy)
        except FileNotFoundError:
            continue
        for code, value in zip(model.labels, model.thresholds["blend"], strict=True):
            found[(taxonomy, code)] = float(value)
    return found


# Taxonomies proposed by similarity rather than a trained model: the similarity each needs.
SIMILARITY_THRESHOLDS = {"sdg_target": TargetIndex.threshold, "cta_area": CtaAreas.threshold}


def threshold(taxonomy: str, code: str) -> float:
    """The score from which the machine assigns this label."""
    return _thresholds().get((taxonomy, code), SIMILARITY_THRESHOLDS.get(taxonomy, 0.5))


def _undecided_model_annotations():
    person = Annotation.objects.filter(recommendation=OuterRef("recommendation"), label=OuterRef("label"),
                                       source=Annotation.Source.PERSON)
    return (Annotation.objects.filter(source=Annotation.Source.MODEL, score__isnull=False,
                                      label__taxonomy__code__in=QUEUE_TAXONOMIES)
            .filter(~Exists(person)).select_related("label__taxonomy"))


def uncertainty(score: float, threshold: float) -> float:
    """1.0 when the score sits on the threshold (a coin toss), 0.0 at the far end of the scale."""
    span = max(threshold, 1.0 - threshold) or 1.0
    return round(1.0 - min(1.0, abs(score - threshold) / span), 2)


def uncertainty_words(value: float) -> str:
    if value >= 0.9:
        return _("very uncertain")
    if value >= 0.7:
        return _("uncertain")
    return _("fairly sure")


@dataclass
class QueuedLabel:
    """One undecided model label in the queue: plain values, so scanning thousands builds no model objects."""

    label_id: int
    taxonomy: str
    code: str
    score: float
    threshold: float
    uncertainty: float
    label: Label | None = None  # read only for the labels a page shows


def _queue(taxonomy: str) -> tuple[list[int], dict[int, float], dict[int, list[QueuedLabel]]]:
    """Recommendation ids, most uncertain first, with their uncertainty and their undecided model labels.

    The scan reads plain rows: building an Annotation (and its Label and Taxonomy, with their names in six
    languages) for each of the QUEUE_SCAN rows took nine tenths of the page's time.
    """
    annotations = _undecided_model_annotations()
    if taxonomy:
        annotations = annotations.filter(label__taxonomy__code=taxonomy)
    doubt: dict[int, float] = {}
    labels_of: dict[int, list[QueuedLabel]] = defaultdict(list)
    scanned = annotations.order_by("score").values_list("recommendation_id", "label_id", "label__taxonomy__code",
                                                         "label__code", "score")[:QUEUE_SCAN]
    for rid, label_id, taxonomy_code, code, score in scanned:
        limit = threshold(taxonomy_code, code)
        item = QueuedLabel(label_id, taxonomy_code, code, score, limit, uncertainty(score, limit))
        doubt[rid] = max(item.uncertainty, doubt.get(rid, 0.0))
        labels_of[rid].append(item)
    return sorted(doubt, key=lambda rid: (-doubt[rid], rid)), doubt, labels_of


SHOWN_PER_ROW = 5  # the most uncertain labels a queue row lists


@require_GET
@requires(can_review_labels)
def review_queue(request: HttpRequest) -> HttpResponse:
    """Recommendations whose model labels are least certain (scores closest to the threshold) first."""
    taxonomy = request.GET.get("taxonomy", "")
    ordered, doubt, labels_of = _queue(taxonomy)
    page = Paginator(ordered, 25).get_page(request.GET.get("page"))
    recommendations = Recommendation.objects.in_bulk(list(page.object_list))
    shown = {rid: sorted(labels_of[rid], key=lambda item: -item.uncertainty)[:SHOWN_PER_ROW] for rid in page.object_list}
    labels = Label.objects.in_bulk({item.label_id for items in shown.values() for item in items})
    for items in shown.values():
        for item in items:
            item.label = labels.get(item.label_id)
    rows = [{"recommendation": recommendations[rid], "uncertainty": doubt[rid], "words": uncertainty_words(doubt[rid]),
             "labels": shown[rid]}
            for rid in page.object_list if rid in recommendations]
    taxonomies = Taxonomy.objects.filter(code__in=QUEUE_TAXONOMIES)
    retrain = RetrainForm() if is_coordinator(request.user) else None
    return render(request, "nlp/review_queue.html", {"rows": rows, "page": page, "taxonomy": taxonomy, "taxonomies": taxonomies,
                                                     "retrain_form": retrain})


def _next_in_queue(pk: int, taxonomy: str = "") -> int | None:
    """The recommendation after this one in the queue's order (the first one when this one has left it)."""
    ordered, _doubt, _labels = _queue(taxonomy)
    if pk in ordered:
        position = ordered.index(pk)
        following = ordered[position + 1:] or ordered[:position]
    else:
        following = ordered
    return following[0] if following else None


@require_POST
@requires(is_coordinator)
def retrain(request: HttpRequest) -> HttpResponse:
    """Coordinators and administrators retrain a taxonomy's model in the background; the job page follows it."""
    form = RetrainForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Choose a taxonomy to retrain."), status=400)
    job = start_training(request.user, form.cleaned_data["taxonomy"], form.taxonomy_name())
    return redirect("jobs:detail", pk=job.pk)


def _label_rows(recommendation: Recommendation) -> list[dict]:
    """Every label on the recommendation, per taxonomy: each source's score and reason, and who wins."""
    by_label: dict[int, dict] = {}
    for annotation in recommendation.annotations.select_related("label__taxonomy", "decided_by"):
        row = by_label.setdefault(annotation.label_id, {"label": annotation.label, "annotations": []})
        row["annotations"].append(annotation)
    for row in by_label.values():
        row["winner"] = deciding(row["annotations"])  # the one rule, aspiration.corpus.labels
        row["active"] = not row["winner"].rejected
        row["model"] = next((a for a in row["annotations"] if a.source == Annotation.Source.MODEL), None)
        row["person"] = next((a for a in row["annotations"] if a.source == Annotation.Source.PERSON), None)
    return sorted(by_label.values(), key=lambda r: (r["label"].taxonomy.code, -(r["model"].score if r["model"] and
                                                                                 r["model"].score is not None else 2)))


def picker_choices() -> dict[str, Label]:
    """"Label (Taxonomy)" -> label, for the searchable picker: a person types a few letters of a name."""
    labels = Label.objects.filter(taxonomy__code__in=QUEUE_TAXONOMIES).select_related("taxonomy")
    return {f"{label.name} ({label.taxonomy.name})": label for label in labels}


def _detail_context(recommendation: Recommendation) -> dict:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in _label_rows(recommendation):
        if row["label"].taxonomy.code in QUEUE_TAXONOMIES:  # the detected language is a detail, not a label to review
            grouped[row["label"].taxonomy.code].append(row)
    batch = recommendation.import_batch
    return {"recommendation": recommendation, "grouped": dict(grouped), "picker": sorted(picker_choices()),
            "import_format": batch.format if batch else ""}


@require_GET
@requires(can_review_labels)
def review_recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(Recommendation.objects.select_related("state", "mechanism"), pk=pk)
    following = _next_in_queue(pk)
    return render(request, "nlp/review_recommendation.html", {
        **_detail_context(recommendation),
        "next_url": reverse("nlp:review_recommendation", args=[following]) if following else None,
    })


def _decide(request: HttpRequest, recommendation: Recommendation, label: Label, rejected: bool) -> None:
    """Store a person's decision (one person annotation per label, updated in place) and audit it."""
    annotation = Annotation.objects.filter(recommendation=recommendation, label=label, source=Annotation.Source.PERSON).first()
    before = snapshot(annotation) if annotation else None
    if annotation is None:
        annotation = Annotation(recommendation=recommendation, label=label, source=Annotation.Source.PERSON)
    annotation.rejected = rejected
    annotation.decided_by = request.user
    annotation.decided_at = timezone.now()
    annotation.reason = "rejected by a reviewer" if rejected else "confirmed by a reviewer"
    annotation.save()
    record("update" if before else "create", annotation, actor=request.user, before=before, after=snapshot(annotation),
           summary=f"{'rejected' if rejected else 'confirmed'} {label.taxonomy.code}:{label.code} "
                   f"on recommendation {recommendation.pk}")


def _after_decision(request: HttpRequest, recommendation: Recommendation) -> HttpResponse:
    if request.htmx:
        return render(request, "nlp/_labels.html", _detail_context(recommendation))
    return redirect("nlp:review_recommendation", pk=recommendation.pk)


@require_POST
@requires(can_review_labels)
def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(Recommendation, pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("confirm", "reject"):
        return HttpResponse("decision must be confirm or reject", status=400)
    label = get_object_or_404(Label.objects.select_related("taxonomy"), pk=request.POST.get("label") or 0)
    _decide(request, recommendation, label, rejected=decision == "reject")
    return _after_decision(request, recommendation)


@require_POST
@requires(can_review_labels)
def review_add(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(Recommendation, pk=pk)
    value = request.POST.get("label") or ""
    if value.isdigit():
        labels = Label.objects.select_related("taxonomy").filter(taxonomy__code__in=QUEUE_TAXONOMIES)
        label = get_object_or_404(labels, pk=int(value))
    else:  # the searchable picker sends the name as shown, "Label (Taxonomy)"
        label = picker_choices().get(request.POST.get("label_name", "").strip())
        if label is None:
            return HttpResponse(_("Choose a label from the list."), status=400)
    _decide(request, recommendation, label, rejected=False)
    return _after_decision(request, recommendation)
