"""Who may do what. Views, the API and commands all ask these functions; nothing else decides.

Roles (``User.role``):
- admin and coordinator: the whole plan (create, edit, publish, moderate, import/export);
- focal point: reads plans; edits only the actions of their own institution and reports their progress;
- viewer: reads plans;
- civil society (CSOs and the NHRI): submits assessments, reads its own and the published portal;
- public (anonymous): the published portal only.

The objects asked about (a plan, an action, a job, evidence) are read by their fields, not imported:
accounts is the bottom layer (see docs/architecture.md). Querysets of what a user may see live on the
models' side and ask these predicates (``Plan.objects.visible_to``, ``Job.objects.visible_to``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from aspiration.accounts.models import User

    # Who is asking: a user, an anonymous visitor, or nobody (a command line without --user).
    Person = User | AnonymousUser | None

STAFF_ROLES = frozenset({"admin", "coordinator", "focal_point", "viewer"})


def _role(user: Person) -> str | None:
    """The user's role, "admin" for superusers, None for anonymous visitors and deactivated accounts."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return "admin"
    return user.role


def is_signed_in(user: Person) -> bool:
    """A logged-in, active account, whatever its role."""
    return _role(user) is not None


def is_staff_reader(user: Person) -> bool:
    """Logged-in government-side users who may read unpublished plans."""
    return _role(user) in STAFF_ROLES


def is_coordinator(user: Person) -> bool:
    return _role(user) in {"admin", "coordinator"}


def is_focal_point(user: Person) -> bool:
    return _role(user) == "focal_point" and user.institution_id is not None


def is_civil_society(user: Person) -> bool:
    return _role(user) == "civil_society"


def can_read_unpublished_plans(user: Person) -> bool:
    """Plans being drafted are the government side's; everyone else reads published plans (``Plan.objects.visible_to``)."""
    return is_staff_reader(user)


def can_manage_plan(user: Person, plan=None) -> bool:
    """Create, edit, publish, cluster, import and export plans; create and delete actions."""
    return is_coordinator(user)


def can_manage_people(user: Person) -> bool:
    """Add institutions and create focal point, viewer and civil-society accounts from the plan pages."""
    return is_coordinator(user)


def can_create_coordinators(user: Person) -> bool:
    """Only administrators make new coordinators: a coordinator cannot multiply their own rights."""
    return _role(user) == "admin"


def can_edit_action(user: Person, action) -> bool:
    """Coordinators edit every action; a focal point only those their institution is responsible for."""
    if is_coordinator(user):
        return True
    return is_focal_point(user) and action.responsible_institution_id == user.institution_id


def can_pick_recommendations(user: Person, plan) -> bool:
    """The recommendation picker of a plan's forms: its coordinators, and focal points editing one of its actions."""
    if can_manage_plan(user, plan):
        return True
    return is_focal_point(user) and plan.actions.filter(responsible_institution_id=user.institution_id).exists()


def can_report_progress(user: Person, action) -> bool:
    return can_edit_action(user, action)


def can_edit_indicator(user: Person, indicator) -> bool:
    return can_edit_action(user, indicator.action)


def can_review_gender(user: Person, *, action=None, plan=None) -> bool:
    """Plan-wide reviews are the coordinator's; a focal point may review their own actions."""
    if action is not None:
        return can_edit_action(user, action)
    return is_coordinator(user)


def can_review_labels(user: Person) -> bool:
    """Confirm, reject and add recommendation labels in the review queue (people's decisions win over models')."""
    return _role(user) in {"admin", "coordinator", "focal_point"}


def can_submit_assessment(user: Person) -> bool:
    return is_civil_society(user)


def can_moderate_assessments(user: Person) -> bool:
    return is_coordinator(user)


def can_view_assessment(user: Person, assessment) -> bool:
    if assessment.status == "published" or is_coordinator(user):
        return True
    return _role(user) is not None and assessment.author_id == user.pk


def can_view_evidence(user: Person, evidence) -> bool:
    """Evidence is internal (staff readers and its uploader) unless it is public progress evidence of a published plan."""
    if is_staff_reader(user) or is_public_evidence(evidence):
        return True
    return _role(user) is not None and evidence.uploaded_by_id == user.pk


def is_public_evidence(evidence) -> bool:
    """Anyone, even anonymous, may read it: its uploader ticked "public" and the plan is on the portal."""
    update = evidence.progress_update
    return evidence.public and update is not None and update.action.plan.published


def is_watch_analyst(user: Person) -> bool:
    """Early-warning data (feed items, alerts, flagged counts) is the watch analysts' alone, whatever their role."""
    return _role(user) is not None and bool(user.is_watch_analyst)


def can_generate_reports(user: Person) -> bool:
    """Coordinators, administrators and viewers; focal points and civil society use the plan pages."""
    return _role(user) in {"admin", "coordinator", "viewer"}


def can_download_report(user: Person, job) -> bool:
    """The person who asked for the report, or a coordinator or administrator; a briefing with the early-warning
    section stays with watch analysts, whoever else may follow the job."""
    if not can_view_job(user, job):
        return False
    if job.created_by_id == user.pk:
        return True
    return is_coordinator(user) and (not job.result.get("early_warning") or is_watch_analyst(user))


def can_view_history(user: Person, instance=None) -> bool:
    """Staff readers read audit trails, but only of objects they may read: a trail repeats the object's content."""
    if not is_staff_reader(user):
        return False
    if instance is not None and instance._meta.label_lower == "tracking.assessment":
        return can_view_assessment(user, instance)
    return True


def can_import(user: Person) -> bool:
    """Import recommendations from files in the browser (the import then labels and indexes them)."""
    return is_coordinator(user)


def can_view_job(user: Person, job) -> bool:
    """A background job is followed by the person who started it; coordinators and administrators see all,
    except early-warning feed imports, which only watch analysts see (feed items can put people at risk)."""
    if _role(user) is None:
        return False
    if job.created_by_id == user.pk:
        return True
    if job.kind == "feed_import":
        return bool(user.is_watch_analyst)
    return is_coordinator(user)


def can_retry_job(user: Person, job) -> bool:
    return can_view_job(user, job)


class LoginRequired(Exception):
    """Raised by ``require`` for an anonymous visitor; ``requires`` turns it into the login page."""


def require(request, allowed: bool) -> None:
    """For a check that needs the object the view loaded (``require(request, can_edit_action(user, action))``):
    an anonymous visitor is sent to log in (the view must be decorated with ``requires``), a logged-in user
    without the right gets 403."""
    if allowed:
        return
    if not request.user.is_authenticated:
        raise LoginRequired
    raise PermissionDenied


def requires(allowed: Callable[[Person], bool] | None = None, message: str = "") -> Callable:
    """The view decorator: anonymous visitors are sent to log in; a logged-in user without the right gets 403.

    ``allowed`` is asked before the view runs; checks on an object the view loads use ``require`` inside it
    (``@requires()`` alone then only turns their ``LoginRequired`` into the login page).
    """
    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if allowed is not None:
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                if not allowed(request.user):
                    raise PermissionDenied(message)
            try:
                return view(request, *args, **kwargs)
            except LoginRequired:
                return redirect_to_login(request.get_full_path())
        return wrapper
    return decorate
