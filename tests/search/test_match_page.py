"""Matching a text in the page and through ``POST /api/match``: passages beside the state's recommendations,
the workbook, linking to an action in one step, and every refusal tried."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import load_workbook

from aspiration.accounts.models import ApiToken
from aspiration.tracking.models import Assessment, ProgressUpdate
from aspiration.web.match_files import MAX_UPLOAD_BYTES
from tests import factories
from tests.tracking.conftest import client_for, world  # noqa: F401  (the fixture)

SPANISH = ("El Gobierno aprobó una ley contra la violencia doméstica y abrió nuevos refugios para las víctimas.\n\n"
           "Se abolió la pena de muerte para todos los delitos.")


@pytest.fixture
def indexed(world, embedder):  # noqa: F811
    world.rec_death = factories.recommendation("Abolish the death penalty for all crimes.")
    factories.recommendation("Abolish the death penalty.", state="KEN")  # another state's: never matched
    call_command("index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return world


def post(client, **data):
    return client.post("/explore/match/", {"state": "FRA", "per_passage": 3, "do": "match", **data})


def test_anonymous_visitors_are_sent_to_log_in(client, indexed):
    assert post(client, text=SPANISH).status_code == 302
    assert client.get("/explore/match/").status_code == 302


def test_a_spanish_text_finds_the_english_recommendations_side_by_side(client, indexed):
    response = post(client_for(client, indexed, "viewer"), text=SPANISH)
    assert response.status_code == 200
    rows = response.context["results"]
    assert [row["number"] for row in rows] == [1, 2]
    assert rows[0]["matches"][0]["id"] == indexed.rec_women.pk
    assert rows[1]["matches"][0]["id"] == indexed.rec_death.pk
    assert all(m["score"] is None or 0 < m["score"] <= 1 for row in rows for m in row["matches"])
    assert {m["id"] for row in rows for m in row["matches"]} <= {indexed.rec_women.pk, indexed.rec_health.pk,
                                                                   indexed.rec_noted.pk, indexed.rec_death.pk}
    assert "Abolish the death penalty for all crimes." in response.content.decode()
    assert not response.context["actions"]  # a viewer edits no action: nothing to link to


def test_the_workbook_has_one_row_per_passage_and_match(client, indexed):
    response = post(client_for(client, indexed, "viewer"), text="=HYPERLINK(\"x\") " + SPANISH, do="xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Passage", "Number in the document", "Passage text", "Rank", "Recommendation")
    assert rows[1][2].startswith("'=HYPERLINK")  # through the shared safe writer: no formula runs
    assert {row[4] for row in rows[1:]} >= {indexed.rec_women.pk, indexed.rec_death.pk}


def test_a_focal_point_links_matches_to_their_action_with_a_progress_update(client, indexed):
    page = client_for(client, indexed, "focal_a")
    assert [a.pk for a in post(page, text=SPANISH).context["actions"]] == [indexed.action_a.pk]
    response = post(page, text=SPANISH, do="link", action=indexed.action_a.pk,
                    recommendation=[indexed.rec_death.pk], narrative="Parliament abolished the death penalty.",
                    status="completed")
    assert response.status_code == 302 and response["Location"] == f"/tracking/actions/{indexed.action_a.pk}/"
    indexed.action_a.refresh_from_db()
    assert set(indexed.action_a.recommendations.values_list("pk", flat=True)) == {indexed.rec_women.pk,
                                                                                   indexed.rec_death.pk}
    update = ProgressUpdate.objects.get(action=indexed.action_a)
    assert (update.narrative, update.status, update.author) == ("Parliament abolished the death penalty.", "completed",
                                                                indexed.users["focal_a"])
    assert indexed.action_a.status == "completed" and indexed.action_a.version == 3  # linked, then the status


def test_linking_is_refused_for_others_actions_and_other_states_recommendations(client, indexed):
    page = client_for(client, indexed, "focal_a")
    other = post(page, text=SPANISH, do="link", action=indexed.action_b.pk, recommendation=[indexed.rec_death.pk])
    assert other.status_code == 400 and "action" in other.context["link_form"].errors  # not among the choices
    kenya = factories.recommendation("Abolish the death penalty now.", state="KEN")
    refused = post(page, text=SPANISH, do="link", action=indexed.action_a.pk, recommendation=[kenya.pk])
    assert refused.status_code == 302 and refused["Location"] == "/explore/match/"  # back, with the reason
    assert not indexed.action_a.recommendations.filter(pk=kenya.pk).exists()
    none = post(page, text=SPANISH, do="link", action=indexed.action_a.pk)
    assert none.status_code == 400 and "Tick at least one recommendation." in none.content.decode()


def test_civil_society_assesses_the_ticked_matches_in_one_step(client, indexed):
    page = client_for(client, indexed, "cso")
    shown = post(page, text=SPANISH)
    assert shown.context["assess_form"] is not None and not shown.context["actions"]
    assert "Assess the ticked recommendations" in shown.content.decode()
    ticked = [indexed.rec_women.pk, indexed.rec_death.pk]
    response = post(page, text=SPANISH, do="assess", recommendation=ticked, rating=3,
                    comment="The shelters opened; the law is not applied yet.")
    assert response.status_code == 302 and response["Location"] == "/tracking/assessments/mine/"
    stored = Assessment.objects.order_by("recommendation_id")
    assert [(a.recommendation_id, a.rating, a.status, a.author, a.institution) for a in stored] == [
        (pk, 3, "pending", indexed.users["cso"], indexed.users["cso"].institution) for pk in sorted(ticked)]
    assert {a.comment for a in stored} == {"The shelters opened; the law is not applied yet."}
    # Refused: no rating, nothing ticked, another state's recommendation; a coordinator is offered no assessment.
    assert post(page, text=SPANISH, do="assess", recommendation=ticked, comment="x").status_code == 400
    assert post(page, text=SPANISH, do="assess", rating=2, comment="x").status_code == 400
    kenya = factories.recommendation("Abolish the death penalty now.", state="KEN")
    refused = post(page, text=SPANISH, do="assess", recommendation=[kenya.pk], rating=2, comment="x")
    assert refused.status_code == 302 and refused["Location"] == "/explore/match/"
    assert Assessment.objects.count() == 2
    assert post(client_for(client, indexed, "coordinator"), text=SPANISH).context["assess_form"] is None


def test_uploads_are_read_not_stored_and_refused_with_a_reason(client, indexed, tmp_path, settings):
    page = client_for(client, indexed, "viewer")
    docx = _docx(["Informe del Ministerio", "Se abolió la pena de muerte para todos los delitos."])
    response = post(page, text="", document=SimpleUploadedFile("informe.docx", docx))
    assert response.status_code == 200
    assert response.context["results"][0]["matches"][0]["id"] == indexed.rec_death.pk
    assert "Se abolió la pena de muerte" in response.context["form"].data["text"]  # next press needs no upload
    assert not (tmp_path / "files").exists()  # MEDIA_ROOT: nothing was written
    big = post(page, text="", document=SimpleUploadedFile("big.txt", b"a" * (MAX_UPLOAD_BYTES + 1)))
    assert big.status_code == 400 and "files up to 5 MB can be matched" in big.content.decode()
    exe = post(page, text="", document=SimpleUploadedFile("tool.exe", b"MZ..."))
    assert exe.status_code == 400 and "Only Word (.docx), PDF and plain text" in exe.content.decode()
    fake = post(page, text="", document=SimpleUploadedFile("fake.pdf", b"not a pdf"))
    assert fake.status_code == 400 and "not a readable PDF" in fake.content.decode()
    empty = post(page, text="")
    assert empty.status_code == 400 and "Paste a text or choose a document" in empty.content.decode()


def _docx(paragraphs: list[str]) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_the_api_matches_with_a_token_and_enforces_its_limits(client, indexed):
    body = {"text": SPANISH, "state": "FRA", "per_passage": 2}
    anonymous = client.post("/api/match", json.dumps(body), content_type="application/json")
    assert anonymous.status_code == 401
    _stored, token = ApiToken.issue(indexed.users["viewer"], "matching")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    response = client.post("/api/match", json.dumps(body), content_type="application/json", **auth)
    assert response.status_code == 200, response.content
    passages = response.json()["passages"]
    assert [p["matches"][0]["id"] for p in passages] == [indexed.rec_women.pk, indexed.rec_death.pk]
    assert passages[1]["matches"][0]["sentence"] == "Abolish the death penalty for all crimes."
    many = "\n\n".join(f"Paragraph number {n} about the rights of the child." for n in range(200))
    too_many = client.post("/api/match", json.dumps({**body, "text": many}), content_type="application/json", **auth)
    assert too_many.status_code == 422 and "at most 80 can be matched" in too_many.json()["detail"]
    long = client.post("/api/match", json.dumps({**body, "text": "x" * 70_000}), content_type="application/json", **auth)
    assert long.status_code == 422
    unknown = client.post("/api/match", json.dumps({**body, "state": "XXX"}), content_type="application/json", **auth)
    assert unknown.status_code == 422
    assert "/api/match" in client.get("/api/openapi.json").json()["paths"]
