"""The audit history of a tracked object, as field changes."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from aspiration.accounts import permissions as perm
from aspiration.accounts.audit import history as audit_history
from aspiration.tracking.models import Action, Assessment, Cluster, GenderLensReview, Indicator, Plan, ProgressUpdate

HISTORY_MODELS = {"plan": Plan, "action": Action, "cluster": Cluster, "indicator": Indicator,
                  "progressupdate": ProgressUpdate, "genderlensreview": GenderLensReview, "assessment": Assessment}


@perm.requires()
def history(request, kind: str, pk: int):
    model = HISTORY_MODELS.get(kind)
    if model is None:
        raise Http404
    perm.require(request, perm.can_view_history(request.user))
    instance = get_object_or_404(model, pk=pk)
    perm.require(request, perm.can_view_history(request.user, instance))
    entries = [{"event": event, "changes": changes(event.before, event.after)}
               for event in audit_history(instance).select_related("actor")]
    return render(request, "tracking/history.html", {"instance": instance, "entries": entries})


def changes(before: dict | None, after: dict | None) -> list[tuple[str, object, object]]:
    """The fields whose value differs between two snapshots (all fields of a creation or deletion)."""
    before, after = before or {}, after or {}
    return [(key, before.get(key), after.get(key)) for key in sorted(set(before) | set(after))
            if before.get(key) != after.get(key) and key not in ("version", "id")]
