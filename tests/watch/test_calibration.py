"""Calibration of the watch model per language (pure core, synthetic logits: no encoder, no data)."""

import numpy as np

from aspiration.watch.scoring.model import ANY_LANGUAGE
from aspiration.watch.scoring.train import _calibrate, _platt, _threshold


def _language(rng, n, shift, positives=0.3):
    y = (rng.random(n) < positives).astype(int)
    z_emb = rng.normal(2.0 * y - 1 + shift, 1.0)
    z_lex = rng.normal(1.5 * y - 0.5, 1.0)
    return z_emb, z_lex, y


def test_own_layers_need_real_abuse_and_a_threshold_means_the_same_in_every_language():
    rng = np.random.default_rng(3)
    parts = {"en": _language(rng, 600, 0.0), "fr": _language(rng, 600, 1.0), "ru": _language(rng, 600, 0.5),
             "ar": _language(rng, 600, -0.5)}
    z_emb, z_lex, y = (np.concatenate([p[i] for p in parts.values()]) for i in range(3))
    languages = np.repeat(list(parts), 600)
    # Russian positives are only our own templates, its negatives real posts; Arabic is only ours.
    real = np.isin(languages, ["en", "fr"]) | ((languages == "ru") & (y == 0))
    platt, threshold = _calibrate(z_emb, z_lex, y, languages, real)
    assert set(platt) == {ANY_LANGUAGE, "en", "fr", "ru"}   # no real benign posts to hold an Arabic bias down
    # Russian, without real abuse, keeps the shared embedding-only layer: only its bias may move
    assert platt["ru"][:2] == platt[ANY_LANGUAGE][:2] and platt["ru"][1] == 0.0
    rows = languages == "ru"
    shared = 1 / (1 + np.exp(-(platt[ANY_LANGUAGE][0] * z_emb[rows] + platt[ANY_LANGUAGE][2])))
    shifted = 1 / (1 + np.exp(-(platt["ru"][0] * z_emb[rows] + platt["ru"][2])))
    assert (shifted >= threshold).tolist() == (shared >= _threshold(shared, y[rows])).tolist()
    for language in ("en", "fr"):
        rows = languages == language

        def probabilities(layer, rows=rows):
            a, b, c, _benign = layer
            return 1 / (1 + np.exp(-(a * z_emb[rows] + b * z_lex[rows] + c)))

        unshifted = probabilities(_platt(z_emb[rows], z_lex[rows], y[rows]))
        # at the shared threshold the language flags exactly what its own F1-optimal threshold flagged
        own = unshifted >= _threshold(unshifted, y[rows])
        assert (probabilities(platt[language]) >= threshold).tolist() == own.tolist()
        assert 0.05 < own.mean() < 0.6
