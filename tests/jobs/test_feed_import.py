"""Early-warning feed files imported on the watch desk as a job (watch analysts only), then scored."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aspiration.accounts.models import User
from aspiration.jobs.models import Job
from aspiration.watch.models import Item
from tests.jobs.conftest import run_jobs

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def analyst(client, settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path / "uploads")
    user = User.objects.create_user(username="analyst", password="x" * 12, role="viewer", is_watch_analyst=True)
    client.force_login(user)
    return user


def test_a_feed_file_is_imported_and_scored_as_a_job(client, analyst, fixtures_dir):
    content = (fixtures_dir / "watch" / "items.csv").read_bytes()
    response = client.post("/watch/import/", {"file": SimpleUploadedFile("items.csv", content), "feed": "press"})
    assert response.status_code == 302 and response.url.startswith("/jobs/")
    run_jobs()
    job = Job.objects.get()
    assert job.status == Job.Status.DONE, job.error
    assert job.result["created"] == Item.objects.filter(feed__name="press").count() > 0
    assert job.result["scored"] == job.result["created"]
    assert Item.objects.filter(scored_at__isnull=True).count() == 0
    page = client.get(response.url).content.decode()
    assert f'id="summary-created">{job.result["created"]}<' in page
    # A second import of the same file finds only duplicates.
    client.post("/watch/import/", {"file": SimpleUploadedFile("items.csv", content), "feed": "press"})
    run_jobs()
    assert Job.objects.order_by("-pk").first().result["created"] == 0


def test_an_unreadable_feed_file_is_refused_with_the_reason(client, analyst):
    client.post("/watch/import/", {"file": SimpleUploadedFile("items.csv", b"\xff\xfe\x00bad"), "feed": "press"})
    run_jobs()
    job = Job.objects.get()
    assert (job.status, job.retryable) == (Job.Status.FAILED, False)
    assert job.error == "items.csv: file is not UTF-8 text; nothing was imported"
    assert Item.objects.count() == 0


def test_only_watch_analysts_import_feeds_and_see_their_jobs(client, analyst, fixtures_dir):
    client.post("/watch/import/", {"file": SimpleUploadedFile("items.csv", (fixtures_dir / "watch" / "items.csv")
                                                             .read_bytes()), "feed": "press"})
    job = Job.objects.get()
    coordinator = User.objects.create_user(username="coord", password="x" * 12, role="coordinator")
    client.force_login(coordinator)
    assert client.get("/watch/import/").status_code == 403
    assert client.post("/watch/import/", {"feed": "x"}).status_code == 403
    assert client.get(f"/jobs/{job.pk}/").status_code == 403  # feed items can put people at risk
    assert "items.csv" not in client.get("/jobs/").content.decode()
    client.logout()
    assert client.get("/watch/import/").status_code == 302
