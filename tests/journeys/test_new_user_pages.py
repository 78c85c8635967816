"""Pages a new user met slow or broken on a fresh install (the demo corpus of ``aspiration setup``), in a browser:
the label review queue, the CSV export of a search, "new assessment" opened without a subject, the clusters page.

Accounts and a plan are made through ``aspiration shell`` (they are not what is under test); every step under
test goes through the browser only.
"""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

import pytest

from tests.conftest import screenshot
from tests.journeys.conftest import accept_suggested_cluster, log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "Journey-pages-Password-7"


@pytest.fixture(scope="module")
def world(instance):
    """A civil society account, a viewer, and a published plan for Malta (73 demo recommendations) with an action."""
    return instance.query(
        "from datetime import date\n"
        "from aspiration.accounts.models import Institution, User\n"
        "from aspiration.reference.models import Country\n"
        "from aspiration.tracking.models import Action, Plan\n"
        "malta = Country.objects.get(iso3='MLT')\n"
        "ngo = Institution.objects.create(name='Malta Rights Forum', kind='civil_society', country=malta)\n"
        "ministry = Institution.objects.create(name='Ministry for Equality', country=malta)\n"
        f"User.objects.create_user('cso.forum', password='{PASSWORD}', role='civil_society', institution=ngo)\n"
        f"User.objects.create_user('viewer.one', password='{PASSWORD}', role='viewer')\n"
        "plan = Plan.objects.create(state=malta, title='Malta: follow-up to the review', period_start=date(2025, 1, 1),"
        " period_end=date(2028, 12, 31))\n"
        "action = Action.objects.create(plan=plan, title='Open a shelter in Gozo', responsible_institution=ministry)\n"
        "result = {'plan': plan.pk, 'action': action.pk}")


def _load_seconds(page, path: str) -> float:
    started = time.perf_counter()
    response = page.goto(path)
    assert response.status == 200, f"{path} answered {response.status}"
    return time.perf_counter() - started


def test_review_queue_answers_fast_and_pages(visit, instance):
    page = visit()
    log_in(page, "admin", instance.admin_password)
    _load_seconds(page, "/nlp/review/")  # a worker's first view reads the models' thresholds once
    seconds = min(_load_seconds(page, "/nlp/review/") for _ in range(3))
    rows = page.locator("table.review-queue tbody tr")
    assert rows.count() == 25
    pages = int(re.search(r"Page 1 of (\d+)", page.locator("nav.pagination").inner_text()).group(1))
    assert pages > 1
    screenshot(page, "ui-review-queue-en")
    first = rows.first.locator("td a").inner_text()
    with page.expect_navigation():
        page.locator("nav.pagination").get_by_role("link", name="Next").click()
    assert "Page 2 of" in page.locator("nav.pagination").inner_text()
    assert first not in page.locator("table.review-queue").inner_text()
    # It took 3.5-7 s; in process it now takes well under 0.1 s. The bound leaves room for a loaded machine.
    assert seconds < 2.0, f"the review queue took {seconds:.2f} s"


def test_csv_export_of_a_search_has_every_result(visit, instance):
    page = visit()
    page.goto("/explore/?q=women")
    count = int(re.sub(r"\D", "", page.locator("h2.results-summary").inner_text().split()[-1]))
    started = time.perf_counter()
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV", exact=True).click()
    body = Path(download.value.path()).read_text(encoding="utf-8-sig")
    seconds = time.perf_counter() - started
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) >= count > 100  # duplicates are collapsed on the page, listed in the export
    assert all(row["text"] and row["url"].startswith(instance.base_url) for row in rows)
    assert any(row["labels.upr_issue"] for row in rows)
    assert seconds < 3.0, f"the CSV export took {seconds:.2f} s"  # it took 10.9 s


def test_new_assessment_without_a_subject_offers_a_choice(visit, instance, world):
    page = visit()
    log_in(page, "cso.forum", PASSWORD)
    response = page.goto("/tracking/assessments/new/")
    assert response.status == 200
    assert page.get_by_role("heading", name="Choose what to assess").is_visible()
    assert "No plan has been published yet." in page.locator("main").inner_text()
    instance.query(f"from aspiration.tracking.models import Plan\nPlan.objects.filter(pk={world['plan']})"
                   ".update(published=True)\nresult = True")
    page.reload()
    assert page.get_by_text("Open a shelter in Gozo").is_visible()
    screenshot(page, "ui-assessment-choose-en")
    with page.expect_navigation():
        page.get_by_role("link", name="Submit an assessment").last.click()
    assert page.url.endswith(f"?action={world['action']}")
    assert page.locator("#id_rating").is_visible()
    for username, password in (("viewer.one", PASSWORD), ("admin", instance.admin_password)):
        other = visit()
        log_in(other, username, password)
        assert other.goto("/tracking/assessments/new/").status == 403


def test_clusters_page_is_scannable_and_a_folded_suggestion_keeps_all_its_members(visit, instance, world):
    page = visit()
    log_in(page, "admin", instance.admin_password)
    page.goto(f"/tracking/plans/{world['plan']}/clusters/")
    suggestions = page.locator(".suggestion")
    assert suggestions.count() > 8
    assert page.locator(".suggestion:visible").count() == 8
    assert page.get_by_text(re.compile(r"\d+ more suggestions")).is_visible()
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 6000, f"the clusters page is {height} px tall"  # it was 8,530 px on this plan
    screenshot(page, "ui-clusters-en")
    big = page.locator(".suggestion:visible", has=page.locator("details")).first
    assert big.locator(".rec-list li:visible").count() == 3
    assert len(accept_suggested_cluster(page, instance, big, world["plan"])) > 3
    arabic = visit("ar")
    log_in(arabic, "admin", instance.admin_password)
    arabic.goto(f"/tracking/plans/{world['plan']}/clusters/")
    screenshot(arabic, "ui-clusters-ar")
