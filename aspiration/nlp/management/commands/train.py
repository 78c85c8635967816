"""``aspiration train TAXONOMY``: learn from the corpus's annotations (imports and people's decisions)."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter

import numpy as np
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from aspiration.nlp.classifier import Batch
from aspiration.nlp.embedding import default_embedder
from aspiration.nlp.management.annotations import label_index, training_examples
from aspiration.nlp.pipeline import TAXONOMIES, local_models_dir
from aspiration.nlp.text import normalize
from aspiration.nlp.training import LabelledTexts, embed_batch, fit_taxonomy

TRAINABLE = [t for t in TAXONOMIES if t != "language"]
SINGLE_LABEL = {"action_category", "response"}


class Command(BaseCommand):
    help = "Train TAXONOMY's model on the database annotations; saved to ASPIRATION_HOME/models (used before the shipped one)."

    def add_arguments(self, parser):
        parser.add_argument("taxonomy", choices=TRAINABLE)
        parser.add_argument("--min-examples", type=int, default=3, help="labels with fewer positive examples are left out")

    def handle(self, *args, taxonomy: str, min_examples: int, **options):
        started = time.perf_counter()
        texts, sets, languages = training_examples(taxonomy)
        counts = Counter(code for codes in sets for code in codes)
        known = label_index(taxonomy)
        labels = sorted(code for code, n in counts.items() if n >= min_examples and (not known or code in known))
        if len(labels) < 2:
            raise CommandError(f"{taxonomy}: need at least two labels with {min_examples}+ examples from imports or people; "
                               f"found {dict(counts) or 'none'}")
        single = taxonomy in SINGLE_LABEL
        keep = [i for i, codes in enumerate(sets) if not single or (len(codes) == 1 and codes[0] in labels)]
        data = LabelledTexts([texts[i] for i in keep], [[c for c in sets[i] if c in labels] for i in keep],
                             [languages[i] for i in keep])
        embedder = default_embedder()
        chunks = [embed_batch(data.texts[start:start + 512], data.languages[start:start + 512], embedder).vectors
                  for start in tqdm(range(0, len(data.texts), 512), desc="embedding", file=sys.stderr)]
        batch = Batch([normalize(t) for t in data.texts], data.languages, np.vstack(chunks))
        settings = {"multi_label": not single, "use_tfidf": True, "hidden": 0, "alpha": 1e-3, "tfidf_c": 8.0}
        model = fit_taxonomy(taxonomy, data, batch, labels=labels, settings=settings)
        model.metadata["version"] = model.metadata["version"].replace(taxonomy, f"{taxonomy}-local", 1)
        path = model.save(local_models_dir())
        metrics = model.metadata["validation_metrics"]
        self.stdout.write(json.dumps(metrics, indent=1))
        self.stdout.write(f"Trained {taxonomy} on {len(data.texts)} recommendations, {len(labels)} labels "
                          f"(validation micro-F1 {metrics['micro']['f1']:.3f}, macro-F1 {metrics['macro']['f1']:.3f}) "
                          f"in {time.perf_counter() - started:.0f} s -> {path}")
