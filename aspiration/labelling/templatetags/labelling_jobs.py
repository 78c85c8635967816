import datetime

from django import template

register = template.Library()


@register.filter
def iso_date(value: str) -> datetime.date | None:
    """A date a job stored as text (JSON has no dates), for the ``date`` filter."""
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@register.filter
def percent(value) -> str:
    """0.8123 -> "81 %" (the evaluation's shares, as people read them)."""
    return f"{round(100 * float(value))} %" if value is not None else ""
