"""A focal point at work in a real browser; screenshots of the dashboard, their actions and the portal."""

from __future__ import annotations

import re

import pytest

from aspiration.tracking.models import Assessment, Evidence, ProgressUpdate
from tests.conftest import screenshot
from tests.tracking.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def test_focal_point_reports_progress_and_cannot_edit_another_institutions_action(page, world, tmp_path):
    _log_in(page, "focal_justice")
    with page.expect_navigation():
        page.get_by_role("link", name="My actions").click()
    table = page.locator("main table")
    assert "Draft a domestic violence bill" in table.inner_text()
    assert "Open rural clinics" not in table.inner_text()
    screenshot(page, "tracking-my-actions")

    with page.expect_navigation():
        page.get_by_role("link", name="Report progress").click()
    page.fill("#id_narrative", "The draft bill was sent to parliament after consulting women's organisations.")
    page.select_option("#id_status", "in_progress")
    minutes = tmp_path / "consultation-minutes.pdf"
    minutes.write_bytes(b"%PDF-1.4\n% minutes of the consultation\n%%EOF\n")
    page.set_input_files("#id_evidence_file", str(minutes))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert re.search(r"/tracking/actions/\d+/$", page.url)
    assert page.get_by_role("link", name="consultation-minutes.pdf").is_visible()
    assert ProgressUpdate.objects.get().author.username == "focal_justice"
    assert Evidence.objects.get().original_name == "consultation-minutes.pdf"
    screenshot(page, "tracking-action-progress")

    response = page.goto(f"/tracking/actions/{world.action_b.pk}/edit/")
    assert response.status == 403
    response = page.goto(f"/tracking/actions/{world.action_b.pk}/progress/")
    assert response.status == 403
    world.action_b.refresh_from_db()
    assert world.action_b.version == 1


def test_screenshots_of_dashboard_and_portal(page, world):
    world.plan.published = True
    world.plan.description = "Follow-up to the fourth cycle of the Universal Periodic Review."
    world.plan.save()
    ProgressUpdate.objects.create(action=world.action_a, date="2025-03-01", status="in_progress",
                                  narrative="Draft bill tabled in parliament after public consultation.")
    Assessment.objects.create(author=world.users["cso"], institution=world.ngo, action=world.action_a, rating=3,
                              comment="Consultation happened, but shelters are still missing in rural areas.",
                              status="published")
    _log_in(page, "coord")
    page.goto(f"/tracking/plans/{world.plan.pk}/")
    assert page.get_by_role("heading", name="Coverage of recommendations by actions").is_visible()
    page.goto(f"/tracking/plans/{world.plan.pk}/actions/new/")
    page.fill("#id_title", "Continue to promote the rights of women")
    page.select_option("#id_responsible_institution", label="Ministry of Justice (MOJ)")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert page.locator("[data-hint=vague_verb]").is_visible()  # saved, with the SMART hints on the action page
    screenshot(page, "tracking-action-smart-hints")
    page.goto(f"/tracking/plans/{world.plan.pk}/gender/")
    screenshot(page, "tracking-gender-lens")
    page.goto("/tracking/portal/")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("National action plan")).click()
    assert page.get_by_text("shelters are still missing").first.is_visible()
    screenshot(page, "tracking-portal")
