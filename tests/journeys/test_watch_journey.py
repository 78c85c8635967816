"""The watch analyst's day on a fresh install, in a browser: upload a feed file, follow the import job,
read the dashboard's charts, open the alert that the file raises, read its items, triage it.

The analyst account is made the way an administrator does it today (a flag on the user, set outside the
pages); everything after that goes through the pages the analyst sees. What was stored is read back
through ``aspiration shell`` (``instance.query``).
"""

from __future__ import annotations

import csv
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import screenshot
from tests.journeys.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "watch-journey-Passw0rd!"
# Words no page may show: category and status codes, the country's ISO3 code.
CODES = re.compile(r"(?<![\w./-])(hrd_journalist_attack|violence_against_women|threat|new|confirmed|KEN)(?![\w./-])")
THREATS = [
    "We know where the journalist {name} lives. She will be killed if she publishes one more story.",
    "Someone should burn down the house of that reporter {name} and shut her up for good.",
    "I am going to find that activist {name} and put a bullet in his head.",
]
NAMES = ["Amina Otieno", "Grace Wanjiru", "Peter Kamau", "Joseph Mwangi", "Ruth Achieng", "David Kiprop",
         "Mary Njeri", "John Ouma", "Esther Chebet", "Paul Mutua"]
BENIGN = [
    "The county market in {town} opens at seven on day {n}; bring bags for the vegetables.",
    "Great match last night in {town}, the home team scored twice in the second half ({n}).",
    "Rain is expected around {town} this weekend, farmers say it is welcome (report {n}).",
    "The new school library in {town} has {n} books and opens on Monday.",
    "Buses from {town} to the coast leave every hour from stand {n} this week.",
]
TOWNS = ["Nakuru", "Eldoret", "Kisumu", "Nyeri", "Machakos"]


def feed_file(directory: Path) -> tuple[Path, int]:
    """20 ordinary days in Kenya, then a day with a burst of threats against journalists and activists."""
    today = datetime.now(UTC).replace(hour=10, minute=0, second=0, microsecond=0)
    rows, n = [], 0
    for day_back in range(21, 0, -1):
        when = today - timedelta(days=day_back)
        for i in range(15):
            n += 1
            text = BENIGN[i % len(BENIGN)].format(town=TOWNS[(i + day_back) % len(TOWNS)], n=n)
            rows.append([f"p{n}", (when + timedelta(minutes=i)).isoformat(), "Kenya", "en", text, "example.org"])
    burst = today - timedelta(days=1)
    for i, name in enumerate(NAMES):
        rows.append([f"t{i}", (burst + timedelta(hours=2, minutes=i)).isoformat(), "Kenya", "en",
                     THREATS[i % len(THREATS)].format(name=name), "example.org"])
    path = directory / "kenya-posts.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([["id", "date", "country", "language", "text", "source"], *rows])
    return path, len(rows)


def shot(page, step: str) -> None:
    screenshot(page, f"watch-{step}")


def visible_codes(page) -> list[str]:
    return CODES.findall(page.locator("main").inner_text())


def test_analyst_uploads_a_feed_reads_the_alert_and_its_items_and_triages_it(visit, instance, tmp_path):
    instance.query(
        "from aspiration.accounts.models import User\n"
        f"User.objects.create_user('analyst', password={PASSWORD!r}, role='viewer', is_watch_analyst=True)\n"
        f"User.objects.create_user('reader', password={PASSWORD!r}, role='viewer')\n"
        "result = True")

    # Someone without the analyst flag is refused the desk and its upload page.
    reader = visit()
    log_in(reader, "reader", PASSWORD)
    for path in ("/watch/", "/watch/import/"):
        assert reader.goto(path).status == 403, path

    page = visit()
    log_in(page, "analyst", PASSWORD)
    with page.expect_navigation():
        page.get_by_role("link", name="Early warning").first.click()
    with page.expect_navigation():
        page.get_by_role("link", name="Import a feed file").click()
    path, rows = feed_file(tmp_path)
    page.set_input_files("#id_file", str(path))
    page.fill("#id_feed", "Kenyan social media")
    shot(page, "01-upload")
    with page.expect_navigation():
        page.click("#feed-import-submit")
    page.wait_for_selector("#job-status[data-job-status=done], #job-status[data-job-status=failed]", timeout=300_000)
    assert page.locator("#job-status[data-job-status=done]").count() == 1, page.locator("main").inner_text()
    assert page.locator("#summary-created").inner_text() == str(rows)
    assert page.locator("#summary-scored").inner_text() == str(rows)
    assert int(page.locator("#summary-alerts").inner_text()) >= 1
    shot(page, "02-import-job")
    stored = instance.query(
        "from aspiration.watch.models import Alert, Item\n"
        "result = {'items': Item.objects.count(), 'clear': Item.objects.filter(text_encrypted__contains='journalist').count(),"
        " 'alerts': list(Alert.objects.values_list('country', 'category', 'status'))}")
    assert stored["items"] == rows and stored["clear"] == 0  # texts are encrypted at rest
    assert ("KEN", "threat", "new") in [tuple(a) for a in stored["alerts"]], stored

    # The dashboard: names, not codes; a chart of Kenya's daily share of threats with its baseline.
    page.goto("/watch/")
    main = page.locator("main")
    assert main.get_by_text("Threats of violence").first.is_visible()
    chart = page.locator("svg[aria-labelledby^='chart-threat-KEN-title']")
    assert chart.count() == 1
    assert "Threats of violence in Kenya" in chart.locator("title").text_content()
    assert chart.locator("polyline.baseline").count() >= 1 and chart.locator("path.alert-mark").count() == 2
    assert not visible_codes(page), visible_codes(page)
    shot(page, "03-dashboard")

    # The alert: how unusual in words, and the texts of its items, decrypted for the analyst.
    row = main.locator("tr", has_text="Threats of violence").first
    with page.expect_navigation():
        row.locator("a").first.click()
    assert page.locator("h1").inner_text().startswith("Alert: Threats of violence in Kenya on ")
    assert re.match(r"Far above usual: (about|less than) 1 in .+ by chance\.", page.locator("#alert-in-words").inner_text())
    snippets = page.locator("#alert-items blockquote").all_inner_texts()
    assert any("We know where the journalist" in text for text in snippets), snippets
    assert not any("county market" in text for text in snippets)  # only the flagged items of that day
    assert not visible_codes(page), visible_codes(page)
    alert_url = page.url
    shot(page, "04-alert")

    # One item: its text and why it was flagged, in words.
    with page.expect_navigation():
        page.locator("#alert-items a").first.click()
    assert page.locator("#item-reasons").get_by_text("Threats of violence").first.is_visible()
    assert not visible_codes(page), visible_codes(page)
    shot(page, "05-item")

    # Every flagged item, not only the alert's: the list from the dashboard, filtered to one category.
    page.goto("/watch/")
    with page.expect_navigation():
        page.get_by_role("link", name="Flagged items").click()
    with page.expect_navigation():
        page.select_option("#category", label="Threats of violence")
    listed = page.locator("#flagged-items blockquote").all_inner_texts()
    threats = instance.query(
        "from aspiration.watch.models import Score\n"
        "result = Score.objects.filter(category='threat', flagged=True).count()")
    assert len(listed) == threats >= 1 and any("We know where the journalist" in text for text in listed), listed
    assert not any("county market" in text for text in listed)
    assert not visible_codes(page), visible_codes(page)
    shot(page, "05b-flagged-items")

    # Triage: confirm with a note; the decision, who made it, and the reading are stored.
    page.goto(alert_url)
    page.select_option("#id_status", label="Confirmed")
    page.fill("#id_note", "Coordinated threats against reporters in the west.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    assert page.locator("#alert-status").inner_text() == "Confirmed"
    decided = instance.query(
        "from aspiration.accounts.models import AuditEvent\nfrom aspiration.watch.models import Alert\n"
        "a = Alert.objects.get(country='KEN', category='threat')\n"
        "result = [a.status, a.decided_by.username, a.note,"
        " AuditEvent.objects.filter(action='view', object_type='watch.alert', object_id=str(a.pk)).count()]")
    assert decided[:3] == ["confirmed", "analyst", "Coordinated threats against reporters in the west."]
    assert decided[3] >= 1

    # Colleagues read the same pages in Arabic and Chinese: names, not codes.
    for language in ("ar", "zh-hans"):
        colleague = visit(language)
        log_in(colleague, "analyst", PASSWORD)
        for url, step in (("/watch/", "03-dashboard"), (alert_url, "04-alert"), ("/watch/items/", "05b-flagged-items"),
                          ("/watch/countries/KEN/", "06-country")):
            colleague.goto(url)
            assert not visible_codes(colleague), (url, language, visible_codes(colleague))
            shot(colleague, f"{step}-{language}")
        assert colleague.locator("svg title").count() >= 1
    page.goto("/watch/countries/KEN/")
    shot(page, "06-country")


def test_refused_files_and_rows_are_explained_in_the_analysts_language(visit, instance, tmp_path):
    instance.query(
        "from aspiration.accounts.models import User\n"
        f"User.objects.create_user('analyst-ar', password={PASSWORD!r}, role='viewer', is_watch_analyst=True)\n"
        "result = True")
    no_date = tmp_path / "no-date.csv"
    no_date.write_text("id,text,country\n1,Market day in Nakuru,Kenya\n", encoding="utf-8")
    bad_rows = tmp_path / "bad-rows.csv"
    bad_rows.write_text("id,text,date\n1,Market day in Nakuru,2026-11-30T10:00:00Z\n2,,2026-11-30T11:00:00Z\n"
                        "3,Rain in Kisumu,yesterday\n", encoding="utf-8")

    page = visit("ar")
    log_in(page, "analyst-ar", PASSWORD)

    def upload(path: Path, step: str) -> None:
        page.goto("/watch/import/")
        page.set_input_files("#id_file", str(path))
        with page.expect_navigation():
            page.click("#feed-import-submit")
        page.wait_for_selector("#job-status[data-job-status=done], #job-status[data-job-status=failed]",
                               timeout=120_000)
        shot(page, step)

    # A file without a date column is refused whole, in Arabic, naming the column names it accepts.
    upload(no_date, "07-refused-file-ar")
    assert page.locator("#job-status[data-job-status=failed]").count() == 1
    refusal = page.locator("#job-error").inner_text()
    assert "no-date.csv" in refusal and "published" in refusal, refusal
    assert not re.search(r"\b(column|nothing was imported)\b", refusal), refusal
    assert re.search(r"[\u0600-\u06FF]{3}", refusal), refusal

    # Rows without text or with an unreadable date are listed with their reasons, in Arabic; the good row is kept.
    upload(bad_rows, "08-rejected-rows-ar")
    assert page.locator("#summary-created").inner_text() == "1"
    reasons = page.locator("#feed-import-errors li").all_inner_texts()
    assert len(reasons) == 2, reasons
    assert "yesterday" in reasons[1] and "bad-rows.csv" in reasons[0], reasons
    for reason in reasons:
        assert not re.search(r"\b(row|missing|unreadable)\b", reason), reason
        assert re.search(r"[\u0600-\u06FF]{3}", reason), reason
    stored = instance.query("from aspiration.watch.models import Item\n"
                            "result = Item.objects.filter(feed__name='default').count()")
    assert stored == 1
