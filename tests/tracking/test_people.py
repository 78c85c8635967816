"""A coordinator sets up the plan's people from the plan pages; nobody else may."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aspiration.accounts.models import Institution, User
from aspiration.tracking.forms import ActionForm
from tests.tracking.conftest import client_for

pytestmark = pytest.mark.django_db


def _url(world) -> str:
    return reverse("tracking:people", args=[world.plan.pk])


def _institution(**fields) -> dict:
    return {"add_institution": "1", **{f"institution-{key}": value for key, value in fields.items()}}


def _account(**fields) -> dict:
    return {"add_account": "1", **{f"account-{key}": value for key, value in fields.items()}}


def test_institutions_are_shown_by_name():
    assert str(Institution(name="Ministry of Justice", acronym="MOJ")) == "Ministry of Justice (MOJ)"
    assert str(Institution(name="Rights Watchers")) == "Rights Watchers"


def test_coordinator_adds_an_institution_in_the_plans_state_and_it_can_be_responsible(client, world):
    client_for(client, world, "coordinator")
    response = client.post(_url(world), _institution(name="Ministry of Interior", acronym="MOI", kind="government"),
                           follow=True)
    institution = Institution.objects.get(name="Ministry of Interior")
    assert institution.country == world.state and institution.acronym == "MOI"
    assert "Ministry of Interior (MOI)" in response.content.decode()
    choices = dict(ActionForm(plan=world.plan).fields["responsible_institution"].choices)
    assert "Ministry of Interior (MOI)" in choices.values()
    assert "Rights Watchers" not in choices.values()  # civil society assesses; it is not responsible


def test_the_same_institution_twice_is_refused(client, world):
    client_for(client, world, "coordinator")
    response = client.post(_url(world), _institution(name="ministry of justice", kind="government"))
    assert response.status_code == 400 and "already has an institution with this name" in response.content.decode()
    assert Institution.objects.filter(name__iexact="ministry of justice").count() == 1


def test_coordinator_creates_a_focal_point_and_sees_a_one_time_password(client, world):
    client_for(client, world, "coordinator")
    response = client.post(_url(world), _account(role="focal_point", institution=world.health.pk, username="amina",
                                                 first_name="Amina", email="amina@example.org"))
    assert response.status_code == 200
    user = User.objects.get(username="amina")
    assert user.role == "focal_point" and user.institution == world.health
    password = response.context["new_account"]["password"]
    assert password and password in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert user.check_password(password)
    assert password not in client.get(_url(world)).content.decode()  # shown once


def test_a_chosen_password_is_checked_by_the_password_validators(client, world):
    client_for(client, world, "coordinator")
    weak = client.post(_url(world), _account(role="civil_society", institution=world.ngo.pk, username="ngo2",
                                             password="123"))
    assert weak.status_code == 400 and not User.objects.filter(username="ngo2").exists()
    strong = client.post(_url(world), _account(role="civil_society", institution=world.ngo.pk, username="ngo2",
                                               password="Lantern-ferry-42-orchid"))
    assert strong.status_code == 200 and strong.context["new_account"]["password"] is None
    assert User.objects.get(username="ngo2").check_password("Lantern-ferry-42-orchid")


@pytest.mark.parametrize(("role", "institution", "message"), [
    ("focal_point", None, "Choose the institution"),
    ("focal_point", "ngo", "cannot belong to a civil society organisation"),
    ("civil_society", "justice", "cannot belong to a government"),
])
def test_roles_need_the_right_kind_of_institution(client, world, role, institution, message):
    client_for(client, world, "coordinator")
    data = _account(role=role, username="someone")
    if institution:
        data["account-institution"] = getattr(world, institution).pk
    response = client.post(_url(world), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not User.objects.filter(username="someone").exists()


def test_only_an_administrator_creates_coordinators(client, world):
    client_for(client, world, "coordinator")
    response = client.post(_url(world), _account(role="coordinator", username="boss"))
    assert response.status_code == 400 and not User.objects.filter(username="boss").exists()
    client.force_login(world.users["admin"])
    response = client.post(_url(world), _account(role="coordinator", username="boss"))
    assert response.status_code == 200 and User.objects.get(username="boss").role == "coordinator"


@pytest.mark.parametrize("role", ["focal_a", "viewer", "cso"])
def test_other_roles_can_neither_see_nor_use_the_people_page(client, world, role):
    client_for(client, world, role)
    assert client.get(_url(world)).status_code == 403
    assert client.post(_url(world), _institution(name="Shadow ministry", kind="government")).status_code == 403
    assert client.post(_url(world), _account(role="focal_point", institution=world.justice.pk,
                                             username="intruder")).status_code == 403
    assert not Institution.objects.filter(name="Shadow ministry").exists()
    assert not User.objects.filter(username="intruder").exists()


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.post(_url(world), _institution(name="Shadow ministry", kind="government"))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not Institution.objects.filter(name="Shadow ministry").exists()


def test_plan_dashboard_links_to_the_people_page(client, world):
    client_for(client, world, "coordinator")
    assert _url(world) in client.get(reverse("tracking:plan_detail", args=[world.plan.pk])).content.decode()
