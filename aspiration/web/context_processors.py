"""Header navigation gathered from the apps: each may define ``NAV = [(url name, label, visible)]``
in its ``urls.py``, where ``visible(user) -> bool`` decides who sees the entry."""

from django.urls import reverse

from aspiration.urls import APP_PAGES


def navigation(request) -> dict:
    items = []
    for _prefix, module in APP_PAGES:
        for url_name, label, visible in getattr(module, "NAV", []):
            if visible(request.user):
                items.append({"url": reverse(url_name), "label": label})
    return {"nav_items": items}
