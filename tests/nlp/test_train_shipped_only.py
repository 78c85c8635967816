"""``aspiration train-shipped --only``: rebuild some components, leave the others' files and entries alone."""

import csv
import io
import json
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from aspiration.nlp.pipeline import SHIPPED

DATA = SHIPPED.parents[2].parent / "shared" / "data"
pytestmark = pytest.mark.skipif(not (SHIPPED / "manifest.json").exists() or not (DATA / "upr-info").is_dir(),
                                reason="needs the shipped models (make models) and ../shared/data")


@pytest.fixture
def small_data(tmp_path):
    """The first 300 real UPR Info rows: enough to fit the two single-label taxonomies quickly."""
    source = DATA / "upr-info" / "upr-info-sessions-1-5.csv"
    raw = source.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    rows = list(csv.DictReader(io.StringIO(raw)))[:300]
    folder = tmp_path / "data" / "upr-info"
    folder.mkdir(parents=True)
    with (folder / source.name).open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return tmp_path / "data"


def test_only_rebuilds_the_named_components_and_merges_the_manifest(small_data, tmp_path, use_embedder, monkeypatch):
    output = tmp_path / "shipped"
    shutil.copytree(SHIPPED, output)
    before = {path.name: path.read_bytes() for path in output.iterdir()}
    old = json.loads((output / "manifest.json").read_text())
    # The command loads the process-wide encoder: hand it the session's one instead of loading a second.
    monkeypatch.setattr("aspiration.nlp.embedding._default", use_embedder)

    call_command("train-shipped", data=str(small_data), output=str(output), only="action_category, response")

    new = json.loads((output / "manifest.json").read_text())
    rebuilt = {"action_category", "response"}
    assert set(new["components"]) == set(old["components"])
    for name, entry in old["components"].items():
        if name in rebuilt:
            assert new["components"][name]["training_data_hash"] != entry["training_data_hash"]
        else:
            assert new["components"][name] == entry
    changed = {name for name, content in before.items() if (output / name).read_bytes() != content}
    assert changed == {"manifest.json", "action_category.json", "action_category.npz", "response.json", "response.npz"}


def test_only_refuses_unknown_components_and_a_folder_never_built(small_data, tmp_path):
    with pytest.raises(CommandError, match="unknown component"):
        call_command("train-shipped", data=str(small_data), output=str(tmp_path / "out"), only="upr_isue")
    with pytest.raises(CommandError, match="does not exist"):
        call_command("train-shipped", data=str(small_data), output=str(tmp_path / "empty"), only="response")


def test_the_affected_group_version_carries_its_rules(small_data, tmp_path, use_embedder, monkeypatch):
    """A change to the mention terms or treaty rules must re-label like a new model: the version names them."""
    from aspiration.nlp.groups import GroupTerms, rules_hash

    output = tmp_path / "shipped"
    shutil.copytree(SHIPPED, output)
    monkeypatch.setattr("aspiration.nlp.embedding._default", use_embedder)
    call_command("train-shipped", data=str(small_data), output=str(output), only="affected_group")
    meta = json.loads((output / "affected_group.json").read_text())["metadata"]
    expected = rules_hash(GroupTerms.load(output))
    assert meta["rules_hash"] == expected and meta["version"].endswith(f"-{expected[:8]}")
    assert json.loads((output / "manifest.json").read_text())["components"]["affected_group"]["version"] == meta["version"]
