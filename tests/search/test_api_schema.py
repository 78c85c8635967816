"""The search API's filter parameters and facet count fields are made from the facet declaration.

No ``from __future__ import annotations`` here: django-ninja reads the trial endpoint's annotations, which
name local classes.
"""

from ninja import NinjaAPI, Query, Schema

from aspiration.api.urls import api
from aspiration.search import api as search_api
from aspiration.search.facets import DECLARED, SET, Facet


def _operation(schema: dict, path: str) -> dict:
    return schema["paths"][path]["get"]


def _counts_fields(schema: dict, out: str) -> dict:
    components = schema["components"]["schemas"]
    reference = components[out]["properties"]["facets"]
    name = (reference.get("$ref") or reference["allOf"][0]["$ref"]).rsplit("/", 1)[1]
    return components[name]["properties"]


def test_every_declared_facet_is_a_parameter_and_a_count_field_of_the_api():
    schema = api.get_openapi_schema()
    parameters = {p["name"]: p for p in _operation(schema, "/api/recommendations")["parameters"]}
    counts = _counts_fields(schema, "SearchOut")
    for facet in DECLARED:
        assert parameters[facet.name]["schema"]["type"] == "array", facet.name
        items = parameters[facet.name]["schema"]["items"]["type"]
        assert items == ("integer" if facet.integer else "string"), facet.name
        assert counts[facet.name]["type"] == "object", facet.name
    # The fixed parameters stay as they were.
    assert {"q", "mode", "sort", "page", "page_size", "collapse"} <= set(parameters)


def test_a_new_declared_facet_appears_in_the_openapi_schema():
    declared = (*DECLARED, Facet("treaty", "Treaty", SET, codes="CAT, CRC, ..."))
    params, counts = search_api.search_params_schema(declared), search_api.facet_counts_schema(declared)

    class Out(Schema):
        facets: counts  # type: ignore[valid-type]

    trial = NinjaAPI(urls_namespace="schema-trial")

    @trial.get("/search", response=Out)
    def run(request, filters: Query[params]):  # type: ignore[valid-type]
        return {"facets": {}}

    schema = trial.get_openapi_schema(path_prefix="/api/")
    parameters = {p["name"]: p for p in _operation(schema, "/api/search")["parameters"]}
    assert parameters["treaty"]["schema"]["items"]["type"] == "string"
    assert "CAT, CRC" in parameters["treaty"]["description"]
    assert "treaty" in _counts_fields(schema, "Out")
