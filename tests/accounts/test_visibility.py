"""The queryset forms of the visibility rules say exactly what the permission predicates say, for every role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from aspiration.accounts import permissions
from aspiration.accounts.models import User
from aspiration.jobs.models import Job
from aspiration.tracking.models import Plan
from tests import factories

ROLES = ("admin", "coordinator", "focal_point", "viewer", "civil_society")


@pytest.fixture
def people(db) -> list:
    found: list = [AnonymousUser()]
    for role in ROLES:
        found.append(User.objects.create_user(role, password="pw", role=role))
        found.append(User.objects.create_user(f"{role}-analyst", password="pw", role=role, is_watch_analyst=True))
    found.append(User.objects.create_user("gone", password="pw", role="coordinator", is_active=False))
    return found


def test_a_job_is_listed_exactly_when_its_page_may_be_opened(people):
    jobs = [Job.objects.create(kind=kind, title=kind, task_path="x", created_by=owner)
            for kind in ("import", "feed_import", "report", "training") for owner in people[1:4]]
    for user in people:
        listed = set(Job.objects.visible_to(user).values_list("pk", flat=True))
        assert listed == {job.pk for job in jobs if permissions.can_view_job(user, job)}, user


def test_drafts_are_read_by_the_government_side_only(people):
    state = factories.country()
    draft = Plan.objects.create(state=state, title="Draft")
    published = Plan.objects.create(state=state, title="Published", published=True)
    for user in people:
        expected = {draft.pk, published.pk} if permissions.is_staff_reader(user) else {published.pk}
        assert set(Plan.objects.visible_to(user).values_list("pk", flat=True)) == expected, user
    assert not permissions.is_staff_reader(people[-1])  # a deactivated coordinator reads what the public reads


def test_label_review_is_for_administrators_coordinators_and_focal_points(people):
    reviewers = {getattr(user, "username", "") for user in people if permissions.can_review_labels(user)}
    assert reviewers == {"admin", "admin-analyst", "coordinator", "coordinator-analyst", "focal_point",
                         "focal_point-analyst"}
