"""Each report kind, in DOCX and XLSX, read back and checked against the data it was built from."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date, timedelta

import docx
import openpyxl
import pytest

from aspiration.reports.data import ReportError
from aspiration.reports.generate import generate

KINDS = ("upr-midterm", "vnr-annex", "country-briefing")


def read_docx(content: bytes):
    word = docx.Document(io.BytesIO(content))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in word.tables]
    return word, headings, tables


def find_table(tables, header_start: list[str]):
    return next(table for table in tables if table[0][: len(header_start)] == header_start)


def test_country_briefing_docx(corpus):
    word, headings, tables = read_docx(generate("country-briefing", "FRA", "docx", "en").content)
    assert word.paragraphs[0].text == "Country briefing: France"
    for heading in ("Overview", "Response rates in the Universal Periodic Review", "Main open issues", "Affected groups",
                    "Call to Action areas", "Gender-lens findings"):
        assert heading in headings
    assert "Early-warning signals" not in headings  # no watch summary here
    assert find_table(tables, ["Mechanism", "Cycle"]) == [
        ["Mechanism", "Cycle", "Recommendations", "Supported", "Noted", "No position"],
        ["CEDAW", "—", "1", "0", "0", "1"],
        ["UPR", "Cycle 2", "1", "1", "0", "0"],
        ["UPR", "Cycle 3", "4", "3", "1", "0"],
    ]
    assert find_table(tables, ["Cycle", "Recommendations"])[-1] == ["All cycles", "5", "4", "1", "0", "80.0"]
    # 4 supported: only the one with the completed "bill" action is no longer open.
    assert "3 of 4 supported recommendations have no completed action." in [p.text for p in word.paragraphs]
    open_texts = [row[2] for row in find_table(tables, ["Mechanism", "Cycle", "Recommendation"])[1:]]
    assert sorted(open_texts) == sorted([corpus.recommendations[i].text for i in (1, 3, 4)])
    assert find_table(tables, ["Group"])[1:] == [["Women", "3", "2", "2"], ["Children", "1", "1", "0"]]
    assert find_table(tables, ["Conclusion", "Reviews"])[1:] == [["Gender-responsive", "1"]]
    assert "Open ten new shelters" in [p.text for p in word.paragraphs if p.style.name == "List Bullet"]
    assert len(word.inline_shapes) >= 4


def test_upr_midterm_docx(corpus):
    word, headings, tables = read_docx(generate("upr-midterm", "FRA", "docx", "en").content)
    assert word.paragraphs[0].text == "UPR mid-term report: France"
    assert headings[:3] == ["Introduction", "Progress at a glance", "Recommendations by cluster"]
    assert "Violence against women" in headings and "Recommendations in no cluster" in headings
    cluster = find_table(tables, ["No.", "Recommendation"])
    assert [row[1] for row in cluster[1:]] == [corpus.recommendations[0].text, corpus.recommendations[1].text]
    assert cluster[1][2:] == ["Brazil", "Supported", "Draft the violence against women bill (Completed)"]
    actions = find_table(tables, ["Action", "Responsible institution"])
    assert [row[0] for row in actions[1:]] == sorted(a.title for a in corpus.actions)  # the first is due earlier
    bill = next(row for row in actions if row[0] == "Draft the violence against women bill")
    assert bill[1:5] == ["Ministry of Justice (MoJ)", "2025-06-30", "Completed", "1"]
    assert bill[5] == "2025-05-02: The bill passed its first reading." and bill[6] == "Parliament record"
    shelters = next(row for row in actions if row[0] == "Open ten new shelters")
    assert shelters[3] == "Planned !" and shelters[7] == "Shelter places: 100 → 400 places"
    # Cycle 2's recommendation is not in a cycle-3 mid-term report.
    assert not any(corpus.recommendations[4].text in cell for table in tables for row in table for cell in row)
    assert find_table(tables, ["Status", "Actions"])[1:] == [["Planned", "1"], ["In progress", "0"], ["Delayed", "0"],
                                                             ["Completed", "1"], ["Cancelled", "0"]]
    assert len(word.inline_shapes) == 2


def test_vnr_annex_docx(corpus):
    word, headings, tables = read_docx(generate("vnr-annex", "FRA", "docx", "en").content)
    assert "Goal 5: Gender equality" in headings and "Goal 16: Peace, justice and strong institutions" in headings
    assert headings.index("Goal 5: Gender equality") < headings.index("Goal 16: Peace, justice and strong institutions")
    overview = find_table(tables, ["Goal", "Recommendations"])
    assert overview[1:] == [["Goal 5: Gender equality", "3", "2", "2", "1"],
                            ["Goal 16: Peace, justice and strong institutions", "2", "1", "0", "0"]]
    targets = find_table(tables, ["Target"])
    assert targets[1][0].startswith("5.2 Eliminate all forms of violence")
    goal5 = find_table(tables, ["Targets", "Mechanism"])
    assert {row[3] for row in goal5[1:]} == {corpus.recommendations[i].text for i in (0, 1, 5)}
    assert "Draft the violence against women bill (Completed; 5.2)" in [p.text for p in word.paragraphs]
    assert len(word.inline_shapes) == 1


@pytest.mark.parametrize("kind", KINDS)
def test_xlsx_sheets_match_the_document(corpus, kind):
    report = generate(kind, "FRA", "xlsx", "en")
    book = openpyxl.load_workbook(io.BytesIO(report.content))
    tables = report.document.tables()
    assert len(book.sheetnames) == len(tables) + 1 and book.sheetnames[0] == "Summary"
    for sheet_name, table in zip(book.sheetnames[1:], tables, strict=True):
        sheet = book[sheet_name]
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        assert rows[0] == list(table.columns)
        assert rows[1:] == [[None if value == "" else value for value in row] for row in table.rows]
        assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold


@pytest.mark.parametrize("kind", KINDS)
def test_language_switch_changes_headings_and_label_names(corpus, kind):
    _word, english, _tables = read_docx(generate(kind, "FRA", "docx", "en").content)
    word, chinese, tables = read_docx(generate(kind, "FRA", "docx", "zh-hans").content)
    assert english != chinese and len(english) == len(chinese)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese[0])
    expected_title = {"upr-midterm": "普遍定期审议中期报告：法国", "vnr-annex": "自愿国别评估人权附件：法国",
                      "country-briefing": "国别简报：法国"}[kind]
    assert word.paragraphs[0].text == expected_title
    if kind == "country-briefing":
        assert find_table(tables, ["群体"])[1][0] == "妇女"  # the label's zh-hans name
    if kind == "vnr-annex":
        assert "目标5：性别平等" in chinese
    if kind == "upr-midterm":
        assert find_table(tables, ["编号"])[1][2:4] == ["巴西", "支持"]  # recommending state and response in Chinese


def test_arabic_report_is_right_to_left(corpus):
    word, headings, _tables = read_docx(generate("country-briefing", "FRA", "docx", "ar").content)
    assert word.paragraphs[0].text == "موجز قطري: فرنسا"
    assert "لمحة عامة" in headings
    book = openpyxl.load_workbook(io.BytesIO(generate("country-briefing", "FRA", "xlsx", "ar").content))
    assert book.sheetnames[0] in ("الملخص", "ملخص")  # the project catalogue may word "Summary" its own way
    assert book.worksheets[1].sheet_view.rightToLeft


@pytest.mark.parametrize("kind", KINDS)
def test_a_state_without_a_plan_says_so(corpus, kind):
    word, _headings, _tables = read_docx(generate(kind, "DEU", "docx", "en").content)
    note = "No implementation plan has been recorded for Germany, so no actions are reported."
    assert note in [p.text for p in word.paragraphs]


def test_no_plan_midterm_groups_by_upr_issue(corpus):
    _word, headings, _tables = read_docx(generate("upr-midterm", "DEU", "docx", "en").content)
    assert "Women's rights" in headings and "Actions" not in headings


def test_bad_requests_are_refused_clearly(corpus):
    with pytest.raises(ReportError, match="unknown state 'XXX'"):
        generate("country-briefing", "XXX")
    with pytest.raises(ReportError, match="ESP has no recommendations"):
        generate("country-briefing", "ESP")
    with pytest.raises(ReportError, match="unknown report kind"):
        generate("annual", "FRA")
    with pytest.raises(ReportError, match="unknown language 'de'"):
        generate("vnr-annex", "FRA", "docx", "de")
    with pytest.raises(ReportError, match="unknown format 'pdf'"):
        generate("vnr-annex", "FRA", "pdf")


def test_early_warning_signals_from_the_watch_desk(corpus):
    """The briefing shows what ``aspiration.watch.risk.country_risk`` reports for the state."""
    from aspiration.watch.models import Alert, Signal

    today = date.today()
    Signal.objects.create(country="FRA", category="violence_against_women", day=today - timedelta(days=2), count=6, total=40,
                          rate=0.15)
    Alert.objects.create(country="FRA", category="violence_against_women", day=today - timedelta(days=2), count=6, total=40,
                         baseline=0.02, p_value=0.001)
    word, headings, tables = read_docx(generate("country-briefing", "FRA", "docx", "en", early_warning=True).content)
    assert "Early-warning signals" in headings
    signals = find_table(tables, ["Category", "Items scored"])
    row = next(r for r in signals if r[0] == "Incitement to violence against women")
    assert row[1:6] == ["40", "6", "15.0", "1", (today - timedelta(days=2)).isoformat()]
    assert row[6] == "2"  # shelters (its action is not completed) and CEDAW's femicide data: both about women
    related = find_table(tables, ["Category", "Recommendation", "Mechanism"])
    assert [r[1] for r in related[1:] if r[0] == "Incitement to violence against women"] == [
        corpus.recommendations[1].text, corpus.recommendations[5].text]
    # Action statuses by their names; a recommendation without actions says so in words, never a code.
    assert {r[5] for r in related[1:]} <= {"No action", "Planned", "In progress", "Delayed", "Cancelled"}
    assert "No action" in {r[5] for r in related[1:]}
    # Germany has no signals: no section.
    _word, headings, _tables = read_docx(generate("country-briefing", "DEU", "docx", "en", early_warning=True).content)
    assert "Early-warning signals" not in headings


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: DOCX-to-PDF conversion not checked")
@pytest.mark.parametrize("language", ["en", "ar"])
def test_libreoffice_converts_the_docx(corpus, tmp_path, language):
    path = tmp_path / "briefing.docx"
    path.write_bytes(generate("upr-midterm", "FRA", "docx", language).content)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, timeout=180, capture_output=True, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    pdf = tmp_path / "briefing.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000


def test_without_a_plan_recommendations_cluster_under_their_most_common_specific_issue():
    from collections import Counter

    from aspiration.reports.data import Rec
    from aspiration.reports.kinds.midterm import main_issue

    def rec(*issues):
        return Rec(1, "t", "UPR", "upr", 3, 1, 2020, "supported", (), {"upr_issue": list(issues)})

    frequency = Counter({"General": 50, "Women's rights": 10, "Right to education": 12, "Other": 70})
    assert main_issue(rec("General", "Women's rights"), frequency) == "Women's rights"
    assert main_issue(rec("Right to education", "Women's rights"), frequency) == "Right to education"
    assert main_issue(rec("Other", "General"), frequency) == "Other"
    assert main_issue(rec(), frequency) is None
