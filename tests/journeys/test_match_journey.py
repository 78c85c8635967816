"""A coordinator pastes a Spanish paragraph, gets the English recommendations it answers, downloads them and
links one to an action with a progress update in one step; then reads the page in Arabic and Chinese.

A fresh install with its demo corpus (``aspiration setup`` labels and indexes it, vectors included); every
step goes through the pages; what was stored is read back through ``aspiration shell``.
"""

from __future__ import annotations

import io
import re

import docx
import pytest
from openpyxl import load_workbook

from aspiration.safe_cells import unquote_cell
from tests.conftest import screenshot
from tests.journeys.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SPANISH = ("Los periodistas y los defensores de derechos humanos reciben amenazas y ataques que casi nunca se "
           "investigan, y los responsables quedan impunes.\n\n"
           "Los asesinatos de mujeres siguen aumentando y las autoridades no investigan ni castigan a los culpables.")
# Words that must not show on a page read by people: ISO3 codes, choice values, model names.
CODE_WORDS = re.compile(r"\b(MEX|supported|noted|use-multilingual|in_progress|upr_issue)\b")


def submit(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def test_a_spanish_paragraph_is_matched_exported_and_linked_to_an_action(visit, instance):
    page = visit()
    log_in(page, "admin", instance.admin_password)
    # A plan for Mexico with one institution and one action: what a coordinator has before matching.
    page.goto("/tracking/plans/new/")
    page.select_option("#id_state", label="Mexico")
    page.fill("#id_title", "Mexico: follow-up to the UPR")
    submit(page, "Save")
    plan = int(re.search(r"/plans/(\d+)/", page.url).group(1))
    page.goto(f"/tracking/plans/{plan}/people/")
    page.fill("#id_institution-name", "Secretaría de Gobernación")
    page.fill("#id_institution-acronym", "SEGOB")
    page.select_option("#id_institution-kind", "government")
    submit(page, "Add institution")
    page.goto(f"/tracking/plans/{plan}/actions/new/")
    page.fill("#id_title", "Protection mechanism for journalists and defenders")
    page.select_option("#id_responsible_institution", label="Secretaría de Gobernación (SEGOB)")
    submit(page, "Save")
    action = int(re.search(r"/actions/(\d+)/", page.url).group(1))

    # From the header to the page; paste, choose the state by its name, match.
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("link", name="Match a text").click()
    page.fill("#id_text", SPANISH)
    page.select_option("#id_state", label="Mexico")
    submit(page, "Find recommendations")
    passages = page.locator("article.match-passage")
    assert passages.count() == 2
    first = passages.nth(0)
    assert "periodistas" in first.locator("blockquote").inner_text()
    texts = first.locator(".match-text").all_inner_texts()
    assert any("journalists" in text for text in texts), texts  # English answers to a Spanish passage
    assert any("women" in text for text in passages.nth(1).locator(".match-text").all_inner_texts())
    assert first.locator("mark").count() >= 1  # the closest sentence, highlighted beside the passage
    screenshot(page, "match-01-results")

    # The spreadsheet holds what the page shows.
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as a spreadsheet (XLSX)").click()
    with open(download.value.path(), "rb") as file:  # a download's path has no suffix: openpyxl needs a stream
        sheet = load_workbook(io.BytesIO(file.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2] == "Passage text" and rows[0][4] == "Recommendation"
    assert rows[1][0] == 1 and "periodistas" in rows[1][2]
    assert {row[0] for row in rows[1:]} == {1, 2}
    assert any("journalists" in row[7] for row in rows[1:] if row[0] == 1)

    # Tick the journalists recommendation, choose the action, write the update: one button.
    choice = first.locator("li", has_text="journalists").first
    recommendation = int(choice.locator("input[type=checkbox]").get_attribute("value"))
    choice.locator("input[type=checkbox]").check()
    page.select_option("#id_action", label="Mexico: follow-up to the UPR: Protection mechanism for journalists and defenders")
    page.fill("#id_narrative", "The civil-society report on attacks against journalists was reviewed with SEGOB.")
    page.select_option("#id_status", "in_progress")
    submit(page, "Link to the action")
    assert page.url.endswith(f"/tracking/actions/{action}/")
    assert "linked to the action and the progress update recorded" in page.locator(".messages").inner_text()
    screenshot(page, "match-02-linked")
    stored = instance.query(
        "from aspiration.tracking.models import Action\n"
        f"a = Action.objects.get(pk={action})\n"
        "u = a.progress_updates.get()\n"
        "result = {'recs': list(a.recommendations.values_list('pk', flat=True)), 'status': a.status,"
        " 'narrative': u.narrative, 'update_status': u.status, 'author': u.author.username}")
    assert stored == {"recs": [recommendation], "status": "in_progress", "update_status": "in_progress",
                      "narrative": "The civil-society report on attacks against journalists was reviewed with SEGOB.",
                      "author": "admin"}


def test_a_spanish_word_document_is_uploaded_matched_and_exported_formula_safe(visit, instance, tmp_path):
    # A civil-society submission as people send it: a Word file with a heading and two paragraphs, one of
    # them starting as a social-media post does ("@SEGOB"), which a spreadsheet would read as a formula.
    document = docx.Document()
    document.add_heading("Informe de la sociedad civil", level=1)
    document.add_paragraph("@SEGOB: los periodistas y los defensores de derechos humanos reciben amenazas y ataques "
                           "que casi nunca se investigan, y los responsables quedan impunes.")
    document.add_paragraph("Los asesinatos de mujeres siguen aumentando y las autoridades no investigan ni castigan a "
                           "los culpables.")
    path = tmp_path / "informe.docx"
    document.save(path)

    page = visit()
    log_in(page, "admin", instance.admin_password)
    page.goto("/explore/match/")
    page.set_input_files("#id_document", str(path))
    page.select_option("#id_state", label="Mexico")
    submit(page, "Find recommendations")
    assert "informe.docx" in page.locator(".messages").inner_text()  # read, said, not stored
    assert "periodistas" in page.locator("#id_text").input_value()  # the text is in the box for the next press
    passages = page.locator("article.match-passage")
    assert passages.count() == 2  # the heading is no passage
    assert any("journalists" in text for text in passages.nth(0).locator(".match-text").all_inner_texts())
    screenshot(page, "match-04-docx-results")

    with page.expect_download() as download:  # no new upload: the box carries the text
        page.get_by_role("button", name="Download as a spreadsheet (XLSX)").click()
    with open(download.value.path(), "rb") as file:
        sheet = load_workbook(io.BytesIO(file.read())).active
    rows = list(sheet.iter_rows(values_only=True))[1:]
    first = [row for row in rows if row[0] == 1]
    assert first and all(row[2].startswith("'@SEGOB") for row in first)  # quoted: no formula runs
    assert unquote_cell(first[0][2]).startswith("@SEGOB: los periodistas")
    assert any("journalists" in row[7] for row in first)
    assert all(isinstance(row[5], float) and 0 < row[5] <= 1 for row in rows)  # the similarity, a number
    assert not any(isinstance(cell, str) and cell.startswith(("=", "+", "@")) for row in rows for cell in row)


@pytest.mark.parametrize("language, state", [("ar", "المكسيك"), ("zh-hans", "墨西哥")])
def test_the_match_page_reads_in_arabic_and_chinese(visit, instance, language, state):
    page = visit(language)
    log_in(page, "admin", instance.admin_password)
    page.goto("/explore/match/")
    page.fill("#id_text", SPANISH)
    states = page.locator("#id_state option").all_inner_texts()
    assert state in states, states[:10]  # country names in the reader's language, not ISO3 codes
    page.select_option("#id_state", label=state)
    with page.expect_navigation():
        page.locator("button[name=do][value=match]").click()
    assert page.locator("article.match-passage").count() == 2
    body = page.locator("main").inner_text()
    assert not CODE_WORDS.search(body), CODE_WORDS.search(body)
    screenshot(page, f"match-03-results-{language}")
