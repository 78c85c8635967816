"""The search page's GET parameters: any input gives a valid query, and URLs round-trip."""

from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from aspiration.web.query import FACET_NAMES, MODES, PAGE_SIZES, SORTS, SearchParams

keys = st.sampled_from(["q", "mode", "sort", "page", "page_size", *FACET_NAMES, "junk"])


def query_dict(pairs) -> QueryDict:
    data = QueryDict(mutable=True)
    for key, value in pairs:
        data.appendlist(key, value)
    return data


@given(st.lists(st.tuples(keys, st.text(max_size=300)), max_size=30))
def test_any_parameters_give_a_valid_query(pairs):
    params = SearchParams.from_get(query_dict(pairs))
    assert params.mode in MODES and params.sort in SORTS and params.page_size in PAGE_SIZES
    assert 1 <= params.page <= 10_000 and len(params.text) <= 500
    assert set(params.filters) <= set(FACET_NAMES)
    assert all(values and all(v.strip() for v in values) for values in params.filters.values())


def test_querystring_round_trips_and_leaves_defaults_out():
    params = SearchParams.from_get(QueryDict("q=women%20rights&mode=hybrid&state=FRA&state=KEN&sdg_goal=5&page=3"))
    assert params.querystring(page=1) == "q=women+rights&mode=hybrid&state=FRA&state=KEN&sdg_goal=5"
    again = SearchParams.from_get(QueryDict(params.querystring()))
    assert again == params
