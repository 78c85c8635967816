"""The search page, its htmx partial and the exports, through Django's test client and the real engine."""

import csv
import io
import json

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_search_page_finds_by_keyword_and_shows_facets(client, corpus):
    response = client.get(reverse("search"), {"q": "violence"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "domestic <mark>violence</mark>" in html  # the matched word marked in the snippet
    assert "Optional Protocol" not in html
    assert response.context["result"].count == 1
    names = [group.name for group in response.context["facets"]]
    assert "state" in names and "upr_issue" in names
    assert '<fieldset class="facet" id="facet-state">' in html
    assert "<legend>State under review" in html


def test_facet_filter_narrows_results_and_is_shareable(client, corpus):
    response = client.get(reverse("search"), {"state": "KEN"})
    items = response.context["items"]
    assert [item["rec"].text[:6] for item in items] == ["Ensure"]
    html = response.content.decode()
    # The checked box stays checked so it can be unchecked; export links carry the same filter.
    assert 'name="state" value="KEN" id="f-state-ken" checked' in html
    assert "/explore/export.xlsx?state=KEN" in html


def test_htmx_request_gets_only_the_results_region(client, corpus):
    response = client.get(reverse("search"), {"q": "torture"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="search-body"')
    assert "<html" not in html
    assert "Optional Protocol" in html


def test_bad_parameters_fall_back_to_defaults(client, corpus):
    response = client.get(reverse("search"), {"page": "-4", "page_size": "abc", "mode": "magic", "sort": "x"})
    assert response.status_code == 200
    params = response.context["params"]
    assert (params.page, params.page_size, params.mode, params.sort) == (1, 20, "keyword", "relevance")


def test_pagination_links_keep_the_query(client, corpus):
    response = client.get(reverse("search"), {"page_size": "20", "sort": "newest"})
    assert response.context["pages"] == 1
    assert response.context["result"].count == 3
    first = response.context["items"][0]["rec"]
    assert first.year == 2013  # newest first


def test_export_csv_json_follow_the_search(client, corpus):
    body = client.get(reverse("export", args=["csv"]), {"state": "FRA"}).getvalue().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {row["state"] for row in rows} == {"FRA"} and len(rows) == 2
    violence = next(row for row in rows if "violence" in row["text"])
    assert violence["labels.upr_issue"] == "Women's rights" and violence["labels.sdg_goal"] == "5"
    data = json.loads(client.get(reverse("export", args=["json"]), {"q": "education"}).content)
    assert data["count"] == 1
    assert data["results"][0]["recommending_states"] == ["BRA", "FRA"]
    assert data["results"][0]["labels"]["affected_group"] == ["children"]


def test_export_xlsx_has_labels_with_names(client, corpus):
    response = client.get(reverse("export", args=["xlsx"]), {"state": "FRA"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, [cell.value for cell in row], strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 2
    violence = next(row for row in rows if "violence" in row["text"])
    assert violence["labels.sdg_goal"] == "5 Gender equality"


def test_export_docx_groups_by_upr_issue(client, corpus):
    response = client.get(reverse("export", args=["docx"]))
    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Torture and other CID treatment", "Women's rights", "Without a UPR issue"]
    assert len(document.tables) == 3
    assert "Brazil" in document.tables[0].rows[1].cells[1].text


def test_unknown_export_format_is_404(client, db):
    assert client.get("/explore/export.pdf").status_code == 404


def test_export_escapes_spreadsheet_formulas(client, corpus):
    from tests import factories

    factories.recommendation("=HYPERLINK(\"http://evil\")", state="KEN")
    body = client.get(reverse("export", args=["csv"]), {"state": "KEN"}).getvalue().decode("utf-8-sig")
    assert "'=HYPERLINK" in body


def test_docx_files_each_recommendation_under_the_most_frequent_of_its_issues(client, corpus):
    from tests import factories

    for n in range(2):
        factories.recommendation(f"Protect women from torture in custody, case {n}.", state="KEN",
                                 labels={"upr_issue": ["Torture and other CID treatment", "Women's rights"]})
    factories.recommendation("Prevent torture in prisons.", state="KEN",
                             labels={"upr_issue": ["Torture and other CID treatment"]})
    document = Document(io.BytesIO(client.get(reverse("export", args=["docx"]), {"q": "torture"}).content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Torture and other CID treatment"]
    rows = document.tables[0].rows[1:]
    assert len(rows) == 4
    custody = next(row for row in rows if "custody, case 0" in row.cells[0].text)
    assert "Women's rights" in custody.cells[3].text and "Torture" not in custody.cells[3].text


def test_a_page_past_the_end_shows_the_last_page(client, corpus):
    response = client.get(reverse("search"), {"page": "40"})
    assert response.context["params"].page == 1
    assert len(response.context["items"]) == 3


def test_a_keyword_search_that_finds_nothing_offers_the_search_by_meaning(client, corpus):
    html = client.get(reverse("search"), {"q": "femmes"}).content.decode()
    assert "No recommendations match." in html
    assert "in the language of each recommendation" in html and 'href="?q=femmes&amp;mode=hybrid"' in html
    found = client.get(reverse("search"), {"q": "violence"}).content.decode()
    assert "in the language of each recommendation" not in found
