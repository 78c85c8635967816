"""Uploaded files waiting for their job: under the home, in a random folder each, removed when the job ends."""

from __future__ import annotations

import re
import secrets
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.utils.text import get_valid_filename

from aspiration.home import home

TOKEN = re.compile(r"^[0-9a-f]{32}$")
STALE_UPLOAD_SECONDS = 7 * 24 * 3600


def uploads_dir() -> Path:
    """Where uploads wait for their job: under the home (a setting, so tests can isolate it)."""
    configured = getattr(settings, "IMPORT_UPLOAD_DIR", None)
    path = Path(configured) if configured else home() / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def store_upload(uploaded) -> tuple[str, Path]:
    """Save an uploaded file under a random folder of the home; (token, path). The file keeps its own name
    because OHCHR matrices tell their state, session and language by it."""
    _purge_stale()
    token = secrets.token_hex(16)
    folder = uploads_dir() / token
    folder.mkdir()
    name = get_valid_filename(Path(uploaded.name).name)[-150:] or "upload"
    path = folder / name
    with open(path, "wb") as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
    return token, path


def upload_path(token: str) -> Path | None:
    """The stored file of an upload token, None when the token is not one or its file is gone."""
    if not TOKEN.match(token or ""):
        return None
    folder = uploads_dir() / token
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    return files[0] if files else None


def discard(path: Path) -> None:
    """Remove an uploaded file and its folder (only ever inside the uploads folder)."""
    folder = Path(path).parent
    if folder.parent == uploads_dir() and TOKEN.match(folder.name):
        shutil.rmtree(folder, ignore_errors=True)


def _purge_stale() -> None:
    """Uploads nobody finished (a mapping step left open) or kept for a retry that never came."""
    limit = time.time() - STALE_UPLOAD_SECONDS
    for folder in uploads_dir().iterdir():
        if TOKEN.match(folder.name) and folder.stat().st_mtime < limit:
            shutil.rmtree(folder, ignore_errors=True)
