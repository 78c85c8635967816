"""Template tags that own how tracking pages show overdue work, indicator progress, breakdowns and sources.

Every page that lists actions marks lateness with ``{% overdue_mark %}``, so "overdue" reads the same
(a word, not a colour) on the dashboard, the focal point's list, the action page and the portal.
"""

from __future__ import annotations

from django import template
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from aspiration.tracking import analysis
from aspiration.tracking.chain import indicator_progress
from aspiration.tracking.models import Action, Indicator, Measurement, Plan

register = template.Library()

BAR_WIDTH = 240
BAR_HEIGHT = 16


@register.inclusion_tag("tracking/includes/overdue.html")
def overdue_mark(subject: Action | Plan) -> dict:
    """For an action: "Overdue" when it is open past its due date. For a plan: how many of its actions are."""
    if isinstance(subject, Plan):
        count = getattr(subject, "overdue_count", None)  # annotated by lists of plans
        return {"count": analysis.overdue_actions(subject).count() if count is None else count, "per_plan": True}
    return {"count": int(subject.is_overdue()), "per_plan": False}


@register.inclusion_tag("tracking/includes/progress_bar.html")
def progress_bar(indicator: Indicator, element_id: str = "") -> dict:
    """Baseline -> latest -> target as an inline SVG with a text alternative; drawn from the right in RTL languages."""
    progress = indicator_progress(indicator)
    filled = round(BAR_WIDTH * progress.share) if progress.share is not None else 0
    start = BAR_WIDTH - filled if get_language_bidi() else 0
    return {"indicator": indicator, "progress": progress, "width": BAR_WIDTH, "height": BAR_HEIGHT,
            "filled": filled, "start": start, "element_id": element_id or f"indicator-{indicator.pk}-progress"}


@register.filter
def breakdown(measurement: Measurement, indicator: Indicator | None = None) -> str:
    """{"sex": "female", "age": "15-24"} -> "Sex: female, Age: 15-24"; the total reads as "Total"."""
    if not measurement.disaggregation:
        return _("Total")
    indicator = indicator or measurement.indicator
    return ", ".join(f"{dimension_name(dimension, indicator)}: {value}"
                     for dimension, value in measurement.disaggregation.items())


@register.filter
def dimension_names(indicator: Indicator) -> str:
    """The dimensions an indicator is broken down by, as names: "Sex, Location"."""
    return ", ".join(dimension_name(dimension, indicator) for dimension in indicator.disaggregation)


def dimension_name(dimension: str, indicator: Indicator) -> str:
    if dimension == Indicator.Dimension.OTHER and indicator.other_dimension:
        return indicator.other_dimension
    if dimension in Indicator.Dimension.values:
        return str(Indicator.Dimension(dimension).label)
    return dimension


@register.inclusion_tag("tracking/includes/recommendation.html")
def recommendation_addressed(rec, compact: bool = False) -> dict:
    """A recommendation with where it comes from: mechanism, recommending states, UN document symbol and paragraph."""
    return {"rec": rec, "compact": compact, "recommending": list(rec.recommending_states.all())}
