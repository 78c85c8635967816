"""Public reference API: taxonomies, labels, countries, mechanisms, and the OpenAPI description."""

from __future__ import annotations

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db
SIX = {"en", "fr", "es", "ru", "zh-hans", "ar"}


@pytest.fixture
def loaded():
    call_command("load_reference", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_taxonomies_with_label_counts(client, loaded):
    response = client.get("/api/reference/taxonomies")
    assert response.status_code == 200
    by_code = {t["code"]: t for t in response.json()}
    assert by_code["sdg_goal"]["label_count"] == 17 and by_code["upr_issue"]["label_count"] == 56
    assert by_code["response"]["multi_label"] is False
    assert set(by_code["affected_group"]["names"]) == SIX and by_code["affected_group"]["names"]["zh-hans"] == "受影响群体"


def test_labels_with_names_parent_and_descriptions(client, loaded):
    targets = client.get("/api/reference/taxonomies/sdg_target/labels", {"parent": "5"}).json()
    assert [t["code"] for t in targets][:2] == ["5.1", "5.2"] and len(targets) == 9
    assert all(t["parent"] == "5" and t["parent_taxonomy"] == "sdg_goal" for t in targets)
    assert all(targets[0]["names"][lang] for lang in SIX)
    goals = client.get("/api/reference/taxonomies/sdg_goal/labels").json()
    assert goals[4]["names"]["en"] == "Gender equality" and goals[4]["descriptions"]["zh-hans"]
    actions = client.get("/api/reference/taxonomies/cta_action/labels").json()
    assert len(actions) == 36 and actions[0]["names"]["zh-hans"] and actions[0]["names"]["fr"] is None


def test_unknown_taxonomy_is_404(client, loaded):
    assert client.get("/api/reference/taxonomies/no_such_thing/labels").status_code == 404


def test_countries_and_filters(client, loaded):
    countries = client.get("/api/reference/countries").json()
    assert len(countries) == 249
    members = client.get("/api/reference/countries", {"member_states": "true"}).json()
    assert len(members) == 193
    weog = client.get("/api/reference/countries", {"regional_group": "WEOG", "member_states": "true"}).json()
    assert "TUR" in {c["iso3"] for c in weog} and len(weog) == 29
    civ = next(c for c in countries if c["iso3"] == "CIV")
    assert civ["names"]["en"] == "Côte d'Ivoire" and civ["names"]["zh-hans"] == "科特迪瓦"
    assert civ["un_regional_group"] == "African Group"


def test_mechanisms(client, loaded):
    mechanisms = client.get("/api/reference/mechanisms").json()
    assert {m["code"] for m in mechanisms} >= {"UPR", "CCPR", "CESCR", "CERD", "CEDAW", "CAT", "SPT", "CRC", "CMW", "CRPD", "CED"}
    treaty = client.get("/api/reference/mechanisms", {"kind": "treaty_body"}).json()
    assert len(treaty) == 10 and all(set(m["names"]) == SIX and all(m["names"].values()) for m in treaty)


def test_reads_need_no_login_and_writes_are_refused(client, loaded):
    assert client.get("/api/reference/countries").status_code == 200
    assert client.post("/api/reference/countries", {}).status_code == 405


def test_openapi_documents_the_endpoints(client):
    spec = client.get("/api/openapi.json").json()
    for path in ("/api/reference/taxonomies", "/api/reference/taxonomies/{code}/labels", "/api/reference/countries",
                 "/api/reference/mechanisms"):
        assert path in spec["paths"]
    assert "zh-hans" in spec["components"]["schemas"]["Names"]["properties"]
    assert "label_count" in spec["components"]["schemas"]["TaxonomyOut"]["properties"]
