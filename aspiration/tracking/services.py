"""Audited, conflict-checked writes used by pages, the API and commands alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from django.db import models, transaction
from django.utils.translation import gettext as _

from aspiration.accounts.audit import record, snapshot


class VersionConflict(Exception):
    """Someone saved the object after the writer loaded it: their work must not be overwritten."""

    def __init__(self, instance: models.Model, expected: int, current: int):
        self.instance = instance
        self.expected = expected
        self.current = current
        super().__init__(
            _("%(kind)s #%(pk)s was changed by someone else since you opened it (your version %(expected)d, now "
              "%(current)d). Reload it, reapply your changes and save again.")
            % {"kind": instance._meta.verbose_name, "pk": instance.pk, "expected": expected, "current": current}
        )


def create_audited(instance: models.Model, *, actor=None, save_m2m: Callable[[], None] | None = None,
                   summary: str = "") -> models.Model:
    with transaction.atomic():
        instance.save()
        if save_m2m is not None:
            save_m2m()
        record("create", instance, actor=actor, summary=summary or str(instance), after=snapshot(instance))
    return instance


def update_versioned(instance: models.Model, expected_version: int, *, actor=None,
                     save_m2m: Callable[[], None] | None = None, summary: str = "") -> models.Model:
    """Save ``instance`` (already carrying the new values) only if the stored version is ``expected_version``.

    The row is locked for the check (PostgreSQL; SQLite serialises writers with IMMEDIATE
    transactions), so two writers holding the same version cannot both succeed.
    """
    model = type(instance)
    with transaction.atomic():
        stored = model.objects.select_for_update().get(pk=instance.pk)
        if stored.version != expected_version:
            raise VersionConflict(instance, expected_version, stored.version)
        before = snapshot(stored)
        instance.version = stored.version + 1
        instance.save()
        if save_m2m is not None:
            save_m2m()
        record("update", instance, actor=actor, summary=summary or str(instance), before=before, after=snapshot(instance))
    return instance


def follow_progress_status(action_id: int, status: str, *, actor=None) -> None:
    """A progress update leaves its action in the update's status: read the action afresh (it may have been
    edited since the form was opened) and save the change with its own audit entry."""
    from aspiration.tracking.models import Action

    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action_id)
        if action.status != status:
            action.status = status
            update_versioned(action, action.version, actor=actor, summary="status from progress update")


def store_evidence_file(upload, *, user, progress_update=None, assessment=None, title: str = "", public: bool = False):
    """Check an uploaded file by size and content, then store it under MEDIA_ROOT with a random name."""
    import hashlib

    from django.conf import settings
    from django.core.files.base import ContentFile

    from aspiration.tracking.evidence import EvidenceRejected, check_upload, too_big
    from aspiration.tracking.models import Evidence

    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise EvidenceRejected(too_big(upload.size, limit))
    data = upload.read(limit + 1)
    name = PurePosixPath(upload.name or "").name
    kind = check_upload(name, data, limit)
    evidence = Evidence(progress_update=progress_update, assessment=assessment, original_name=name[:255],
                        content_type=kind.content_type, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                        title=title[:300], public=public, uploaded_by=user)
    evidence.file.save(name, ContentFile(data), save=False)
    return create_audited(evidence, actor=user, summary=f"evidence {name}")


class NotOfThePlanState(ValueError):
    """Recommendations to another state than the plan's cannot be linked to its actions."""


def link_recommendations(action, recommendation_ids, *, actor, narrative: str = "", status: str = "",
                         on=None):
    """In one transaction: add recommendations to an action and, given a narrative, record a progress update
    on it (the way a matched document's passages reach tracking). Returns the progress update or None."""
    from datetime import date

    from aspiration.corpus.models import Recommendation
    from aspiration.tracking.models import Action, ProgressUpdate

    ids = {int(pk) for pk in recommendation_ids}
    with transaction.atomic():
        stored = Action.objects.select_for_update().select_related("plan").get(pk=action.pk)
        found = list(Recommendation.objects.filter(pk__in=ids, state_id=stored.plan.state_id))
        if len(found) != len(ids):
            missing = sorted(ids - {rec.pk for rec in found})
            raise NotOfThePlanState(_("No recommendation of this state has the number(s): %(ids)s")
                                    % {"ids": ", ".join(map(str, missing))})
        update_versioned(stored, stored.version, actor=actor, save_m2m=lambda: stored.recommendations.add(*found),
                         summary=f"recommendations {', '.join(str(rec.pk) for rec in found)} linked")
        if not narrative.strip():
            return None
        update = ProgressUpdate(action=stored, date=on or date.today(), narrative=narrative.strip(),
                                status=status or stored.status, author=actor)
        create_audited(update, actor=actor)
        follow_progress_status(stored.pk, update.status, actor=actor)
    return update


def assess_recommendations(state: str, recommendation_ids, *, actor, rating: int, comment: str) -> list:
    """In one transaction: the same assessment (pending moderation) of each recommendation to ``state`` (ISO3), by
    the actor and their institution (the way a civil-society text matched to the recommendations it answers
    reaches the portal)."""
    from aspiration.corpus.models import Recommendation
    from aspiration.tracking.models import Assessment

    ids = {int(pk) for pk in recommendation_ids}
    with transaction.atomic():
        found = list(Recommendation.objects.filter(pk__in=ids, state__iso3=state).order_by("pk"))
        if len(found) != len(ids):
            raise NotOfThePlanState(_("No recommendation of this state has the number(s): %(ids)s")
                                    % {"ids": ", ".join(map(str, sorted(ids - {rec.pk for rec in found})))})
        return [create_audited(Assessment(author=actor, institution=actor.institution, recommendation=rec,
                                          rating=rating, comment=comment.strip()), actor=actor)
                for rec in found]
