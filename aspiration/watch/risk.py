"""Risk and opportunity analysis per country: signals over time, alerts, and the open recommendations
in the themes and groups each category touches, with their implementation status.

``country_risk_summary`` returns plain data (for the web page and the country briefing report).
"""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from aspiration.watch.models import Alert, Signal
from aspiration.watch.scoring import CATEGORIES

# Which recommendations an early-warning category relates to: (taxonomy code, label codes).
RELATED: dict[str, list[tuple[str, list[str]]]] = {
    "sexism": [("affected_group", ["women", "girls"]), ("upr_issue", ["Women's rights"])],
    "violence_against_women": [("affected_group", ["women", "girls"]), ("upr_issue", ["Women's rights", "Trafficking"])],
    "hate": [("affected_group", ["minorities", "migrants", "refugees_asylum_seekers", "lgbti", "indigenous_peoples",
                                 "persons_with_disabilities"]),
             ("upr_issue", ["Racial discrimination", "Minorities", "Migrants", "Sexual Orientation and Gender Identity",
                            "Freedom of religion and belief"])],
    "threat": [("upr_issue", ["Public security", "Impunity", "Human rights violations by state agents"])],
    "hrd_journalist_attack": [("affected_group", ["human_rights_defenders", "journalists_media"]),
                              ("upr_issue", ["Human rights defenders", "Freedom of opinion and expression",
                                             "Freedom of the press", "Civil society"])],
}
GENDER_CATEGORIES = ("sexism", "violence_against_women")
WINDOW_DAYS = 90
OPEN_STATUSES = {"planned", "in_progress", "delayed"}


def related_filter(category: str) -> Q:
    """Recommendations effectively labelled with one of the category's related themes or groups."""
    from aspiration.corpus.models import Annotation

    labels = Q()
    for taxonomy, codes in RELATED[category]:
        labels |= Q(label__taxonomy__code=taxonomy, label__code__in=codes)
    return Q(pk__in=Annotation.objects.effective().filter(labels).values("recommendation"))


def related_recommendations(iso3: str, category: str, limit: int = 10) -> dict:
    """Open recommendations (no completed action) in the related themes, with action statuses when tracking exists."""
    from aspiration.corpus.models import Recommendation

    base = Recommendation.objects.filter(state__iso3=iso3).filter(related_filter(category))
    has_actions = apps.is_installed("aspiration.tracking") and hasattr(Recommendation, "actions")
    if has_actions:
        base = base.exclude(actions__status="completed")
    total = base.count()
    rows = []
    for rec in base.order_by("-year", "pk")[:limit]:
        statuses = sorted(set(rec.actions.values_list("status", flat=True))) if has_actions else []
        rows.append({"id": rec.pk, "text": rec.text[:400], "year": rec.year, "response": rec.response,
                     "mechanism": rec.mechanism.code, "action_statuses": statuses or ["no action planned"]})
    return {"open_count": total, "recommendations": rows}


def signal_series(iso3: str, since) -> dict[str, list[dict]]:
    series: dict[str, list[dict]] = {c: [] for c in CATEGORIES}
    for s in Signal.objects.filter(country=iso3, day__gte=since).order_by("day"):
        series[s.category].append({"day": s.day.isoformat(), "count": s.count, "total": s.total, "rate": s.rate,
                                   "baseline": s.baseline})
    return series


def country_risk_summary(iso3: str) -> dict | None:
    """None when the early-warning desk has nothing for this country."""
    iso3 = iso3.upper()
    since = timezone.now().date() - timedelta(days=WINDOW_DAYS)
    if not Signal.objects.filter(country=iso3).exists() and not Alert.objects.filter(country=iso3).exists():
        return None
    series = signal_series(iso3, since)
    categories = {}
    for category in CATEGORIES:
        points = series[category]
        flagged, total = sum(p["count"] for p in points), sum(p["total"] for p in points)
        open_alerts = Alert.objects.filter(country=iso3, category=category).exclude(status=Alert.Status.DISMISSED)
        categories[category] = {
            "series": points, "flagged": flagged, "items": total, "rate": flagged / total if total else 0.0,
            "open_alerts": open_alerts.count(),
            "latest_alert": (open_alerts.order_by("-day").values_list("day", flat=True).first() or None),
            "related": related_recommendations(iso3, category),
        }
        if categories[category]["latest_alert"]:
            categories[category]["latest_alert"] = categories[category]["latest_alert"].isoformat()
    gender = {c: categories[c] for c in GENDER_CATEGORIES}
    return {
        "country": iso3,
        "window_days": WINDOW_DAYS,
        "since": since.isoformat(),
        "open_alerts": Alert.objects.filter(country=iso3).exclude(status=Alert.Status.DISMISSED).count(),
        "categories": categories,
        "gender": {
            "flagged": sum(g["flagged"] for g in gender.values()),
            "open_alerts": sum(g["open_alerts"] for g in gender.values()),
            "open_recommendations": related_recommendations(iso3, "violence_against_women")["open_count"],
        },
    }
