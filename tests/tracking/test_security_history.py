"""The history page repeats an object's content, so it is refused to whoever may not read the object (issue 11)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aspiration.tracking.models import Assessment
from aspiration.tracking.services import create_audited
from tests.tracking.conftest import client_for


@pytest.fixture
def pending(world):
    assessment = Assessment(author=world.users["cso"], institution=world.ngo, action=world.action_a, rating=2,
                            comment="The ministry hid the shelter figures")
    return create_audited(assessment, actor=world.users["cso"])


@pytest.mark.parametrize("role", ["viewer", "focal_a", "focal_b", "cso"])
def test_pending_assessment_history_is_refused(client, world, pending, role):
    response = client_for(client, world, role).get(reverse("tracking:history", args=["assessment", pending.pk]))
    assert response.status_code == 403
    assert b"shelter figures" not in response.content


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_coordinators_read_pending_assessment_history(client, world, pending, role):
    response = client_for(client, world, role).get(reverse("tracking:history", args=["assessment", pending.pk]))
    assert response.status_code == 200
    assert b"shelter figures" in response.content


def test_published_assessment_history_is_open_to_staff_readers(client, world, pending):
    Assessment.objects.filter(pk=pending.pk).update(status="published")
    response = client_for(client, world, "viewer").get(reverse("tracking:history", args=["assessment", pending.pk]))
    assert response.status_code == 200
    assert b"shelter figures" in response.content
