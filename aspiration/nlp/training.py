"""Training recipes: which data each taxonomy learns from and with which settings.

Used by ``aspiration train-shipped`` (the shipped models), ``aspiration train`` (a user's own
annotations) and ``benchmarks/quality.py``. Fixed seeds: the same data gives the same model.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aspiration.nlp.classifier import Batch, LabelModel
from aspiration.nlp.crosswalk import sdg_goals_for_issues
from aspiration.nlp.cta import CtaAreas
from aspiration.nlp.datasets import (
    UprRecommendation,
    files_hash,
    read_sdg_texts,
    read_synthetic_essays,
    read_upr_info,
    texts_hash,
)
from aspiration.nlp.embedding import Embedder
from aspiration.nlp.groups import GroupTerms, issues_to_groups, rules_hash
from aspiration.nlp.sdg import TargetIndex
from aspiration.nlp.target_queries import TargetQueries
from aspiration.nlp.text import normalize
from aspiration.reference import catalog
from aspiration.reference.codes import goal_of

SEED = 20200224  # the day the Call to Action was launched

# Settings per taxonomy, chosen on a validation split of sessions 1-14 (see docs/decisions.md).
SETTINGS: dict[str, dict] = {
    "upr_issue": {"multi_label": True, "use_tfidf": True, "hidden": 512, "alpha": 1e-3, "tfidf_c": 16.0,
                  "tfidf_characters": 40000},
    "action_category": {"multi_label": False, "use_tfidf": True, "hidden": 0, "alpha": 1e-3, "tfidf_c": 16.0,
                        "opening_clause": True},
    "response": {"multi_label": False, "use_tfidf": True, "hidden": 0, "alpha": 1e-3, "tfidf_c": 2.0},
    "affected_group": {"multi_label": True, "use_tfidf": True, "hidden": 0, "alpha": 2e-4, "tfidf_c": 16.0},
    "sdg_goal": {"multi_label": True, "use_tfidf": False, "hidden": 0, "alpha": 2e-4},
}
DEFAULT_SETTINGS = {"multi_label": True, "use_tfidf": True, "hidden": 0, "alpha": 1e-3, "tfidf_c": 8.0}

Progress = Callable[[str], None]


def _quiet(_message: str) -> None:
    return None


@dataclass
class LabelledTexts:
    texts: list[str]
    label_sets: list[list[str]]
    languages: list[str]
    weights: list[float] | None = None


def embed_batch(texts: Sequence[str], languages: Sequence[str], embedder: Embedder) -> Batch:
    normalised = [normalize(t) for t in texts]
    return Batch(normalised, list(languages), embedder.embed(normalised))


def validation_split(texts: Sequence[str], fraction: float = 0.15, seed: int = SEED) -> tuple[list[int], list[int]]:
    """Row indices (train, validation), split by normalised text so a text never sits on both sides."""
    keys = sorted({t.lower() for t in texts})
    rng = random.Random(seed)
    rng.shuffle(keys)
    held = set(keys[: max(1, int(len(keys) * fraction))])
    train = [i for i, t in enumerate(texts) if t.lower() not in held]
    validation = [i for i, t in enumerate(texts) if t.lower() in held]
    return train, validation


def fit_taxonomy(taxonomy: str, data: LabelledTexts, batch: Batch, labels: Sequence[str] | None = None,
                 settings: dict | None = None, seed: int = SEED, label_names: dict | None = None) -> LabelModel:
    """Fit on a train split, calibrate on the validation split, record metrics and data hash."""
    settings = settings or SETTINGS.get(taxonomy, DEFAULT_SETTINGS)
    train, validation = validation_split(batch.texts, seed=seed)
    model = LabelModel(taxonomy, seed=seed, label_names=label_names, **settings)
    if labels:
        model.labels = list(labels)
    weights = np.asarray(data.weights, dtype=np.float32)[train] if data.weights else None
    model.fit(batch.subset(train), [data.label_sets[i] for i in train], sample_weight=weights,
              validation=(batch.subset(validation), [data.label_sets[i] for i in validation]))
    from aspiration.nlp.evaluation import evaluate_model

    digest = texts_hash(f"{t}\t{'|'.join(sorted(s))}" for t, s in zip(data.texts, data.label_sets, strict=True))
    # The version names the data and the recipe: retraining with other settings is a new version.
    recipe = hashlib.sha256(f"{digest}|{json.dumps(settings, sort_keys=True)}|{seed}".encode()).hexdigest()
    model.metadata = {
        "version": f"{taxonomy}-{datetime.date.today():%Y%m%d}-{recipe[:8]}",
        "training_data_hash": digest,
        "trained_on": len(train), "validated_on": len(validation), "settings": settings, "seed": seed,
        "validation_metrics": _summary(evaluate_model(model, batch.subset(validation), [data.label_sets[i] for i in validation])),
    }
    return model


def _summary(metrics: dict) -> dict:
    return {"micro": metrics["micro"], "macro": metrics["macro"], "texts": metrics["texts"]}


# ---- UPR Info --------------------------------------------------------------------------------
def upr_labels(records: Sequence[UprRecommendation], taxonomy: str, issue_groups: dict | None = None) -> list[list[str]]:
    if taxonomy == "upr_issue":
        return [list(r.issues) for r in records]
    if taxonomy == "action_category":
        return [[r.action] if r.action else [] for r in records]
    if taxonomy == "response":
        return [[r.response] if r.response else [] for r in records]
    if taxonomy == "affected_group":
        return [sorted({g for issue in r.issues for g in (issue_groups or {}).get(issue, [])}) for r in records]
    if taxonomy == "sdg_goal":
        return [sdg_goals_for_issues(r.issues) for r in records]
    raise ValueError(taxonomy)


def labelled_upr(records: Sequence[UprRecommendation], taxonomy: str, issue_groups: dict | None = None) -> LabelledTexts:
    """Texts with their labels; single-label taxonomies drop rows without a value."""
    sets = upr_labels(records, taxonomy, issue_groups)
    keep = [i for i, s in enumerate(sets) if s or taxonomy in ("affected_group", "sdg_goal", "upr_issue")]
    return LabelledTexts([records[i].text for i in keep], [sets[i] for i in keep], ["en"] * len(keep))


# ---- SDG -----------------------------------------------------------------------------------
def sdg_training_data(data_dir: Path, records: Sequence[UprRecommendation], include_indicators: bool,
                      essays_per_goal: int = 80, upr_weight: float = 0.2) -> LabelledTexts:
    """Weak supervision for goals: official texts (6 languages), synthetic essays, crosswalked UPR texts."""
    texts, sets, languages, weights = [], [], [], []
    for item in read_sdg_texts(data_dir):
        if item.kind == "indicator" and not include_indicators:
            continue
        texts.append(item.text), sets.append([item.goal]), languages.append(item.language), weights.append(1.0)
    for text, goal in read_synthetic_essays(data_dir, essays_per_goal, max_chars=400, seed=SEED):
        texts.append(text), sets.append([goal]), languages.append("en"), weights.append(1.0)
    for record in records:
        texts.append(record.text), sets.append(sdg_goals_for_issues(record.issues)), languages.append("en")
        weights.append(upr_weight)
    return LabelledTexts(texts, sets, languages, balanced(sets, weights))


def balanced(label_sets: Sequence[Sequence[str]], weights: Sequence[float]) -> list[float]:
    """Reweight so every goal carries the same total weight: UPR texts are mostly goal 16, 10 and 5."""
    totals = Counter()
    for codes, weight in zip(label_sets, weights, strict=True):
        totals.update({code: weight for code in codes})
    mean = sum(totals.values()) / max(len(totals), 1)
    return [weight * (float(np.mean([mean / totals[c] for c in codes])) if codes else 1.0)
            for codes, weight in zip(label_sets, weights, strict=True)]


def sdg_goal_model(data: LabelledTexts, batch: Batch, index: TargetIndex, seed: int = SEED) -> LabelModel:
    model = fit_taxonomy("sdg_goal", data, batch, labels=[str(g) for g in range(1, 18)], seed=seed)
    # Reasons for goals: the nearest official target text, in the text's own language.
    model.set_prototypes([{"label": model.labels.index(goal_of(code)), "text": text, "language": language}
                          for code, text, language in zip(index.codes, index.texts, index.languages, strict=True)],
                         index.vectors)
    return model


def target_index(data_dir: Path, embedder: Embedder, include_indicators: bool) -> TargetIndex:
    items = [t for t in read_sdg_texts(data_dir) if t.kind == "target" or (include_indicators and t.kind == "indicator")]
    batch = embed_batch([t.text for t in items], [t.language for t in items], embedder)
    return TargetIndex([t.target for t in items], [t.language for t in items], [t.text for t in items], batch.vectors)


# ---- whole shipped set -------------------------------------------------------------------------
# Every component ``train_shipped`` can build, in build order; ``--only`` picks among these names.
SHIPPED_COMPONENTS = ("upr_issue", "action_category", "response", "affected_group", "sdg_goal", "sdg_target", "cta_area")


class ShippedSelectionError(ValueError):
    """``only`` names an unknown component, or there is no earlier complete build to merge into."""


class _ShippedInputs:
    """The inputs shared by several components, read or embedded once and only when a component asks."""

    def __init__(self, data_dir: Path, embedder: Embedder, progress: Progress):
        self.data_dir, self.embedder, self.progress = data_dir, embedder, progress
        self.upr_files = sorted(Path(data_dir, "upr-info").glob("upr-info-sessions-*.csv"))
        self.queries_dir = Path(data_dir, "sdg-weak-labels", "aurora-queries-v5")
        self._records: list[UprRecommendation] | None = None
        self._upr_batch: Batch | None = None
        self._index: TargetIndex | None = None

    @property
    def records(self) -> list[UprRecommendation]:
        if self._records is None:
            self._records = read_upr_info(self.data_dir)
        return self._records

    @property
    def upr_batch(self) -> Batch:
        if self._upr_batch is None:
            self.progress(f"embedding {len(self.records)} UPR Info recommendations")
            self._upr_batch = embed_batch([r.text for r in self.records], ["en"] * len(self.records), self.embedder)
        return self._upr_batch

    @property
    def index(self) -> TargetIndex:
        if self._index is None:
            self.progress("indexing SDG targets")
            self._index = target_index(self.data_dir, self.embedder, include_indicators=True)
        return self._index

    def sdg_hash(self) -> str:
        return files_hash([*Path(self.data_dir, "sdg-framework").rglob("*.yml"),
                           Path(self.data_dir, "sdg-weak-labels", "sdg-llm-synthetic", "sdg_llm_synthetic.jsonl.gz"),
                           *self.upr_files])


def train_shipped(data_dir: Path, out_dir: Path, embedder: Embedder, progress: Progress = _quiet,
                  only: Sequence[str] | None = None) -> dict:
    """Build the shipped models from ../shared/data and the reference data (``reference.catalog``); return the
    manifest.

    With ``only``, just those components are rebuilt: their files are rewritten and their entries replaced
    in the existing manifest, every other component's files and entry stay as they were.
    """
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    chosen = list(only) if only else list(SHIPPED_COMPONENTS)
    if unknown := sorted(set(chosen) - set(SHIPPED_COMPONENTS)):
        raise ShippedSelectionError(f"unknown component(s) {', '.join(unknown)}; choose among {', '.join(SHIPPED_COMPONENTS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = out_dir / "manifest.json"
    created = datetime.date.today().isoformat()
    manifest: dict = {"created": created, "seed": SEED, "embedder": embedder.name, "components": {}}
    if only:
        if not manifest_path.exists():
            raise ShippedSelectionError(f"{manifest_path} does not exist: build every component once before rebuilding some")
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("embedder") != embedder.name:
            raise ShippedSelectionError(f"the shipped models were built with {manifest.get('embedder')}, not {embedder.name}: "
                             "rebuild every component")
    inputs = _ShippedInputs(data_dir, embedder, progress)
    for name in SHIPPED_COMPONENTS:
        if name in chosen:
            progress(f"training {name}")
            manifest["components"][name] = _BUILDERS[name](inputs, out_dir, created)
    manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return manifest


def _upr_component(taxonomy: str) -> Callable[[_ShippedInputs, Path, str], dict]:
    def build(inputs: _ShippedInputs, out_dir: Path, _created: str) -> dict:
        groups = catalog.affected_groups()
        data = labelled_upr(inputs.records, taxonomy, issues_to_groups(groups))
        rows = [i for i, r in enumerate(inputs.records) if labelled_rows_keep(r, taxonomy)]
        model = fit_taxonomy(taxonomy, data, inputs.upr_batch.subset(rows))
        if taxonomy == "affected_group":  # the mention terms and treaty rules decide groups too
            terms = GroupTerms.from_reference(groups)
            model.metadata["rules_hash"] = rules_hash(terms)
            model.metadata["version"] += f"-{model.metadata['rules_hash'][:8]}"
            terms.save(out_dir)
        model.save(out_dir)
        return _component(model, files_hash(inputs.upr_files), ["UPR Info database (sessions 1-17)"])
    return build


def _sdg_target_component(inputs: _ShippedInputs, out_dir: Path, created: str) -> dict:
    inputs.index.save(out_dir)
    queries = TargetQueries.from_aurora(inputs.queries_dir)  # CC BY 4.0: the rules ship, attributed
    queries.save(out_dir)
    sdg_hash = inputs.sdg_hash()
    rules = _aurora_source(inputs.queries_dir)
    # The project's own target definitions are code: a change to them is a new version too.
    rules["definitions_hash"] = hashlib.sha256(json.dumps(queries.definitions, sort_keys=True).encode()).hexdigest()
    return {"version": f"sdg_target-{created.replace('-', '')}-{sdg_hash[:8]}-{rules['files_hash'][:8]}"
                       f"-{rules['definitions_hash'][:8]}",
            "training_data_hash": sdg_hash, "sources": ["SDG target and indicator texts"], "rules": rules}


def _sdg_goal_component(inputs: _ShippedInputs, out_dir: Path, _created: str) -> dict:
    data = sdg_training_data(inputs.data_dir, inputs.records, include_indicators=True)
    model = sdg_goal_model(data, embed_batch(data.texts, data.languages, inputs.embedder), inputs.index)
    model.save(out_dir)
    return _component(model, inputs.sdg_hash(), [
        "SDG goal, target and indicator texts in six languages (open-sdg/sdg-translations, MIT)",
        "SDG LLM synthetic essays (SeaCelo/SDG_LLM, GPL-3; training input only, no text shipped)",
        "UPR Info database via the issue->SDG crosswalk (aspiration/nlp/crosswalk.py)"])


def _cta_area_component(inputs: _ShippedInputs, out_dir: Path, created: str) -> dict:
    call_to_action = catalog.call_to_action()
    cta_areas(call_to_action, inputs.embedder).save(out_dir)
    cta_hash = hashlib.sha256(json.dumps(call_to_action, sort_keys=True).encode()).hexdigest()
    return {"version": f"cta_area-{created.replace('-', '')}-{cta_hash[:8]}",
            "training_data_hash": cta_hash, "sources": ["call_to_action.json (reference data)"]}


_BUILDERS: dict[str, Callable[[_ShippedInputs, Path, str], dict]] = {
    **{taxonomy: _upr_component(taxonomy) for taxonomy in ("upr_issue", "action_category", "response", "affected_group")},
    "sdg_target": _sdg_target_component, "sdg_goal": _sdg_goal_component, "cta_area": _cta_area_component,
}


def _aurora_source(folder: Path) -> dict:
    return {"source": "Aurora Universities Network SDG queries v5, CC BY 4.0 (doi:10.5281/zenodo.3817445)",
            "files_hash": files_hash([Path(folder, "aurora_v5_query_lines_flat.csv")])}


def labelled_rows_keep(record: UprRecommendation, taxonomy: str) -> bool:
    """Mirror of ``labelled_upr``'s filter, for selecting the matching embedding rows."""
    return bool(upr_labels([record], taxonomy)[0]) or taxonomy in ("affected_group", "sdg_goal", "upr_issue")


def cta_areas(call_to_action: dict, embedder: Embedder) -> CtaAreas:
    codes, texts, languages, titles = CtaAreas.definition_texts(call_to_action)
    vectors = embedder.embed([normalize(t.split(": ", 1)[1]) for t in texts])
    return CtaAreas(sorted(set(codes), key=int), titles, codes, texts, languages, vectors)


def _component(model: LabelModel, data_hash: str, sources: list[str]) -> dict:
    return {"version": model.version, "training_data_hash": model.metadata["training_data_hash"], "files_hash": data_hash,
            "sources": sources, "validation_metrics": model.metadata["validation_metrics"]}
