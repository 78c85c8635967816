from django import template

from aspiration.reference.models import localized

register = template.Library()


@register.filter
def localized_name(names: dict | None) -> str:
    """A name stored in six languages ({"en": ..., "fr": ...}), in the page's language."""
    return localized(names) if names else ""
