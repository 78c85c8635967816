"""The Dask job runs the same scoring function over Parquet partitions and matches one process."""

import json

import pandas as pd
import pytest

from aspiration.watch.distributed import frame_records, results_frame, score_parquet
from aspiration.watch.scoring.io import score_records

TEXTS = [
    ("en", "I will kill that journalist tonight."), ("en", "Lovely weather at the beach today."),
    ("fr", "Les femmes sont formidables."), ("es", "Voy a quemar la casa de ese periodista."),
    ("ru", "Правозащитники провели семинар."), ("zh", "女人就该被打。"), ("ar", "افتتحت البلدية مكتبة جديدة."),
    (None, "No language given for this one."),
]


@pytest.fixture
def parquet_dir(tmp_path):
    folder = tmp_path / "items"
    folder.mkdir()
    rows = [{"id": f"r{i}", "text": text, "language": lang} for i, (lang, text) in enumerate(TEXTS * 3)]
    rows.append({"id": "bad", "text": "", "language": "en"})
    frame = pd.DataFrame(rows)
    for part in range(3):  # three partitions for two workers
        frame.iloc[part::3].to_parquet(folder / f"part-{part}.parquet", index=False)
    return folder


def test_local_cluster_equals_single_process(parquet_dir, tmp_path):
    rows = score_parquet(parquet_dir, tmp_path / "out", local_workers=2)
    distributed = pd.read_parquet(tmp_path / "out").sort_values("id").reset_index(drop=True)
    frame = pd.concat([pd.read_parquet(p) for p in sorted(parquet_dir.iterdir())])
    single = results_frame(score_records(frame_records(frame))).sort_values("id").reset_index(drop=True)
    assert rows == len(TEXTS) * 3 + 1
    pd.testing.assert_frame_equal(distributed, single, check_exact=False, atol=1e-6)
    assert distributed.set_index("id").loc["bad", "error"] == '"text" is empty'
    assert "threat" in json.loads(distributed.set_index("id").loc["r0", "flags"])
