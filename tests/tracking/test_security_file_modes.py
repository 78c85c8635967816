"""Uploaded evidence is stored for Aspiration's own account only: 0600 files, 0700 folders (issue 11)."""

from __future__ import annotations

import stat
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from aspiration.tracking.models import Evidence
from tests.tracking.conftest import client_for


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_uploaded_evidence_is_private(client, world, settings):
    client_for(client, world, "focal_a")
    client.post(reverse("tracking:progress_create", args=[world.action_a.pk]), {
        "date": "2025-03-01", "narrative": "Shelter opened", "status": "in_progress", "links": "",
        "evidence_file": SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n%%EOF\n")})
    stored = Path(Evidence.objects.get().file.path)
    assert _mode(stored) == 0o600
    folder = stored.parent
    while folder != Path(settings.MEDIA_ROOT):
        assert _mode(folder) == 0o700, folder
        folder = folder.parent
