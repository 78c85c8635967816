"""Every page still works under the Content-Security-Policy (issue 11): no violation in headless Chromium's console."""

from __future__ import annotations

from datetime import date

import pytest

from aspiration.tracking.models import Evidence, ProgressUpdate
from aspiration.watch.models import Alert
from tests.tracking.conftest import PASSWORD
from tests.watch.helpers import make_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_show_no_policy_violation_in_chromium(page, world):
    world.plan.published = True
    world.plan.save()
    update = ProgressUpdate.objects.create(action=world.action_a, date=date(2025, 3, 1), narrative="Shelter opened",
                                           status="in_progress", author=world.users["focal_a"])
    Evidence.objects.create(progress_update=update, url="https://example.org/minutes", uploaded_by=world.users["focal_a"])
    item = make_item("A post about the shelters", "FRA", flagged=("threat",))
    alert = Alert.objects.create(country="FRA", category="threat", day=item.published.date(), count=5, total=10,
                                 baseline=0.01, p_value=1e-6)
    world.users["admin"].is_watch_analyst = True
    world.users["admin"].save()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto("/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    urls = [
        "/", "/explore/?q=violence", f"/recommendation/{world.rec_women.pk}/", "/country/FRA/",
        "/tracking/", f"/tracking/plans/{world.plan.pk}/", f"/tracking/actions/{world.action_a.pk}/",
        f"/tracking/plans/{world.plan.pk}/gender/", f"/tracking/actions/{world.action_a.pk}/progress/",
        "/watch/", "/watch/alerts/", f"/watch/alerts/{alert.pk}/", f"/watch/items/{item.pk}/", "/watch/countries/FRA/",
        "/reports/", "/accounts/", "/nlp/review/", "/admin/", "/admin/accounts/user/", "/api/docs",
    ]
    for url in urls:
        response = page.goto(url)
        page.wait_for_load_state("networkidle")
        assert response.status == 200, url
    assert problems == []

    # The language switcher still sends its form without an inline handler.
    page.goto("/")
    with page.expect_navigation():
        page.select_option("#language-select", "fr")
        page.click("#language-submit")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert problems == []

    # And the policy is enforced: a script injected inline does not run and is reported.
    page.evaluate("() => { const s = document.createElement('script'); s.textContent = 'window.ran = 1';"
                  " document.body.append(s); }")
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.ran") is None
    assert any("Content Security Policy" in problem for problem in problems)
