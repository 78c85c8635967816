"""Daily reminders: each focal point gets one email listing their institution's overdue and upcoming actions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from aspiration.accounts.models import User
from aspiration.tracking.analysis import overdue_actions, upcoming_actions
from aspiration.tracking.models import Action, ReminderLog


@dataclass
class RemindResult:
    sent: int = 0
    already_sent: int = 0
    without_email: int = 0


def reminders_due(today: date) -> dict[int, tuple[list[Action], list[Action]]]:
    """{institution id: (overdue, upcoming)} for every institution with something to say."""
    due: dict[int, tuple[list[Action], list[Action]]] = defaultdict(lambda: ([], []))
    for action in overdue_actions(today=today):
        due[action.responsible_institution_id][0].append(action)
    for action in upcoming_actions(today=today):
        due[action.responsible_institution_id][1].append(action)
    return dict(due)


def _body(user: User, overdue: list[Action], upcoming: list[Action], today: date) -> str:
    lines = [_("Hello %(name)s,") % {"name": user.get_full_name() or user.get_username()}, ""]
    if overdue:
        lines.append(_("Overdue actions:"))
        lines += [f"- {action.title} ({action.plan}): {_('due')} {action.due_date:%Y-%m-%d}, "
                  f"{(today - action.due_date).days} {_('days late')}" for action in overdue]
        lines.append("")
    if upcoming:
        lines.append(_("Actions due in the next 14 days:"))
        lines += [f"- {action.title} ({action.plan}): {_('due')} {action.due_date:%Y-%m-%d}" for action in upcoming]
        lines.append("")
    lines.append(_("Please report progress in Aspiration (My actions)."))
    return "\n".join(lines)


def send_reminders(today: date | None = None) -> RemindResult:
    """Idempotent per day: a focal point already reminded today is skipped."""
    today = today or date.today()
    result = RemindResult()
    due = reminders_due(today)
    focal_points = User.objects.filter(role=User.Role.FOCAL_POINT, is_active=True, institution_id__in=due.keys())
    for user in focal_points.order_by("id"):
        if not user.email:
            result.without_email += 1
            continue
        overdue, upcoming = due[user.institution_id]
        try:
            with transaction.atomic():
                ReminderLog.objects.create(user=user, sent_on=today, actions=[a.pk for a in overdue + upcoming])
                with translation.override(user.preferred_language):
                    subject = _("Aspiration: %(overdue)d overdue and %(upcoming)d upcoming actions") % {
                        "overdue": len(overdue), "upcoming": len(upcoming)}
                    send_mail(subject, _body(user, overdue, upcoming, today), settings.DEFAULT_FROM_EMAIL, [user.email])
        except IntegrityError:
            result.already_sent += 1
            continue
        result.sent += 1
    return result
