from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from aspiration.accounts.models import AuditEvent
from aspiration.watch import privacy
from aspiration.watch.models import Alert, Item, ProcessedFile, Signal
from aspiration.watch.risk import country_risk
from aspiration.watch.services import purge, update_signals
from tests import factories

from .helpers import make_item, make_series

pytestmark = pytest.mark.django_db

SECRET_TEXT = "A very particular sentence about the harbour, number 8412."


def raw_rows() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM watch_item")
        return repr(cursor.fetchall())


def test_text_is_encrypted_at_rest_and_readable_through_the_model():
    item = make_item(SECRET_TEXT)
    assert SECRET_TEXT not in raw_rows() and "harbour" not in raw_rows()
    assert Item.objects.get(pk=item.pk).text == SECRET_TEXT


def test_handles_are_pseudonymised_and_raw_handles_not_stored(settings):
    settings.WATCH_STORE_RAW_HANDLES = False
    item = make_item(SECRET_TEXT, handle="@Secret_Handle_77")
    assert "Secret_Handle_77" not in raw_rows() and "secret_handle_77" not in raw_rows()
    assert item.author_pseudonym == privacy.pseudonymise("secret_handle_77")  # case and @ don't matter
    assert item.author_pseudonym != privacy.pseudonymise("someone_else")
    assert len(item.author_pseudonym) == 64


def test_raw_handles_only_when_an_admin_turns_it_on(settings):
    settings.WATCH_STORE_RAW_HANDLES = True
    make_item(SECRET_TEXT, handle="@Visible_Handle")
    assert "@Visible_Handle" in raw_rows()


def test_pseudonym_depends_on_the_key(settings):
    first = privacy.pseudonymise("alice")
    settings.PSEUDONYM_KEY = "another key"
    assert privacy.pseudonymise("alice") != first


def test_import_command_with_bad_rows_dedupe_and_summary(fixtures_dir, capsys):
    folder = fixtures_dir / "watch"
    call_command("watch", "import", str(folder / "items.csv"), str(folder / "items.jsonl"), str(folder / "feed.rss"),
                 str(folder / "feed.atom"), "--feed", "mixed", "--country", "ESP")
    out, err = capsys.readouterr()
    assert "items.csv, row 4: missing text" in err and "items.csv, row 5: unreadable date" in err
    assert "items.jsonl, row 3: invalid JSON" in err and "feed.rss, row 2: missing date" in err
    assert "items.csv: 6 rows read, 3 items imported, 1 duplicates skipped, 2 rows rejected" in out
    assert Item.objects.count() == 3 + 3 + 2 + 2
    assert set(Item.objects.filter(source="Local news").values_list("country", flat=True)) == {"ESP"}  # default applied
    assert Item.objects.get(external_id="c6").country == "KEN"  # a country given by name
    assert AuditEvent.objects.filter(action="import").count() == 4
    call_command("watch", "import", str(folder / "items.csv"), "--feed", "mixed")
    assert "0 items imported, 4 duplicates skipped" in capsys.readouterr().out


def test_dedupe_is_by_normalised_text_and_source():
    assert privacy.dedupe_key("Hello   World", "a") == privacy.dedupe_key("hello world", "A")
    assert privacy.dedupe_key("hello world", "a") != privacy.dedupe_key("hello world", "b")


def test_watched_folder_imports_each_file_once(tmp_path, fixtures_dir, capsys):
    (tmp_path / "one.csv").write_text((fixtures_dir / "watch" / "items.csv").read_text())
    (tmp_path / "notes.txt").write_text("ignored")
    call_command("watch", "folder", str(tmp_path))
    assert "1 new files, 3 items imported" in capsys.readouterr().out
    call_command("watch", "folder", str(tmp_path))
    assert "0 new files" in capsys.readouterr().out
    (tmp_path / "two.jsonl").write_text((fixtures_dir / "watch" / "items.jsonl").read_text())
    call_command("watch", "folder", str(tmp_path))
    assert "1 new files, 3 items imported" in capsys.readouterr().out
    assert ProcessedFile.objects.count() == 2


def test_purge_respects_the_retention_limit(settings):
    settings.WATCH_RETENTION_DAYS = 30
    now = timezone.now()
    old = make_item("old", published=now - timedelta(days=31), flagged=("hate",))
    recent = make_item("recent", published=now - timedelta(days=29))
    assert purge(now) == 1
    assert list(Item.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not Item.objects.filter(pk=old.pk).exists()


def test_signals_and_alert_on_a_step_rise():
    start = datetime(2026, 1, 1, 12, tzinfo=UTC)
    make_series("KEN", "violence_against_women", [1] * 30 + [9], [20] * 31, start)
    assert update_signals() == 1
    alert = Alert.objects.get()
    assert (alert.country, alert.category, alert.day.isoformat(), alert.count, alert.total) == (
        "KEN", "violence_against_women", "2026-01-31", 9, 20)
    assert Signal.objects.filter(country="KEN", category="hate").count() == 31
    # recomputing keeps the triage decision and raises nothing new
    alert.status, alert.note = Alert.Status.CONFIRMED, "seen"
    alert.save()
    assert update_signals() == 0
    assert Alert.objects.get().status == Alert.Status.CONFIRMED


def test_flat_series_raises_no_alert():
    make_series("KEN", "hate", [2] * 35, [20] * 35, datetime(2026, 1, 1, 12, tzinfo=UTC))
    assert update_signals() == 0


def test_country_risk_links_related_open_recommendations():
    assert country_risk("KEN") is None
    today = timezone.now().replace(hour=12)
    make_item("x", "KEN", today, flagged=("violence_against_women", "threat"))
    women = factories.recommendation("Protect women from violence.", state="KEN", labels={"affected_group": ["women"]})
    factories.recommendation("Build roads.", state="KEN", labels={"affected_group": ["rural_population"]})
    update_signals()
    risk = country_risk("ken")
    vaw = risk.categories["violence_against_women"]
    assert vaw.flagged == 1 and vaw.items == 1
    assert [r.id for r in vaw.related.recommendations] == [women.pk]
    assert risk.categories["hate"].related.open_count == 0
    assert risk.gender.flagged == 1 and risk.gender.open_recommendations == 1


def test_country_risk_shows_action_status_and_drops_completed_recommendations():
    from aspiration.accounts.models import Institution
    from aspiration.tracking.models import Action, Plan

    make_item("x", "KEN", timezone.now().replace(hour=12), flagged=("hrd_journalist_attack",))
    update_signals()
    open_rec = factories.recommendation("Protect journalists.", state="KEN", labels={"affected_group": ["journalists_media"]})
    done_rec = factories.recommendation("Protect defenders.", state="KEN", labels={"upr_issue": ["Human rights defenders"]})
    plan = Plan.objects.create(state=factories.country("KEN"), title="Plan")
    ministry = Institution.objects.create(name="Ministry of Justice")
    for title, status, rec in (("Training for police", "in_progress", open_rec), ("Law adopted", "completed", done_rec)):
        Action.objects.create(plan=plan, title=title, status=status, responsible_institution=ministry).recommendations.add(rec)
    related = country_risk("KEN").categories["hrd_journalist_attack"].related
    assert related.open_count == 1
    assert [(r.id, r.action_statuses) for r in related.recommendations] == [(open_rec.pk, ("in_progress",))]
