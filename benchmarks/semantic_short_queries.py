"""Short queries by meaning: one to three words in five languages against the real UPR Info texts.

    ASPIRATION_EMBEDDING_CACHE=/tmp/aspiration-embedding-cache nice -n 10 .venv/bin/python benchmarks/semantic_short_queries.py

Every unique real text (English, ../shared/data/upr-info) is embedded (through the embedding cache when
set) and searched exactly as the engine does: cosine, at most ``SEMANTIC_CANDIDATES`` results, none below
``SEMANTIC_MIN_SCORE``. A result is about the concept when its text matches the concept's pattern
(the judged "presence of the concept in the text"). Compared: the query's own vector (before), the vector
search uses now (``engine.query_vector``: the mean with the English rendering), and the rendering alone.
Writes the "Short queries by meaning" section of docs/benchmarks.md.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The concept's pattern in English, then the query in Spanish, Russian, Chinese, Arabic, French and, as a
# control (the corpus's own language), English.
CONCEPTS = {
    "torture": ("tortur", ["tortura", "пытки", "酷刑", "تعذيب", "torture", "torture"]),
    "death penalty": (r"death penalty|capital punishment|execution|moratorium",
                      ["pena de muerte", "смертная казнь", "死刑", "عقوبة الإعدام", "peine de mort",
                       "death penalty"]),
    "trafficking": ("traffick", ["trata de personas", "торговля людьми", "人口贩运", "الاتجار بالبشر", "traite",
                                 "human trafficking"]),
    "journalists": ("journalist|media|press", ["periodistas", "журналисты", "记者", "الصحفيين", "journalistes", "journalists"]),
    "refugees": ("refugee|asylum", ["refugiados", "беженцы", "难民", "اللاجئين", "réfugiés", "refugees"]),
    "corruption": ("corrupt", ["corrupción", "коррупция", "腐败", "الفساد", "corruption", "corruption"]),
}
LANGUAGES = ("es", "ru", "zh", "ar", "fr", "en")
UNRELATED = ["xqzv blorf", "asdfgh", "qwertyuiop", "chocolate cake recipe", "football transfer window", "🍕"]


def main() -> None:
    os.environ.setdefault("ASPIRATION_HOME", tempfile.mkdtemp())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aspiration.settings")
    import django

    django.setup()
    import numpy as np

    from aspiration.nlp import embedding
    from aspiration.search import engine, match_terms
    from benchmarks.report import write_section
    from benchmarks.search_speed import real_rows

    texts = sorted({r["Text"].strip() for r in real_rows()})
    matrix = embedding.default_embedder().embed(texts)  # with ASPIRATION_EMBEDDING_CACHE set, through its cache

    def rendering_alone(text: str) -> np.ndarray:
        english = match_terms.english_rendering(text)
        return engine.embed_query(english or text)

    floor = engine.SEMANTIC_MIN_SCORE
    # (name, query vector, similarity floor): the ways compared at the engine's floor, then lower floors.
    ways = [("the query's own vector (before)", engine.embed_query, floor),
            ("mean with the English rendering (now)", engine.query_vector, floor),
            ("the English rendering alone", rendering_alone, floor),
            *((f"the query's own vector, floor {lower}", engine.embed_query, lower) for lower in (0.25, 0.2)),
            *((f"mean with the English rendering, floor {lower}", engine.query_vector, lower) for lower in (0.25, 0.2))]

    def found(vector: np.ndarray, least: float) -> np.ndarray:
        scores = matrix @ vector
        top = np.argsort(-scores)[:engine.SEMANTIC_CANDIDATES]
        return top[scores[top] >= least]

    rows, per_language = [], {}
    for name, way, least in ways:
        precision, empty, by_language = [], 0, {language: [] for language in LANGUAGES}
        for pattern, queries in CONCEPTS.values():
            about = re.compile(pattern, re.IGNORECASE)
            for language, text in zip(LANGUAGES, queries, strict=True):
                first = found(way(text), least)[:10]
                share = sum(bool(about.search(texts[i])) for i in first) / 10  # fewer than ten found count as misses
                by_language[language].append(share)
                if language != "en":
                    precision.append(share)
                    empty += not len(first)
        unrelated = [len(found(way(text), least)) for text in UNRELATED]
        rows.append(f"| {name} | {statistics.mean(precision):.3f} | {empty} of {len(precision)} | "
                    + ", ".join(map(str, unrelated)) + " |")
        if least == floor:
            per_language[name] = {language: statistics.mean(v) for language, v in by_language.items()}
    body = "\n".join([
        f"All {len(texts):,} unique real UPR Info texts (English), searched by meaning as the engine does (at most "
        f"{engine.SEMANTIC_CANDIDATES} results, cosine >= {floor}, and lower floors for comparison); "
        "30 queries of one to three words: "
        "six concepts (torture, death penalty, trafficking, journalists, refugees, corruption) in Spanish, Russian, "
        "Chinese, Arabic and French (the first table), and the same concepts in English as a control (second table). "
        "Precision of the first ten: the share of them whose text names the concept "
        "(a pattern per concept; fewer than ten results count the missing ones as misses).",
        "",
        "| query vector | precision of the first 10 | queries finding nothing | results for 6 unrelated queries |",
        "|---|---|---|---|",
        *rows,
        "",
        "| query vector | " + " | ".join(LANGUAGES) + " |",
        "|---|" + "---|" * len(LANGUAGES),
        *(f"| {name} | " + " | ".join(f"{v:.2f}" for v in values.values()) + " |" for name, values in per_language.items()),
        "",
        f"Unrelated queries: {', '.join(repr(t) for t in UNRELATED)} (results, near-duplicates not collapsed).",
        "",
        "Reading: the rendering is the term table's word-by-word English (docs/search.md). Alone it scores a little"
        " higher here, but it replaces the query by the table's guesses (\"traite\" becomes \"treatment"
        " trafficking\", \"pena de muerte\" \"penalty de deaths\"), so search uses the mean, which keeps the"
        " encoder's own reading where the table is wrong. These 30 queries are the ones the method was chosen on"
        " (there is no held-out set), and the judgement is a pattern over the text, not a person. The one- and"
        " two-word cases the search page's hint was written for (\"tortura\", \"пытки\", \"酷刑\", \"تعذيب\")"
        " already found 104 to 1,066 texts at or above the 0.3 floor before; what failed was the order (\"酷刑\":"
        " 3 of its first ten about torture, the rest mostly the death penalty; 8 of 10 now). The floor was not"
        " the problem. tests/search/test_short_queries.py checks the four on a sample of these texts.",
    ])
    write_section("semantic_short_queries", "Short queries by meaning (real UPR Info texts)", body)


if __name__ == "__main__":
    main()
