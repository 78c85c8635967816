"""Zip bombs and fake office files uploaded as evidence are refused and nothing is stored (issue 11)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aspiration import safe_zip
from aspiration.tracking.evidence import EvidenceRejected, check_upload
from aspiration.tracking.models import Evidence
from tests.tracking.conftest import client_for


def real_docx(**extra: bytes) -> bytes:
    """A Word file as python-docx writes it, with ``extra`` members added."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        for name, data in extra.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def bomb() -> bytes:
    """A real Word file carrying 20 MB of zeros that compress to a few KB."""
    return real_docx(**{"word/media/image1.png": b"\0" * (20 * safe_zip.MIB)})


def test_a_real_docx_passes_and_a_bomb_does_not():
    assert check_upload("report.docx", real_docx(), 10 * safe_zip.MIB).extensions == (".docx",)
    data = bomb()
    assert len(data) < 100_000
    with pytest.raises(EvidenceRejected, match="zip bomb"):
        check_upload("report.docx", data, 10 * safe_zip.MIB)


def test_too_many_members_is_refused():
    data = real_docx(**{f"word/media/{n}.txt": b"x" for n in range(3000)})
    with pytest.raises(EvidenceRejected, match="zip bomb"):
        check_upload("report.docx", data, 10 * safe_zip.MIB)


def test_any_zip_with_a_word_folder_is_no_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/anything.bin", b"MZ\x90\x00")
    with pytest.raises(EvidenceRejected, match="content"):
        check_upload("report.docx", buffer.getvalue(), 10 * safe_zip.MIB)


def test_safe_zip_limits():
    with pytest.raises(safe_zip.UnsafeZip, match="compressed"):
        safe_zip.check(io.BytesIO(bomb()))
    small = safe_zip.Limits(member_bytes=1000)
    with pytest.raises(safe_zip.UnsafeZip, match="unpacks to"):
        safe_zip.check(io.BytesIO(real_docx(**{"big.xml": b"<a>" + bytes(range(256)) * 10 + b"</a>"})), small)
    with pytest.raises(safe_zip.UnsafeZip, match="more than"):
        safe_zip.check(io.BytesIO(real_docx()), safe_zip.Limits(total_bytes=100))
    with pytest.raises(safe_zip.NotAZip):
        safe_zip.check(io.BytesIO(b"PK\x03\x04 nothing more"))


def test_a_bomb_uploaded_as_evidence_stores_nothing(client, world, settings):
    client_for(client, world, "focal_a")
    response = client.post(reverse("tracking:progress_create", args=[world.action_a.pk]), {
        "date": "2025-03-01", "narrative": "Shelter opened", "status": "in_progress", "links": "",
        "evidence_file": SimpleUploadedFile("report.docx", bomb())})
    assert response.status_code == 400
    assert "zip bomb" in response.content.decode()
    assert not Evidence.objects.exists() and not world.action_a.progress_updates.exists()
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_a_plan_workbook_bomb_is_refused(world):
    from aspiration.tracking.plan_xlsx import PlanFileError, import_plan
    from tests.corpus.test_security_zip_import import xlsx_bomb

    with pytest.raises(PlanFileError, match="zip bomb"):
        import_plan(xlsx_bomb(), "FRA")
