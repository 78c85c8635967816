"""Evidence files: size and type limits checked on content, stored outside the web root, permission-checked download."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from aspiration.tracking.evidence import EvidenceRejected, check_upload
from aspiration.tracking.models import Evidence
from tests.tracking.conftest import client_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types><Override PartName="/word/document.xml" ContentType="application/'
                         'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_accepted_kinds():
    assert check_upload("minutes.pdf", PDF, 10_000).content_type == "application/pdf"
    assert check_upload("photo.PNG", b"\x89PNG\r\n\x1a\n" + b"\0" * 20, 10_000).content_type == "image/png"
    assert check_upload("report.docx", _docx(), 10_000).extensions == (".docx",)
    assert check_upload("notes.txt", "Réunion tenue le 3 mai".encode(), 10_000).content_type == "text/plain"


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("virus.exe", b"MZ\x90\x00", "not accepted"),
    ("fake.pdf", b"MZ\x90\x00\x03\x00binary", "content"),
    ("fake.pdf", b"just some text", "named '.pdf' but its content is text/plain"),
    ("page.png", PDF, "named '.png'"),
    ("archive.docx", b"PK\x03\x04not really a zip", "content"),
    ("empty.txt", b"", "empty"),
    ("script.html", b"<script>alert(1)</script>", "not accepted"),
])
def test_refused_files(name, data, reason):
    with pytest.raises(EvidenceRejected, match=reason):
        check_upload(name, data, 10_000)


def test_size_limit():
    with pytest.raises(EvidenceRejected, match="limit is 100 bytes"):
        check_upload("big.pdf", PDF + b"x" * 200, 100)


@given(st.binary(max_size=300), st.sampled_from(["a.pdf", "a.png", "a.jpg", "a.docx", "a.txt", "a.zip", "a"]))
def test_arbitrary_bytes_are_accepted_only_when_content_matches_name(data, name):
    try:
        kind = check_upload(name, data, 1000)
    except EvidenceRejected:
        return
    assert Path(name).suffix in kind.extensions


def _upload(client, world, name: str, data: bytes):
    return client.post(reverse("tracking:progress_create", args=[world.action_a.pk]), {
        "date": "2025-03-01", "narrative": "Shelter opened", "status": "in_progress", "links": "",
        "evidence_file": SimpleUploadedFile(name, data)})


def test_upload_is_stored_under_media_root_with_a_random_name(client, world, settings):
    client_for(client, world, "focal_a")
    assert _upload(client, world, "../../etc/minutes.pdf", PDF).status_code == 302
    evidence = Evidence.objects.get()
    stored = Path(evidence.file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert "minutes" not in stored.name and stored.suffix == ".pdf"
    assert evidence.original_name == "minutes.pdf" and evidence.size == len(PDF)


def test_oversized_and_disguised_uploads_are_refused_and_nothing_is_saved(client, world, settings):
    settings.EVIDENCE_MAX_BYTES = 50
    client_for(client, world, "focal_a")
    too_big = _upload(client, world, "minutes.pdf", PDF + b"x" * 100)
    assert too_big.status_code == 400 and "the limit is 50 bytes" in too_big.content.decode()
    disguised = _upload(client, world, "minutes.pdf", b"MZ\x90\x00 an executable")
    assert disguised.status_code == 400
    assert not Evidence.objects.exists()
    assert not world.action_a.progress_updates.exists()  # the whole update is refused, not half-saved


def test_download_only_for_permitted_users(client, world):
    client_for(client, world, "focal_a")
    _upload(client, world, "minutes.pdf", PDF)
    evidence = Evidence.objects.get()
    url = reverse("tracking:evidence_download", args=[evidence.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    for role, expected in (("cso", 403), ("anonymous", 302), ("viewer", 200)):
        client.logout()
        client_for(client, world, role)
        assert client.get(url).status_code == expected, role
    # and there is no direct URL to the stored file
    client.logout()
    assert client.get("/files/" + evidence.file.name).status_code == 404
