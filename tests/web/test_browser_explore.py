"""A person's path through the explore pages in headless Chromium: search, filter, open, switch language, export."""

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from tests import factories
from tests.conftest import screenshot
from tests.web.conftest import build_corpus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MORE = [
    ("KEN", "Strengthen measures to prevent female genital mutilation and early marriage.", ["Women's rights"], ["5"]),
    ("BRA", "Take measures to protect human rights defenders and journalists from violence.",
     ["Human rights defenders"], ["16"]),
    ("CHN", "Abolish the death penalty and publish statistics on executions.", ["Death penalty"], ["16"]),
    ("IND", "Ensure access to safe drinking water and sanitation in rural areas.", ["Right to water and sanitation"], ["6"]),
    ("EGY", "Guarantee freedom of expression and release detained journalists.", ["Freedom of opinion and expression"], ["16"]),
    ("FRA", "Combat discrimination against migrants and Roma in access to housing.", ["Racial discrimination"], ["10", "11"]),
    ("FRA", "Reduce overcrowding in prisons and improve conditions of detention.", ["Detention"], ["16"]),
    ("FRA", "Strengthen measures to achieve equal pay for women and men.", ["Women's rights", "Labour"], ["5", "8"]),
    ("FRA", "Ensure inclusive education for children with disabilities.", ["Disabilities", "Right to education"], ["4"]),
]


def richer_corpus() -> dict:
    """The reference data (names in six languages) and a dozen recommendations across states and cycles."""
    call_command("load_reference", verbosity=0)
    recs = build_corpus()
    for session, (iso3, text, issues, goals) in enumerate(MORE, start=4):
        factories.recommendation(text, state=iso3, session=session * 2, cycle=1 + session // 8, year=2008 + session // 2,
                                 response="supported" if session % 3 else "noted",
                                 labels={"upr_issue": issues, "sdg_goal": goals})
    return recs


def test_search_filter_open_and_screenshots(page):
    recs = richer_corpus()
    page.goto("/")
    assert page.locator("svg.worldmap a[href='/country/FRA/']").count() == 1
    screenshot(page, "home")

    page.fill("#home-q", "violence")
    with page.expect_navigation():
        page.click("form[role=search] button[type=submit]")
    assert "q=violence" in page.url
    hits = page.locator(".hit")
    assert hits.count() == 2  # domestic violence (FRA) and violence against defenders (BRA)

    # Filter by a facet with the keyboard: htmx swaps the results region, the URL follows, focus stays.
    page.focus("#f-state-fra")
    page.keyboard.press("Space")
    page.wait_for_function("() => location.search.includes('state=FRA')")
    page.wait_for_function("() => document.querySelectorAll('.hit').length === 1")
    assert "domestic violence" in page.locator(".hit").inner_text()
    assert page.is_checked("#f-state-fra")
    assert page.evaluate("document.activeElement.id") == "f-state-fra"

    with page.expect_navigation():
        page.click(".hit-text a")
    assert page.url.endswith(f"/recommendation/{recs['violence'].pk}/")
    assert page.locator("table").filter(has_text="Women's rights").count() == 1
    screenshot(page, "recommendation")

    with page.expect_navigation():
        page.click(".breadcrumbs a[href='/country/FRA/']")
    assert page.locator("h1").inner_text() == "France"
    assert page.locator("table.heatmap").count() == 1
    screenshot(page, "country-profile")

    page.goto("/explore/?sort=newest")
    assert page.locator(".hit").count() == 12
    screenshot(page, "search-results")


def test_search_works_without_javascript(browser, live_server):
    build_corpus()
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/explore/?q=torture")
    assert page.locator(".hit").count() == 1
    page.check("#f-state-fra")
    with page.expect_navigation():
        page.click(".facets button[type=submit]")  # shown inside <noscript> when scripts are off
    assert "state=FRA" in page.url
    assert page.locator(".hit").count() == 1
    context.close()


def test_switch_to_arabic_and_chinese(page):
    build_corpus()
    page.goto("/explore/?q=violence")
    with page.expect_navigation():
        page.select_option("#language-select", "ar")
        page.click("#language-submit")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    # The facet list sits on the right in right-to-left layout.
    facets = page.locator(".facets").bounding_box()
    results = page.locator(".results").bounding_box()
    assert facets["x"] > results["x"]
    assert "حقوق المرأة" in page.locator(".facets").inner_text()
    screenshot(page, "search-ar")
    with page.expect_navigation():
        page.select_option("#language-select", "zh-hans")
        page.click("#language-submit")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert "妇女权利" in page.locator(".facets").inner_text()
    assert "搜索" in page.locator("header").inner_text()


def test_export_xlsx_reads_back(page):
    build_corpus()
    page.goto("/explore/?state=FRA")
    with page.expect_download() as download_info:
        page.click("a[href^='/explore/export.xlsx']")
    download = download_info.value
    assert download.suggested_filename == "recommendations.xlsx"
    with open(download.path(), "rb") as file:  # Playwright names the file without an extension
        sheet = load_workbook(file).active
    texts = sorted(row[1].value for row in sheet.iter_rows(min_row=2))
    assert len(texts) == 2 and texts[0].startswith("Adopt a law")
