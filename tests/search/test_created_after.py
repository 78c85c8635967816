"""``SearchQuery.created_after``: a search over only the recommendations stored after a moment (saved-search
digests), in each mode, with the real encoder."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from aspiration.search.engine import SearchQuery, search
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("mode", ["keyword", "semantic", "hybrid"])
def test_only_recommendations_stored_after_the_moment_match(embedder, mode):
    old = factories.recommendation("Abolish the death penalty for all crimes.", state="KEN")
    new = factories.recommendation("Introduce a moratorium on executions with a view to ending the death penalty.",
                                   state="KEN")
    call_command("index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    everything = search(SearchQuery(text="death penalty", mode=mode, collapse_duplicates=False))
    assert {hit.recommendation_id for hit in everything.hits} >= {old.pk, new.pk}
    since = search(SearchQuery(text="death penalty", mode=mode, collapse_duplicates=False, created_after=old.created_at))
    assert [hit.recommendation_id for hit in since.hits] == [new.pk]
    assert since.mode == mode
