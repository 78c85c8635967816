"""A coordinator sets up a plan in a real browser: people, a cluster picked by search, a suggestion, an action."""

from __future__ import annotations

import re

import pytest

from aspiration.accounts.models import Institution, User
from aspiration.reference.models import Label
from aspiration.tracking.models import Action, Cluster
from tests import factories
from tests.conftest import screenshot
from tests.tracking.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def test_coordinator_adds_an_institution_and_a_focal_point_who_can_then_log_in(page, world, browser, live_server):
    _log_in(page, "coord")
    page.goto(f"/tracking/plans/{world.plan.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="People").click()
    page.fill("#id_institution-name", "Ministry of Interior")
    page.fill("#id_institution-acronym", "MOI")
    page.select_option("#id_institution-kind", "government")
    with page.expect_navigation():
        page.get_by_role("button", name="Add institution").click()
    assert "Ministry of Interior (MOI)" in page.locator("main table").first.inner_text()
    assert Institution.objects.get(acronym="MOI").country == world.state

    page.select_option("#id_account-role", "focal_point")
    page.select_option("#id_account-institution", label="Ministry of Interior (MOI) · Government")
    page.fill("#id_account-username", "omar")
    page.fill("#id_account-first_name", "Omar")
    with page.expect_navigation():
        page.get_by_role("button", name="Create account").click()
    password = page.locator("#new-password").inner_text()
    assert User.objects.get(username="omar").institution.acronym == "MOI"
    screenshot(page, "tracking-people")

    other = browser.new_context(base_url=live_server.url).new_page()
    _log_in(other, "omar", password)
    assert other.get_by_role("link", name="My actions").is_visible()
    other.context.close()


def test_coordinator_picks_recommendations_by_search_accepts_a_suggestion_and_creates_an_action(page, world):
    _log_in(page, "coord")
    page.goto(f"/tracking/plans/{world.plan.pk}/clusters/")
    suggestion = page.locator(".suggestion").first
    assert "Adopt a law criminalising domestic violence" in suggestion.inner_text()
    screenshot(page, "tracking-cluster-suggestions")

    page.fill("#id_title", "Death penalty")
    page.fill("#recommendation_ids-q", "death penalty")
    found = page.locator(f"#recommendation_ids-add-{world.rec_noted.pk}")
    found.wait_for()
    found.check()
    page.locator(f"#recommendation_ids-chosen-{world.rec_noted.pk}").wait_for()
    assert "Consider abolishing the death penalty" in page.locator("#recommendation_ids-chosen").inner_text()
    screenshot(page, "tracking-cluster-picker")
    with page.expect_navigation():
        page.get_by_role("button", name="Create cluster").click()
    assert list(Cluster.objects.get(title="Death penalty").recommendations.all()) == [world.rec_noted]

    with page.expect_navigation():
        page.locator(".suggestion").first.get_by_role("button", name="Create this cluster").click()
    accepted = Cluster.objects.get(origin="upr_issue")
    assert set(accepted.recommendations.all()) == {world.rec_women, world.rec_health}
    assert page.locator(".suggestion").count() == 0  # accepted: no longer suggested

    page.goto(f"/tracking/plans/{world.plan.pk}/actions/new/?recommendation={world.rec_women.pk}")
    page.fill("#id_title", "Adopt the domestic violence bill by June 2026")
    page.select_option("#id_responsible_institution", label="Ministry of Justice (MOJ)")
    page.fill("#id_sdg_targets-filter", "violence")
    page.get_by_label("5.2 Eliminate violence against women").check()
    assert page.get_by_label("5.2.1 Proportion of women subjected to violence").is_visible()  # suggested
    screenshot(page, "tracking-action-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert re.search(r"/tracking/actions/\d+/$", page.url)
    action = Action.objects.get(title__startswith="Adopt the domestic")
    assert action.responsible_institution == world.justice
    assert list(action.recommendations.all()) == [world.rec_women]
    assert list(action.sdg_targets.all()) == [Label.objects.get(code="5.2", taxonomy__code="sdg_target")]


def test_the_picker_works_without_javascript(browser, live_server, world):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    _log_in(page, "coord")
    page.goto(f"/tracking/plans/{world.plan.pk}/clusters/")
    page.fill("#id_title", "Rural health")
    page.fill("#recommendation_ids-q", "rural")
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    assert page.locator("#id_title").input_value() == "Rural health"
    page.locator(f"#recommendation_ids-add-{world.rec_health.pk}").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Create cluster").last.click()
    assert list(Cluster.objects.get(title="Rural health").recommendations.all()) == [world.rec_health]
    context.close()


def test_enter_in_a_field_saves_the_form_and_does_not_press_the_pickers_remove(page, world):
    _log_in(page, "coord")
    page.goto(f"/tracking/plans/{world.plan.pk}/clusters/?recommendation={world.rec_health.pk}")
    page.fill("#id_title", "Rural health")
    with page.expect_navigation():
        page.press("#id_title", "Enter")
    assert list(Cluster.objects.get(title="Rural health").recommendations.all()) == [world.rec_health]


def test_a_number_in_the_sdg_filter_finds_that_target_not_others_ending_the_same(page, world):
    factories.label("sdg_target", "15.2", "Promote sustainable management of forests")
    _log_in(page, "coord")
    page.goto(f"/tracking/plans/{world.plan.pk}/actions/new/")
    page.fill("#id_sdg_targets-filter", "5.2")
    visible = [text.strip() for text in page.locator("#id_sdg_targets li:visible").all_inner_texts()]
    assert visible == ["5.2 Eliminate violence against women"]
    page.fill("#id_sdg_targets-filter", "forests")
    assert [text.strip() for text in page.locator("#id_sdg_targets li:visible").all_inner_texts()] == [
        "15.2 Promote sustainable management of forests"]


def test_two_boxes_ticked_in_quick_succession_are_both_kept(page, world):
    # On a slow connection a person ticks the next box before the first tick's answer is back; each answer
    # replaces the whole picker, so the older one must not win over the newer.
    _log_in(page, "coord")
    page.goto(f"/tracking/plans/{world.plan.pk}/clusters/")
    page.fill("#id_title", "Two at once")
    ticked = [world.rec_health.pk, world.rec_noted.pk]
    for pk in ticked:
        page.locator(f"#recommendation_ids-add-{pk}").wait_for()
    page.evaluate("ids => ids.forEach(pk => document.getElementById('recommendation_ids-add-' + pk).click())", ticked)
    page.wait_for_function("() => !document.querySelector('.picker .htmx-request')")
    for pk in ticked:
        page.locator(f"#recommendation_ids-chosen-{pk}").wait_for(timeout=5000)
    with page.expect_navigation():
        page.get_by_role("button", name="Create cluster").click()
    assert {rec.pk for rec in Cluster.objects.get(title="Two at once").recommendations.all()} == set(ticked)


def test_each_picker_filter_keeps_its_name_on_the_line_of_its_list(page, world):
    _log_in(page, "coord")
    page.goto(f"/tracking/plans/{world.plan.pk}/actions/new/")
    pairs = page.locator(".picker-filter").all()
    assert len(pairs) >= 3  # cycle, issue, SDG goal, response, mechanism
    for pair in pairs:
        label, select = pair.locator("label").bounding_box(), pair.locator("select").bounding_box()
        middle = label["y"] + label["height"] / 2
        assert select["y"] <= middle <= select["y"] + select["height"], pair.inner_text()
