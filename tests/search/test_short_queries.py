"""One- and two-word queries by meaning, in other languages than the corpus's, on real recommendations.

A sample of the real UPR Info texts (English): every text about torture is a candidate, and the rest of
the sample is spread evenly over the other texts, so the torture texts are a small minority that the
queries must find among unrelated ones. Uses the real multilingual USE model (no cache).
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.management import call_command

from aspiration.search.engine import SearchQuery, search
from tests import factories

pytestmark = pytest.mark.django_db

TORTURE = re.compile("tortur", re.IGNORECASE)
OTHERS = 400


def real_texts(folder) -> list[str]:
    texts: set[str] = set()
    for path in sorted(folder.glob("upr-info-sessions-*.csv")):
        data = path.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
        texts |= {row["Text"].strip() for row in csv.DictReader(io.StringIO(data)) if row["Text"].strip()}
    return sorted(texts)


@pytest.fixture
def real_sample(embedder, shared_data) -> dict[int, str]:
    texts = real_texts(shared_data / "upr-info")
    about = [t for t in texts if TORTURE.search(t)]
    other = [t for t in texts if not TORTURE.search(t)]
    chosen = about[:: max(1, len(about) // 40)] + other[:: len(other) // OTHERS]
    recs = {factories.recommendation(text, state="KEN", session=n).id: text for n, text in enumerate(chosen, start=1)}
    call_command("index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return recs


def texts_found(sample: dict[int, str], text: str, size: int = 10) -> list[str]:
    result = search(SearchQuery(text=text, mode="semantic", page_size=size, collapse_duplicates=False))
    assert result.mode == "semantic"
    return [sample[hit.recommendation_id] for hit in result.hits]


@pytest.mark.parametrize("word", ["tortura", "пытки", "酷刑", "تعذيب"])
def test_one_word_in_another_language_finds_the_concept(real_sample, word):
    found = texts_found(real_sample, word)
    assert found, f"{word!r} found nothing by meaning"
    assert TORTURE.search(found[0]), found[0]
    about = sum(bool(TORTURE.search(t)) for t in found)
    assert about * 2 >= len(found), found  # most of the first page is about torture, in a sample where 1 in 10 is


@pytest.mark.parametrize("text", ["xqzv blorf", "chocolate cake recipe"])
def test_unrelated_query_finds_little_or_nothing(real_sample, text):
    assert len(texts_found(real_sample, text, size=50)) <= 2
