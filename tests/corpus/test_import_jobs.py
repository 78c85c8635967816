"""Imports started in the browser run as jobs: upload, the state or column step, the summary, rejected rows."""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aspiration.corpus.models import ImportBatch, Recommendation
from aspiration.jobs.models import Job
from aspiration.jobs.uploads import uploads_dir
from aspiration.search.models import IndexEntry
from tests.corpus.conftest import run
from tests.jobs.conftest import run_jobs

pytestmark = pytest.mark.django_db(transaction=True)
SLOVENIA = "ohchr-upr-matrix/UPR20_Slovenia_ThematicListRecommendations_E.docx"


@pytest.fixture
def coordinator(client, reference, settings, tmp_path):
    from aspiration.accounts.models import User

    settings.SEARCH_VECTOR_DIR = str(tmp_path / "search")
    settings.IMPORT_UPLOAD_DIR = str(tmp_path / "uploads")
    client.force_login(User.objects.create_user(username="coord", password="x" * 12, role="coordinator"))
    return client


def upload(client, fmt: str, name: str, content: bytes):
    return client.post("/imports/", {"format": fmt, "file": SimpleUploadedFile(name, content)})


def finished_job(response) -> Job:
    assert response.status_code == 302 and response.url.startswith("/jobs/"), response
    run_jobs()
    return Job.objects.get(pk=int(response.url.strip("/").split("/")[-1]))


def test_upr_info_csv_is_imported_labelled_indexed_and_its_rejected_rows_downloadable(coordinator, corpus_fixtures):
    response = upload(coordinator, "upr-info", "upr-info-small.csv", (corpus_fixtures / "upr-info-small.csv").read_bytes())
    job = finished_job(response)
    assert job.status == Job.Status.DONE, job.error
    assert {k: job.result[k] for k in ("read", "created", "merged", "rejected")} == {
        "read": 7, "created": 3, "merged": 0, "rejected": 3}
    assert Recommendation.objects.count() == 3
    assert IndexEntry.objects.count() == 3  # indexed by the same job
    assert Recommendation.objects.filter(annotations__source="model").distinct().count() == 3  # and labelled
    assert ImportBatch.objects.get().file_name == "upr-info-small.csv"
    assert not any(uploads_dir().iterdir())  # the upload is removed once imported
    page = coordinator.get(f"/jobs/{job.pk}/").content.decode()
    assert 'id="summary-created">3<' in page and 'id="download-rejected"' in page
    download = coordinator.get(f"/imports/batches/{job.result['batch']}/rejected.csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert [row["Row"] for row in rows] == ["5", "6", "7"] and rows[1]["To"] == "Atlantis"
    assert rows[2]["Reason"].startswith("unknown Response")


def test_the_rejected_rows_file_is_safe_to_open_in_a_spreadsheet(coordinator, tmp_path):
    content = "Country,Recommendation\nFrance,Adopt a law on equal pay\n=HYPERLINK(\"http://x\"),Protect defenders\n"
    response = upload(coordinator, "table", "mine.csv", content.encode())
    token = response.url.split("/")[2]
    response = coordinator.post(f"/imports/{token}/columns/", {"map_text": "Recommendation", "map_state": "Country",
                                                              "mechanism": "UPR", "language": "en"})
    job = finished_job(response)
    download = coordinator.get(f"/imports/batches/{job.result['batch']}/rejected.csv").content.decode("utf-8-sig")
    row = list(csv.DictReader(io.StringIO(download)))[0]
    assert row["Country"] == "'=HYPERLINK(\"http://x\")" and row["Reason"].startswith("unknown state")


def test_a_table_is_mapped_from_its_own_headers_with_a_preview(coordinator):
    content = ("Pays,Texte,Session,Objectif\n" + "".join(f"France,Adopt law number {i},30,5\n" for i in range(7))
               + "Brazil,Protect defenders,30,99\n")
    response = upload(coordinator, "table", "tableau.csv", content.encode())
    assert response.url.endswith("/columns/")
    page = coordinator.get(response.url).content.decode()
    assert page.count("Adopt law number") == 5  # the first five rows
    assert '<option value="Texte">Texte</option>' in page and 'id="id_map_label_sdg_goal"' in page
    missing = coordinator.post(response.url, {"map_text": "Texte", "mechanism": "UPR"})
    assert missing.status_code == 200 and Job.objects.count() == 0  # the state column is needed
    job = finished_job(coordinator.post(response.url, {
        "map_text": "Texte", "map_state": "Pays", "map_session": "Session", "map_label_sdg_goal": "Objectif",
        "mechanism": "UPR", "language": "en"}))
    assert (job.result["created"], job.result["rejected"]) == (7, 1)
    assert Recommendation.objects.filter(state__iso3="FRA", session=30, cycle=3).count() == 7


def without_state(source, target):
    """The Slovenia matrix as an Egypt-style file: a neutral name and no "UPR of <State>" page header."""
    import docx

    document = docx.Document(str(source))
    for section in document.sections:
        for paragraph in section.header.paragraphs:
            paragraph.text = "Thematic list of recommendations"
    document.save(str(target))
    return target


def test_a_matrix_that_does_not_name_its_state_asks_for_it(coordinator, shared_data, tmp_path):
    neutral = without_state(shared_data / SLOVENIA, tmp_path / "Matrix.docx")
    response = upload(coordinator, "ohchr-matrix", "Matrix.docx", neutral.read_bytes())
    assert response.url.endswith("/state/")
    page = coordinator.get(response.url).content.decode()
    assert '<option value="SVN">Slovenia</option>' in page
    job = finished_job(coordinator.post(response.url, {"state": "SVN"}))
    assert job.status == Job.Status.DONE, job.error
    assert Recommendation.objects.filter(state__iso3="SVN").count() == 163
    assert 'id="summary-state">Slovenia<' in coordinator.get(f"/jobs/{job.pk}/").content.decode()


def test_a_matrix_named_after_its_review_starts_at_once(coordinator, shared_data):
    response = upload(coordinator, "ohchr-matrix", SLOVENIA.rsplit("/", 1)[-1], (shared_data / SLOVENIA).read_bytes())
    job = finished_job(response)
    assert Recommendation.objects.filter(state__iso3="SVN", session=20).count() == 163 == job.result["created"]


def test_a_file_refused_as_a_whole_changes_nothing_and_says_why(coordinator):
    job = finished_job(upload(coordinator, "upr-info", "broken.csv", b"To,Text\nFrance,x\n"))
    assert (job.status, job.retryable) == (Job.Status.FAILED, False)
    assert job.error.startswith("broken.csv, row 1: missing column(s) From, Response, Session")
    assert str(uploads_dir()) not in job.error  # the person's file name, not where it waited
    assert Recommendation.objects.count() == 0 and not any(uploads_dir().iterdir())
    page = coordinator.get(f"/jobs/{job.pk}/").content.decode()
    assert "missing column(s)" in page and 'id="job-retry"' not in page and "Traceback" not in page


def test_upload_limits_and_kinds(coordinator, settings):
    settings.IMPORT_MAX_BYTES = 100
    page = upload(coordinator, "upr-info", "big.csv", b"x" * 200).content.decode()
    assert "This file is 0 MB; files up to 0 MB can be imported." in page
    page = upload(coordinator, "upr-info", "huge.csv", b"x" * (2 << 20)).content.decode()
    assert "The file is larger than 0 MB, the most that can be imported at once." in page
    settings.IMPORT_MAX_BYTES = 50 * 1024 * 1024
    page = upload(coordinator, "ohchr-matrix", "matrix.csv", b"a,b\n").content.decode()
    assert "ends in .docx" in page
    assert Job.objects.count() == 0 and not any(uploads_dir().iterdir())


def test_only_coordinators_and_admins_import(client, reference, settings, tmp_path):
    from aspiration.accounts.models import User

    settings.IMPORT_UPLOAD_DIR = str(tmp_path / "uploads")
    assert client.get("/imports/").status_code == 302
    for role in ("viewer", "focal_point", "civil_society"):
        client.force_login(User.objects.create_user(username=role, password="x" * 12, role=role))
        assert client.get("/imports/").status_code == 403
        assert upload(client, "upr-info", "a.csv", b"To\n").status_code == 403
        assert "/imports/" not in client.get("/search/").content.decode()  # no menu entry
    client.force_login(User.objects.create_user(username="admin", password="x" * 12, role="admin"))
    page = client.get("/imports/").content.decode()
    assert page.count('href="/imports/"') >= 1 and "UPR Info database export (CSV)" in page
    assert Job.objects.count() == 0


def test_command_line_state_option_and_no_prepare(reference, shared_data, tmp_path, settings):
    from django.core.management import CommandError, call_command

    settings.SEARCH_VECTOR_DIR = str(tmp_path / "search")
    neutral = without_state(shared_data / SLOVENIA, tmp_path / "EgyptMatriceRecommendations.docx")

    def refused(*args, **options) -> str:
        errors = io.StringIO()
        with pytest.raises(CommandError):
            call_command("import", *args, stdout=io.StringIO(), stderr=errors, no_prepare=True, **options)
        return errors.getvalue()

    assert "cannot tell the state under review" in refused("ohchr-matrix", str(neutral))
    wrong = tmp_path / SLOVENIA.rsplit("/", 1)[-1]
    shutil.copy(shared_data / SLOVENIA, wrong)
    assert "the file is the review of Slovenia, not of the state given (FRA)" in refused("ohchr-matrix", str(wrong), state="FRA")
    assert Recommendation.objects.count() == 0
    out = run("import", "ohchr-matrix", str(neutral), state="SVN", no_prepare=True)
    assert "created 163" in out
    assert Recommendation.objects.filter(state__iso3="SVN", session=None).count() == 163
    assert IndexEntry.objects.count() == 0  # --no-prepare
    out = run("import", "ohchr-matrix", str(wrong), state="SVN")  # the state the file names: fine, and prepared
    assert "merged 163" in out or "created" in out
    assert IndexEntry.objects.count() == Recommendation.objects.count()


def test_a_uhri_export_is_imported_as_a_job(coordinator, corpus_fixtures):
    job = finished_job(upload(coordinator, "uhri", "uhri-sample.json", (corpus_fixtures / "uhri-sample.json").read_bytes()))
    assert job.status == Job.Status.DONE, job.error
    assert job.result["created"] == Recommendation.objects.count() > 0
    assert job.result["format_name"] == "Universal Human Rights Index export (JSON or XLSX)"


def test_an_upload_without_the_csrf_token_is_refused(coordinator, reference):
    from django.test import Client

    from aspiration.accounts.models import User

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(User.objects.get(username="coord"))
    assert strict.post("/imports/", {"format": "upr-info", "file": SimpleUploadedFile("a.csv", b"To\n")}).status_code == 403
    assert Job.objects.count() == 0


def test_a_matrix_that_does_not_say_its_session_takes_the_one_given(coordinator, shared_data, tmp_path):
    """Without the session a matrix's recommendations have no cycle, and a mid-term report (per cycle) misses them."""
    neutral = without_state(shared_data / SLOVENIA, tmp_path / "Matrix.docx")
    response = upload(coordinator, "ohchr-matrix", "Matrix.docx", neutral.read_bytes())
    assert coordinator.post(response.url, {"state": "SVN", "session": "0"}).status_code == 200  # refused, asked again
    assert Job.objects.count() == 0
    job = finished_job(coordinator.post(response.url, {"state": "SVN", "session": "20"}))
    assert job.status == Job.Status.DONE, job.error
    assert Recommendation.objects.filter(state__iso3="SVN", session=20, cycle=2).count() == 163


def test_command_line_session_option(reference, shared_data, tmp_path, settings):
    from django.core.management import CommandError, call_command

    settings.SEARCH_VECTOR_DIR = str(tmp_path / "search")
    neutral = without_state(shared_data / SLOVENIA, tmp_path / "EgyptMatriceRecommendations.docx")
    for options in ({"session": 20}, {"state": "SVN", "session": 500}):
        with pytest.raises(CommandError):
            call_command("import", "ohchr-matrix", str(neutral), stdout=io.StringIO(), no_prepare=True, **options)
    run("import", "ohchr-matrix", str(neutral), state="SVN", session=20, no_prepare=True)
    assert Recommendation.objects.filter(state__iso3="SVN", session=20, cycle=2).count() == 163
