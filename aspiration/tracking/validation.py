"""The rules a tracking write must follow, checked the same way by the pages' forms and the API.

Each check raises Django's ``ValidationError`` with a translated message; a form shows it on the field,
the API answers it with a 4xx and the message (``aspiration.tracking.api.common.invalid``). Rules on one
model's own fields live in that model's ``clean()`` (``Action.clean``: the due date is not before the start).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from aspiration.accounts.models import Institution
from aspiration.corpus.models import Recommendation
from aspiration.reference.models import Label


def recommendations_of_state(ids: Iterable[int], state_id: int) -> list[Recommendation]:
    """The recommendations with these ids; each must belong to the plan's state."""
    ids = list(ids)
    found = list(Recommendation.objects.filter(pk__in=ids, state_id=state_id))
    missing = sorted(set(ids) - {rec.pk for rec in found})
    if missing:
        raise ValidationError(_("No recommendation of this state has the number(s): %(ids)s")
                              % {"ids": ", ".join(map(str, missing))})
    return found


def breakdown_of(indicator_dimensions: Iterable[str], breakdown: dict[str, str]) -> dict[str, str]:
    """A measurement's disaggregation may only use the dimensions its indicator is disaggregated by."""
    allowed = set(indicator_dimensions)
    extra = sorted(set(breakdown) - allowed)
    if extra:
        raise ValidationError(_("'%(dimension)s' is not a dimension of this indicator (%(allowed)s).")
                              % {"dimension": ", ".join(extra), "allowed": ", ".join(sorted(allowed)) or "-"})
    return breakdown


def labels_with_codes(taxonomy: str, codes: Iterable[str]) -> list[Label]:
    """The labels of a taxonomy with these codes; an unknown code is refused, not dropped."""
    codes = list(codes)
    found = list(Label.objects.filter(taxonomy__code=taxonomy, code__in=codes))
    unknown = sorted(set(codes) - {label.code for label in found})
    if unknown:
        raise ValidationError(_("Unknown %(taxonomy)s code(s): %(codes)s") % {"taxonomy": taxonomy,
                                                                               "codes": ", ".join(unknown)})
    return found


def institutions_with_ids(ids: Iterable[int]) -> list[Institution]:
    ids = set(ids)
    found = list(Institution.objects.filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError(_("Unknown institution id(s): %(ids)s")
                              % {"ids": ", ".join(map(str, sorted(ids - {i.pk for i in found})))})
    return found
