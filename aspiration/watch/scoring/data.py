"""Loaders for the abuse-training corpora in ``shared/data/abuse-training``: plain examples.

Each example carries a label per category: 1, 0, or ``None`` when the source says nothing about that
category (training masks those out instead of guessing). ``split`` is "train" or "eval"; eval parts are
never trained on (EDOS dev, TweetEval val, COLD dev, OSACT dev, fixed hash splits of the others by
text, dialogue, article or scenario; all of the HatEval Spanish trial and of MERA ruHateSpeech).
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
    kind: str = "posts"  # what sort of text: tweets, forum, comments, chat, counter-speech, news, ...
    # The unit that must not straddle the fitting and calibration parts: the template for our own texts
    # (its cases differ only in the target), else the text itself.
    unit: str = ""

    def split_key(self) -> str:
        return self.unit or self.text

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
            # A sexist threat is violence against women. Non-sexist posts say nothing about group hate or about
            # threats against anyone else: EDOS labels the kind of sexism only.
            yield Example(row["text"], "en", "edos", "eval" if row["split"] == "dev" else "train",
                          _labels(sexism=sexist, violence_against_women=threat, threat=threat if sexist else None,
                                  hate=1 if sexist and row["label_category"] in (EDOS_THREAT, "2. derogation") else None),
                          "forum")


def load_tweeteval(root: Path) -> Iterator[Example]:
    folder = root / "tweeteval-hate"
    for part, split in (("train", "train"), ("val", "eval")):
        texts = (folder / f"{part}_text.txt").read_text(encoding="utf-8").splitlines()
        labels = (folder / f"{part}_labels.txt").read_text(encoding="utf-8").split()
        for text, label in zip(texts, labels, strict=True):
            yield Example(text.strip(), "en", "tweeteval", split, _labels(hate=int(label)), "tweets")


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
                              _labels(hate=hate, sexism=sexism), "tweets")


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
                              _labels(hate=offensive, sexism=offensive if row["topic"] == "gender" else None), "comments")


def load_hateval_trial(root: Path) -> Iterator[Example]:
    """Spanish trial only (the English one overlaps TweetEval train): evaluation of transfer, never trained."""
    with open(root / "hateval-trial" / "trial_es.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            yield Example(row["text"], "es", "hateval-es", "eval", _labels(hate=int(row["HS"])), "tweets")


# ---- more languages and counter-speech (research-use sets: training input only, never shipped) ---------------
# Each source's own "eval" part is a fixed share chosen by a hash of its natural unit (dialogue, article,
# scenario, text), so that correlated texts never straddle the split.
NOT_HATE = dict.fromkeys(CATEGORIES, 0)
# Rows that coincide with a case of a hidden evaluation suite (see the sets' PROVENANCE.md): dropped.
DROPPED = {"انت حثالة", "@usuario No me jodan"}


def _negative() -> dict[str, int | None]:
    return dict(NOT_HATE)


def load_conan(root: Path) -> Iterator[Example]:
    """Hate speech (``hate`` 1) and the counter-narratives written against it (every category 0)."""
    folder, seen = root / "conan", set()

    def once(text: str) -> bool:
        key = text.strip().lower()
        if not key or key in seen:
            return False
        seen.add(key)
        return True

    with open(folder / "CONAN" / "CONAN.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            language = row["cn_id"][:2].lower()
            if language not in ("en", "fr"):
                continue
            unit = row["cn_id"][:16]  # the hate-speech id: paraphrases and answers of one HS stay together
            split = hash_split(unit)
            if once(row["hateSpeech"]):
                yield Example(row["hateSpeech"], language, f"conan-{language}", split, _labels(hate=1), "forum")
            if once(row["counterSpeech"]):
                yield Example(row["counterSpeech"], language, f"conan-{language}", split, _negative(), "counter-speech")
    with open(folder / "Multitarget-CONAN" / "Multitarget-CONAN.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            split = hash_split(row["HATE_SPEECH"])
            women = int(row["TARGET"] == "WOMEN")
            if once(row["HATE_SPEECH"]):
                yield Example(row["HATE_SPEECH"], "en", "conan-en", split,
                              _labels(hate=1, sexism=1 if women else None), "forum")
            if once(row["COUNTER_NARRATIVE"]):
                yield Example(row["COUNTER_NARRATIVE"], "en", "conan-en", split, _negative(), "counter-speech")
    with open(folder / "DIALOCONAN" / "DIALOCONAN.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if not once(row["text"]):
                continue
            split = hash_split("dialogue" + row["dialogue_id"])
            if row["type"] == "HS":
                yield Example(row["text"], "en", "dialoconan", split,
                              _labels(hate=1, sexism=1 if "WOMEN" in row["TARGET"] else None), "forum")
            else:
                yield Example(row["text"], "en", "dialoconan", split, _negative(), "counter-speech")


def load_toxicn(root: Path) -> Iterator[Example]:
    """ToxiCN: toxic posts (hate or insult) as ``hate``; posts that *report* abuse are negatives."""
    with open(root / "toxicn" / "ToxiCN_1.0.csv", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            reporting = row["expression"] == "3"
            hate = 0 if reporting or row["toxic"] == "0" else 1
            sexism = hate if row["topic"] == "gender" else (0 if hate == 0 else None)
            yield Example(row["content"], "zh", "toxicn", hash_split(row["content"]),
                          _labels(hate=hate, sexism=sexism), "comments")


def load_lhsab(root: Path) -> Iterator[Example]:
    """L-HSAB (Levantine Arabic tweets): hate 1, normal 0; plain abuse says nothing about group hate."""
    with open(root / "l-hsab" / "L-HSAB.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            text, kind = (row.get("Tweet") or "").strip(), (row.get("Class") or "").strip()
            if text in DROPPED or kind not in ("hate", "normal", "abusive"):
                continue
            labels = _negative() if kind == "normal" else _labels(hate=1 if kind == "hate" else None)
            yield Example(text, "ar", "l-hsab", hash_split(text), labels, "tweets")


def load_mpold(root: Path) -> Iterator[Example]:
    from openpyxl import load_workbook

    sheet = load_workbook(root / "mpold-ar" / "Arabic_offensive_comment_detection_annotation_4000_selected.xlsx",
                          read_only=True).active
    rows = sheet.iter_rows(values_only=True)
    header = next(rows)
    for values in rows:
        row = dict(zip(header, values, strict=False))
        text, sub = str(row["Comment"] or "").strip(), row["Vulgar:V/HateSpeech:HS/None:-"]
        labels = _labels(hate=1) if sub == "HS" else _negative() if row["Majority_Label"] == "Non-Offensive" else _labels()
        yield Example(text, "ar", "mpold", hash_split(text), labels, "comments")


def load_osact(root: Path) -> Iterator[Example]:
    """OSACT 2020/2022 Arabic tweets: hate types -> ``hate`` (HS6 gender also ``sexism``), violence -> ``threat``."""
    folder = root / "osact-ar"
    for name, split in (("train_data2022.csv", "train"), ("dev_data2022.csv", "eval")):
        with open(folder / "osact2022" / name, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                text = row["Tweet"].replace("<LF>", " ")
                if "\t" in text:  # a mirror defect swallowed following records into this field: skip it
                    continue
                hate, offensive = row["Hate"] != "NOT_HS", row["Offensive"] == "OFF"
                labels = _labels(hate=int(hate) if hate or not offensive else None,
                                 sexism=1 if row["Hate"] == "HS6" else 0 if not offensive else None,
                                 threat=1 if row["Violence"] == "VIO" else 0 if not offensive else None)
                if not offensive:
                    labels = _negative()
                yield Example(text, "ar", "osact", split, labels, "tweets")
    for name, split in (("OSACT2020-sharedTask-train.txt", "train"), ("OSACT2020-sharedTask-dev.txt", "eval")):
        for line in (folder / "osact2020" / name).read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) != 3:
                continue
            text, offensive, hate = parts[0].replace("<LF>", " "), parts[1] == "OFF", parts[2] == "HS"
            labels = _negative() if not offensive else _labels(hate=1 if hate else None)
            yield Example(text, "ar", "osact", split, labels, "tweets")


def load_ru_toxicity(root: Path) -> Iterator[Example]:
    """VK comments under three news outlets: non-toxic ones are negatives; toxic is not the same as hate."""
    with open(root / "ru-distorted-toxicity" / "russian_distorted_toxicity.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            text = (row["comments"] or "").strip()
            if text:
                labels = _negative() if row["toxicity"] == "0" else _labels()
                yield Example(text, "ru", "ru-toxicity", hash_split(text), labels, "comments")


MERA_GROUPS = {"женщины": "women", "национальность": "nationality", "лгбт": "lgbt", "мигранты": "migrants"}


def load_mera_ru(root: Path) -> Iterator[Example]:
    """ruHateSpeech (MERA): replies to Russian chat messages, one toxic towards a named group and one not.
    Evaluation only (its licence note says dev). The toxic reply is ``hate`` when the group is a protected one
    (women also ``sexism``; men and "other" say nothing); the other reply is taken as not hateful, which the
    set does not promise (it is not toxic towards *that* group): a floor on precision."""
    with open(root / "mera-ruhatespeech" / "data.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            group = MERA_GROUPS.get(row["target_group"].strip().lower())
            toxic = int(row["outputs"].strip())
            for number in (1, 2):
                text = row[f"reply_{number}"].strip()
                if number != toxic:
                    labels = _labels(hate=0, sexism=0, threat=None)
                elif group:
                    labels = _labels(hate=1, sexism=1 if group == "women" else None)
                else:
                    labels = _labels()
                yield Example(text, "ru", "mera-ru", "eval", labels, "comments")


CONTEXT_GROUPS = ("WOMEN", "LGBTI", "RACISM", "CLASS", "DISABLED")


def load_contextualized_es(root: Path) -> Iterator[Example]:
    """Replies to Argentine news outlets: hate against women/LGBTI/racism/class/disability -> ``hate``."""
    for path in sorted((root / "contextualized-hate-es").glob("test_*.csv")):
        with open(path, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                text = row["text"].strip()
                if text in DROPPED:
                    continue
                hateful = row["HATEFUL"] == "1"
                group = any(row[g] == "1" for g in CONTEXT_GROUPS)
                if not hateful:
                    labels = _negative()
                else:
                    labels = _labels(hate=1 if group else None, sexism=1 if row["WOMEN"] == "1" else None)
                yield Example(text, "es", "contextualized-es", hash_split(row["title"]), labels, "comments")


def load_goldstd_es(root: Path) -> Iterator[Example]:
    """Argentine and Chilean political tweets: both coders non-toxic -> negatives (toxic is not hate)."""
    for name in ("goldstd_protests.csv", "goldstd_Convention.csv"):
        with open(root / "gold-standard-toxicity-es" / name, encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                text = row["text"].strip()
                if row["coder_1"] == row["coder_2"] == "0":
                    yield Example(text, "es", "goldstd-es", hash_split(text), _negative(), "tweets")
                elif row["coder_1"] == row["coder_2"] == "1":
                    yield Example(text, "es", "goldstd-es", hash_split(text), _labels(), "tweets")


def load_cyberagression(root: Path) -> Iterator[Example]:
    """Role-played French teen chats: non-aggressive messages (counter-speech included) are negatives; threats."""
    from openpyxl import load_workbook

    for path in sorted((root / "cyberagression-fr" / "majority_vote").glob("*.xlsx")):
        split = hash_split(path.name, 0.25)
        rows = load_workbook(path, read_only=True).active.iter_rows(values_only=True)
        header = next(rows)
        for values in rows:
            row = dict(zip(header, values, strict=False))
            text, aggression, abuse = str(row["TEXT"] or "").strip(), row["HATE"], row["VERBAL_ABUSE"]
            if aggression == "NAG":
                labels = _negative()
            elif aggression in ("OAG", "CAG"):
                labels = _labels(threat=1 if abuse == "THR" else None)
            else:
                continue
            yield Example(text, "fr", "cyberagression-fr", split, labels,
                          "counter-speech" if row["INTENTION"] in ("CNS", "CR", "EMP") else "chat")


LOADERS = (load_edos, load_tweeteval, load_mlma, load_cold, load_hateval_trial, load_conan, load_toxicn, load_lhsab,
           load_mpold, load_osact, load_ru_toxicity, load_mera_ru, load_contextualized_es, load_goldstd_es, load_cyberagression)

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
            yield Example(recommendation, "en", "upr", hash_split("upr" + recommendation), dict.fromkeys(CATEGORIES, 0),
                          "un-text")


def load_all(data_dir: Path) -> list[Example]:
    root = Path(data_dir) / ABUSE_DIR
    examples = [example for loader in LOADERS for example in loader(root)]
    if (Path(data_dir) / UPR_DIR).is_dir():
        examples += list(load_upr_negatives(data_dir))
    return [example for example in examples if example.text.strip()]


DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx")


def data_hashes(data_dir: Path) -> dict[str, str]:
    """SHA-256 of every training file, recorded in the model metadata for reproducibility."""
    files = [p for p in sorted((Path(data_dir) / ABUSE_DIR).rglob("*")) if p.is_file() and p.suffix in DATA_SUFFIXES]
    files += sorted((Path(data_dir) / UPR_DIR).glob("upr-info-sessions-*.csv"))
    return {str(path.relative_to(data_dir)): hashlib.sha256(path.read_bytes()).hexdigest() for path in files}
