"""Where Aspiration keeps its state: the database, stored files, secrets and models.

Everything lives under ``ASPIRATION_HOME`` (default: ``var/`` beside the checkout), so one
folder is all a backup needs and a fresh folder is a fresh install.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent


def home() -> Path:
    path = Path(os.environ.get("ASPIRATION_HOME") or CHECKOUT / "var").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def files_dir() -> Path:
    """Uploaded evidence and other stored files; outside any web root."""
    path = home() / "files"
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret(name: str, env_var: str, nbytes: int = 32) -> str:
    """A secret from the environment, else one generated once and kept in the home (mode 0600).

    Production deployments set the environment variable; a laptop install still gets a
    unique, persistent secret instead of a hard-coded one.
    """
    if value := os.environ.get(env_var):
        return value
    path = home() / f".{name}"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(nbytes))
    return path.read_text().strip()
