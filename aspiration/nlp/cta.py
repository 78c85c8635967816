"""Call to Action areas from the other taxonomies and from similarity to each area's own text.

Each area is defined by the Call to Action itself (title, rationale and actions, in Chinese and
English). A recommendation gets an area when a predicted UPR issue, SDG goal or affected group
maps to it (``crosswalk``), or when it is close to one of the area's actions. The strongest
piece of evidence is the score and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aspiration.nlp.classifier import Batch, Prediction
from aspiration.nlp.crosswalk import AFFECTED_GROUP_TO_CTA_AREAS, SDG_GOAL_TO_CTA_AREAS, UPR_ISSUE_TO_CTA_AREAS
from aspiration.nlp.storage import load_vector_index, save_vector_index

CROSSWALKS = {
    "upr_issue": UPR_ISSUE_TO_CTA_AREAS, "sdg_goal": SDG_GOAL_TO_CTA_AREAS, "affected_group": AFFECTED_GROUP_TO_CTA_AREAS,
}
# How much a mapped label's score counts towards the area: an issue is the most specific signal.
EVIDENCE_WEIGHT = {"upr_issue": 0.95, "affected_group": 0.9, "sdg_goal": 0.85}


@dataclass
class CtaAreas:
    areas: list[str]
    titles: dict[str, str]  # English titles, for reasons
    codes: list[str]  # area code of each definition text
    texts: list[str]  # the definition texts (rationale sentences, actions) with their action code prefix
    languages: list[str]
    vectors: np.ndarray
    similarity_floor: float = 0.30  # cosine at which similarity starts to count
    similarity_span: float = 0.25  # cosine above the floor that gives a score of 1
    threshold: float = 0.5

    @classmethod
    def definition_texts(cls, call_to_action: dict) -> tuple[list[str], list[str], list[str], dict[str, str]]:
        """(area codes, texts, languages, English titles) from ``call_to_action.json``."""
        codes, texts, languages, titles = [], [], [], {}
        for area in call_to_action["areas"]:
            code = str(area["code"])
            titles[code] = area["title"].get("en") or next(iter(area["title"].values()))
            for language, title in area["title"].items():
                codes.append(code), texts.append(f"{code}: {title}"), languages.append(_short(language))
            for language, rationale in area.get("rationale", {}).items():
                codes.append(code), texts.append(f"{code}: {rationale}"), languages.append(_short(language))
            for action in area.get("actions", []):
                for language in ("en", "zh", "fr", "es", "ru", "ar"):
                    if action.get(language):
                        codes.append(code), texts.append(f"{action['code']}: {action[language]}"), languages.append(language)
        return codes, texts, languages, titles

    def predict(self, batch: Batch, evidence: dict[str, list[list[Prediction]]]) -> list[list[Prediction]]:
        """Areas per text from ``evidence`` ({taxonomy: predictions per text}) and similarity."""
        sims = batch.vectors @ self.vectors.T
        nearest = self._nearest(sims, batch.languages)
        close = sims[np.arange(len(sims))[:, None], nearest]
        scores = np.clip((close - self.similarity_floor) / self.similarity_span, 0, 1)
        results = []
        for row in range(len(batch.texts)):
            offers = []
            for taxonomy, per_text in evidence.items():
                for label in per_text[row]:
                    for area in CROSSWALKS[taxonomy].get(label.code, ()):
                        offers.append((area, EVIDENCE_WEIGHT[taxonomy] * label.score,
                                       f"{taxonomy} '{label.code}' ({label.score:.2f})"))
            offers += [(area, float(scores[row, a]), a) for a, area in enumerate(self.areas)]
            best: dict[str, tuple] = {}
            for offer in offers:  # the strongest piece of evidence per area
                if offer[0] not in best or offer[1] > best[offer[0]][1]:
                    best[offer[0]] = offer
            chosen = [Prediction(area, score, reason if isinstance(reason, str) else self._closeness(
                close[row, reason], nearest[row, reason])) for area, score, reason in best.values() if score >= self.threshold]
            results.append(sorted(chosen, key=lambda p: -p.score))
        return results

    def _closeness(self, similarity: float, column: int) -> str:
        return f"close to the Call to Action ({similarity:.2f}): \"{_clip(self.texts[column])}\""

    def _nearest(self, sims: np.ndarray, languages: list[str]) -> np.ndarray:
        """(texts x areas) the column of each area's definition text nearest to each text, among those in the
        text's language when the area has any (the first of equals)."""
        nearest = np.zeros((len(sims), len(self.areas)), dtype=np.int64)
        own = np.array(self.languages)
        for a, area in enumerate(self.areas):
            columns = np.flatnonzero(np.array(self.codes) == area)
            for language in set(languages):
                rows = np.flatnonzero(np.array(languages) == language)
                same = columns[own[columns] == language]
                same = same if len(same) else columns
                nearest[rows, a] = same[sims[np.ix_(rows, same)].argmax(axis=1)]
        return nearest

    def save(self, directory: Path) -> None:
        save_vector_index(self, directory, "cta_area_definitions")

    @classmethod
    def load(cls, directory: Path) -> CtaAreas:
        return load_vector_index(cls, directory, "cta_area_definitions")


def _short(language: str) -> str:
    return "zh" if language.lower().startswith("zh") else language.lower()


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
