"""The stable contract of ``aspiration predict``, run as a user would: a subprocess on a fresh home."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aspiration.nlp.pipeline import SHIPPED, SINGLE_LABEL, TAXONOMIES

pytestmark = pytest.mark.skipif(not (SHIPPED / "manifest.json").exists(), reason="shipped models not built (make models)")

LINES = [
    {"id": "en1", "text": "Take measures to combat violence against women and girls, including domestic violence"},
    {"id": "fr1", "text": "Ratifier la Convention relative aux droits des personnes handicapées"},
    {"id": "zh1", "text": "确保所有儿童都能接受免费初等教育", "language": "zh-Hans"},
    {"id": "ar1", "text": "ضمان حصول جميع الأطفال على التعليم الابتدائي المجاني"},
    {"id": "ru1", "text": "Отменить смертную казнь"},
    {"id": "es1", "text": "Garantizar el acceso al agua potable y al saneamiento en las zonas rurales"},
]


def run_predict(tmp_path: Path, lines: list[str], *taxonomies: str) -> tuple[list[dict], str]:
    source, target = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    env = {**os.environ, "ASPIRATION_HOME": str(tmp_path / "home")}
    env.pop("ASPIRATION_EMBEDDING_CACHE", None)
    command = [sys.executable, "-m", "aspiration", "predict", "--input", str(source), "--output", str(target)]
    for taxonomy in taxonomies:
        command += ["--taxonomy", taxonomy]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()], done.stderr


def test_predict_labels_six_languages_with_every_taxonomy(tmp_path):
    bad = ['{"id": "broken", "text": ', '{"id": "notext"}', '["not", "an", "object"]']
    lines = [json.dumps(LINES[0]), bad[0], *[json.dumps(item, ensure_ascii=False) for item in LINES[1:3]], bad[1],
             *[json.dumps(item, ensure_ascii=False) for item in LINES[3:]], bad[2]]
    output, stderr = run_predict(tmp_path, lines)
    assert len(output) == len(lines)  # order kept, nothing lost
    assert "line 2:" in stderr and "line 5:" in stderr and "line 9:" in stderr
    assert output[1] == {"id": None, "error": output[1]["error"]} and "JSON" in output[1]["error"]
    assert output[4]["id"] == "notext" and "text" in output[4]["error"]
    good = [o for o in output if "error" not in o]
    assert [o["id"] for o in good] == [item["id"] for item in LINES]
    assert [o["language"] for o in good] == ["en", "fr", "zh", "ar", "ru", "es"]
    for item in good:
        assert set(item["labels"]) == set(TAXONOMIES)
        for taxonomy, labels in item["labels"].items():
            scores = [label["score"] for label in labels]
            assert scores == sorted(scores, reverse=True), taxonomy
            assert all(isinstance(label["code"], str) and label["reason"] for label in labels), taxonomy
            if taxonomy in SINGLE_LABEL:
                assert len(labels) == 1, taxonomy
    by_id = {o["id"]: o["labels"] for o in good}
    assert "women" in [label["code"] for label in by_id["en1"]["affected_group"]]
    assert "5" in [label["code"] for label in by_id["en1"]["sdg_goal"]]
    assert "Right to education" in [label["code"] for label in by_id["zh1"]["upr_issue"]]
    assert "4" in [label["code"] for label in by_id["ar1"]["sdg_goal"]]
    assert "Death penalty" in [label["code"] for label in by_id["ru1"]["upr_issue"]]
    assert "persons_with_disabilities" in [label["code"] for label in by_id["fr1"]["affected_group"]]
    for goal_code in (label["code"] for label in by_id["es1"]["sdg_target"]):
        assert goal_code.split(".")[0] in [label["code"] for label in by_id["es1"]["sdg_goal"]]  # a target implies its goal


def test_predict_only_the_taxonomies_asked_for(tmp_path):
    output, _stderr = run_predict(tmp_path, [json.dumps(LINES[0])], "response", "cta_area")
    assert set(output[0]["labels"]) == {"response", "cta_area"}
    assert output[0]["labels"]["response"][0]["code"] in ("supported", "noted")
    assert "3" in [label["code"] for label in output[0]["labels"]["cta_area"]]  # gender equality
