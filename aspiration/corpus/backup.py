"""Backups: one .tar.gz with a consistent database snapshot and the stored files.

SQLite is copied with its online backup API (consistent while the app writes). Other databases
are dumped as JSON (Django's serializer, streamed) inside one REPEATABLE READ transaction.
Secrets are never included: keep ENCRYPTION_KEY (or ASPIRATION_HOME/.encryption_key) safely
apart, or encrypted fields cannot be read after a restore elsewhere.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from aspiration import __version__

SQLITE_MEMBER = "database.sqlite3"
JSON_MEMBER = "database.json"
FILES_MEMBER = "files"
MANIFEST = "manifest.json"
# Rebuilt by migrate; dumping them would clash with the rows migrate creates.
EXCLUDED_MODELS = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


class BackupError(Exception):
    pass


def backup(output: Path) -> dict:
    """Write the archive; returns its manifest."""
    output = Path(output)
    with tempfile.TemporaryDirectory() as scratch:
        scratch_path = Path(scratch)
        if connection.vendor == "sqlite":
            member = scratch_path / SQLITE_MEMBER
            connection.ensure_connection()
            target = sqlite3.connect(member)
            with target:
                connection.connection.backup(target)
            target.close()
        else:
            member = scratch_path / JSON_MEMBER
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                call_command("dumpdata", exclude=EXCLUDED_MODELS, natural_foreign=True, output=str(member), verbosity=0)
        manifest = {"format": member.name, "vendor": connection.vendor, "version": __version__,
                    "created_at": timezone.now().isoformat()}
        (scratch_path / MANIFEST).write_text(json.dumps(manifest, indent=1))
        with tarfile.open(output, "w:gz") as archive:
            archive.add(scratch_path / MANIFEST, MANIFEST)
            archive.add(member, member.name)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                archive.add(media, FILES_MEMBER)
    return manifest


def restore(archive_path: Path) -> dict:
    """Replace the database content and stored files with the archive's."""
    with tempfile.TemporaryDirectory() as scratch:
        scratch_path = Path(scratch)
        try:
            with tarfile.open(archive_path, "r:gz") as archive:
                archive.extractall(scratch_path, filter="data")
            manifest = json.loads((scratch_path / MANIFEST).read_text())
        except (OSError, tarfile.TarError, ValueError) as error:
            raise BackupError(f"{archive_path}: not an Aspiration backup ({error})") from None
        member = scratch_path / manifest["format"]
        if member.name == SQLITE_MEMBER:
            _restore_sqlite(member)
        elif member.name == JSON_MEMBER:
            _restore_json(member)
        else:
            raise BackupError(f"{archive_path}: unknown database member {member.name!r}")
        files = scratch_path / FILES_MEMBER
        if files.is_dir():
            shutil.copytree(files, settings.MEDIA_ROOT, dirs_exist_ok=True)
    from aspiration.accounts.audit import record

    # After the restore, so the event survives in the restored database.
    record("corpus.restore", object_type="backup", object_id=Path(archive_path).name[:100],
           summary=f"restored a backup made {manifest.get('created_at', '?')} from {manifest.get('vendor', '?')}")
    # Each app's rules for restored data (the watch desk's retention), without this module knowing the apps.
    for config in apps.get_app_configs():
        if callable(after := getattr(config, "after_restore", None)):
            after()
    return manifest


def _restore_sqlite(snapshot: Path) -> None:
    if connection.vendor == "sqlite":
        source = sqlite3.connect(snapshot)
        connection.ensure_connection()
        with source:
            source.backup(connection.connection)
        source.close()
        call_command("migrate", interactive=False, verbosity=0)  # a snapshot from an older version
        return
    # A SQLite snapshot into another database: read it through a temporary second connection.
    dump = snapshot.with_suffix(".json")
    _dump_sqlite_file(snapshot, dump)
    _restore_json(dump)


def _dump_sqlite_file(snapshot: Path, output: Path) -> None:
    from django.db import connections

    alias = "aspiration_snapshot"
    connections.settings[alias] = {**connections.settings["default"], "ENGINE": "django.db.backends.sqlite3",
                                   "NAME": str(snapshot), "OPTIONS": {}, "TEST": {}}
    connections.settings[alias].pop("HOST", None)
    try:
        call_command("migrate", database=alias, interactive=False, verbosity=0)
        call_command("dumpdata", exclude=EXCLUDED_MODELS, natural_foreign=True, database=alias,
                     output=str(output), verbosity=0)
    finally:
        connections[alias].close()
        del connections.settings[alias]


def _restore_json(dump: Path) -> None:
    call_command("migrate", interactive=False, verbosity=0)
    with transaction.atomic():
        call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(dump), verbosity=0)
