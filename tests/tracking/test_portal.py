"""The public portal shows published plans and published assessments only, in the six languages."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from aspiration.tracking.models import Assessment, Plan, ProgressUpdate
from tests.tracking.conftest import client_for


def _publish(plan):
    plan.published = True
    plan.save()


def test_portal_lists_only_published_plans(client, world):
    hidden = Plan.objects.create(state=world.state, title="Secret draft plan")
    _publish(world.plan)
    page = client.get(reverse("tracking:portal")).content.decode()
    assert world.plan.title in page and hidden.title not in page
    assert client.get(reverse("tracking:portal_plan", args=[hidden.pk])).status_code == 404


def test_portal_plan_shows_progress_per_sdg_and_area_with_published_assessments_only(client, world):
    _publish(world.plan)
    ProgressUpdate.objects.create(action=world.action_a, date="2025-01-10", narrative="Bill tabled in parliament",
                                  status="in_progress")
    Assessment.objects.create(author=world.users["cso"], institution=world.ngo, action=world.action_a, rating=2,
                              comment="Consultation was too short", status="published")
    Assessment.objects.create(author=world.users["cso"], institution=world.ngo, action=world.action_a, rating=1,
                              comment="Pending opinion", status="pending")
    Assessment.objects.create(author=world.users["cso"], institution=world.ngo, action=world.action_a, rating=1,
                              comment="Rejected opinion", status="rejected")
    page = client.get(reverse("tracking:portal_plan", args=[world.plan.pk])).content.decode()
    assert "Progress per Sustainable Development Goal" in page and "Goal 5: Gender equality" in page
    assert "Progress per Call to Action area" in page and "Gender equality and equal rights for women" in page
    assert "Bill tabled in parliament" in page and "Consultation was too short" in page
    assert "Pending opinion" not in page and "Rejected opinion" not in page


def test_portal_is_translated(client, world):
    _publish(world.plan)
    english = client.get(reverse("tracking:portal_plan", args=[world.plan.pk])).content.decode()
    client.cookies.load({"django_language": "ar"})
    with translation.override("ar"):
        arabic = client.get(reverse("tracking:portal_plan", args=[world.plan.pk]), HTTP_ACCEPT_LANGUAGE="ar")
    assert 'dir="rtl"' in arabic.content.decode() and 'dir="ltr"' in english


def test_assessment_workflow_submission_moderation_publication(client, world):
    _publish(world.plan)
    client_for(client, world, "cso")
    response = client.post(reverse("tracking:assessment_create") + f"?action={world.action_a.pk}",
                           {"rating": "3", "comment": "Shelters opened in two regions only", "links": "https://ngo.example/report"})
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.status == "pending" and assessment.institution == world.ngo and assessment.evidence.count() == 1
    public = client.get(reverse("tracking:portal_plan", args=[world.plan.pk])).content.decode()
    assert "two regions only" not in public
    client.logout()
    client_for(client, world, "coordinator")
    client.post(reverse("tracking:moderate", args=[assessment.pk]), {"decision": "published", "note": ""})
    client.logout()
    assert "two regions only" in client.get(reverse("tracking:portal_plan", args=[world.plan.pk])).content.decode()


def test_cso_cannot_assess_actions_of_unpublished_plans(client, world):
    client_for(client, world, "cso")
    response = client.get(reverse("tracking:assessment_create") + f"?action={world.action_a.pk}")
    assert response.status_code == 404
