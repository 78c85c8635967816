"""Match a document to the recommendations it answers: each passage against one state's recommendations.

The browser page, the API (``POST /api/match``) and the benchmark call ``match_document``. Each
passage is searched in hybrid mode (keyword as a bag of weighted terms fused with the multilingual
vectors, see ``engine``) among the state's recommendations, with two second-stage steps chosen by
measurement on our cross-lingual gold set (docs/benchmarks.md): the vector searched is the passage's
moved towards its three nearest recommendations (``match.feedback_vector``), and the keyword side
searches the passage's words put into English where the term table knows them (``match_terms``): most
recommendations are in English, and a French or Spanish passage shares few words with them otherwise.
A match's score is the cosine similarity
of the passage and the recommendation (the same measure whatever the languages), and the
recommendation's sentence closest to the passage is picked to be shown beside it. Nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from aspiration.reference.languages import detect_language
from aspiration.search import engine
from aspiration.search.match import Passage, closest_sentence, feedback_vector, sentences, split_passages
from aspiration.search.match_terms import english_keywords

MAX_TEXT_CHARS = 60_000
MAX_PASSAGES = 80
MAX_PER_PASSAGE = 20
# Pseudo-relevance feedback: how many nearest recommendations (near-duplicates included: their rewordings
# are what it should pull in) and their weight against the passage's own vector. Measured: 2, 3 or 5
# neighbours and weights 0.5-1 all beat none by far; collapsing near-duplicates first was worse.
FEEDBACK_NEIGHBOURS = 3
FEEDBACK_WEIGHT = 0.5


class MatchError(ValueError):
    """The text cannot be matched as asked (too long, too many passages, no passage, bad filter); said in plain words."""


@dataclass
class Match:
    recommendation_id: int
    score: float | None      # cosine similarity passage / recommendation; None before vectors are built
    sentence: str            # the recommendation's sentence closest to the passage
    cluster_size: int


@dataclass
class PassageMatches:
    passage: Passage
    matches: list[Match]


def passages_of(text: str) -> list[Passage]:
    """The passages of ``text`` within the limits, or a MatchError telling which limit."""
    if len(text) > MAX_TEXT_CHARS:
        raise MatchError(_("The text has %(count)d characters; at most %(limit)d can be matched at once.")
                         % {"count": len(text), "limit": MAX_TEXT_CHARS})
    passages = split_passages(text)
    if not passages:
        raise MatchError(_("No paragraph or numbered item long enough to match was found in the text."))
    if len(passages) > MAX_PASSAGES:
        raise MatchError(_("The text has %(count)d passages; at most %(limit)d can be matched at once.")
                         % {"count": len(passages), "limit": MAX_PASSAGES})
    return passages


def match_document(text: str, state: str, filters: dict[str, list[str]] | None = None,
                   per_passage: int = 5) -> list[PassageMatches]:
    """The ``per_passage`` best recommendations to ``state`` (ISO3) for each passage of ``text``."""
    from aspiration.nlp.embedding import default_embedder
    from aspiration.search import indexer, vectors

    if not 1 <= per_passage <= MAX_PER_PASSAGE:
        raise MatchError(_("per_passage must be between 1 and %(limit)d.") % {"limit": MAX_PER_PASSAGE})
    passages = passages_of(text)
    store = vectors.cached(indexer.store_dir())
    embedder = default_embedder() if len(store) else None
    passage_vectors = embedder.embed([p.text for p in passages]) if embedder else [None] * len(passages)
    scoped = {**(filters or {}), "state": [state]}
    found: list[tuple[Passage, np.ndarray | None, list[engine.Hit]]] = []
    for passage, vector in zip(passages, passage_vectors, strict=True):
        try:
            hits = engine.search(passage_query(passage.text, vector, scoped, per_passage, store)).hits
        except engine.SearchError as error:
            raise MatchError(str(error)) from error
        found.append((passage, vector, hits))
    texts = _texts({hit.recommendation_id for _p, _v, hits in found for hit in hits})
    sentence_vectors = _sentence_vectors(texts, embedder)
    results = []
    for passage, vector, hits in found:
        matches = []
        for hit in hits:
            rec_id = hit.recommendation_id
            score, sentence = None, texts.get(rec_id, "")
            if vector is not None:
                stored = store.vector(rec_id)
                score = None if stored is None else round(float(stored @ vector), 4)
                candidates, candidate_vectors = sentence_vectors.get(rec_id, ([sentence], np.zeros((0, 0))))
                if len(candidates) > 1:
                    sentence = candidates[closest_sentence(vector, candidate_vectors)[0]]
            matches.append(Match(recommendation_id=rec_id, score=score, sentence=sentence, cluster_size=hit.cluster_size))
        results.append(PassageMatches(passage=passage, matches=matches))
    return results


def passage_query(text: str, vector: np.ndarray | None, filters: dict[str, list[str]], page_size: int, store,
                  collapse_duplicates: bool = True) -> engine.SearchQuery:
    """The hybrid search of one passage: its words in English for the keyword side, its vector moved towards its
    nearest recommendations (among the same filters) for the semantic side."""
    text = text[:engine.MAX_QUERY_CHARS]
    if vector is not None:
        nearest = engine.search(engine.SearchQuery(text=text, mode="semantic", filters=filters, with_facets=False,
                                                   page_size=FEEDBACK_NEIGHBOURS, collapse_duplicates=False,
                                                   vector=vector)).hits
        neighbours = [v for v in (store.vector(hit.recommendation_id) for hit in nearest) if v is not None]
        vector = feedback_vector(vector, np.asarray(neighbours, dtype=np.float32), FEEDBACK_WEIGHT)
    keywords = english_keywords(text, detect_language(text)[0])[:engine.MAX_QUERY_CHARS]
    return engine.SearchQuery(text=keywords, mode="hybrid", filters=filters, page_size=page_size, with_facets=False,
                              collapse_duplicates=collapse_duplicates, vector=vector)


def _texts(ids: set[int]) -> dict[int, str]:
    from aspiration.corpus.models import Recommendation

    return dict(Recommendation.objects.filter(pk__in=ids).values_list("pk", "text"))


def _sentence_vectors(texts: dict[int, str], embedder) -> dict[int, tuple[list[str], np.ndarray]]:
    """Each matched recommendation's sentences and their vectors, embedded in one batch (one-sentence ones skipped)."""
    if embedder is None:
        return {}
    split = {rec_id: sentences(text) for rec_id, text in texts.items()}
    split = {rec_id: parts for rec_id, parts in split.items() if len(parts) > 1}
    flat = [part for parts in split.values() for part in parts]
    if not flat:
        return {}
    matrix = embedder.embed(flat)
    result, start = {}, 0
    for rec_id, parts in split.items():
        result[rec_id] = (parts, matrix[start:start + len(parts)])
        start += len(parts)
    return result
