"""Privacy of stored feed items (issue 11): no raw handles in stored links, no cue words from the text in
stored reasons, retention applied when a feed is imported and when a backup is restored, purges audited
with who ran them."""

from __future__ import annotations

import getpass
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from aspiration.accounts.models import AuditEvent, User
from aspiration.watch import privacy
from aspiration.watch.models import Feed, Item, Score
from aspiration.watch.services import import_file, score_items

from .helpers import make_item


def stored(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        return repr(cursor.fetchall()).casefold()


# ---- handles inside links ------------------------------------------------------------------------
@pytest.mark.parametrize(("url", "handle", "kept"), [
    ("https://x.com/Secret_Handle/status/1790000000000000000", "Secret_Handle", "/status/1790000000000000000"),
    ("https://twitter.com/@Secret_Handle/status/17", "Secret_Handle", "/status/17"),
    ("https://mobile.twitter.com/secret_handle/status/17?s=20", "secret_handle", "/status/17?s=20"),
    ("https://mastodon.social/@alice_hrd/111222333", "alice_hrd", "/111222333"),
    ("https://mastodon.social/@alice_hrd@other.example/111222333", "alice_hrd@other.example", "/111222333"),
    ("https://mastodon.social/users/alice_hrd/statuses/111222333", "alice_hrd", "/statuses/111222333"),
    ("https://www.tiktok.com/@some.creator/video/7300000000", "some.creator", "/video/7300000000"),
    ("https://www.reddit.com/user/throwaway_77/comments/abc", "throwaway_77", "/comments/abc"),
])
def test_handles_inside_links_become_the_authors_pseudonym(url, handle, kept):
    result = privacy.pseudonymise_url(url)
    assert handle.casefold() not in result.casefold()
    assert privacy.pseudonymise(handle) in result  # the same pseudonym as the author's: items still group by author
    assert result.endswith(kept) and result.split("/")[2] == url.split("/")[2]


@pytest.mark.parametrize("url", ["https://example.org/news/2026/03/council", "https://x.com/i/web/status/17",
                                 "https://x.com/search?q=rights", "", "not a link"])
def test_links_without_a_handle_are_kept(url):
    assert privacy.pseudonymise_url(url) == url


@pytest.mark.django_db
def test_an_imported_feed_stores_no_raw_handle_in_links_or_ids(tmp_path, settings):
    settings.WATCH_STORE_RAW_HANDLES = False
    recent = (timezone.now() - timedelta(days=2)).isoformat()
    feed_file = tmp_path / "posts.csv"
    feed_file.write_text(
        "id,text,date,url,author\n"
        f"https://x.com/Secret_Handle/status/17,A post about the harbour,{recent},"
        "https://x.com/Secret_Handle/status/17,@Secret_Handle\n"
        f"m1,Another post,{recent},https://mastodon.social/@quiet_person@other.example/42,@quiet_person@other.example\n")
    summary = import_file(feed_file, Feed.objects.create(name="press"))
    assert summary.created == 2
    raw = stored("watch_item")
    assert "secret_handle" not in raw and "quiet_person" not in raw
    item = Item.objects.get(external_id__startswith="https://x.com/")
    assert item.url == f"https://x.com/{item.author_pseudonym}/status/17"


@pytest.mark.django_db
def test_raw_handles_in_links_only_when_an_admin_turns_them_on(tmp_path, settings):
    settings.WATCH_STORE_RAW_HANDLES = True
    feed_file = tmp_path / "posts.csv"
    feed_file.write_text(f"text,date,url\nA post,{timezone.now().isoformat()},https://x.com/Visible_Handle/status/1\n")
    import_file(feed_file, Feed.objects.create(name="press"))
    assert Item.objects.get().url == "https://x.com/Visible_Handle/status/1"


# ---- reasons -----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_stored_reasons_hold_no_cue_words_from_the_text_but_read_back_whole():
    item = make_item("I will kill you and burn down your house, traitor, you foreign agent.")
    assert score_items([item]) == 1
    score = Score.objects.filter(item=item, flagged=True).first()
    assert "kill" in score.reason and "cue terms" in score.reason  # what the analyst reads is unchanged
    raw = stored("watch_score")
    assert "kill" not in raw and "burn down" not in raw and "foreign agent" not in raw and "cue terms" not in raw


# ---- retention ---------------------------------------------------------------------------------------
def feed_with_old_and_recent(tmp_path, now):
    path = tmp_path / "archive.csv"
    path.write_text("id,text,date\n"
                    f"old-1,A post from long ago,{(now - timedelta(days=400)).isoformat()}\n"
                    f"old-2,Another post from long ago,{(now - timedelta(days=200)).isoformat()}\n"
                    f"new-1,A post from this week,{(now - timedelta(days=3)).isoformat()}\n")
    return path


@pytest.mark.django_db
def test_importing_applies_retention_so_a_purge_is_not_undone(tmp_path, settings, capsys):
    settings.WATCH_RETENTION_DAYS = 180
    path = feed_with_old_and_recent(tmp_path, timezone.now())
    call_command("watch", "import", str(path), "--feed", "archive")
    assert "3 rows read, 1 items imported, 0 duplicates skipped, 0 rows rejected, 2 past the retention period" \
        in capsys.readouterr().out
    assert list(Item.objects.values_list("external_id", flat=True)) == ["new-1"]
    make_item("Stored before the retention rule", published=timezone.now() - timedelta(days=300))
    call_command("watch", "purge")
    call_command("watch", "import", str(path), "--feed", "archive")  # the same old feed again, after the purge
    assert list(Item.objects.values_list("external_id", flat=True)) == ["new-1"]


@pytest.mark.django_db(transaction=True)
def test_the_watch_desk_import_job_applies_retention_too(tmp_path, settings, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from aspiration.jobs.models import Job
    from tests.jobs.conftest import run_jobs

    settings.WATCH_RETENTION_DAYS = 180
    settings.IMPORT_UPLOAD_DIR = str(tmp_path / "uploads")
    client.force_login(User.objects.create_user(username="analyst", password="x" * 12, role="viewer",
                                                is_watch_analyst=True))
    content = feed_with_old_and_recent(tmp_path, timezone.now()).read_bytes()
    client.post("/watch/import/", {"file": SimpleUploadedFile("archive.csv", content), "feed": "archive"})
    run_jobs()
    job = Job.objects.get()
    assert job.status == Job.Status.DONE, job.error
    assert (job.result["created"], job.result["expired"]) == (1, 2)
    assert list(Item.objects.values_list("external_id", flat=True)) == ["new-1"]


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_brings_no_item_past_retention_back(tmp_path, settings):
    settings.WATCH_RETENTION_DAYS = 180
    now = timezone.now()
    make_item("kept", published=now - timedelta(days=10))
    make_item("expires after the backup", published=now - timedelta(days=170))
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    settings.WATCH_RETENTION_DAYS = 30  # the backup was kept longer than the (now shorter) retention period
    call_command("watch", "purge")
    assert Item.objects.count() == 1
    call_command("restore", str(archive))
    assert sorted(i.text for i in Item.objects.all()) == ["kept"]
    event = AuditEvent.objects.filter(action="purge").order_by("-pk").first()
    assert "restor" in event.summary and "1 items" in event.summary


# ---- who purged --------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_purge_from_the_command_line_records_the_account_named(settings):
    admin = User.objects.create(username="ops-admin", role="admin")
    call_command("watch", "purge", "--actor", "ops-admin")
    event = AuditEvent.objects.get(action="purge")
    assert event.actor == admin and getpass.getuser() in event.summary


@pytest.mark.django_db
def test_a_purge_without_an_account_records_the_operating_system_user():
    call_command("watch", "purge")
    event = AuditEvent.objects.get(action="purge")
    assert event.actor is None and f"OS user {getpass.getuser()}" in event.summary
    assert event.after["os_user"] == getpass.getuser()


@pytest.mark.django_db
def test_a_purge_naming_an_unknown_account_is_refused_and_deletes_nothing(settings):
    settings.WATCH_RETENTION_DAYS = 30
    make_item("old", published=timezone.now() - timedelta(days=60))
    with pytest.raises(CommandError, match="no account"):
        call_command("watch", "purge", "--actor", "nobody")
    assert Item.objects.count() == 1 and not AuditEvent.objects.filter(action="purge").exists()
