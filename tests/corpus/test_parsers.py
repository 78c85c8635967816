"""The pure parsers, on plain files: no database."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aspiration.corpus.importers import (
    MalformedFile,
    Record,
    Rejection,
    cycle_for_session,
    ohchr_matrix,
    response_code,
    sdg_codes,
    table,
    text_key,
    uhri,
    upr_info,
)
from aspiration.reference.countries import match_country

SLOVENIA = "ohchr-upr-matrix/UPR20_Slovenia_ThematicListRecommendations_E.docx"


def records(items) -> list[Record]:
    return [item for item in items if isinstance(item, Record)]


def rejections(items) -> list[Rejection]:
    return [item for item in items if isinstance(item, Rejection)]


@pytest.mark.parametrize(("session", "cycle"), [(1, 1), (12, 1), (13, 2), (26, 2), (27, 3), (40, 3), (41, 4), (50, 4)])
def test_cycle_from_session(session, cycle):
    assert cycle_for_session(session) == cycle


def test_sdg_and_response_wording():
    assert sdg_codes("16.2 - Protect children from abuse") == ("16", "16.2")
    assert sdg_codes("1.a - Mobilize resources") == ("1", "1.a")
    assert sdg_codes("S16 SDG 16 - peace, justice and strong institutions") == ("16", None)
    assert sdg_codes("18.1 - nothing") == (None, None)
    assert [response_code(w) for w in ("Accepted", "Supported", "Noted", "Voluntary Pledge", "??")] == [
        "supported", "supported", "noted", "voluntary_pledge", ""]


def test_upr_info_small_file_old_mac_encoding_joint_and_rejections(corpus_fixtures):
    items = upr_info.parse(corpus_fixtures / "upr-info-small.csv", match=match_country)
    found = records(items)
    assert [r.text for r in found][:2] == ["Ratify the Optional Protocol to the Convention against Torture",
                                           "Combat female genital mutilation"]
    joint = found[0]
    assert joint.state == "Côte d'Ivoire"  # Mac Roman 0x99 decoded
    assert joint.recommending_states == ["France", "Brazil"] and joint.rows == [2, 3]
    assert joint.labels == {"action_category": ["5"],
                            "upr_issue": ["Torture and other CID treatment", "International instruments"]}
    assert (joint.session, joint.cycle, joint.year, joint.response) == (6, 1, 2009, "supported")
    assert found[1].labels["upr_issue"] == ["Women's rights", "National Human Rights Institution"]
    pledge = found[-1]
    assert pledge.response == "voluntary_pledge" and pledge.recommending_states == []
    assert {(r.row, r.reason.split(" ")[0]) for r in rejections(items)} == {(5, "empty"), (7, "unknown")}


def test_upr_info_missing_columns_is_a_whole_file_error(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("To,Text,From\nFrance,Do it,Brazil\n")
    with pytest.raises(MalformedFile, match="missing column.*Response.*Session"):
        upr_info.parse(path)


def independent_upr_info_counts(folder: Path) -> dict[str, tuple[int, int]]:
    """(rows, joint recommendations) per file, computed with plain csv: same state, session and text."""
    counts = {}
    for path in sorted(folder.glob("upr-info-sessions-*.csv")):
        text = path.read_bytes().decode("mac_roman")
        rows = list(csv.DictReader(io.StringIO(text.replace("\r", "\n"))))
        keys = {(r["To"], r["Session"], " ".join(r["Text"].split()).casefold().rstrip(" .;,")) for r in rows}
        counts[path.name] = (len(rows), len(keys))
    return counts


def test_upr_info_real_files_joint_merging(shared_data):
    expected = independent_upr_info_counts(shared_data / "upr-info")
    # Published sizes: 33,082 recommendation rows plus 947 voluntary pledges.
    assert sum(rows for name, (rows, _) in expected.items() if "voluntary" not in name) == 33082
    assert expected["upr-info-sessions-voluntary.csv"][0] == 947
    for name, (rows, joint) in expected.items():
        items = upr_info.parse(shared_data / "upr-info" / name)
        assert not rejections(items)
        found = records(items)
        assert sum(len(r.rows) for r in found) == rows
        assert len({(r.state, r.session, text_key(r.text)) for r in found}) == len(found) == joint
    assert sum(joint for _, joint in expected.values()) == 33026


def test_slovenia_matrix(shared_data):
    found = records(ohchr_matrix.parse(shared_data / SLOVENIA))
    assert len(found) == 163
    assert sum(r.response == "supported" for r in found) == 142 and sum(r.response == "noted" for r in found) == 21
    first = found[0]
    assert (first.state, first.session, first.cycle, first.paragraph) == ("Slovenia", 20, 2, "115.1")
    assert first.recommending_states == ["Croatia"] and first.document == "A/HRC/28/15" and first.language == "en"
    assert first.response_source == "A/HRC/28/15/Add.1 - Para. 3"
    assert first.labels == {"uhri_theme": ["Acceptance of international norms"], "uhri_affected_person": ["general"]}
    icrmw = next(r for r in found if r.paragraph == "115.8")
    assert icrmw.recommending_states == ["Senegal", "Sierra Leone", "Venezuela (Bolivarian Republic of)", "Peru", "Uruguay"]
    assert all(r.text and r.recommending_states and r.labels.get("uhri_theme") for r in found)
    assert len({r.paragraph for r in found}) == 163


def cycle3_matrix(path: Path) -> Path:
    """A third-cycle style matrix: plain UHRI theme names, SDGs and affected persons inside the label cell."""
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "UPR of Kenya (3rd Cycle – 35th session)\tThematic list of recommendations"
    table = document.add_table(rows=1, cols=4)
    for cell, heading in zip(table.rows[0].cells, ["Recommendation", "Position", "Full list of themes",
                                                    "Assessment/comments on level of implementation"], strict=True):
        cell.text = heading
    rows = [
        ["Theme: Acceptance of international norms"] * 4,
        ["142.1 Ratify the Optional Protocol to the Convention against Torture (Denmark) (Ghana);\n"
         "Source of position: A/HRC/44/9/Add.1", "Supported",
         "Acceptance of international norms\nTorture and cruel, inhuman or degrading treatment\nSDGs:\n"
         "16.3 - Promote the rule of law\n16.a - Strengthen national institutions\n"
         "Affected persons:\n- persons deprived of their liberty", ""],
        ["142.2 Abolish the death penalty (Iran (Islamic Republic of), Türkiye)", "Noted",
         "Death penalty\nS16 SDG 16 - peace, justice and strong institutions\nAffected persons:\n- general", ""],
    ]
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    document.save(path)
    return path


def test_cycle3_matrix_layout(tmp_path):
    found = records(ohchr_matrix.parse(cycle3_matrix(tmp_path / "kenya.docx")))
    assert len(found) == 2
    first, second = found
    assert (first.state, first.session, first.cycle) == ("Kenya", 35, 3)
    assert first.labels == {
        "uhri_theme": ["Acceptance of international norms", "Torture and cruel, inhuman or degrading treatment"],
        "sdg_goal": ["16"], "sdg_target": ["16.3", "16.a"], "uhri_affected_person": ["persons deprived of their liberty"],
    }
    assert first.document == "A/HRC/44/9"
    assert second.recommending_states == ["Iran (Islamic Republic of)", "Türkiye"]
    assert second.response == "noted" and second.labels["sdg_goal"] == ["16"]


def test_matrix_without_table_is_refused(tmp_path):
    import docx

    path = tmp_path / "UPR30_Nowhere_x.docx"
    document = docx.Document()
    document.add_paragraph("no table here")
    document.save(path)
    with pytest.raises(MalformedFile, match="no table"):
        ohchr_matrix.parse(path)


@pytest.mark.parametrize("name", ["uhri-sample.json", "uhri-sample.xlsx"])
def test_uhri_fixture(corpus_fixtures, name):
    items = uhri.parse(corpus_fixtures / name)
    found = records(items)
    assert [r.mechanism for r in found] == ["UPR", "UPR", "CRC", "CEDAW",
                                            "SP:Special Rapporteur on the situation of human rights defenders",
                                            "CERD", "CERD", "UPR"]
    upr = found[0]
    assert (upr.session, upr.cycle, upr.year, upr.response) == (20, 2, 2014, "supported")
    assert upr.recommending_states == ["Spain", "Tunisia", "Portugal"]
    assert upr.labels["sdg_target"] == ["16.10", "10.2"] and upr.labels["sdg_goal"] == ["16", "10"]
    assert found[1].recommending_states == ["Senegal", "Venezuela (Bolivarian Republic of)", "Peru"]
    # The export's "- " list bullets are not part of any value.
    assert found[2].labels["uhri_affected_person"] == ["Children", "Girls", "Youth & juveniles"]
    assert found[2].session is None and found[2].document == "CRC/C/FRA/CO/6-7" and found[2].state == "France"
    assert [r.kind for r in found] == ["recommendation"] * 3 + ["observation"] + ["recommendation"] * 4
    assert [r.state for r in found[5:7]] == ["Sweden", "Norway"]
    assert found[5].source_id == "uhri:c41e5a77-0006" and found[6].source_id == "uhri:c41e5a77-0006:1"
    assert [r.reason for r in rejections(items)] == ["no Countries: a recommendation needs the state it is addressed to"]


# A record exactly as OHCHR's UHRI full export writes it.
REAL_SHAPED_UHRI = {
    "AnnotationId": "5e1b7c2a-aaaa", "AnnotationType": "- Concerns/Observations", "Body": "- CRC",
    "Symbol": "CRC/C/GBR/CO/6-7", "Countries": ["- United Kingdom of Great Britain and Northern Ireland"],
    "Regions": ["- Western European and other States"],
    "Text": "The Committee is concerned that children as young as 10 years can be held criminally responsible.",
    "Themes": ["- Juvenile justice", "- Children: deprivation of liberty"],
    "AffectedPersons": ["- Children", "- Youth & juveniles"],
    "Sdgs": ["- 16.3 - Promote the rule of law and ensure equal access to justice"],
    "UprCycle": "", "UprPositions": "", "UprRecommendingCountry": "", "UprSession": "", "PublicationDate": "- 2023-06-02",
}


def test_uhri_real_shaped_record(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps([REAL_SHAPED_UHRI]), encoding="utf-8")
    (record,) = records(uhri.parse(path))
    assert record.mechanism == "CRC"  # the treaty body, not a special procedure named "- CRC"
    assert record.kind == "observation"
    assert record.state == "United Kingdom of Great Britain and Northern Ireland"
    assert record.labels == {"uhri_theme": ["Juvenile justice", "Children: deprivation of liberty"],
                             "uhri_affected_person": ["Children", "Youth & juveniles"],
                             "sdg_goal": ["16"], "sdg_target": ["16.3"]}
    assert (record.date.isoformat(), record.year, record.session, record.response) == ("2023-06-02", 2023, None, "")


def test_uhri_real_shaped_xlsx(tmp_path):
    """The spreadsheet export: one "- value" line per list item, bullets on single values too."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(REAL_SHAPED_UHRI))
    sheet.append([value if isinstance(value, str) else "\n".join(value) for value in REAL_SHAPED_UHRI.values()])
    workbook.save(tmp_path / "export.xlsx")
    (record,) = records(uhri.parse(tmp_path / "export.xlsx"))
    assert (record.mechanism, record.kind, record.year) == ("CRC", "observation", 2023)
    assert record.labels["uhri_affected_person"] == ["Children", "Youth & juveniles"]


@pytest.mark.parametrize("body,code", [
    ("- CRC", "CRC"), ("- CEDAW", "CEDAW"), ("- CAT", "CAT"), ("- CERD", "CERD"), ("- CCPR", "CCPR"),
    ("- HRCttee", "CCPR"), ("Human Rights Committee", "CCPR"), ("- CESCR", "CESCR"), ("- CMW", "CMW"),
    ("- CRPD", "CRPD"), ("- CED", "CED"), ("- SPT", "SPT"), ("Subcommittee on the Prevention of Torture", "SPT"),
    ("Committee on the Rights of the Child (CRC)", "CRC"), ("- CRC-OPSC", "CRC"), ("CRC/OPAC", "CRC"),
    ("Comité contre la torture", "CAT"), ("- UPR", "UPR"), ("Universal Periodic Review", "UPR"),
    (["- CEDAW"], "CEDAW"),
    ("- Special Rapporteur on the right to food", "SP:Special Rapporteur on the right to food"),
    ("Special Procedures: Working Group on Arbitrary Detention", "SP:Working Group on Arbitrary Detention"),
])
def test_uhri_mechanisms(body, code):
    assert uhri.mechanism_code(body) == code


@pytest.mark.parametrize("value,kind", [
    ("- Concerns/Observations", "observation"), ("Observation", "observation"), ("- Recommendation", "recommendation"),
    ("Recommendations", "recommendation"), ("", "recommendation"), (None, "recommendation"), ("- Positive aspects", None),
])
def test_uhri_annotation_types(value, kind):
    assert uhri.annotation_kind(value) == kind


def test_uhri_unknown_annotation_type_is_rejected(tmp_path):
    path = tmp_path / "export.json"
    path.write_text(json.dumps([{**REAL_SHAPED_UHRI, "AnnotationType": "- Positive aspects"}]), encoding="utf-8")
    (rejection,) = rejections(uhri.parse(path))
    assert rejection.reason == ("unknown AnnotationType 'Positive aspects' "
                                "(expected a recommendation or a concern/observation)")


def test_uhri_not_json(tmp_path):
    path = tmp_path / "export.json"
    path.write_text("{not json")
    with pytest.raises(MalformedFile, match="not a UHRI JSON export"):
        uhri.parse(path)


def test_table_mapping(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("Country;Recommendation;Session;From;SDG;Position\n"
                    "France;Adopt a law on equal pay;30;Brazil | Chile;5;Accepted\n"
                    "Brazil;;30;France;5;Noted\n"
                    "Chile;Protect defenders;thirty;France;16;Noted\n", encoding="utf-8")
    mapping = table.parse_mapping("text=Recommendation,state=Country,session=Session,recommending_states=From,"
                                  "label:sdg_goal=SDG,response=Position")
    items = table.parse(path, mapping, language="en")
    found = records(items)
    assert len(found) == 1
    assert (found[0].state, found[0].session, found[0].cycle, found[0].response) == ("France", 30, 3, "supported")
    assert found[0].recommending_states == ["Brazil", "Chile"] and found[0].labels == {"sdg_goal": ["5"]}
    assert [(r.row, r.reason) for r in rejections(items)] == [
        (3, "empty text (column Recommendation)"), (4, "session 'thirty' (column Session) is not a whole number")]
    with pytest.raises(ValueError, match="needs state"):
        table.parse_mapping("text=A")
    with pytest.raises(ValueError, match="unknown field"):
        table.parse_mapping("text=A,state=B,colour=C")
    with pytest.raises(MalformedFile, match="missing column"):
        table.parse(path, table.parse_mapping("text=Text,state=Country"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".json", ".xlsx", ".docx"]))
def test_any_bytes_give_records_or_a_clear_file_error(tmp_path, data, suffix):
    """Every parser either returns records/rejections or raises MalformedFile naming the file."""
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    parsers = {".csv": lambda p: upr_info.parse(p), ".json": uhri.parse, ".xlsx": uhri.parse,
               ".docx": ohchr_matrix.parse}
    try:
        items = parsers[suffix](path)
    except MalformedFile as error:
        assert str(path) in str(error) and error.reason
        return
    assert all(isinstance(item, Record | Rejection) for item in items)
    assert all(item.reason for item in items if isinstance(item, Rejection))


def test_matrix_with_separate_sdg_and_affected_columns(tmp_path):
    """A later layout: themes, "Relevant SDGs" and "Affected persons" in columns of their own."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=5)
    headings = ["Recommendation", "Position", "Themes", "Relevant SDGs", "Affected persons"]
    values = ["43.7 Guarantee access to safe drinking water (Spain)", "Supported/Noted",
              "Right to water and sanitation", "SDG 6 - water and sanitation\n6.1 - Achieve universal access",
              "- persons living in rural areas\n- Women & girls"]
    for row, texts in zip(table.rows, [headings, values], strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    path = tmp_path / "UPR43_Chad_ThematicListRecommendations_F.docx"
    document.save(path)
    (record,) = records(ohchr_matrix.parse(path))
    assert (record.state, record.session, record.cycle, record.language) == ("Chad", 43, 4, "fr")
    assert record.response == "supported" and record.recommending_states == ["Spain"]
    assert record.labels == {"uhri_theme": ["Right to water and sanitation"], "sdg_goal": ["6"], "sdg_target": ["6.1"],
                             "uhri_affected_person": ["persons living in rural areas", "Women & girls"]}


def test_table_from_xlsx(corpus_fixtures):
    mapping = table.parse_mapping("text=Text,state=Countries,mechanism=Body,date=PublicationDate,label:uhri_theme=Themes")
    found = records(table.parse(corpus_fixtures / "uhri-sample.xlsx", mapping))
    assert len(found) == 7  # the row without countries is rejected
    assert found[2].mechanism == "CRC" and found[2].year == 2023 and found[2].date.isoformat() == "2023-06-02"
    assert found[2].labels == {"uhri_theme": ["Corporal punishment", "Children: protection against exploitation"]}


def test_table_may_map_the_type_of_finding(corpus_fixtures):
    mapping = table.parse_mapping("text=Text,state=Countries,mechanism=Body,kind=AnnotationType")
    found = records(table.parse(corpus_fixtures / "uhri-sample.xlsx", mapping))
    assert [(r.mechanism, r.kind) for r in found[2:4]] == [("CRC", "recommendation"), ("CEDAW", "observation")]
    unmapped = records(table.parse(corpus_fixtures / "uhri-sample.xlsx", table.parse_mapping("text=Text,state=Countries")))
    assert {r.kind for r in unmapped} == {"recommendation"}


def test_upr_info_other_export_column_names(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("State under Review,Recommendation,Recommending State,Position,Action Category,Issues,Session\n"
                    "Chile,Adopt a migration law,Peru,General Response,4,Migrants,18\n", encoding="utf-8")
    (record,) = records(upr_info.parse(path))
    assert (record.state, record.recommending_states, record.response, record.cycle) == ("Chile", ["Peru"], "pending", 2)
    assert record.labels == {"action_category": ["4"], "upr_issue": ["Migrants"]}


def test_uhri_list_items_may_be_objects(tmp_path):
    path = tmp_path / "export.json"
    path.write_text('{"value": [{"AnnotationId": 9, "Body": "CAT", "Text": "Prevent torture in custody.", '
                    '"Countries": [{"Id": 75, "Name": "France"}], "Themes": [{"Name": "Torture"}]}]}')
    (record,) = records(uhri.parse(path))
    assert (record.state, record.mechanism, record.source_id, record.labels) == (
        "France", "CAT", "uhri:9", {"uhri_theme": ["Torture"]})
