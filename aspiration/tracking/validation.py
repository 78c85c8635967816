"""The rules a tracking write must follow, checked the same way by the pages' forms and the API.

Each check raises Django's ``ValidationError`` with a translated message; a form shows it on the field,
the API answers it with a 4xx and the message (``aspiration.tracking.api.common.invalid``). Rules on one
model's own fields live in that model's ``clean()`` (``Action.clean``: the due date is not before the start).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from aspiration.accounts.models import Institution
from aspiration.corpus.models import Recommendation
from aspiration.reference.models import Label

if TYPE_CHECKING:  # the models import nothing from here; the import is for the type only
    from aspiration.tracking.models import Cluster, Plan


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


def plan_institutions(plan: Plan) -> QuerySet[Institution]:
    """The institutions that may work on a plan's actions: those of its state, and those of no state."""
    return Institution.objects.filter(Q(country=plan.state_id) | Q(country__isnull=True))


def responsible_candidates(plan: Plan, current_id: int | None = None) -> QuerySet[Institution]:
    """Who may be responsible for an action: civil society and the NHRI assess actions, they are not responsible
    for them (an action already given to one keeps it)."""
    return plan_institutions(plan).exclude(kind__in=Institution.INDEPENDENT) | Institution.objects.filter(pk=current_id)


def responsible_institution(plan: Plan, institution_id: int, current_id: int | None = None) -> Institution:
    found = responsible_candidates(plan, current_id).filter(pk=institution_id).first()
    if found is None:
        raise ValidationError(_("Institution %(id)s cannot be responsible for an action of this plan.")
                              % {"id": institution_id})
    return found


def supporting_institutions(plan: Plan, ids: Iterable[int]) -> list[Institution]:
    ids = set(ids)
    found = list(plan_institutions(plan).filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError(_("Unknown institution id(s) for this plan: %(ids)s")
                              % {"ids": ", ".join(map(str, sorted(ids - {i.pk for i in found})))})
    return found


def cluster_of(plan: Plan, cluster_id: int | None) -> Cluster | None:
    """The plan's cluster with this id (None for none); a cluster of another plan is refused."""
    if cluster_id is None:
        return None
    found = plan.clusters.filter(pk=cluster_id).first()
    if found is None:
        raise ValidationError(_("Cluster %(id)s is not a cluster of this plan.") % {"id": cluster_id})
    return found
