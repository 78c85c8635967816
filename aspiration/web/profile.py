"""The numbers behind a country profile, counted in the database (a few grouped queries, any corpus size)."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from aspiration.corpus.models import Annotation, Recommendation
from aspiration.reference.codes import code_key
from aspiration.reference.models import Label, localized
from aspiration.web import charts


def label_counts(recommendations: QuerySet, taxonomy: str, by: str | None = None) -> dict:
    """How many of these recommendations carry each label of a taxonomy (effective labels: a person's
    rejection removes a label). With ``by`` (a Recommendation field) the keys are (code, value)."""
    rows = (
        Annotation.objects.effective()
        .filter(recommendation__in=recommendations, label__taxonomy__code=taxonomy)
        .values("label__code", *([f"recommendation__{by}"] if by else []))
        .annotate(n=Count("recommendation", distinct=True))
    )
    if by:
        return {(row["label__code"], row[f"recommendation__{by}"]): row["n"] for row in rows}
    return {row["label__code"]: row["n"] for row in rows}


def label_names(taxonomy: str) -> dict[str, str]:
    rows = Label.objects.filter(taxonomy__code=taxonomy).values_list("code", "names")
    return {code: localized(names) or code for code, names in rows}


def ranked_bars(counts: dict[str, int], names: dict[str, str], limit: int | None = None) -> list[charts.Bar]:
    ordered = sorted(counts.items(), key=lambda item: (-item[1], names.get(item[0], item[0])))[:limit]
    return charts.bars([(code, names.get(code, code), n) for code, n in ordered])


def country_profile(country) -> dict:
    recommendations = Recommendation.objects.filter(state=country)
    total = recommendations.count()
    if not total:
        return {"total": 0}
    by_mechanism_cycle = list(
        recommendations.values("mechanism__code", "mechanism__names", "cycle")
        .annotate(n=Count("id"))
        .order_by("mechanism__code", "cycle")
    )
    cycles = sorted({row["cycle"] for row in by_mechanism_cycle if row["cycle"] is not None})
    has_uncycled = any(row["cycle"] is None for row in by_mechanism_cycle)
    mechanisms: dict[str, dict] = {}
    for row in by_mechanism_cycle:
        code = row["mechanism__code"]
        name = localized(row["mechanism__names"]) or code
        entry = mechanisms.setdefault(code, {"code": code, "name": name, "cells": {}, "total": 0})
        entry["cells"][row["cycle"]] = row["n"]
        entry["total"] += row["n"]
    columns = cycles + ([None] if has_uncycled else [])
    mechanism_rows = [
        {**entry, "values": [entry["cells"].get(cycle, 0) for cycle in columns]} for entry in mechanisms.values()
    ]

    responses = dict(recommendations.values_list("response").annotate(n=Count("id")))
    response_names = dict(Recommendation.Response.choices)
    response_bars = charts.bars([
        (code, str(response_names.get(code, "")) or "—", responses[code])
        for code in sorted(responses, key=lambda c: -responses[c])
    ])
    answered = responses.get("supported", 0) + responses.get("noted", 0)
    supported_rate = round(100 * responses.get("supported", 0) / answered, 1) if answered else None

    goal_by_cycle = label_counts(recommendations, "sdg_goal", by="cycle")
    goals = [str(n) for n in range(1, 18)]
    goal_names = label_names("sdg_goal")
    goal_totals = label_counts(recommendations, "sdg_goal")
    heat_columns = columns or [None]
    grid = charts.heatmap(goals, heat_columns, goal_by_cycle)
    heat_rows = [
        {"code": goal, "name": goal_names.get(goal, goal), "cells": cells, "total": goal_totals.get(goal, 0)}
        for goal, cells in zip(goals, grid, strict=True)
    ]

    per_year = dict(recommendations.exclude(year=None).values_list("year").annotate(n=Count("id")))
    # Every year from the first to the last, empty ones too: a trend with gaps drawn as gaps, not closed up.
    years = [(year, per_year.get(year, 0)) for year in range(min(per_year), max(per_year) + 1)] if per_year else []
    return {
        "total": total,
        "columns": columns,
        "mechanism_rows": mechanism_rows,
        "response_bars": response_bars,
        "supported_rate": supported_rate,
        "heat_columns": heat_columns,
        "heat_rows": heat_rows,
        "issues": ranked_bars(label_counts(recommendations, "upr_issue"), label_names("upr_issue"), limit=12),
        "groups": ranked_bars(label_counts(recommendations, "affected_group"), label_names("affected_group")),
        "cta_areas": sorted(
            ranked_bars(label_counts(recommendations, "cta_area"), label_names("cta_area")), key=lambda bar: code_key(bar.key)
        ),
        "years": years,
    }
