"""aspiration remind: focal points get their institution's overdue and upcoming actions, once per day."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.management import call_command

from aspiration.accounts.models import User
from aspiration.tracking.models import Action


def test_each_focal_point_gets_their_own_institutions_actions_once_a_day(world, mailoutbox, capsys):
    Action.objects.create(plan=world.plan, title="Far future", responsible_institution=world.justice,
                          due_date=date.today() + timedelta(days=60))
    Action.objects.create(plan=world.plan, title="Done already", responsible_institution=world.health,
                          due_date=date.today() - timedelta(days=30), status="completed")
    call_command("remind")
    assert "2 sent" in capsys.readouterr().out
    by_recipient = {mail.to[0]: mail for mail in mailoutbox}
    justice = by_recipient["focal_justice@example.org"]
    health = by_recipient["focal_health@example.org"]
    assert "Draft a domestic violence bill" in justice.body and "Open rural clinics" not in justice.body
    assert "Far future" not in justice.body
    assert "Open rural clinics" in health.body and "3 days late" in health.body
    assert "Done already" not in health.body
    assert justice.subject.startswith("Aspiration: 0 overdue and 1 upcoming")
    call_command("remind")  # the same day again: nothing more
    assert len(mailoutbox) == 2
    assert "0 sent, 2 already sent today" in capsys.readouterr().out


def test_next_day_sends_again_and_cancelled_actions_are_skipped(world, mailoutbox):
    call_command("remind")
    world.action_b.status = "cancelled"
    world.action_b.save()
    call_command("remind", date=(date.today() + timedelta(days=1)).isoformat())
    assert [mail.to[0] for mail in mailoutbox].count("focal_health@example.org") == 1
    assert [mail.to[0] for mail in mailoutbox].count("focal_justice@example.org") == 2


def test_focal_point_without_email_is_counted_not_crashed(world, mailoutbox, capsys):
    User.objects.filter(username="focal_health").update(email="")
    call_command("remind")
    assert "1 focal points without an email address" in capsys.readouterr().out
    assert len(mailoutbox) == 1
