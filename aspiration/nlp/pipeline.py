"""Every taxonomy's model behind one object: texts in, labels with scores and reasons out.

Texts are normalised, their language identified and embedded once; every taxonomy reads the
same ``Batch``. Models come from the first directory that has them: the user's trained
models (``ASPIRATION_HOME/models``) before the shipped ones. Pure Python: no Django imports.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from aspiration.nlp.classifier import Batch, LabelModel, Prediction
from aspiration.nlp.cta import CtaAreas
from aspiration.nlp.embedding import Embedder, default_embedder
from aspiration.nlp.groups import GroupTerms, predict_groups
from aspiration.nlp.sdg import TargetIndex, predict_sdg
from aspiration.nlp.target_queries import FILE_NAME as TARGET_QUERIES
from aspiration.nlp.target_queries import TargetQueries
from aspiration.nlp.text import normalize
from aspiration.reference.codes import goal_of
from aspiration.reference.languages import detect_language, language_code

SHIPPED = Path(__file__).resolve().parent / "shipped"
TAXONOMIES = ("upr_issue", "action_category", "response", "affected_group", "sdg_goal", "sdg_target", "cta_area", "language")
SINGLE_LABEL = {"action_category", "response", "language"}
# What each taxonomy needs computed first.
NEEDS = {"sdg_target": ("sdg_goal",), "cta_area": ("upr_issue", "sdg_goal", "affected_group")}


class Classifier:
    """``prepare(texts)`` then ``predict(batch, taxonomies)``; or ``classify(texts)`` for both."""

    def __init__(self, directories: Sequence[Path] = (SHIPPED,), embedder: Embedder | None = None):
        self.directories = [Path(d) for d in directories if d and Path(d).is_dir()]
        self._embedder = embedder
        self._cache: dict[str, object] = {}
        self.manifest = self._manifest()

    def _manifest(self) -> dict:
        for directory in reversed(self.directories):  # the shipped manifest, updated by local ones
            path = directory / "manifest.json"
            if path.exists():
                return json.loads(path.read_text())
        return {"components": {}}

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = default_embedder()
        return self._embedder

    def _find(self, file_name: str) -> Path | None:
        return next((d for d in self.directories if (d / file_name).exists()), None)

    def _component(self, name: str, loader):
        if name not in self._cache:
            directory = self._find(f"{name}.json")
            if directory is None:
                raise FileNotFoundError(f"no model for {name} in {', '.join(map(str, self.directories)) or 'any folder'}")
            self._cache[name] = loader(directory)
        return self._cache[name]

    def label_model(self, taxonomy: str) -> LabelModel:
        return self._component(taxonomy, lambda d: LabelModel.load(d, taxonomy))

    def available(self) -> list[str]:
        """Taxonomies this classifier can predict."""
        found = [t for t in TAXONOMIES
                 if t == "language" or any(self._find(f"{t}{suffix}.json") for suffix in ("", "_index", "_definitions"))]
        if "sdg_goal" not in found:
            found = [t for t in found if t != "sdg_target"]
        if "cta_area" in found and not {"upr_issue", "sdg_goal", "affected_group"} <= set(found):
            found.remove("cta_area")
        return found

    def version(self, taxonomy: str) -> str:
        """The model version; a taxonomy built on others (NEEDS) changes version when they do."""
        own = self._own_version(taxonomy)
        if taxonomy not in NEEDS:
            return own
        upstream = "|".join(self.version(t) for t in NEEDS[taxonomy])
        return f"{own}+{hashlib.sha1(upstream.encode()).hexdigest()[:8]}"

    def _own_version(self, taxonomy: str) -> str:
        if taxonomy == "language":
            return "py3langid"
        for name in (taxonomy, f"{taxonomy}_index", f"{taxonomy}_definitions"):
            directory = self._find(f"{name}.json")
            if directory is None:
                continue
            if name == taxonomy:
                meta = json.loads((directory / f"{name}.json").read_text())
                if "metadata" in meta:
                    return meta["metadata"].get("version", "unversioned")
            return self.manifest.get("components", {}).get(taxonomy, {}).get("version", "unversioned")
        return "unversioned"

    # ---- prediction -----------------------------------------------------------------------
    def prepare(self, texts: Sequence[str], languages: Sequence[str | None] | None = None) -> Batch:
        """Normalise, identify the language (unless given) and embed all texts in one pass."""
        normalised = [normalize(t) for t in texts]
        given = list(languages) if languages is not None else [None] * len(texts)
        identified = [(language_code(g), 1.0) if language_code(g) else detect_language(t)
                      for g, t in zip(given, normalised, strict=True)]
        return Batch(normalised, [code for code, _p in identified], self.embedder.embed(normalised), [p for _c, p in identified])

    def predict(self, batch: Batch, taxonomies: Iterable[str] = TAXONOMIES) -> list[dict[str, list[Prediction]]]:
        wanted = list(taxonomies)
        unknown = [t for t in wanted if t not in TAXONOMIES]
        if unknown:
            raise ValueError(f"unknown taxonomies: {', '.join(unknown)}; known: {', '.join(TAXONOMIES)}")
        results: dict[str, list[list[Prediction]]] = {}
        for taxonomy in _with_prerequisites(wanted):
            results[taxonomy] = self._predict_one(taxonomy, batch, results)
        return [{t: results[t][row] for t in wanted} for row in range(len(batch.texts))]

    def classify(self, texts: Sequence[str], languages=None, taxonomies: Iterable[str] = TAXONOMIES):
        return self.predict(self.prepare(texts, languages), taxonomies)

    def _predict_one(self, taxonomy: str, batch: Batch, done: dict) -> list[list[Prediction]]:
        if taxonomy == "language":
            scores = batch.language_scores or [1.0] * len(batch.texts)
            return [[Prediction(lang, score, "identified by py3langid" if score < 1.0 else "given or unambiguous script")]
                    for lang, score in zip(batch.languages, scores, strict=True)]
        if taxonomy == "affected_group":
            terms = self._component("affected_group_terms", GroupTerms.load)
            return predict_groups(self.label_model(taxonomy), terms, batch)
        if taxonomy == "sdg_goal":
            return self._sdg(batch, done)[0]
        if taxonomy == "sdg_target":
            return self._sdg(batch, done)[1]
        if taxonomy == "cta_area" and self._find("cta_area.json") is None:
            areas = self._component("cta_area_definitions", CtaAreas.load)
            return areas.predict(batch, {t: done[t] for t in NEEDS["cta_area"]})
        return self.label_model(taxonomy).predict(batch)

    def _sdg(self, batch: Batch, done: dict) -> tuple[list, list]:
        if "_sdg" not in done:
            goal_model = self.label_model("sdg_goal")
            if self._find("sdg_target.json"):  # a locally trained target model
                targets = self.label_model("sdg_target").predict(batch)
                goals = _add_implied_goals(goal_model.predict(batch), targets)
            else:
                queries = self._component("sdg_target_queries", TargetQueries.load) if self._find(
                    TARGET_QUERIES) else None
                goals, targets = predict_sdg(goal_model, self._component("sdg_target_index", TargetIndex.load), batch,
                                             queries)
            done["_sdg"] = (goals, targets)
        return done["_sdg"]


def _with_prerequisites(wanted: list[str]) -> list[str]:
    order: list[str] = []
    for taxonomy in wanted:
        for needed in (*NEEDS.get(taxonomy, ()), taxonomy):
            if needed not in order:
                order.append(needed)
    return order


def _add_implied_goals(goals: list[list[Prediction]], targets: list[list[Prediction]]) -> list[list[Prediction]]:
    """A target implies its goal."""
    result = []
    for row_goals, row_targets in zip(goals, targets, strict=True):
        chosen = {p.code: p for p in row_goals}
        for target in row_targets:
            goal = goal_of(target.code)
            if goal not in chosen:
                chosen[goal] = Prediction(goal, target.score, f"implied by target {target.code}")
        result.append(sorted(chosen.values(), key=lambda p: -p.score))
    return result


def local_models_dir() -> Path:
    """Models a user trained (``aspiration train``): ``ASPIRATION_HOME/models``, preferred to shipped ones."""
    from aspiration.home import home

    return home() / "models"


def load_classifier(embedder: Embedder | None = None) -> Classifier:
    return Classifier([local_models_dir(), SHIPPED], embedder)
