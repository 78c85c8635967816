"""Recording the audit trail. Call ``record`` from every view, command or API call that changes data."""

from __future__ import annotations

import threading
from typing import Any

from django.db import models
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from aspiration.accounts.models import AuditEvent

_context = threading.local()


def set_request_context(user, ip_address: str | None) -> None:
    _context.user = user if getattr(user, "is_authenticated", False) else None
    _context.ip_address = ip_address


def clear_request_context() -> None:
    _context.user = None
    _context.ip_address = None


# What ``record`` was told happened, as a history page says it.
ACTION_NAMES = {
    "create": _("created"), "update": _("changed"), "delete": _("deleted"), "view": _("viewed"),
    "import": _("imported"), "export": _("exported"), "moderate": _("moderated"), "purge": _("purged"),
    "triage": _("triaged"), "login": _("logged in"),
}


def action_name(action: str) -> str:
    return str(ACTION_NAMES.get(action, action))


# Fields that never go into the audit trail, whatever the model.
SECRET_FIELDS = {"password", "digest"}


def snapshot(instance: models.Model) -> dict[str, Any]:
    """A JSON-safe picture of a model instance's fields, for before/after in the audit trail."""
    data = model_to_dict(instance)
    return {key: _json_safe(value) for key, value in data.items() if key not in SECRET_FIELDS}


def _json_safe(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):  # JSON fields, e.g. names in six languages, stay objects
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def record(action: str, instance: models.Model | None = None, *, actor=None, object_type: str = "",
           object_id: str = "", summary: str = "", before: dict | None = None, after: dict | None = None) -> AuditEvent:
    if instance is not None:
        object_type = object_type or instance._meta.label_lower
        object_id = object_id or str(instance.pk)
    return AuditEvent.objects.create(
        actor=actor or getattr(_context, "user", None),
        action=action,
        object_type=object_type,
        object_id=object_id,
        summary=summary[:300],
        before=before,
        after=after,
        ip_address=getattr(_context, "ip_address", None),
    )


def history(instance: models.Model):
    return AuditEvent.objects.filter(object_type=instance._meta.label_lower, object_id=str(instance.pk))
