"""Recommendation -> action -> indicator -> progress on the action page, the dashboard and the public portal."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from aspiration.corpus.models import Document
from aspiration.tracking.chain import IndicatorProgress, indicator_progress
from aspiration.tracking.models import Assessment, Evidence, Measurement, ProgressUpdate
from tests import factories
from tests.tracking.conftest import client_for

PDF = b"%PDF-1.4\n% minutes\n%%EOF\n"


def _publish(plan) -> None:
    plan.published = True
    plan.save()


def _page(client, name: str, *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def chain(world):
    """The women's rights recommendation with its UN document, a measured indicator and evidence of both kinds."""
    document = Document.objects.create(symbol="A/HRC/43/12", mechanism=world.rec_women.mechanism, state=world.state)
    world.rec_women.document, world.rec_women.paragraph = document, "118.45"
    world.rec_women.save()
    indicator = world.indicator_a
    indicator.disaggregation = ["sex", "location"]
    indicator.save()
    Measurement.objects.create(indicator=indicator, date=date(2025, 3, 1), value=6)
    Measurement.objects.create(indicator=indicator, date=date(2025, 3, 1), value=4, disaggregation={"sex": "female"})
    update = ProgressUpdate.objects.create(action=world.action_a, date=date(2025, 3, 2), status="in_progress",
                                           narrative="Four shelters opened in the north.")
    Evidence.objects.create(progress_update=update, url="https://gov.example/shelters", public=True)
    Evidence.objects.create(progress_update=update, url="https://intranet.example/internal-memo")
    return world


def test_progress_runs_from_baseline_to_target_in_either_direction(world):
    assert indicator_progress(world.indicator_a).share is None  # nothing measured yet
    Measurement.objects.create(indicator=world.indicator_a, date=date(2025, 1, 1), value=9, disaggregation={"location": "north"})
    assert indicator_progress(world.indicator_a).share is None  # a breakdown is not the total
    for value, expected in ((30, 0.5), (50, 0.0), (10, 1.0)):  # a reduction from 40 to 20
        progress = IndicatorProgress(baseline=40, target=20, latest=Measurement(value=value, date=date(2025, 1, 1)))
        assert progress.share == expected
    assert IndicatorProgress(baseline=40, target=20, latest=Measurement(value=10, date=date(2025, 1, 1))).reached


def test_action_page_shows_the_chain_with_sources_progress_and_readable_breakdowns(client, chain):
    client_for(client, chain, "viewer")
    page = _page(client, "tracking:action_detail", chain.action_a.pk)
    assert "Adopt a law criminalising domestic violence" in page
    assert "A/HRC/43/12, paragraph 118.45" in page and "Recommended by" in page and "BRA" in page
    dashboard = _page(client, "tracking:plan_detail", chain.plan.pk)
    assert "A/HRC/43/12, paragraph 118.45" in dashboard and "50% of the way from baseline to target" in dashboard
    # Progress drawn as an accessible SVG, with the numbers in words next to it.
    assert 'role="img"' in page and f'aria-labelledby="indicator-{chain.indicator_a.pk}-progress-text"' in page
    assert "50% of the way from baseline to target" in page
    assert "Sex: female" in page and "sex=female" not in page and "Disaggregated by Sex, Location" in page
    assert "Four shelters opened in the north." in page
    assert "internal-memo" in page and "shown on the public portal" in page  # staff see internal evidence too
    assert "2025-03-01" not in page and "March 1, 2025" in page  # one date format: the locale's


def test_progress_bar_is_drawn_from_the_right_in_arabic(client, chain):
    client_for(client, chain, "viewer")
    client.cookies.load({"django_language": "ar"})
    with translation.override("ar"):
        page = client.get(reverse("tracking:action_detail", args=[chain.action_a.pk]), HTTP_ACCEPT_LANGUAGE="ar")
    assert 'dir="rtl"' in page.content.decode()
    assert '<rect x="120" y="0" width="120"' in page.content.decode()


def test_overdue_is_a_word_wherever_actions_are_listed(client, world):
    _publish(world.plan)
    client_for(client, world, "coordinator")
    for name, args in (("tracking:plan_detail", [world.plan.pk]), ("tracking:my_actions", []),
                       ("tracking:action_detail", [world.action_b.pk]), ("tracking:gender_overview", [world.plan.pk])):
        assert "Overdue" in _page(client, name, *args), name
    assert "Overdue" not in _page(client, "tracking:action_detail", world.action_a.pk)  # due in five days
    assert "1 overdue" in _page(client, "tracking:plans")
    client.logout()
    assert "Overdue" in _page(client, "tracking:portal_plan", world.plan.pk)
    assert "Overdue" in _page(client, "tracking:portal_action", world.action_b.pk)
    world.action_b.status = "completed"
    world.action_b.save()
    assert "Overdue" not in _page(client, "tracking:portal_action", world.action_b.pk)


def test_portal_action_page_of_a_published_plan_is_public(client, chain):
    _publish(chain.plan)
    plan_page = _page(client, "tracking:portal_plan", chain.plan.pk)
    url = reverse("tracking:portal_action", args=[chain.action_a.pk])
    assert f'href="{url}"' in plan_page
    page = _page(client, "tracking:portal_action", chain.action_a.pk)
    assert "Draft a domestic violence bill" in page and "Ministry of Justice" in page
    assert "Adopt a law criminalising domestic violence" in page and "A/HRC/43/12, paragraph 118.45" in page
    assert "Shelters open" in page and "Sex: female" in page and "50% of the way from baseline to target" in page
    assert "Goal 5: Gender equality" in page


def test_portal_action_of_an_unpublished_plan_is_not_found(client, world):
    assert client.get(reverse("tracking:portal_action", args=[world.action_a.pk])).status_code == 404
    client_for(client, world, "coordinator")  # even staff: the portal shows what the public sees
    assert client.get(reverse("tracking:portal_action", args=[world.action_a.pk])).status_code == 404
    assert client.get(reverse("tracking:portal_action", args=[999999])).status_code == 404


def test_portal_shows_public_evidence_only_and_refuses_private_files_to_anonymous(client, chain, settings):
    _publish(chain.plan)
    update = chain.action_a.progress_updates.get()
    client_for(client, chain, "focal_a")
    client.post(reverse("tracking:progress_create", args=[chain.action_a.pk]), {
        "date": "2025-04-01", "status": "in_progress", "narrative": "Minutes published.",
        "evidence_file": SimpleUploadedFile("public-minutes.pdf", PDF, "application/pdf"), "evidence_public": "on"})
    client.post(reverse("tracking:progress_create", args=[chain.action_a.pk]), {
        "date": "2025-04-02", "status": "in_progress", "narrative": "Internal draft shared.",
        "evidence_file": SimpleUploadedFile("internal-draft.pdf", PDF, "application/pdf")})
    public_file = Evidence.objects.get(original_name="public-minutes.pdf")
    private_file = Evidence.objects.get(original_name="internal-draft.pdf")
    assert public_file.public and not private_file.public and update.evidence.filter(public=False).count() == 1
    client.logout()

    page = _page(client, "tracking:portal_action", chain.action_a.pk)
    assert "https://gov.example/shelters" in page and "public-minutes.pdf" in page
    assert "internal-memo" not in page and "internal-draft.pdf" not in page
    assert "Internal draft shared." in page  # the report itself is public, its evidence is not

    download = client.get(reverse("tracking:evidence_download", args=[public_file.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    refused = client.get(reverse("tracking:evidence_download", args=[private_file.pk]))
    assert refused.status_code == 302 and "login" in refused["Location"]
    chain.plan.published = False
    chain.plan.save()
    assert client.get(reverse("tracking:evidence_download", args=[public_file.pk])).status_code == 302


def test_portal_action_shows_published_assessments_only(client, world):
    _publish(world.plan)
    for status, comment in (("published", "Consultation was too short"), ("pending", "Pending opinion"),
                            ("rejected", "Rejected opinion")):
        Assessment.objects.create(author=world.users["cso"], institution=world.ngo, action=world.action_a, rating=2,
                                  comment=comment, status=status)
    page = _page(client, "tracking:portal_action", world.action_a.pk)
    assert "Consultation was too short" in page and "Rights Watchers" in page and "Limited progress" in page
    assert "Pending opinion" not in page and "Rejected opinion" not in page


def test_portal_names_sdg_goals_in_the_ui_language(client, world):
    goal = factories.label("sdg_goal", "5")
    goal.names = {"en": "Gender equality", "fr": "Égalité entre les sexes"}
    goal.save()
    _publish(world.plan)
    assert "Goal 5: Gender equality" in _page(client, "tracking:portal_plan", world.plan.pk)
    client.cookies.load({"django_language": "fr"})
    french = client.get(reverse("tracking:portal_plan", args=[world.plan.pk]), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Égalité entre les sexes" in french
