"""Retraining a taxonomy's model from the corpus's annotations: ``aspiration train`` and the review page's job.

Both learn the same way (``train_from_annotations``); the job reports its steps on the job page and
sums up what it learned from in plain words.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.utils.translation import gettext, gettext_noop

from aspiration.corpus.models import Annotation
from aspiration.jobs import runner
from aspiration.jobs.runner import Refused, job_task
from aspiration.labelling.annotations import label_index, training_examples
from aspiration.nlp.classifier import Batch
from aspiration.nlp.embedding import default_embedder
from aspiration.nlp.pipeline import SINGLE_LABEL, TAXONOMIES, local_models_dir
from aspiration.nlp.text import normalize
from aspiration.nlp.training import LabelledTexts, embed_batch, fit_taxonomy

TRAINABLE = [t for t in TAXONOMIES if t != "language"]
CHUNK = 512

# Step names, stored in English and translated where they are shown.
READING = gettext_noop("Reading people's decisions and imported labels")
EMBEDDING = gettext_noop("Computing the meaning of the texts")
FITTING = gettext_noop("Training and evaluating the model")


class TrainingError(ValueError):
    """Not enough to learn from; the message says what was found."""


@dataclass
class Trained:
    path: Path
    version: str
    examples: int
    labels: list[str]
    metrics: dict
    trained_on: int
    validated_on: int


def train_from_annotations(taxonomy: str, min_examples: int = 3,
                           steps: Callable[[int, int, str], None] | None = None) -> Trained:
    """Fit ``taxonomy`` on imports and people's decisions and save it to ASPIRATION_HOME/models (used before the
    shipped model). ``steps(done, total, step)`` follows the work: reading, each batch of texts embedded, fitting."""
    steps = steps or (lambda done, total, step: None)
    texts, sets, languages = training_examples(taxonomy)
    counts = Counter(code for codes in sets for code in codes)
    known = label_index(taxonomy)
    labels = sorted(code for code, n in counts.items() if n >= min_examples and (not known or code in known))
    if len(labels) < 2:
        raise TrainingError(f"{taxonomy}: need at least two labels with {min_examples}+ examples from imports or people; "
                            f"found {dict(counts) or 'none'}")
    single = taxonomy in SINGLE_LABEL
    keep = [i for i, codes in enumerate(sets) if not single or (len(codes) == 1 and codes[0] in labels)]
    data = LabelledTexts([texts[i] for i in keep], [[c for c in sets[i] if c in labels] for i in keep],
                         [languages[i] for i in keep])
    starts = range(0, len(data.texts), CHUNK)
    total = len(starts) + 2
    steps(1, total, EMBEDDING)
    embedder = default_embedder()
    chunks = []
    for done, start in enumerate(starts, start=1):
        chunks.append(embed_batch(data.texts[start:start + CHUNK], data.languages[start:start + CHUNK], embedder).vectors)
        steps(1 + done, total, EMBEDDING)
    steps(total - 1, total, FITTING)
    batch = Batch([normalize(t) for t in data.texts], data.languages, np.vstack(chunks))
    settings = {"multi_label": not single, "use_tfidf": True, "hidden": 0, "alpha": 1e-3, "tfidf_c": 8.0}
    model = fit_taxonomy(taxonomy, data, batch, labels=labels, settings=settings)
    model.metadata["version"] = model.metadata["version"].replace(taxonomy, f"{taxonomy}-local", 1)
    path = model.save(local_models_dir())
    steps(total, total, FITTING)
    return Trained(path, model.metadata["version"], len(data.texts), labels, model.metadata["validation_metrics"],
                   model.metadata["trained_on"], model.metadata["validated_on"])


# --- the job ----------------------------------------------------------------------------------


def start_training(user, taxonomy: str, taxonomy_name: str):
    """Queue the retraining of ``taxonomy`` for ``user`` (a coordinator or administrator); returns the Job."""
    return runner.start(retrain, kind="training", title=gettext("Retraining of the %(taxonomy)s model")
                        % {"taxonomy": taxonomy_name}, user=user, taxonomy=taxonomy)


@job_task
def retrain(job, *, taxonomy: str) -> dict:
    runner.progress(0, None, READING)
    decisions = Annotation.objects.filter(label__taxonomy__code=taxonomy, source=Annotation.Source.PERSON).count()
    try:
        trained = train_from_annotations(taxonomy, steps=runner.progress)
    except TrainingError:
        raise Refused(gettext("There is not enough to learn from yet: the model needs at least two labels with three "
                              "or more examples each, from imports or people's decisions. Review more labels, then "
                              "retrain.")) from None
    names = {code: label.name for code, label in label_index(taxonomy).items()}
    return {"taxonomy": taxonomy, "decisions": decisions, "examples": trained.examples,
            "trained_on": trained.trained_on, "validated_on": trained.validated_on,
            "labels": [names.get(code, code) for code in trained.labels],
            "micro": trained.metrics["micro"], "macro": trained.metrics["macro"],
            "trained_at": datetime.date.today().isoformat(), "version": trained.version}
