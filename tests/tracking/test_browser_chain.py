"""In a real browser: the chain on the staff pages, public evidence chosen on the progress form, the public action page."""

from __future__ import annotations

import re
from datetime import date

import pytest

from aspiration.corpus.models import Document
from aspiration.tracking.models import Assessment, Evidence, Measurement
from tests.conftest import screenshot
from tests.tracking.test_browser import _log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _chain_world(world) -> None:
    world.plan.published = True
    world.plan.description = "Follow-up to the fourth cycle of the Universal Periodic Review."
    world.plan.save()
    document = Document.objects.create(symbol="A/HRC/43/12", mechanism=world.rec_women.mechanism, state=world.state)
    world.rec_women.document, world.rec_women.paragraph = document, "118.45"
    world.rec_women.save()
    world.action_b.recommendations.set([world.rec_health])
    indicator = world.indicator_a
    indicator.disaggregation, indicator.baseline_date, indicator.target_date = ["sex"], date(2024, 1, 1), date(2027, 12, 31)
    indicator.save()
    Measurement.objects.create(indicator=indicator, date=date(2025, 3, 1), value=6, source="Ministry register")
    Measurement.objects.create(indicator=indicator, date=date(2025, 3, 1), value=4, disaggregation={"sex": "female"})
    for status, comment in (("published", "Shelters opened, but none yet in rural areas."),
                            ("pending", "Not yet moderated opinion")):
        Assessment.objects.create(author=world.users["cso"], institution=world.ngo, action=world.action_a, rating=3,
                                  comment=comment, status=status)


def test_chain_from_recommendation_to_progress_and_its_public_page(page, world, tmp_path):
    _chain_world(world)
    _log_in(page, "focal_justice")
    page.goto(f"/tracking/actions/{world.action_a.pk}/progress/")
    page.fill("#id_narrative", "Four shelters opened; the consultation minutes are public.")
    page.select_option("#id_status", "in_progress")
    minutes = tmp_path / "consultation-minutes.pdf"
    minutes.write_bytes(b"%PDF-1.4\n% minutes of the consultation\n%%EOF\n")
    page.set_input_files("#id_evidence_file", str(minutes))
    page.get_by_label("Show this evidence on the public portal").check()
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.goto(f"/tracking/actions/{world.action_a.pk}/progress/")
    page.fill("#id_narrative", "Draft budget shared with the finance ministry.")
    page.fill("#id_links", "https://intranet.example/draft-budget")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert [(e.original_name or e.url, e.public) for e in Evidence.objects.order_by("pk")] == [
        ("consultation-minutes.pdf", True), ("https://intranet.example/draft-budget", False)]

    main = page.locator("main")
    assert "A/HRC/43/12, paragraph 118.45" in main.inner_text()
    assert page.get_by_role("img", name=re.compile("Baseline: 2.*Latest: 6.*Target: 10")).is_visible()
    assert "50% of the way from baseline to target" in main.inner_text()
    assert "Sex: female" in main.inner_text()
    screenshot(page, "tracking-action-chain")

    page.goto(f"/tracking/plans/{world.plan.pk}/")
    chain = page.locator("table.chain-table")
    assert "A/HRC/43/12, paragraph 118.45" in chain.inner_text() and "Overdue" in chain.inner_text()
    screenshot(page, "tracking-plan-dashboard")

    page.context.clear_cookies()  # an anonymous visitor from here on
    page.goto("/tracking/portal/")
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("National action plan")).click()
    assert page.get_by_role("heading", name="Goal 5: Gender equality").is_visible()
    assert "Overdue" in page.locator("main").inner_text()
    screenshot(page, "portal-plan")
    with page.expect_navigation():
        page.get_by_role("link", name="Draft a domestic violence bill").first.click()
    assert re.search(rf"/tracking/portal/actions/{world.action_a.pk}/$", page.url)
    text = page.locator("main").inner_text()
    assert "Adopt a law criminalising domestic violence" in text and "Goal 5: Gender equality" in text
    assert "Shelters opened, but none yet in rural areas." in text and "Not yet moderated opinion" not in text
    assert "draft-budget" not in text and "Sex: female" in text
    screenshot(page, "portal-action")
    with page.expect_download() as download:
        page.get_by_role("link", name="consultation-minutes.pdf").click()
    assert download.value.suggested_filename == "consultation-minutes.pdf"
