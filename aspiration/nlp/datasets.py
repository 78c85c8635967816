"""Readers for the shared training data (``../shared/data``). Pure Python: no Django imports."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from aspiration.nlp.text import normalize
from aspiration.reference.codes import goal_of, sorted_codes

UPR_RESPONSES = {"Accepted": "supported", "Noted": "noted"}
SIX_LANGUAGES = {"en": "en", "fr": "fr", "es": "es", "ru": "ru", "zh-Hans": "zh", "ar": "ar"}


@dataclass
class UprRecommendation:
    """One UPR Info recommendation; joint recommendations are merged into one row."""

    text: str
    state: str
    session: int
    response: str  # supported / noted / ""
    action: str  # "1".."5" / ""
    issues: list[str]
    recommending: list[str] = field(default_factory=list)


def read_upr_info(data_dir: str | Path) -> list[UprRecommendation]:
    """Every recommendation of sessions 1-17 (not the voluntary pledges), joint ones merged.

    A joint recommendation appears once per recommending state; left duplicated it would put
    the same text in training and test, so rows with the same state, session and normalised
    text become one, carrying all recommending states and the union of their issues.
    """
    merged: dict[tuple, UprRecommendation] = {}
    for path in sorted(Path(data_dir, "upr-info").glob("upr-info-sessions-*.csv")):
        if "voluntary" in path.name:
            continue
        raw = path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
        for row in csv.DictReader(io.StringIO(raw)):
            text = normalize(row["Text"])
            if not text or not row["Session"].strip().isdigit():
                continue
            key = (row["To"].strip(), int(row["Session"]), text.lower())
            issues = [i.strip() for i in _split_issues(row["Issue"]) if i.strip()]
            item = merged.get(key)
            if item is None:
                merged[key] = UprRecommendation(text, row["To"].strip(), int(row["Session"]),
                                                UPR_RESPONSES.get(row["Response"].strip(), ""), row["Action"].strip(),
                                                issues, [row["From"].strip()])
            else:
                item.recommending.append(row["From"].strip())
                item.issues += [i for i in issues if i not in item.issues]
    return list(merged.values())


def _split_issues(value: str) -> list[str]:
    # Issue names never contain commas, so a plain split is exact.
    return value.split(",")


@dataclass
class SdgText:
    kind: str  # goal / target / indicator
    code: str  # "16", "16.3", "16.3.1"
    language: str  # en fr es ru zh ar
    text: str

    @property
    def goal(self) -> str:
        return goal_of(self.code)

    @property
    def target(self) -> str:
        return ".".join(self.code.split(".")[:2])


def read_sdg_texts(data_dir: str | Path) -> list[SdgText]:
    """Goal titles, targets and indicators in the six languages (``sdg-framework/<lang>/*.yml``)."""
    texts = []
    for folder, language in SIX_LANGUAGES.items():
        for kind in ("goals", "targets", "indicators"):
            data = yaml.safe_load(Path(data_dir, "sdg-framework", folder, f"global_{kind}.yml").read_text())
            for key, value in data.items():
                if not key.endswith("-title") or not value:
                    continue
                code = ".".join(key[: -len("-title")].split("-"))
                texts.append(SdgText(kind.rstrip("s"), code, language, normalize(str(value))))
    return texts


_EXPLICIT_SDG = re.compile(
    r"\b(?:SDGs?|Sustainable Development Goals?|Global Goals?|Goals?|Objectives?|Targets?)\s*(?:\(SDGs?\)\s*)?"
    r"(?:#|No\.?|number)?\s*\d{1,2}(?:\.[0-9a-z]{1,2})?\b|\bSDGs?\b",
    re.IGNORECASE,
)


def strip_explicit_sdg_mentions(text: str) -> str:
    """Remove "SDG 5", "Goal 13", "target 16.3": the model must learn the topic, not the number."""
    return _SPACES.sub(" ", _EXPLICIT_SDG.sub(" ", text)).strip()


_SPACES = re.compile(r"\s+")


def read_synthetic_essays(data_dir: str | Path, per_goal: int, max_chars: int, seed: int = 0) -> list[tuple[str, str]]:
    """(text, goal) pairs from the synthetic SDG essays: a fixed sample per goal, explicit mentions stripped."""
    import random

    by_goal: dict[str, list[str]] = {}
    with gzip.open(Path(data_dir, "sdg-weak-labels", "sdg-llm-synthetic", "sdg_llm_synthetic.jsonl.gz"), "rt") as lines:
        for line in lines:
            item = json.loads(line)
            by_goal.setdefault(str(int(item["sdg"])), []).append(item["text"])
    rng = random.Random(seed)
    pairs = []
    for goal in sorted_codes(by_goal):
        for text in rng.sample(by_goal[goal], min(per_goal, len(by_goal[goal]))):
            cleaned = strip_explicit_sdg_mentions(normalize(text))
            pairs.append((_first_sentences(cleaned, max_chars), goal))
    return pairs


def _first_sentences(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    return cut[: cut.rfind(". ") + 1] if ". " in cut else cut


def files_hash(paths: Iterable[Path]) -> str:
    """SHA-256 over the files' names and bytes: identifies the training data a model learned from."""
    digest = hashlib.sha256()
    for path in sorted(Path(p) for p in paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def texts_hash(texts: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for text in texts:
        digest.update(text.encode())
        digest.update(b"\0")
    return digest.hexdigest()


