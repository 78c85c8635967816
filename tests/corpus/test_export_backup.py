"""Export formats read back, stats, and the backup/restore round trip."""

from __future__ import annotations

import csv
import json
import tarfile

import pytest
from django.conf import settings
from django.db import connection
from openpyxl import load_workbook

from aspiration.accounts.models import AuditEvent
from aspiration.corpus.models import Annotation, ImportBatch, Recommendation
from aspiration.corpus.services import import_file
from aspiration.reference.models import Label
from tests.corpus.conftest import run

KEYS = ["id", "text", "language", "state", "mechanism", "session", "cycle", "response", "recommending_states", "labels"]


@pytest.fixture
def small_corpus(reference, corpus_fixtures):
    import_file("upr-info", corpus_fixtures / "upr-info-small.csv")
    import_file("uhri", corpus_fixtures / "uhri-sample.json")


def test_jsonl_export_exact_keys_and_filters(small_corpus, tmp_path):
    target = tmp_path / "out.jsonl"
    assert "exported 10 " in run("export", format="jsonl", output=str(target))
    lines = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == Recommendation.objects.count() == 10
    assert all(list(line) == KEYS for line in lines)
    joint = next(line for line in lines if line["text"].startswith("Ratify the Optional Protocol to the Convention"))
    assert joint["state"] == "CIV" and joint["recommending_states"] == ["BRA", "FRA"] and joint["cycle"] == 1
    assert joint["labels"]["upr_issue"] == ["International instruments", "Torture and other CID treatment"]
    run("export", format="jsonl", output=str(target), state=["fra"], mechanism=["CRC"])
    assert [json.loads(line)["mechanism"] for line in target.read_text().splitlines()] == ["CRC"]
    run("export", format="jsonl", output=str(target), label=["affected_group:women"])
    assert [json.loads(line)["mechanism"] for line in target.read_text().splitlines()] == ["CEDAW"]
    run("export", format="jsonl", output=str(target), session=[6], taxonomy=["upr_issue"])
    assert len(target.read_text().splitlines()) == 3


def test_person_rejection_removes_label_from_export(small_corpus, tmp_path):
    cedaw = Recommendation.objects.get(mechanism__code="CEDAW")
    Annotation.objects.create(recommendation=cedaw, label=Label.objects.get(taxonomy__code="affected_group", code="women"),
                              source="person", rejected=True)
    target = tmp_path / "out.jsonl"
    run("export", format="jsonl", output=str(target), label=["affected_group:women"])
    assert target.read_text() == ""


def test_csv_and_xlsx_exports_read_back(small_corpus, tmp_path):
    run("export", format="csv", output=str(tmp_path / "out.csv"), taxonomy=["sdg_target"])
    with open(tmp_path / "out.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 5  # the UHRI records with SDG targets
    assert {row["labels.sdg_target"] for row in rows} >= {"16.2", "10.3; 5.2"}
    run("export", format="xlsx", output=str(tmp_path / "out.xlsx"))
    sheet = load_workbook(tmp_path / "out.xlsx", read_only=True).worksheets[0]
    table = list(sheet.iter_rows(values_only=True))
    assert table[0][:4] == ("id", "text", "language", "state") and len(table) == 11
    header = list(table[0])
    crc = next(row for row in table if row[header.index("mechanism")] == "CRC")
    assert crc[header.index("labels.affected_group")] == "children; girls; youth"  # "- Youth & juveniles" too
    assert crc[header.index("document")] == "CRC/C/FRA/CO/6-7"


def test_stats(small_corpus):
    out = run("stats")
    assert "recommendations: 10" in out and "UPR: 5" in out and "import:" in out
    assert f"#{ImportBatch.objects.first().pk} " in out


def snapshot_of_corpus() -> list[tuple]:
    return sorted((r.text, r.state.iso3, r.mechanism.code, tuple(sorted(r.recommending_states.values_list("iso3", flat=True))),
                   json.dumps(r.labels_by_taxonomy(), sort_keys=True)) for r in Recommendation.objects.all())


@pytest.mark.django_db(transaction=True)
def test_backup_restore_round_trip(small_corpus, tmp_path):
    stored = settings.MEDIA_ROOT / "evidence-test.txt"
    stored.write_text("a stored file")
    before = snapshot_of_corpus()
    archive = tmp_path / "backup.tar.gz"
    assert "backup written" in run("backup", str(archive))
    with tarfile.open(archive) as handle:
        names = handle.getnames()
    assert "manifest.json" in names and "files/evidence-test.txt" in names
    assert ("database.sqlite3" if connection.vendor == "sqlite" else "database.json") in names
    # Change everything, then restore: the snapshot comes back exactly.
    Recommendation.objects.filter(mechanism__code="UPR").delete()
    stored.unlink()
    assert snapshot_of_corpus() != before
    assert "restored" in run("restore", str(archive))
    assert snapshot_of_corpus() == before
    assert AuditEvent.objects.filter(action="corpus.restore", object_id="backup.tar.gz").exists()
    assert stored.read_text() == "a stored file"
    stored.unlink()


def test_restore_refuses_other_files(reference, tmp_path):
    from django.core.management.base import CommandError

    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="not an Aspiration backup"):
        run("restore", str(bogus))
