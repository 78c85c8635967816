"""Template filters of the watch pages: names instead of codes, p-values in words (``aspiration.watch.wording``)."""

from django import template

from aspiration.watch import wording

register = template.Library()

register.filter("category_name", wording.category_name)
register.filter("status_name", wording.status_name)
register.filter("country_name", wording.country_name)
register.filter("language_name", wording.language_name)
register.filter("share_words", wording.share_words)


@register.filter
def signal_words(signal) -> str:
    """An alert or a day's signal (``rate`` or ``count``/``total``, ``baseline``, ``p_value``) in words."""
    rate = getattr(signal, "rate", None)
    if rate is None:
        rate = signal.count / signal.total if signal.total else 0.0
    return wording.signal_in_words(rate, signal.baseline, signal.p_value)


@register.filter
def entry(mapping: dict, key: str):
    return mapping.get(key, "")
