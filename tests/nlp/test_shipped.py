import json

import numpy as np
import pytest

from aspiration.nlp.pipeline import SHIPPED, TAXONOMIES, Classifier

pytestmark = pytest.mark.skipif(not (SHIPPED / "manifest.json").exists(), reason="shipped models not built (make models)")


def test_shipped_models_are_plain_arrays_and_json():
    assert not [p for p in SHIPPED.iterdir() if p.suffix not in (".npz", ".json")]
    for path in SHIPPED.glob("*.npz"):
        with np.load(path, allow_pickle=False) as arrays:
            assert all(arrays[name].dtype != object for name in arrays.files), path.name
    assert sum(p.stat().st_size for p in SHIPPED.iterdir()) < 25e6


def test_manifest_records_versions_and_data_hashes():
    manifest = json.loads((SHIPPED / "manifest.json").read_text())
    for taxonomy in ("upr_issue", "action_category", "response", "affected_group", "sdg_goal", "sdg_target", "cta_area"):
        component = manifest["components"][taxonomy]
        assert component["version"].startswith(taxonomy) and len(component["training_data_hash"]) == 64


def test_every_taxonomy_is_available_and_derived_versions_name_their_inputs():
    classifier = Classifier()
    assert classifier.available() == list(TAXONOMIES)
    assert "+" in classifier.version("cta_area") and "+" in classifier.version("sdg_target")
    assert classifier.version("upr_issue") == classifier.label_model("upr_issue").version
