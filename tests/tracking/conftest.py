"""A small world: one state, two ministries, a CSO, a user per role, a plan with two actions."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from aspiration.accounts.models import Institution, User
from aspiration.tracking.models import Action, Indicator, Plan
from tests import factories

PASSWORD = "Correct-horse-battery-9"
ROLES = ("anonymous", "admin", "coordinator", "focal_a", "focal_b", "viewer", "cso")


def _user(username: str, role: str, institution=None, **extra) -> User:
    return User.objects.create_user(username=username, password=PASSWORD, email=f"{username}@example.org", role=role,
                                    institution=institution, **extra)


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    # The production hasher takes about a second per password on these machines; tests need no strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    fra = factories.country("FRA", "France")
    justice = Institution.objects.create(name="Ministry of Justice", acronym="MOJ", country=fra)
    health = Institution.objects.create(name="Ministry of Health", acronym="MOH", country=fra)
    ngo = Institution.objects.create(name="Rights Watchers", kind="civil_society", country=fra)
    goal = factories.label("sdg_goal", "5", "Gender equality")
    target = factories.label("sdg_target", "5.2", "Eliminate violence against women")
    target.parent = goal
    target.save()
    factories.label("sdg_indicator", "5.2.1", "Proportion of women subjected to violence")
    area = factories.label("cta_area", "3", "Gender equality and equal rights for women")
    factories.label("affected_group", "women", "Women")
    rec_women = factories.recommendation(
        "Adopt a law criminalising domestic violence", labels={"sdg_target": ["5.2"], "cta_area": ["3"],
                                                               "affected_group": ["women"], "upr_issue": ["Women's rights"]})
    rec_health = factories.recommendation(
        "Ensure access to health care in rural areas", labels={"sdg_goal": ["3"], "upr_issue": ["Women's rights"]})
    rec_noted = factories.recommendation("Consider abolishing the death penalty", response="noted")
    plan = Plan.objects.create(state=fra, title="National action plan 2024-2027",
                               period_start=date(2024, 1, 1), period_end=date(2027, 12, 31))
    today = date.today()
    action_a = Action.objects.create(plan=plan, title="Draft a domestic violence bill", responsible_institution=justice,
                                     due_date=today + timedelta(days=5), status="in_progress")
    action_a.recommendations.set([rec_women])
    action_a.sdg_targets.set([target])
    action_a.cta_areas.set([area])
    action_b = Action.objects.create(plan=plan, title="Open rural clinics", responsible_institution=health,
                                     due_date=today - timedelta(days=3))
    indicator_a = Indicator.objects.create(action=action_a, name="Shelters open", unit="shelters",
                                           disaggregation=["location"], baseline=2, target=10)
    users = {
        "admin": _user("admin", "admin", is_staff=True, is_superuser=True),
        "coordinator": _user("coord", "coordinator"),
        "focal_a": _user("focal_justice", "focal_point", justice),
        "focal_b": _user("focal_health", "focal_point", health),
        "viewer": _user("viewer", "viewer"),
        "cso": _user("ngo", "civil_society", ngo),
    }
    return SimpleNamespace(state=fra, justice=justice, health=health, ngo=ngo, plan=plan, action_a=action_a,
                           action_b=action_b, indicator_a=indicator_a, rec_women=rec_women, rec_health=rec_health,
                           rec_noted=rec_noted, users=users, target=target, area=area)


def client_for(client, world, role: str):
    """The test client logged in as ``role`` (or anonymous)."""
    if role != "anonymous":
        client.force_login(world.users[role])
    return client
