"""Quality of the early-warning model per language and category, measured where it was not trained.

1. Our functional checks (``aspiration/watch/scoring/checks/``): the test templates of each language
   (never trained on), through the shipped model exactly as ``watch score`` scores them.
2. Test by source: the model is retrained by the same recipe *without* some public sources (at least
   one per language where there is one), then measured on every text of those sources; the share it
   flags on these feeds (tweets, comments) is set against the share that is really abusive.
3. The shipped model on the held-out parts of every source (EDOS dev, TweetEval val, COLD dev, OSACT
   dev, hash or article/scenario/dialogue splits of the others).

4. What the speed screen costs: the same model with every text embedded, on 1 and 3 (``--screen-only``: this alone,
   without the retraining of 2).

Run: ASPIRATION_EMBEDDING_CACHE=/tmp/aspiration-embedding-cache nice -n 10 .venv/bin/python benchmarks/watch_quality.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aspiration.settings")

from benchmarks.report import peak_memory_mb, write_section  # noqa: E402

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
# Left out of the by-source model, per language (hateval-es is never trained on at all).
SOURCE_TESTS = {"en": ["tweeteval"], "fr": ["mlma-fr"], "es": ["hateval-es", "goldstd-es"], "ar": ["l-hsab", "mpold"],
                "zh": ["toxicn"], "ru": ["ru-toxicity"]}
F1_TARGET, BENIGN_TARGET, GAP_TARGET, SHARE_TARGET = 0.80, 0.90, 0.10, 0.10


def embedder():
    from aspiration.nlp.embedding import CachedEmbedder, UniversalSentenceEncoder

    inner = UniversalSentenceEncoder(threads=int(os.environ.get("WATCH_BENCH_THREADS", "1")))
    cache = os.environ.get("ASPIRATION_EMBEDDING_CACHE")
    return CachedEmbedder(inner, cache) if cache else inner


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def functional_tables(model, emb) -> list[str]:
    from aspiration.watch.scoring import CATEGORIES, LANGUAGES
    from aspiration.watch.scoring.checks import functional_cases
    from aspiration.watch.scoring.evaluate import functional_report

    cases = [e for e in functional_cases() if e.split == "eval"]
    report = functional_report(model, cases, emb)
    english = report["en"]["abusive"]["f1"]
    lines = [f"Our functional checks, test templates only ({len(cases)} cases; never trained on). \"Abusive\" = at least one "
             "category flagged, against at least one category expected. Benign = counter-speech, negation, reporting, "
             "neutral and positive mentions, profanity.", "",
             "| language | cases | abusive: precision | recall | F1 (target ≥ 0.80, within 0.10 of en) "
             "| benign not flagged (target ≥ 0.90) | " + " | ".join(f"F1 `{c}`" for c in CATEGORIES) + " |",
             "|---|---|---|---|---|---|" + "---|" * len(CATEGORIES)]
    for language in LANGUAGES:
        r = report[language]
        a = r["abusive"]
        ok = a["f1"] >= F1_TARGET and english - a["f1"] <= GAP_TARGET
        cells = " | ".join(f"{r['categories'][c]['f1']:.2f}" if c in r["categories"] else "–" for c in CATEGORIES)
        lines.append(f"| {language} | {a['n']} | {a['precision']:.2f} | {a['recall']:.2f} | {a['f1']:.2f} {verdict(ok)} "
                     f"| {r['benign_unflagged']:.2f} {verdict(r['benign_unflagged'] >= BENIGN_TARGET)} | {cells} |")
    functions = sorted({f for r in report.values() for f in r["functions"]})
    lines += ["", "Share of cases handled right, per function (abusive ones flagged, benign ones not):", "",
              "| function | " + " | ".join(LANGUAGES) + " |", "|---|" + "---|" * len(LANGUAGES)]
    for function in functions:
        lines.append(f"| {function} | " + " | ".join(f"{report[lang]['functions'].get(function, float('nan')):.2f}"
                                                     for lang in LANGUAGES) + " |")
    return lines


def screen_rows(model, cases, examples, emb) -> list[str]:
    """Per language: what the speed screen (texts not embedded) costs on the checks and the held-out real texts."""
    import numpy as np

    from aspiration.watch.scoring import CATEGORIES, LANGUAGES
    from aspiration.watch.scoring.evaluate import functional_report

    with_screen, without = functional_report(model, cases, emb), functional_report(model, cases, emb, screen=False)
    texts, languages = [e.text for e in examples], [e.language for e in examples]
    limits = np.array([model.thresholds()[c] for c in CATEGORIES])
    probs, _vectors, screened = model.predict(texts, languages, emb.embed)
    fast = (probs >= limits).any(axis=1)
    full = (model.predict(texts, languages, emb.embed, screen=False)[0] >= limits).any(axis=1)
    lines = ["| language | checks: abusive F1 with the screen | without | held-out real texts | not embedded "
             "| flagged by the full model | of them cleared by the screen |", "|---|---|---|---|---|---|---|"]
    for language in LANGUAGES:
        rows = np.array([e.language == language for e in examples])
        lines.append(f"| {language} | {with_screen[language]['abusive']['f1']:.2f} | {without[language]['abusive']['f1']:.2f} "
                     f"| {rows.sum()} | {screened[rows].mean():.0%} | {full[rows].sum()} | {(full & ~fast)[rows].sum()} |")
    return lines


STRONGER = (0.3, 0.5)   # shares of each language's held-out texts a stronger screen would clear


def stronger_screen_rows(model, cases, examples, emb) -> list[str]:
    """Per screened language: the shipped gate with its level raised so that it clears STRONGER shares of the
    language's held-out texts, and what that costs on the checks and on the held-out texts."""
    import numpy as np

    from aspiration.watch.scoring import CATEGORIES, LANGUAGES
    from aspiration.watch.scoring.evaluate import functional_report
    from aspiration.watch.scoring.features import normalise
    from aspiration.watch.scoring.model import WatchModel

    texts, languages = [e.text for e in examples], [e.language for e in examples]
    gate = model.screen_margin(model.lexical_logits([normalise(t) for t in texts]), languages)
    limits = np.array([model.thresholds()[c] for c in CATEGORIES])
    full = (model.predict(texts, languages, emb.embed, screen=False)[0] >= limits).any(axis=1)
    shipped = functional_report(model, cases, emb)
    columns = " | ".join(f"clears {share:.0%}: checks F1 | flags lost" for share in STRONGER)
    lines = [f"| language | shipped screen clears | checks F1 | flags lost | {columns} |",
             "|---|---|---|---|" + "---|---|" * len(STRONGER)]
    rows = {language: np.array([lang == language for lang in languages]) for language in LANGUAGES}
    cells = {language: [f"{(gate[r] < 0).mean():.0%}", f"{shipped[language]['abusive']['f1']:.2f}",
                        f"{(full & (gate < 0))[r].sum()} of {full[r].sum()}"] for language, r in rows.items()}
    for share in STRONGER:
        stronger = WatchModel.load()   # a fresh copy: the levels are cached per language on first use
        for language in stronger.screen:
            r = rows[language]
            stronger.screen[language][-1] += float(np.quantile(gate[r], share))
        margin = stronger.screen_margin(stronger.lexical_logits([normalise(t) for t in texts]), languages)
        report = functional_report(stronger, cases, emb)
        for language, r in rows.items():
            if language in stronger.screen:
                cells[language] += [f"{report[language]['abusive']['f1']:.2f}", f"{(full & (margin < 0))[r].sum()}"]
            else:
                cells[language] += ["no screen", "–"]
    return lines + [f"| {language} | " + " | ".join(cells[language]) + " |" for language in LANGUAGES]


def source_rows(model, examples, emb, label: str, flagged=None) -> list[str]:
    """One row per source: true abusive share vs flagged share, and `hate` quality where labelled (``flagged``:
    the model's flags on ``examples`` if already computed)."""
    import numpy as np

    from aspiration.watch.scoring import CATEGORIES
    from aspiration.watch.scoring.evaluate import binary_metrics, flags, is_abusive

    flagged = flags(model, examples, emb) if flagged is None else flagged
    rows = []
    for source in sorted({e.source for e in examples}):
        mask = np.array([e.source == source for e in examples])
        part = [e for e, m in zip(examples, mask, strict=True) if m]
        # "really abusive": any category labelled positive; benign: none positive and one known negative
        # (a source's labels); texts a source only calls "toxic/offensive" are unknown: the share is a range.
        positive = np.array([is_abusive(e) for e in part])
        negative = np.array([not is_abusive(e) and any(e.label(c) == 0 for c in CATEGORIES) for e in part])
        low, high = positive.mean(), 1 - negative.mean()
        share = f"{low:.0%}" if abs(high - low) < 0.005 else f"{low:.0%}–{high:.0%}"
        any_flag = flagged[mask].any(axis=1)
        within = low - SHARE_TARGET <= any_flag.mean() <= high + SHARE_TARGET
        # Flags only where the source labels the category: EDOS labels sexism, so a flag for racist hate on one
        # of its forum posts is neither right nor wrong by its labels, yet counts in the analyst's share above.
        known = np.array([[e.label(c) is not None for c in CATEGORIES] for e in part])
        labelled_flag = (flagged[mask] & known).any(axis=1)
        labelled_within = low - SHARE_TARGET <= labelled_flag.mean() <= high + SHARE_TARGET
        hate = np.array([e.label("hate") if e.label("hate") is not None else -1 for e in part])
        quality = "– | – | – | –"
        if len(set(hate[hate >= 0])) == 2:
            m = binary_metrics(hate[hate >= 0], flagged[mask][hate >= 0, CATEGORIES.index("hate")])
            quality = f"{m['precision']:.2f} | {m['recall']:.2f} | {m['f1']:.2f} | {m['macro_f1']:.2f}"
        rows.append(f"| {source} | {part[0].language} | {part[0].kind} | {label} | {len(part)} | {share} "
                    f"| {any_flag.mean():.0%} {verdict(within)} | {labelled_flag.mean():.0%} {verdict(labelled_within)} "
                    f"| {quality} |")
    return rows


def category_rows(examples, flagged) -> list[str]:
    """The categories other than `hate` where a held-out part labels them (at least 10 positives), from the
    model's flags on ``examples``."""
    import numpy as np

    from aspiration.watch.scoring import CATEGORIES
    from aspiration.watch.scoring.evaluate import binary_metrics

    rows = ["| source | language | kind | category | texts | positives | precision | recall | F1 | macro-F1 |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for source in sorted({e.source for e in examples}):
        for j, category in enumerate(CATEGORIES):
            index = [i for i, e in enumerate(examples) if e.source == source and e.label(category) is not None]
            y = np.array([examples[i].label(category) for i in index])
            if category == "hate" or len(set(y)) < 2 or y.sum() < 10:
                continue
            m = binary_metrics(y, flagged[index, j])
            first = next(e for e in examples if e.source == source)  # as in source_rows
            rows.append(f"| {source} | {first.language} | {first.kind} | `{category}` | {len(y)} | {int(y.sum())} "
                        f"| {m['precision']:.2f} | {m['recall']:.2f} | {m['f1']:.2f} | {m['macro_f1']:.2f} |")
    return rows


SCREEN_SAMPLE = 1500  # held-out texts per language for the screen's cost (a fixed random sample keeps the run short)


def held_out_sample(examples) -> list:
    import random

    rng, chosen = random.Random(11), []
    for language in sorted({e.language for e in examples}):
        mine = [e for e in examples if e.split == "eval" and e.language == language]
        chosen += rng.sample(mine, min(SCREEN_SAMPLE, len(mine)))
    return chosen


def screen_section(model, examples, emb) -> None:
    from aspiration.watch.scoring.checks import functional_cases

    start = time.time()
    body = "\n".join([
        "The screen clears texts before the encoder when their lexical evidence says the full model would not flag "
        "them (see `docs/early-warning.md`). The shipped model with its screen and with every text embedded, on the "
        "functional checks (test templates) and on held-out parts of every source (a fixed random sample of up to "
        f"{SCREEN_SAMPLE} texts per language):",
        "",
        *screen_rows(model, [e for e in functional_cases() if e.split == "eval"], held_out_sample(examples), emb),
        "",
        "A stronger screen from the same lexical gate: its level per language raised until it clears 30% or 50% of "
        "the language's held-out texts (Russian has no screen: too few real abusive texts to set one). Checks F1 = "
        "abusive F1 on the functional test templates; flags lost = held-out texts the full model flags that the "
        "screen clears:",
        "",
        *stronger_screen_rows(model, [e for e in functional_cases() if e.split == "eval"], held_out_sample(examples),
                              emb),
        "",
        f"Run time {time.time() - start:.0f}s. `benchmarks/watch_quality.py` (`--screen-only` for this part alone).",
    ])
    write_section("watch_screen", "Early warning: what the speed screen costs", body)


def main() -> None:
    from aspiration.watch.scoring.data import load_all
    from aspiration.watch.scoring.evaluate import flags
    from aspiration.watch.scoring.model import shipped_model
    from aspiration.watch.scoring.train import train

    if not DATA.is_dir():
        raise SystemExit(f"needs {DATA}")
    emb = embedder()
    start = time.time()
    model = shipped_model()
    examples = load_all(DATA)
    screen_section(model, examples, emb)
    if "--screen-only" in sys.argv:
        return
    left_out = {s for sources in SOURCE_TESTS.values() for s in sources}
    by_source = train(DATA, emb, exclude_sources=left_out, log=lambda _m: None)
    thresholds = ", ".join(f"{c} {t:.2f}" for c, t in model.thresholds().items())
    held = [e for e in examples if e.split == "eval"]
    held_flags = flags(model, held, emb)   # once, for the per-source and the per-category tables
    header = ["| source | language | kind | model | texts | really abusive | flagged (any category; target: within "
              "10 points) | flagged in the categories the source labels | `hate` precision | recall | F1 | macro-F1 |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    body = "\n".join([
        f"Shipped model (`aspiration/watch/shipped/`) at its thresholds ({thresholds}), calibrated for a feed where "
        f"{model.meta['prior']:.0%} of texts are abusive.",
        "",
        "### Functional checks per language",
        "",
        *functional_tables(model, emb),
        "",
        "### Test by source: trained without these sources, measured on all their texts",
        "",
        "The model here is retrained by the same recipe without " + ", ".join(f"`{s}`" for s in sorted(left_out)) +
        ". \"Really abusive\" counts texts labelled in one of our categories; texts a source only calls toxic or "
        "offensive are unknown, hence a range. The flagged share is the share of the feed an analyst would see; the "
        "next column counts only flags in categories the source labels (what its labels can judge).",
        "",
        *header,
        *source_rows(by_source, [e for e in examples if e.source in left_out], emb, "without it"),
        "",
        "### Held-out parts of every source, shipped model",
        "",
        *header,
        *source_rows(model, held, emb, "shipped", held_flags),
        "",
        "The other categories, where a held-out part labels them (EDOS: sexism in forum posts, the shared "
        "task's bar macro-F1 ≥ 0.80; COLD and ToxiCN: Chinese comments on gender; OSACT: Arabic tweets):",
        "",
        *category_rows(held, held_flags),
        "",
        f"Run time {time.time() - start:.0f}s (one retraining included), peak memory {peak_memory_mb():.0f} MB.",
    ])
    write_section("watch_quality", "Early warning: quality", body)


if __name__ == "__main__":
    main()
