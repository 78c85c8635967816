"""Loaders for the abuse-training corpora in ``shared/data/abuse-training``: plain examples.

Each example carries a label per category: 1, 0, or ``None`` when the source says nothing about that
category (training masks those out instead of guessing). ``split`` is "train" or "eval"; eval parts are
never trained on (EDOS dev, TweetEval val, COLD dev, a fixed 20% hash split of MLMA, the HatEval
Spanish trial).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import CATEGORIES

ABUSE_DIR = "abuse-training"
EDOS_THREAT = "1. threats, plans to harm and incitement"


@dataclass
class Example:
    text: str
    language: str
    source: str
    split: str
    labels: dict[str, int | None] = field(default_factory=dict)

    def label(self, category: str) -> int | None:
        return self.labels.get(category)


def _labels(**known: int | None) -> dict[str, int | None]:
    labels: dict[str, int | None] = dict.fromkeys(CATEGORIES)
    labels.update(known)
    return labels


def hash_split(text: str, eval_share: float = 0.2) -> str:
    """A deterministic split that does not depend on row order or a random generator."""
    bucket = int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "eval" if bucket < eval_share else "train"


def load_edos(root: Path) -> Iterator[Example]:
    with open(root / "edos" / "edos_train_dev.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            sexist = int(row["label_sexist"] == "sexist")
            threat = int(row["label_category"] == EDOS_THREAT)
            # A sexist threat is violence against women; non-sexist posts say nothing about group hate.
            yield Example(row["text"], "en", "edos", "eval" if row["split"] == "dev" else "train",
                          _labels(sexism=sexist, violence_against_women=threat, threat=threat,
                                  hate=1 if sexist and row["label_category"] in (EDOS_THREAT, "2. derogation") else None))


def load_tweeteval(root: Path) -> Iterator[Example]:
    folder = root / "tweeteval-hate"
    for part, split in (("train", "train"), ("val", "eval")):
        texts = (folder / f"{part}_text.txt").read_text(encoding="utf-8").splitlines()
        labels = (folder / f"{part}_labels.txt").read_text(encoding="utf-8").split()
        for text, label in zip(texts, labels, strict=True):
            yield Example(text.strip(), "en", "tweeteval", split, _labels(hate=int(label)))


def load_mlma(root: Path) -> Iterator[Example]:
    for language in ("en", "fr", "ar"):
        with open(root / "mlma" / f"{language}_dataset.csv", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                kinds = set(row["sentiment"].split("_"))
                # MLMA was pre-selected by hostile keywords: "offensive" alone is too noisy to call either way.
                hate = 1 if "hateful" in kinds else 0 if kinds == {"normal"} else None
                sexism = None
                if row["target"] == "gender" and row["group"] == "women" and hate is not None:
                    sexism = hate
                yield Example(row["tweet"], language, f"mlma-{language}", hash_split(row["tweet"]),
                              _labels(hate=hate, sexism=sexism))


# COLD train is 25,726 long-ish Chinese posts; embedding them all costs more CPU than the shared
# machine allows, so a fixed hash-selected share is used (the character n-gram side learns fast anyway).
COLD_TRAIN_SHARE = 0.4


def load_cold(root: Path) -> Iterator[Example]:
    for part, split in (("train", "train"), ("dev", "eval")):
        with open(root / "cold" / f"{part}.csv", encoding="utf-8-sig") as handle:
            for row in csv.DictReader(handle):
                if split == "train" and hash_split(row["TEXT"], COLD_TRAIN_SHARE) != "eval":
                    continue
                offensive = int(row["label"])
                yield Example(row["TEXT"], "zh", "cold", split,
                              _labels(hate=offensive, sexism=offensive if row["topic"] == "gender" else None))


def load_hateval_trial(root: Path) -> Iterator[Example]:
    """Spanish trial only (the English one overlaps TweetEval train): evaluation of transfer, never trained."""
    with open(root / "hateval-trial" / "trial_es.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            yield Example(row["text"], "es", "hateval-es", "eval", _labels(hate=int(row["HS"])))


LOADERS = (load_edos, load_tweeteval, load_mlma, load_cold, load_hateval_trial)

# UN recommendations that name women, journalists, defenders, migrants, minorities...: the clearest
# "positive mention of a group" negatives there are (the abuse corpora were all keyword-selected).
UPR_DIR = "upr-info"
UPR_ISSUES = ("Women", "defenders", "Freedom of the press", "Freedom of opinion", "Migrants", "Minorities", "Racial",
              "Sexual Orientation", "Disabilities", "Trafficking", "Asylum")
UPR_SHARE = 0.15


def load_upr_negatives(data_dir: Path) -> Iterator[Example]:
    for path in sorted((Path(data_dir) / UPR_DIR).glob("upr-info-sessions-*.csv")):
        text = path.read_bytes().decode("mac_roman").replace("\r\n", "\n").replace("\r", "\n")
        for row in csv.DictReader(text.splitlines()):
            recommendation = (row.get("Text") or "").strip()
            if not any(issue in (row.get("Issue") or "") for issue in UPR_ISSUES):
                continue
            if hash_split(recommendation, UPR_SHARE) != "eval":  # a fixed share keeps training light
                continue
            yield Example(recommendation, "en", "upr", hash_split("upr" + recommendation), dict.fromkeys(CATEGORIES, 0))


def load_all(data_dir: Path) -> list[Example]:
    root = Path(data_dir) / ABUSE_DIR
    examples = [example for loader in LOADERS for example in loader(root)]
    if (Path(data_dir) / UPR_DIR).is_dir():
        examples += list(load_upr_negatives(data_dir))
    return [example for example in examples if example.text.strip()]


def data_hashes(data_dir: Path) -> dict[str, str]:
    """SHA-256 of every training file, recorded in the model metadata for reproducibility."""
    files = [p for p in sorted((Path(data_dir) / ABUSE_DIR).rglob("*")) if p.is_file() and p.suffix in (".csv", ".tsv", ".txt")]
    files += sorted((Path(data_dir) / UPR_DIR).glob("upr-info-sessions-*.csv"))
    return {str(path.relative_to(data_dir)): hashlib.sha256(path.read_bytes()).hexdigest() for path in files}
