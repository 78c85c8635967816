"""The one place that turns a code into what a person reads: its name in the UI language.

Every page (through the ``names`` template tags) and every presenter asks here for the name of a label of any
taxonomy, a taxonomy, a country, a mechanism, a UN regional group, a language, or a model field's choice
(statuses, responses, roles, kinds). The code itself is for exports and for the hover title only.

Names come from the database (labels created by importers live only there), kept in the process for a minute
(and dropped when a reference row is saved in it), so a page listing 500 labels makes no query per label; a code
not known yet (a label an import in another process has just added) is read again at once.
"""

from __future__ import annotations

import time

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.signals import request_started
from django.db.models.signals import post_save
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from aspiration.reference import catalog
from aspiration.reference.models import Country, Label, Mechanism, Taxonomy, localized

# Kinds that are not a taxonomy's labels.
COUNTRY, MECHANISM, TAXONOMY, REGIONAL_GROUP, LANGUAGE = "country", "mechanism", "taxonomy", "regional_group", "language"


NAMES_MAX_AGE_S = 60.0  # how late another process's rename of a country or label may show on a page

_names: dict[str, tuple[float, dict[str, dict[str, str]]]] = {}  # kind -> (read at, {code: {language: name}})
_reread_this_request: set[str] = set()


def _read_names(kind: str) -> dict[str, dict[str, str]]:
    if kind == COUNTRY:
        return dict(Country.objects.values_list("iso3", "names"))
    if kind == MECHANISM:
        return dict(Mechanism.objects.values_list("code", "names"))
    if kind == TAXONOMY:
        return dict(Taxonomy.objects.values_list("code", "names"))
    if kind == REGIONAL_GROUP:
        return {group["code"]: group["names"] for group in catalog.regional_groups()}
    return dict(Label.objects.filter(taxonomy__code=kind).values_list("code", "names"))


def _all_names(kind: str, reread: bool = False) -> dict[str, dict[str, str]]:
    """{code: {language: name}} for one kind; a taxonomy code gives that taxonomy's labels.

    Kept in the process for ``NAMES_MAX_AGE_S`` (reading and decoding every name in six languages costs a
    page about 10 ms); ``reread`` reads again at once, which ``name`` asks for when a code is not known yet.
    """
    cached = _names.get(kind)
    if cached is None or reread or time.monotonic() - cached[0] > NAMES_MAX_AGE_S:
        cached = (time.monotonic(), _read_names(kind))
        _names[kind] = cached
    return cached[1]


def _names_of(kind: str, code: str) -> dict[str, str] | None:
    """A code's names; a code another process has just added (an import's new label) is read again, once per
    request and kind, so it shows by its name on the next page, not as a code for a minute."""
    names = _all_names(kind).get(code)
    if names is None and kind not in _reread_this_request:
        _reread_this_request.add(kind)
        names = _all_names(kind, reread=True).get(code)
    return names


def forget_names(**_kwargs) -> None:
    """A reference row changed in this process (a reload, an import adding labels): read the names again."""
    _names.clear()


def start_of_request(**_kwargs) -> None:
    """A new page: a code not known yet may be read again (connected to ``request_started``)."""
    _reread_this_request.clear()


request_started.connect(start_of_request, dispatch_uid="display-names-request")
for _model in (Country, Mechanism, Taxonomy, Label):
    post_save.connect(forget_names, sender=_model, dispatch_uid=f"display-names-{_model.__name__}")


def language_name(code: str) -> str:
    """'ar' -> 'Arabic' in the UI language; an unknown language code shows as itself."""
    try:
        return _(get_language_info(code)["name"])
    except KeyError:
        return code


def name(kind: str, code: str | None, language: str | None = None) -> str:
    """The name of ``code`` (of a taxonomy's label, a country, ...) in the UI language; unknown codes show as
    themselves, so a new code is visible rather than silently blank."""
    if code in (None, ""):
        return ""
    code = str(code)
    if kind == LANGUAGE:
        return language_name(code)
    names = _names_of(kind, code)
    text = localized(names, language) if names else code
    if kind == "sdg_goal" and names:
        return _("Goal %(number)s: %(name)s") % {"number": code, "name": text}
    return text


def names(kind: str, codes, language: str | None = None) -> dict[str, str]:
    """{code: name} for several codes of one kind."""
    return {str(code): name(kind, code, language) for code in codes}


def choice(model_label: str, field: str, code: str | None) -> str:
    """The display name of a stored choice ('in_progress' -> 'In progress') of ``app_label.Model.field``."""
    if code in (None, ""):
        return ""
    choices = dict(apps.get_model(model_label)._meta.get_field(field).flatchoices)
    return str(choices.get(code, code))


def field_label(model, field: str) -> str:
    """A model field's verbose name ('due_date' -> 'Due date'); a name that is no field shows as itself."""
    try:
        return capfirst(str(model._meta.get_field(field).verbose_name))
    except FieldDoesNotExist:
        return field


def field_value(model, field: str, value) -> str:
    """A stored value as a person reads it: a choice by its name, a related row (or several) by their names."""
    if value in (None, "", []):
        return ""
    try:
        target = model._meta.get_field(field)
    except FieldDoesNotExist:
        return str(value)
    if target.is_relation and target.related_model is not None:
        keys = value if isinstance(value, list | tuple) else [value]
        found = target.related_model._default_manager.in_bulk(keys)
        return ", ".join(str(found[key]) if key in found else f"#{key}" for key in keys)
    if target.choices:
        return str(dict(target.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def choice_codes() -> dict[str, set[str]]:
    """{'app.Model.field': codes} for every field with choices: what a page must never show bare."""
    codes = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "choices", None) and not getattr(field, "is_relation", False):
                codes[f"{model._meta.label}.{field.name}"] = {str(value) for value, _label in field.flatchoices}
    return codes
