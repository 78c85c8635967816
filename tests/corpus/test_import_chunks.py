"""An import writes its rows in short transactions, one per chunk, and a stop half-way loses nothing."""

from __future__ import annotations

import pytest

from aspiration.corpus import services
from aspiration.corpus.models import ImportBatch, Recommendation
from aspiration.corpus.services import import_file

pytestmark = pytest.mark.django_db

MAPPING = {"options": {"mapping": {"text": "text", "state": "state", "session": "session"}, "mechanism": "UPR",
                       "language": "en"}}


def _table(path, rows: int, repeat_every: int = 0):
    """A table of distinct texts; with ``repeat_every``, every such row repeats the first text (a merge)."""
    lines = ["text,state,session"]
    for n in range(rows):
        same = 0 if repeat_every and n and n % repeat_every == 0 else n
        lines.append(f"Strengthen the protection of persons number {same} in every region,KEN,20")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_file_larger_than_a_chunk_merges_across_chunks(reference, tmp_path):
    rows = services.CHUNK * 2 + 7
    summary = import_file("table", _table(tmp_path / "big.csv", rows, repeat_every=services.CHUNK), **MAPPING)
    assert (summary.read, summary.merged) == (rows, 2)  # rows CHUNK and 2 * CHUNK repeat the first chunk's first
    assert Recommendation.objects.count() == summary.created == rows - 2
    assert ImportBatch.objects.get().status == ImportBatch.Status.DONE


def test_an_import_stopped_half_way_keeps_its_chunks_and_a_new_import_completes_it(reference, tmp_path):
    path = _table(tmp_path / "stopped.csv", services.CHUNK * 2 + 3)

    class Stopped(Exception):
        pass

    def stop_after_the_first_chunk(count: int) -> None:
        raise Stopped

    with pytest.raises(Stopped):
        import_file("table", path, progress=stop_after_the_first_chunk, **MAPPING)
    assert Recommendation.objects.count() == services.CHUNK  # the first chunk was committed on its own
    assert ImportBatch.objects.get().status == ImportBatch.Status.FAILED
    summary = import_file("table", path, **MAPPING)
    assert (summary.created, summary.merged) == (services.CHUNK + 3, services.CHUNK)
    assert Recommendation.objects.count() == services.CHUNK * 2 + 3
