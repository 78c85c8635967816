"""Saved searches on a fresh install: two readers save a search on the explore page, new recommendations arrive,
`aspiration digests` runs as cron would, and each reader's e-mail (a file under ASPIRATION_HOME/mail, as an
install with no SMTP server writes them) lists the new match and not the old ones, in the reader's language.
A reader cannot see or change another's saved search. Screenshots: docs/screenshots/saved-searches-<language>.png.
"""

from __future__ import annotations

import csv
import email
import email.policy
import re

import pytest

from tests.conftest import screenshot
from tests.journeys.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NEW_MATCH = "Establish an independent body to investigate every allegation of torture in the prisons of the capital."
NEW_OTHER = "Build a public library in every district of the capital."
YEAR = 365 * 24 * 60 * 60


def _create_reader(admin, username: str, email_address: str) -> str:
    """On a plan's People page, the one accounts page an administrator has besides /admin/."""
    admin.select_option("#id_account-role", "viewer")
    admin.fill("#id_account-username", username)
    admin.fill("#id_account-email", email_address)
    with admin.expect_navigation():
        admin.get_by_role("button", name="Create account", exact=True).click()
    return admin.locator("#new-password").inner_text().strip()


def _save_search(page, words: str, name: str, shot: str = "") -> None:
    page.goto("/explore/")
    page.fill("#q", words)
    page.press("#q", "Enter")
    page.wait_for_url(f"**/explore/?q={words}**")  # htmx has swapped the results and pushed their address
    page.wait_for_selector(f'input[name=querystring][value="q={words}"]', state="attached")
    page.fill("#save-name", name)
    if shot:
        screenshot(page, shot)
    page.locator("#save-search button[type=submit]").click()
    page.wait_for_url("**/explore/saved/")


def _choose_daily(page, name: str) -> None:
    item = page.locator("li.saved-search", has_text=name)
    item.locator("select").select_option("daily")
    with page.expect_navigation():
        item.locator("form").first.locator("button").click()


def _mails(instance) -> list[email.message.EmailMessage]:
    """Every message in the files Django's file backend writes (one file per run, messages between lines of dashes)."""
    messages = []
    for path in sorted((instance.home / "mail").glob("*.log")):
        for raw in re.split(rb"\n-{79}\n", path.read_bytes()):
            if raw.strip():
                messages.append(email.message_from_bytes(raw.strip(), policy=email.policy.default))
    return messages


def test_readers_save_searches_and_get_only_the_new_matches_by_e_mail(visit, instance, tmp_path):
    admin = visit()
    log_in(admin, "admin", instance.admin_password)
    # A pre-built install has no plan yet: the administrator opens one to reach its People page.
    admin.goto("/tracking/plans/new/")
    admin.select_option("#id_state", label="Kenya")
    admin.fill("#id_title", "Kenya: follow-up")
    admin.fill("#id_period_start", "2025-01-01")
    admin.fill("#id_period_end", "2029-12-31")
    with admin.expect_navigation():
        admin.get_by_role("button", name="Save", exact=True).click()
    with admin.expect_navigation():
        admin.get_by_role("link", name="People", exact=True).click()
    passwords = {"amina": _create_reader(admin, "amina", "amina@example.org"),
                 "li": _create_reader(admin, "li", "li@example.org")}

    # The static files the pages link to carry their hash and are cached for a year.
    stylesheet = admin.locator("link[rel=stylesheet]").first.get_attribute("href")
    assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet), stylesheet
    served = admin.request.get(stylesheet)
    assert served.status == 200 and served.headers["cache-control"] == f"max-age={YEAR}, public, immutable"

    amina = visit("en")
    log_in(amina, "amina", passwords["amina"])
    _save_search(amina, "torture", "Torture", shot="saved-search-save")
    assert amina.locator("li.saved-search h2 a", has_text="Torture").get_attribute("href") == "/explore/?q=torture"
    _choose_daily(amina, "Torture")
    screenshot(amina, "saved-searches-en")
    stored = instance.query("from aspiration.web.models import SavedSearch\n"
                            "result = list(SavedSearch.objects.values_list('user__username', 'name', 'querystring',"
                            " 'frequency'))")
    assert stored == [["amina", "Torture", "q=torture", "daily"]]
    mine = instance.query("from aspiration.web.models import SavedSearch\nresult = SavedSearch.objects.get().pk")
    assert instance.query("from aspiration.accounts.models import AuditEvent\nresult = sorted(AuditEvent.objects.filter("
                          f"object_type='web.savedsearch', object_id='{mine}').values_list('action', flat=True))") == [
        "create", "update"]

    # Li reads Aspiration in Arabic, chosen in the header: her e-mails come in Arabic too.
    li = visit("en")
    log_in(li, "li", passwords["li"])
    li.select_option("#language-select", "ar")
    with li.expect_navigation():
        li.click("#language-submit")
    _save_search(li, "torture", "تعذيب")
    _choose_daily(li, "تعذيب")
    screenshot(li, "saved-searches-ar")
    assert f'id="saved-{mine}"' not in li.content()
    token = next(cookie["value"] for cookie in li.context.cookies() if cookie["name"] == "csrftoken")
    for action in ("", "delete/", "send/"):
        answer = li.request.post(f"/explore/saved/{mine}/{action}", headers={"X-CSRFToken": token},
                                 form={f"s{mine}-name": "mine now", f"s{mine}-frequency": "off"})
        assert answer.status == 404, action
    assert instance.query("from aspiration.web.models import SavedSearch\n"
                          f"result = SavedSearch.objects.filter(pk={mine}).values_list('name', 'frequency')[0]") == [
        "Torture", "daily"]

    reader_zh = visit("zh-hans")
    log_in(reader_zh, "amina", passwords["amina"])
    reader_zh.goto("/explore/saved/")
    screenshot(reader_zh, "saved-searches-zh-hans")

    old = instance.query("from aspiration.corpus.models import Recommendation as R\n"
                         "result = list(R.objects.filter(text__icontains='torture').values_list('text', flat=True)[:20])")
    assert old, "the demo corpus has recommendations on torture"

    # New recommendations arrive, imported as an administrator would (the import is not under test here).
    source = tmp_path / "new-recommendations.csv"
    with source.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([["text", "state"], [NEW_MATCH, "Kenya"], [NEW_OTHER, "Kenya"]])
    instance.run("import", "table", str(source), "--map", "text=text,state=state", "--mechanism", "CCPR")
    instance.run("digests", "--site-url", instance.base_url)

    mails = {message["To"]: message for message in _mails(instance)}
    assert len(_mails(instance)) == 2 and set(mails) == {"amina@example.org", "li@example.org"}
    english = mails["amina@example.org"]
    body = english.get_content()
    assert " ".join(english["Subject"].split()) == "Aspiration: 1 new recommendation for “Torture”"  # unfolded
    assert NEW_MATCH in body and NEW_OTHER not in body
    assert not [text for text in old if text[:60] in body]
    assert "Kenya · Human Rights Committee" in body  # names, not KEN or CCPR
    link = re.search(rf"{re.escape(instance.base_url)}/recommendation/\d+/", body).group(0)
    amina.goto(link)
    assert NEW_MATCH in amina.locator("main").inner_text()

    arabic = mails["li@example.org"].get_content()
    names = instance.query("from aspiration.reference.models import Country, Mechanism\n"
                           "result = [Country.objects.get(iso3='KEN').names['ar'],"
                           " Mechanism.objects.get(code='CCPR').names['ar']]")
    assert f"{names[0]} · {names[1]}" in arabic and NEW_MATCH in arabic

    instance.run("digests", "--site-url", instance.base_url)  # the same day again: nothing more is sent
    assert len(_mails(instance)) == 2
