"""UHRI records as OHCHR's full export writes them, imported and then found by their annotation type."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from aspiration.corpus.models import Recommendation
from aspiration.corpus.services import import_file
from aspiration.reference.catalog import affected_groups_for_uhri
from aspiration.reference.models import Label
from tests.conftest import screenshot

TREATY_BODIES = {"CCPR", "CESCR", "CERD", "CEDAW", "CAT", "SPT", "CRC", "CMW", "CRPD", "CED"}


def source_items(path) -> dict[str, dict]:
    """The file read independently of the importer: {AnnotationId: item}."""
    if path.suffix == ".xlsx":
        rows = load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True)
        header = [str(cell) for cell in next(rows)]
        items = [dict(zip(header, row, strict=False)) for row in rows]
    else:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        items = data if isinstance(data, list) else next(v for v in data.values() if isinstance(v, list))
    return {str(item["AnnotationId"]).strip(): item for item in items}


def unbulleted(value) -> list[str]:
    values = value if isinstance(value, list) else str(value or "").replace(";", "\n").splitlines()
    return [v.strip().removeprefix("- ").strip() for v in values if v and v.strip().removeprefix("- ").strip()]


def expected_mechanism(body) -> str | None:
    """The treaty body or UPR named by an acronym; None for the rest (special procedures, long names)."""
    (name,) = unbulleted(body)[:1] or [""]
    code = {"HRCTTEE": "CCPR"}.get(name.upper(), name.upper())
    return code if code in TREATY_BODIES | {"UPR"} else None


@pytest.mark.parametrize("name", ["uhri-sample.json", "uhri-sample.xlsx"])
def test_shared_uhri_sample_imports_as_written(reference, shared_data, name):
    path = shared_data / "upr-info" / name
    if not path.exists():
        pytest.skip(f"the real-shaped UHRI sample {path} is absent")
    summary = import_file("uhri", path)
    assert summary.created > 0
    items = source_items(path)
    kinds, mechanisms = set(), set()
    for rec in Recommendation.objects.filter(source_id__startswith="uhri:").select_related("mechanism"):
        item = items[rec.source_id.removeprefix("uhri:").split(":")[0]]
        written = " ".join(unbulleted(item.get("AnnotationType"))).casefold()
        assert rec.kind == ("observation" if "observ" in written or "concern" in written else "recommendation"), item
        code = rec.mechanism.code
        assert not code.startswith(("-", "SP:-")), code
        assert code == expected_mechanism(item["Body"]) or (expected_mechanism(item["Body"]) is None and code), item
        groups = set(rec.labels_by_taxonomy().get("affected_group", []))
        for person in unbulleted(item.get("AffectedPersons")):
            assert set(affected_groups_for_uhri(person)) <= groups, (person, groups)
        kinds.add(rec.kind)
        mechanisms.add(code)
    print(f"{name}: {summary.line()}; mechanisms {sorted(mechanisms)}; kinds {sorted(kinds)}")
    assert not Label.objects.filter(code__startswith="- ").exists()  # no theme or affected person keeps its bullet


@pytest.fixture
def imported(reference, corpus_fixtures):
    """Our real-shaped fixture: seven recommendations, one of them CEDAW's concern about femicide."""
    import_file("uhri", corpus_fixtures / "uhri-sample.json")
    return Recommendation.objects.get(kind=Recommendation.Kind.OBSERVATION)


def test_api_filters_and_shows_the_annotation_type(client, imported):
    body = client.get("/api/recommendations", {"kind": "observation"}).json()
    assert [r["id"] for r in body["results"]] == [imported.pk]
    assert body["results"][0]["kind"] == "observation" and body["results"][0]["mechanism"] == "CEDAW"
    body = client.get("/api/recommendations", {"kind": "recommendation"}).json()
    assert body["count"] == 6 and imported.pk not in [r["id"] for r in body["results"]]
    assert body["facets"]["kind"] == {"recommendation": 6}
    assert client.get("/api/recommendations").json()["facets"]["kind"] == {"recommendation": 6, "observation": 1}
    crc = Recommendation.objects.get(mechanism__code="CRC")
    assert client.get("/api/recommendations", {"kind": "recommendation", "mechanism": "CRC"}).json()["count"] == 1
    assert client.get(f"/api/recommendations/{crc.pk}").json()["kind"] == "recommendation"
    assert client.get(f"/api/recommendations/{imported.pk}").json()["kind"] == "observation"


def test_explore_page_filters_by_annotation_type(client, imported):
    html = client.get(reverse("search")).content.decode()
    assert '<fieldset class="facet" id="facet-kind">' in html
    assert "Concern or observation" in html and ">observation<" not in html
    response = client.get(reverse("search"), {"kind": "observation"})
    assert [item["rec"].pk for item in response.context["items"]] == [imported.pk]
    html = response.content.decode()
    assert 'name="kind" value="observation" id="f-kind-observation" checked' in html
    assert "femicide" in html and "corporal punishment" not in html
    assert "Committee on the Elimination of Discrimination against Women · Concern or observation" in html
    page = client.get(reverse("recommendation", args=[imported.pk])).content.decode()
    # The name is shown; the code only on hover.
    assert '<dt>Type of finding</dt><dd><bdi title="observation">Concern or observation</bdi></dd>' in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_explore_annotation_type_in_the_browser(page, reference, corpus_fixtures):
    import_file("uhri", corpus_fixtures / "uhri-sample.json")
    page.goto("/explore/")
    page.check("#f-kind-observation")
    page.wait_for_function("() => location.search.includes('kind=observation')")
    page.wait_for_function("() => document.querySelectorAll('.hit').length === 1")
    assert "femicide" in page.locator(".hit").inner_text()
    screenshot(page, "explore-uhri-concerns")
