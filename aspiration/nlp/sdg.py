"""SDG goals and targets without human-labelled recommendations.

The goal classifier (a ``LabelModel`` over multilingual embeddings) learns from the official
goal and target texts in six languages, synthetic essays (explicit "SDG n" mentions stripped)
and UPR Info recommendations weakly labelled through the issue->goal crosswalk. Targets are the
nearest official target texts (in the text's own language when available) under a predicted
goal; a target close enough on its own implies its goal. Every link's reason is a target text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from aspiration.nlp.classifier import Batch, LabelModel, Prediction
from aspiration.nlp.storage import load_vector_index, save_vector_index
from aspiration.reference.codes import code_key, goal_of


@dataclass
class TargetIndex:
    """The official texts of each target (and, optionally, its indicators) with their embeddings."""

    codes: list[str]  # target code per row
    languages: list[str]
    texts: list[str]
    vectors: np.ndarray
    threshold: float = 0.35  # cosine similarity a target text must reach to be proposed
    implies_goal: float = 0.55  # ... and to stand on its own, adding its goal
    margin: float = 0.03  # other targets of the same goal this close to the best are kept too

    def similarities(self, batch: Batch) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(target codes, best similarity per text x target, row index of that best text)."""
        unique = sorted(set(self.codes), key=code_key)
        column = {code: i for i, code in enumerate(unique)}
        sims = batch.vectors @ self.vectors.T
        best = np.full((len(batch.texts), len(unique)), -1.0, dtype=np.float32)
        where = np.zeros_like(best, dtype=np.int64)
        for row, code in enumerate(self.codes):
            c = column[code]
            better = sims[:, row] > best[:, c]
            best[better, c] = sims[better, row]
            where[better, c] = row
        return unique, best, where

    def text_for(self, code: str, language: str, fallback_row: int) -> str:
        """The target's official text in ``language`` if the index has it, else the best-matching one."""
        if not hasattr(self, "_rows"):
            self._rows: dict[tuple[str, str], int] = {}
            for i, key in enumerate(zip(self.codes, self.languages, strict=True)):
                self._rows.setdefault(key, i)  # the target's own text comes before its indicators
        return self.texts[self._rows.get((code, language), fallback_row)]

    def save(self, directory: Path) -> None:
        save_vector_index(self, directory, "sdg_target_index")

    @classmethod
    def load(cls, directory: Path) -> TargetIndex:
        return load_vector_index(cls, directory, "sdg_target_index")


MODEL_SHARE = 0.3  # goal score = 0.3 x classifier + 0.7 x closeness to the goal's best target text


def goal_scores(goal_model: LabelModel, batch: Batch, best: np.ndarray, columns_of_goal: dict[str, list[int]]) -> np.ndarray:
    """Goal scores that rank goals: the classifier blended with the similarity to the goal's targets.

    The 0.3 share was chosen by looking at the cross-lingual indicator check (0.3, 0.5, 0.7 tried),
    so that check is slightly optimistic for this one number. Similarity 0.2 -> 0, 0.7 -> 1.
    """
    model = goal_model.predict_scores(batch)
    closeness = np.zeros_like(model)
    for column, goal in enumerate(goal_model.labels):
        if goal in columns_of_goal:
            closeness[:, column] = np.clip((best[:, columns_of_goal[goal]].max(axis=1) - 0.2) / 0.5, 0, 1)
    return MODEL_SHARE * model + (1 - MODEL_SHARE) * closeness


def predict_sdg(goal_model: LabelModel, targets: TargetIndex, batch: Batch) -> tuple[list, list]:
    """(goal predictions, target predictions) per text. A predicted target's goal is always predicted."""
    codes, best, where = targets.similarities(batch)
    columns_of_goal: dict[str, list[int]] = {}
    for c, code in enumerate(codes):
        columns_of_goal.setdefault(goal_of(code), []).append(c)
    scores = goal_scores(goal_model, batch, best, columns_of_goal)
    goal_column = {code: i for i, code in enumerate(goal_model.labels)}
    all_goals, all_targets = [], []
    for row, predictions in enumerate(goal_model.predict(batch)):
        chosen_goals = {p.code: Prediction(p.code, float(scores[row, goal_column[p.code]]), p.reason) for p in predictions}
        row_targets = []
        for goal in list(chosen_goals) + [g for g in goal_model.labels if g not in chosen_goals]:
            columns = columns_of_goal.get(goal)
            if not columns:
                continue
            top = float(best[row, columns].max())
            floor = targets.threshold if goal in chosen_goals else targets.implies_goal
            for c in columns:
                sim = float(best[row, c])
                if sim >= floor and sim >= top - targets.margin:
                    text = targets.text_for(codes[c], batch.languages[row], int(where[row, c]))
                    row_targets.append(Prediction(codes[c], sim, f"nearest target text ({sim:.2f}): \"{text}\""))
                    if goal not in chosen_goals:
                        score = float(scores[row, goal_column[goal]]) if goal in goal_column else sim
                        chosen_goals[goal] = Prediction(goal, max(score, sim), f"implied by target {codes[c]}: \"{text}\"")
        all_targets.append(sorted(row_targets, key=lambda p: -p.score))
        all_goals.append(sorted(chosen_goals.values(), key=lambda p: -p.score))
    return all_goals, all_targets
