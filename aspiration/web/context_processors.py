"""Header navigation gathered from the apps: each may define ``NAV = [(url name, label, visible)]``
in its ``urls.py``, where ``visible(user) -> bool`` decides who sees the entry."""

from importlib import import_module

from django.urls import NoReverseMatch, reverse

from aspiration.urls import APPS_WITH_PAGES


def navigation(request):
    items = []
    for app in APPS_WITH_PAGES:
        try:
            module = import_module(f"aspiration.{app}.urls")
        except ModuleNotFoundError:
            continue
        for url_name, label, visible in getattr(module, "NAV", []):
            if not visible(request.user):
                continue
            try:
                items.append({"url": reverse(url_name), "label": label})
            except NoReverseMatch:
                continue
    return {"nav_items": items}
