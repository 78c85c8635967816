"""Saved searches and their digests, through Django's test client, the real engine and Django's mail outbox."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from aspiration.accounts.models import AuditEvent, User
from aspiration.search import indexer
from aspiration.search.models import IndexEntry
from aspiration.web import digests
from aspiration.web.models import SavedSearch
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client) -> User:
    user = User.objects.create_user(username="reader", password="x" * 12, email="reader@example.org", first_name="Ana")
    client.force_login(user)
    return user


def _save(client, querystring: str, name: str = "") -> SavedSearch:
    response = client.post(reverse("saved_search_new"), {"querystring": querystring, "name": name})
    assert response.status_code == 302 and response.url == reverse("saved_searches")
    return SavedSearch.objects.latest("id")


def test_the_explore_page_offers_saving_the_current_search_to_signed_in_users_only(client, corpus):
    anonymous = client.get(reverse("search"), {"q": "torture"}).content.decode()
    assert 'id="save-search"' not in anonymous
    client.force_login(User.objects.create_user(username="someone", password="x" * 12))
    html = client.get(reverse("search"), {"q": "torture", "state": "FRA"}).content.decode()
    assert '<form id="save-search"' in html
    # The parameters ride in the part htmx replaces, so they follow every change of the search.
    partial = client.get(reverse("search"), {"q": "violence"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="querystring" value="q=violence" form="save-search"' in partial


def test_a_digest_lists_only_the_matches_stored_since_the_search_was_saved(client, corpus, reader, mailoutbox):
    saved = _save(client, "q=torture&page=3", name="Torture")
    assert saved.querystring == "q=torture"  # canonical, without the page
    assert AuditEvent.objects.filter(action="create", object_type="web.savedsearch", object_id=str(saved.pk)).exists()
    saved.frequency = SavedSearch.Frequency.DAILY
    saved.save()
    new = factories.recommendation("Investigate every allegation of torture in places of detention.", state="KEN")
    factories.recommendation("Build more schools in rural areas.", state="KEN")  # new, but no match

    call_command("digests", site_url="https://aspiration.example.org")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["reader@example.org"]
    assert mail.subject == "Aspiration: 1 new recommendation for “Torture”"
    assert "Investigate every allegation of torture" in mail.body
    assert "Optional Protocol" not in mail.body  # matched before the search was saved
    assert "schools" not in mail.body
    assert "Kenya" in mail.body and "KEN" not in mail.body  # names, not codes (the links carry none here)
    assert f"https://aspiration.example.org/recommendation/{new.pk}/" in mail.body
    assert "https://aspiration.example.org/explore/?q=torture" in mail.body

    call_command("digests")  # the same day: not due again
    assert len(mailoutbox) == 1
    digests.run_due("http://x", now=timezone.now() + timedelta(days=1))  # due, but nothing new: nothing sent
    assert len(mailoutbox) == 1
    saved.refresh_from_db()
    assert saved.seen_until >= new.created_at


def test_a_weekly_digest_waits_a_week_and_off_sends_nothing(reader):
    now = timezone.now()
    weekly = SavedSearch(user=reader, name="w", querystring="", frequency=SavedSearch.Frequency.WEEKLY, digested_at=now)
    assert not weekly.digest_due(now + timedelta(days=6))
    assert weekly.digest_due(now + timedelta(days=7) - timedelta(minutes=30))  # a weekly job at a fixed hour
    assert not SavedSearch(user=reader, name="o", querystring="", frequency=SavedSearch.Frequency.OFF).digest_due(now)


def test_the_digest_is_in_the_owners_language_with_names_from_the_reference_data(client, corpus, reader, mailoutbox):
    reader.preferred_language = "zh-hans"
    reader.save()
    saved = _save(client, "q=torture&state=FRA", name="酷刑")
    factories.recommendation("Prevent torture in police custody.", state="FRA")
    assert digests.run(saved, "http://x") == digests.Outcome.SENT
    read = " ".join(word for word in mailoutbox[0].body.split() if not word.startswith("http"))  # links aside
    assert "受审议国: 法国" in read and "FRA" not in read  # the filter and the state by their Chinese names


def test_a_recommendation_stored_but_not_yet_indexed_comes_in_the_next_digest(client, corpus, reader, mailoutbox):
    saved = _save(client, "q=torture")
    pending = factories.recommendation("End torture of detainees.", state="KEN")
    IndexEntry.objects.filter(recommendation=pending).delete()  # as an import is between storing and indexing
    assert digests.run(saved, "http://x") == digests.Outcome.NOTHING_NEW
    saved.refresh_from_db()
    assert saved.seen_until < pending.created_at
    indexer.sync_text([pending.pk])
    assert digests.run(saved, "http://x") == digests.Outcome.SENT
    assert "End torture of detainees." in mailoutbox[0].body


def test_the_list_renames_changes_the_digest_sends_now_and_deletes_with_an_audit_trail(client, corpus, reader, mailoutbox):
    saved = _save(client, "q=violence&upr_issue=Women%27s+rights")
    html = client.get(reverse("saved_searches")).content.decode()
    assert "violence" in html and "Women&#x27;s rights" in html  # the filter by its name
    response = client.post(reverse("saved_search_update", args=[saved.pk]),
                           {f"s{saved.pk}-name": "Violence against women", f"s{saved.pk}-frequency": "weekly"})
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.name, saved.frequency) == ("Violence against women", "weekly")
    update = AuditEvent.objects.get(action="update", object_type="web.savedsearch")
    assert update.before["frequency"] == "off" and update.after["frequency"] == "weekly"

    client.post(reverse("saved_search_send", args=[saved.pk]))
    assert mailoutbox == []  # nothing new yet
    factories.recommendation("Protect women from domestic violence.", state="KEN", labels={"upr_issue": ["Women's rights"]})
    response = client.post(reverse("saved_search_send", args=[saved.pk]), follow=True)
    assert len(mailoutbox) == 1 and "Protect women" in mailoutbox[0].body
    assert "reader@example.org" in response.content.decode()

    client.post(reverse("saved_search_delete", args=[saved.pk]))
    assert not SavedSearch.objects.exists()
    assert AuditEvent.objects.filter(action="delete", object_type="web.savedsearch").exists()


def test_another_users_saved_search_is_not_found(client, corpus, reader, mailoutbox):
    saved = _save(client, "q=torture", name="Mine")
    other = User.objects.create_user(username="other", password="x" * 12, email="other@example.org")
    client.force_login(other)
    assert f'id="saved-{saved.pk}"' not in client.get(reverse("saved_searches")).content.decode()
    for name in ("saved_search_update", "saved_search_delete", "saved_search_send"):
        assert client.post(reverse(name, args=[saved.pk]), {f"s{saved.pk}-name": "Stolen"}).status_code == 404
    saved.refresh_from_db()
    assert saved.name == "Mine" and mailoutbox == []


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("saved_searches"))
    assert response.status_code == 302 and "/login/" in response.url


def test_choosing_a_language_in_the_header_makes_it_the_language_of_ones_e_mails(client, reader):
    client.post(reverse("switch_language"), {"ui_language": "ar", "next": "/"})
    reader.refresh_from_db()
    assert reader.preferred_language == "ar"
