"""Template side of ``aspiration.reference.display``: a code on a page is always its name, the code on hover.

    {% load names %}
    {{ rec.state.iso3|named:"country" }}      -> <bdi title="MLT">Malta</bdi>
    {{ label.code|named:"sdg_goal" }}         -> <bdi title="5">Goal 5: Gender equality</bdi>
    {{ action|shown:"status" }}               -> <bdi title="in_progress">In progress</bdi>
    {{ code|choice_name:"jobs.Job.status" }}  -> the same for a bare stored value
    {{ code|name_text:"country" }}            -> plain text, for attributes
    {{ user|person }}                         -> <bdi>Maja Novak</bdi>, or the login name marked lang="zxx"
    {{ field|field_label:instance }}, {% field_value instance field value %}, {{ event.action|audit_action }}
                                              -> a history's fields, values and actions in words

``<bdi>`` isolates the name: an English fallback name inside an Arabic sentence keeps its punctuation where
it belongs.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from aspiration.accounts.audit import action_name
from aspiration.reference import display

register = template.Library()


def _isolated(text: str, code) -> str:
    if text == "":
        return ""
    if str(code) == text:
        return format_html("<bdi>{}</bdi>", text)
    return format_html('<bdi title="{}">{}</bdi>', code, text)


@register.filter
def named(code, kind: str) -> str:
    return _isolated(display.name(kind, code), code)


@register.filter
def name_text(code, kind: str) -> str:
    return display.name(kind, code)


@register.filter
def shown(instance, field: str) -> str:
    """A model instance's choice field by its display name."""
    code = getattr(instance, field, "")
    return _isolated(display.choice(instance._meta.label, field, code), code)


@register.filter
def choice_name(code, field_path: str) -> str:
    """``field_path`` is 'app_label.Model.field'."""
    model_label, field = field_path.rsplit(".", 1)
    return _isolated(display.choice(model_label, field, code), code)


@register.filter
def field_label(field: str, instance) -> str:
    return display.field_label(type(instance), field)


@register.simple_tag
def field_value(instance, field: str, value) -> str:
    """``{% field_value instance "status" before %}``: a snapshot's value by its name (escaped by the template)."""
    return display.field_value(type(instance), field, value)


@register.filter
def audit_action(action: str) -> str:
    return action_name(action)


@register.filter
def person(user) -> str:
    """A person by their full name, else their login name; a login name is marked as no language (``zxx``),
    so a screen reader spells it rather than reading "admin" as an English word in an Arabic sentence."""
    if not user:
        return "—"
    full_name = user.get_full_name()
    if full_name:
        return format_html("<bdi>{}</bdi>", full_name)
    return format_html('<bdi lang="zxx">{}</bdi>', user.get_username())
