"""Loading what the first searches would otherwise load on their way: the sentence encoder (and its first
encoding, which builds the model's graph), the vectors, the facet arrays and the order of browsing everything,
the stemmers and jieba's dictionary.

Measured before this existed: the first semantic query after a start took 2.9 s and the first Chinese
one 1.8 s. ``aspiration serve`` calls ``warm`` before (gunicorn) or while (waitress) it starts answering;
until it is done the health endpoint says "starting", so a service manager or a load balancer can wait.
A process that never called ``starting`` (tests, ``runserver``) is ready from the start.
"""

from __future__ import annotations

import threading

_ready = threading.Event()
_ready.set()


def starting() -> None:
    """Mark the process as not ready yet: the health endpoint says "starting" until ``warm`` ends."""
    _ready.clear()


def ready() -> bool:
    return _ready.is_set()


def warm() -> None:
    """Load everything a first keyword, semantic or Chinese query needs; then the process is ready."""
    from aspiration.nlp.embedding import default_embedder
    from aspiration.search import engine, facets, indexer, vectors
    from aspiration.search.text import QUERY_LATIN_LANGUAGES, process

    try:
        vectors.cached(indexer.store_dir())
        facets.facet_counts()  # the facet arrays and their totals: seconds at 300,000 recommendations
        engine.search(engine.SearchQuery())  # the order of browsing everything, kept until the next write
        default_embedder().embed(["warm up the encoder"])
        for language in (*QUERY_LATIN_LANGUAGES, "ru", "ar"):
            process("warming discrimination дискриминация التمييز", language)
        process("对妇女的歧视", "zh")  # loads jieba's dictionary
    finally:
        _ready.set()  # a failed load must not leave the server "starting" for ever: the first query retries it
