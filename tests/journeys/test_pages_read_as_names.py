"""Every kind of page, in English, Arabic and Chinese, on a fresh install: names, never codes, and no serious
accessibility finding.

The administrator opens a plan with one action through the pages, then a person walks each page kind in the
three languages. On each page the visible text of ``main`` (without quoted source texts, which carry their own
``lang``) must hold no raw code: no ISO3 country code, no code of a taxonomy's label, no stored status, no
model version. axe-core (bundled by axe-playwright-python, nothing fetched) must report nothing serious or
critical. Screenshots: docs/screenshots/page-<kind>-<language>.png.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from aspiration.reference import catalog
from tests.conftest import screenshot
from tests.journeys.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LANGUAGES = ("en", "ar", "zh-hans")
made: dict[str, int] = {}

# What main shows, without quoted texts (recommendations, plan titles: they keep their own ``lang``): its whole
# visible text, and the text of each element that holds only text (a cell, a badge), where a bare stored value
# such as "pending" would stand alone.
VISIBLE_TEXT = """() => {
  const main = document.querySelector('main').cloneNode(true);
  main.querySelectorAll('[lang]').forEach(element => element.remove());
  const holder = document.createElement('div');
  holder.style.position = 'absolute'; holder.style.left = '-99999px';
  holder.appendChild(main); document.body.appendChild(holder);
  const leaves = [...main.querySelectorAll('*')].filter(element => !element.children.length)
    .map(element => (element.innerText ?? element.textContent ?? '').trim().replace(/:$/, '')).filter(Boolean);
  const text = main.innerText; holder.remove(); return {text, leaves};
}"""
MODEL_VERSION = re.compile(r"\b[a-z_]+-\d{8}-[0-9a-f]{8}\b")


def _code_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(ISO3 codes, identifier-like codes, every other code, mechanism codes), built from the shipped catalogue
    and the models' choices. One-word codes ("pending", "women") are English words too, so they count only standing alone."""
    from aspiration.reference.display import choice_codes
    from aspiration.reference.loader import taxonomy_labels

    iso3 = {country["iso3"] for country in catalog.countries()}
    codes = {taxonomy["code"] for taxonomy in catalog.taxonomies()}
    codes |= {row["code"] for rows in taxonomy_labels().values() for row in rows}
    for values in choice_codes().values():
        codes |= values
    identifiers = {code for code in codes if re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)+", code)}
    words = {code for code in codes if re.fullmatch(r"[a-z]{3,}", code)}

    def alternation(items):
        return re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, items), key=len, reverse=True)) + r")(?![\w-])")

    # Mechanism codes (UPR, CEDAW) too: English uses some as words ("UPR issue"), so there only standing alone;
    # elsewhere anywhere but in "UPR Info", the organisation behind a taxonomy.
    mechanisms = {m["code"] for m in catalog.mechanisms()}
    return alternation(iso3), alternation(identifiers), words, mechanisms


def _leaks(shown: dict, language: str, patterns) -> list[str]:
    iso3, identifiers, words, mechanisms = patterns
    text = shown["text"]
    found = iso3.findall(text) + identifiers.findall(text) + MODEL_VERSION.findall(text)
    found += [leaf for leaf in shown["leaves"] if leaf in words or leaf in mechanisms]
    if language != "en":
        anywhere = re.compile(r"(?<![\w-])(" + "|".join(sorted(mechanisms)) + r")(?![\w-])(?! Info)")
        found += anywhere.findall(text)
    return sorted(set(found))


def _serious_accessibility_findings(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes'][:3]]}"
        for violation in results.response["violations"] if violation["impact"] in ("serious", "critical")
    ]


def _open_plan_with_an_action(page) -> None:
    page.goto("/tracking/plans/new/")
    page.select_option("#id_state", label="Malta")
    page.fill("#id_title", "Malta: follow-up to the review")
    page.fill("#id_period_start", "2024-01-01")
    page.fill("#id_period_end", "2028-12-31")
    page.check("#id_published")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    made["plan"] = int(re.search(r"/plans/(\d+)/", page.url).group(1))
    page.goto(f"/tracking/plans/{made['plan']}/people/")
    page.fill("#id_institution-name", "Ministry for Justice")
    page.fill("#id_institution-acronym", "MFJ")
    page.select_option("#id_institution-kind", "government")
    with page.expect_navigation():
        page.get_by_role("button", name="Add institution", exact=True).click()
    page.goto(f"/tracking/plans/{made['plan']}/actions/new/")
    page.fill("#id_title", "Train judges on the Istanbul Convention")
    page.select_option("#id_responsible_institution", label="Ministry for Justice (MFJ)")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    made["action"] = int(re.search(r"/actions/(\d+)/", page.url).group(1))
    # A country briefing from the country page's link: the reports page opens with Malta and the kind chosen.
    page.goto("/country/MLT/")
    with page.expect_navigation():
        page.get_by_role("link", name="Write a country briefing on Malta").click()
    assert page.locator("#id_state").input_value() == "MLT"
    assert page.locator("#id_kind").input_value() == "country-briefing"
    with page.expect_navigation():
        page.click("#report-submit")
    made["job"] = int(re.search(r"/jobs/(\d+)/", page.url).group(1))
    page.wait_for_selector("#job-status[data-job-status=done], #job-status[data-job-status=failed]", timeout=240_000)


def _page_kinds(instance) -> list[tuple[str, str]]:
    first = instance.query("from aspiration.corpus.models import Recommendation as R\n"
                           "result = R.objects.filter(state__iso3='MLT').order_by('pk').first().pk")
    plan, action = made["plan"], made["action"]
    return [
        ("home", "/"),
        ("search", "/explore/?q=women"),
        ("recommendation", f"/recommendation/{first}/"),
        ("country", "/country/MLT/"),
        ("plans", "/tracking/"),
        ("plan", f"/tracking/plans/{plan}/"),
        ("action", f"/tracking/actions/{action}/"),
        ("clusters", f"/tracking/plans/{plan}/clusters/"),
        ("portal", "/tracking/portal/"),
        ("portal-plan", f"/tracking/portal/{plan}/"),
        ("portal-action", f"/tracking/portal/actions/{action}/"),
        ("reports", "/reports/"),
        ("history", f"/tracking/history/action/{action}/"),
        ("jobs", "/jobs/"),
        ("job", f"/jobs/{made['job']}/"),
        ("imports", "/imports/"),
        ("review-queue", "/nlp/review/"),
        ("review", f"/nlp/review/{first}/"),
        ("account", "/accounts/"),
        ("not-found", "/no-such-page/"),
    ]


def test_every_page_kind_reads_as_names_in_three_languages_and_passes_axe(visit, instance):
    admin = visit()
    log_in(admin, "admin", instance.admin_password)
    _open_plan_with_an_action(admin)
    patterns = _code_patterns()
    kinds = _page_kinds(instance)
    problems = []
    for language in LANGUAGES:
        page = visit(language)
        log_in(page, "admin", instance.admin_password)
        for kind, path in kinds:
            response = page.goto(path)
            expected = 404 if kind == "not-found" else 200
            assert response.status == expected, (kind, language, response.status)
            assert page.locator("html").get_attribute("lang") == language
            leaks = _leaks(page.evaluate(VISIBLE_TEXT), language, patterns)
            if leaks:
                problems.append(f"{kind} [{language}] shows codes: {leaks}")
            findings = _serious_accessibility_findings(page)
            if findings:
                problems.append(f"{kind} [{language}] axe: {findings}")
            screenshot(page, f"page-{kind}-{language}")
    assert not problems, "\n".join(problems)


def test_a_reviewer_confirms_rejects_adds_a_label_by_name_and_goes_on_to_the_next(visit, instance):
    page = visit()
    log_in(page, "admin", instance.admin_password)
    page.goto("/nlp/review/")
    assert "0.00" not in page.locator(".review-queue").inner_text()  # uncertainty, not a distance rounded to nothing
    with page.expect_navigation():
        page.locator(".review-queue tbody a").first.click()
    pk = int(re.search(r"/review/(\d+)/", page.url).group(1))
    first = page.locator("tr.label-active").first
    name = first.locator("th").inner_text().strip()
    first.get_by_role("button", name="Confirm").click()
    confirmed = page.locator("tr", has=page.locator("th", has_text=name)).first
    confirmed.get_by_role("button", name="✓ Confirmed").wait_for()
    assert confirmed.get_by_role("button", name="✓ Confirmed").get_attribute("aria-pressed") == "true"
    assert confirmed.get_by_role("button", name="Reject").get_attribute("aria-pressed") == "false"
    screenshot(page, "page-review-decided-en")

    # The picker is a text field with suggestions: a person types part of a name and picks it.
    page.fill("#add-label", "Death penalty (UPR Info issues)")
    page.get_by_role("button", name="Add", exact=True).click()
    page.locator("tr", has=page.locator("th", has_text="Death penalty")).get_by_role("button", name="✓ Confirmed").wait_for()
    stored = instance.query(
        "from aspiration.corpus.models import Annotation as A\n"
        f"rows = A.objects.filter(recommendation_id={pk}, source='person')\n"
        "result = sorted([a.label.name, a.rejected, a.decided_by.username] for a in rows)")
    assert ["Death penalty", False, "admin"] in stored and [name, False, "admin"] in stored, stored

    with page.expect_navigation():
        page.click("#next-recommendation")
    assert int(re.search(r"/review/(\d+)/", page.url).group(1)) != pk
