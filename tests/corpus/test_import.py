"""The import service and commands against a real database."""

from __future__ import annotations

import csv
import shutil

import pytest
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aspiration.accounts.models import AuditEvent
from aspiration.corpus.models import Annotation, ImportBatch, Recommendation, RejectedRow
from aspiration.corpus.services import ImportError_, import_file
from aspiration.reference.models import Mechanism
from tests.corpus.conftest import run
from tests.corpus.test_parsers import SLOVENIA, cycle3_matrix, independent_upr_info_counts


def labels_of(rec: Recommendation) -> dict[str, list[str]]:
    return rec.labels_by_taxonomy()


def corpus_size() -> tuple[int, int, int]:
    return Recommendation.objects.count(), Annotation.objects.count(), Recommendation.recommending_states.through.objects.count()


def test_small_upr_info_file(reference, corpus_fixtures):
    summary = import_file("upr-info", corpus_fixtures / "upr-info-small.csv")
    assert (summary.read, summary.created, summary.merged, summary.rejected) == (7, 3, 0, 3)
    joint = Recommendation.objects.get(text__startswith="Ratify the Optional Protocol")
    assert joint.state.iso3 == "CIV" and joint.year == 2009 and joint.cycle == 1 and joint.language == "en"
    assert sorted(joint.recommending_states.values_list("iso3", flat=True)) == ["BRA", "FRA"]
    assert labels_of(joint) == {"action_category": ["5"], "response": ["supported"],
                                "upr_issue": ["International instruments", "Torture and other CID treatment"]}
    assert set(joint.annotations.values_list("source", "score").distinct()) == {("import", 1.0)}
    noted = Recommendation.objects.get(text__startswith="Combat female")
    assert noted.response == "noted" and list(noted.recommending_states.values_list("iso3", flat=True)) == ["LCA"]
    pledge = Recommendation.objects.get(response="voluntary_pledge")
    assert not pledge.recommending_states.exists()
    reasons = dict(RejectedRow.objects.filter(batch=summary.batch).values_list("row_number", "reason"))
    assert reasons == {5: "empty Text", 6: "unknown state under review 'Atlantis'",
                       7: "unknown Response 'Maybe' (expected Accepted, Noted or Voluntary Pledge)"}
    assert RejectedRow.objects.get(row_number=6).raw["To"] == "Atlantis"
    assert AuditEvent.objects.filter(action="corpus.import", object_id=str(summary.batch.pk)).exists()


def test_reimport_adds_nothing_and_overlap_merges(reference, corpus_fixtures, tmp_path):
    first = import_file("upr-info", corpus_fixtures / "upr-info-small.csv")
    before = corpus_size()
    again = import_file("upr-info", corpus_fixtures / "upr-info-small.csv")
    assert again.already_imported and again.batch == first.batch and corpus_size() == before
    # An overlapping file: the joint recommendation again with a new recommending state and issue.
    overlap = tmp_path / "overlap.csv"
    overlap.write_text("To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session\n"
                       "Côte d'Ivoire,Africa,AU,ratify the optional protocol to the Convention against Torture.,"
                       "Chile,GRULAC,OAS,Accepted,5,Detention,6\n"
                       "Côte d'Ivoire,Africa,AU,Ensure birth registration,Chile,GRULAC,OAS,Accepted,4,Rights of the Child,6\n",
                       encoding="utf-8")
    summary = import_file("upr-info", overlap)
    assert (summary.created, summary.merged, summary.rejected) == (1, 1, 0)
    joint = Recommendation.objects.get(text__startswith="Ratify the Optional Protocol")
    assert sorted(joint.recommending_states.values_list("iso3", flat=True)) == ["BRA", "CHL", "FRA"]
    assert "Detention" in labels_of(joint)["upr_issue"]
    assert joint.annotations.filter(label__taxonomy__code="action_category").count() == 1
    assert Recommendation.objects.count() == before[0] + 1


@pytest.mark.parametrize("name", ["uhri-sample.json", "uhri-sample.xlsx"])
def test_uhri_import(reference, corpus_fixtures, name):
    summary = import_file("uhri", corpus_fixtures / name)
    assert (summary.read, summary.created, summary.rejected) == (8, 7, 2)  # no country; unknown Ruritania
    crc = Recommendation.objects.get(mechanism__code="CRC")
    assert crc.state.iso3 == "FRA" and crc.year == 2023 and crc.document.symbol == "CRC/C/FRA/CO/6-7"
    assert labels_of(crc)["affected_group"] == ["children", "girls", "youth"]  # "- Youth & juveniles" too
    assert crc.mechanism.kind == Mechanism.Kind.TREATY_BODY and crc.kind == Recommendation.Kind.RECOMMENDATION
    assert labels_of(crc)["sdg_target"] == ["16.2"] and labels_of(crc)["sdg_goal"] == ["16"]
    cedaw = Recommendation.objects.get(mechanism__code="CEDAW")
    assert cedaw.kind == Recommendation.Kind.OBSERVATION  # "- Concerns/Observations"
    assert labels_of(cedaw)["affected_group"] == ["girls", "indigenous_peoples", "minorities", "women"]
    special = Recommendation.objects.get(mechanism__code__startswith="SP:")
    assert special.mechanism.kind == Mechanism.Kind.SPECIAL_PROCEDURE and special.language == "fr"
    # Unmapped affected persons are kept in UHRI's own words.
    assert labels_of(special)["uhri_affected_person"] == ["Land and environmental defenders"]
    upr = Recommendation.objects.get(source_id="uhri:3f2a1c9e-0002")
    assert upr.response == "noted" and upr.session == 20 and upr.cycle == 2
    assert sorted(upr.recommending_states.values_list("iso3", flat=True)) == ["PER", "SEN", "VEN"]
    assert Recommendation.objects.filter(mechanism__code="CERD").count() == 2


def test_uhri_json_then_xlsx_merges_by_source_id(reference, corpus_fixtures):
    import_file("uhri", corpus_fixtures / "uhri-sample.json")
    before = corpus_size()
    summary = import_file("uhri", corpus_fixtures / "uhri-sample.xlsx")
    assert (summary.created, summary.merged) == (0, 7)
    assert corpus_size() == before


def test_slovenia_matrix_import(reference, shared_data):
    summary = import_file("ohchr-matrix", shared_data / SLOVENIA)
    assert (summary.read, summary.created, summary.merged, summary.rejected) == (163, 163, 0, 0)
    assert Recommendation.objects.filter(state__iso3="SVN", session=20).count() == 163
    assert Recommendation.objects.filter(response="noted").count() == 21
    icrmw = Recommendation.objects.get(paragraph="115.8")
    assert sorted(icrmw.recommending_states.values_list("iso3", flat=True)) == ["PER", "SEN", "SLE", "URY", "VEN"]
    assert "migrants" in labels_of(icrmw)["affected_group"]
    assert labels_of(icrmw)["uhri_theme"] == ["Acceptance of international norms", "Migrants"]
    assert Recommendation.objects.get(paragraph="115.10").text == icrmw.text  # same words, another paragraph
    assert import_file("ohchr-matrix", shared_data / SLOVENIA).already_imported


def test_cycle3_matrix_import(reference, tmp_path):
    summary = import_file("ohchr-matrix", cycle3_matrix(tmp_path / "UPR35_Kenya_x.docx"))
    assert summary.created == 2
    rec = Recommendation.objects.get(paragraph="142.2")
    assert sorted(rec.recommending_states.values_list("iso3", flat=True)) == ["IRN", "TUR"]
    assert labels_of(Recommendation.objects.get(paragraph="142.1"))["affected_group"] == ["persons_deprived_of_liberty"]


def test_real_upr_info_counts(reference, shared_data, tmp_path):
    """Shared UPR Info files: as many recommendations as independent joint groups, every row accounted for."""
    folder = shared_data / "upr-info"
    expected = independent_upr_info_counts(folder)
    for name in ("upr-info-sessions-1-5.csv", "upr-info-sessions-voluntary.csv"):
        summary = import_file("upr-info", folder / name)
        rows, joint = expected[name]
        assert summary.read == rows and summary.rejected == 0
        assert summary.created + summary.merged == joint
    assert Recommendation.objects.filter(session__lte=5).exclude(response="voluntary_pledge").count() == 5630
    assert Recommendation.objects.filter(response="voluntary_pledge").count() == 944
    assert Recommendation.objects.filter(year=None, session__lte=5).count() == 0  # years joined via ISO3
    # Identical rows per recommending state: the recommending states of each joint group, independently.
    with open(folder / "upr-info-sessions-1-5.csv", "rb") as handle:
        rows = list(csv.DictReader(handle.read().decode("mac_roman").replace("\r", "\n").splitlines()))
    links = Recommendation.recommending_states.through.objects.filter(recommendation__session__lte=5).exclude(
        recommendation__response="voluntary_pledge").count()
    distinct = {(r["To"], r["Session"], " ".join(r["Text"].split()).casefold().rstrip(" .;,"), r["From"]) for r in rows}
    assert links == len(distinct) - sum(1 for r in distinct if r[3] == "&#40;Unknown&#41;")


def test_import_command_summary_and_rejections_export(reference, corpus_fixtures, tmp_path):
    out = run("import", "upr-info", str(corpus_fixtures / "upr-info-small.csv"))
    assert out.strip().endswith("read 7, created 3, merged 0, rejected 3")
    batch = ImportBatch.objects.get()
    target = tmp_path / "rejected.csv"
    run("import-rejections", batch=batch.pk, output=str(target))
    with open(target, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["row"] for row in rows] == ["5", "6", "7"] and rows[1]["To"] == "Atlantis"
    assert rows[2]["reason"].startswith("unknown Response")


def test_table_command(reference, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("Country,Recommendation,Session,SDG\nFrance,Adopt a law on equal pay,30,5\n"
                    "Brazil,Protect defenders,30,99\n", encoding="utf-8")
    out = run("import", "table", str(path), mapping="text=Recommendation,state=Country,session=Session,label:sdg_goal=SDG",
              language="en")
    assert "read 2, created 1, merged 0, rejected 1" in out
    assert RejectedRow.objects.get().reason == "unknown label(s) sdg_goal:99"
    with pytest.raises(CommandError, match="--map"):
        run("import", "table", str(path), mapping="text=Recommendation")


def test_malformed_file_changes_nothing(reference, corpus_fixtures, tmp_path):
    import_file("upr-info", corpus_fixtures / "upr-info-small.csv")
    before = corpus_size()
    broken = tmp_path / "broken.csv"
    broken.write_bytes(b"To,Text\nFrance,x\n")
    with pytest.raises(ImportError_, match=r"broken.csv, row 1: missing column\(s\) From, Response, Session"):
        import_file("upr-info", broken)
    assert corpus_size() == before
    assert ImportBatch.objects.get(file_name=str(broken)).status == ImportBatch.Status.FAILED
    with pytest.raises(CommandError):
        run("import", "upr-info", str(broken))


HEADER = "To,To-Rgrp,To-Org,Text,From,From-Rgrp,From-Org,Response,Action,Issue,Session\n"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(
    st.binary(max_size=400),
    st.text(max_size=300).map(lambda t: t.encode("utf-8")),
    st.text(max_size=300).map(lambda t: (HEADER + t).encode("utf-16")),
    st.integers(min_value=1, max_value=200).map(lambda n: (HEADER + 'France,WEOG,EU,"Do it ' * 3)[:n + len(HEADER)].encode()),
))
def test_random_and_truncated_input_is_refused_or_rejected_cleanly(reference, tmp_path, data):
    """Any bytes: either a clear whole-file error and nothing stored, or rows stored/rejected with reasons."""
    before = corpus_size()
    path = tmp_path / "random.csv"
    path.write_bytes(data)
    try:
        summary = import_file("upr-info", path)
    except ImportError_ as error:
        assert str(path) in str(error) and "nothing was imported" in str(error)
        assert corpus_size() == before
        return
    if summary.already_imported:  # hypothesis may draw the same bytes twice
        assert corpus_size() == before
        return
    assert summary.read >= summary.rejected and Recommendation.objects.count() == before[0] + summary.created
    assert RejectedRow.objects.filter(batch=summary.batch).count() == summary.rejected
    assert all(reason for reason in RejectedRow.objects.filter(batch=summary.batch).values_list("reason", flat=True))


@pytest.mark.parametrize("fmt,suffix", [("uhri", ".json"), ("uhri", ".xlsx"), ("ohchr-matrix", ".docx"), ("table", ".xlsx")])
def test_wrong_file_types_are_refused(reference, corpus_fixtures, tmp_path, fmt, suffix):
    path = tmp_path / f"not-really{suffix}"
    shutil.copy(corpus_fixtures / "upr-info-small.csv", path)
    with pytest.raises(ImportError_, match="not-really"):
        import_file(fmt, path, {"mapping": {"text": "Text", "state": "To"}})
    assert Recommendation.objects.count() == 0


def test_load_demo(reference):
    out = run("load_demo")
    assert "created 2456" in out and "UPR Info" in out
    assert Recommendation.objects.count() == 2456
    assert Recommendation.objects.values("state").distinct().count() >= 60
    assert Recommendation.objects.values("session").distinct().count() >= 17
    assert "already imported" in run("load_demo")


def test_pledge_with_a_recommendations_words_stays_separate(reference, tmp_path):
    path = tmp_path / "both.csv"
    path.write_text(HEADER + "France,WEOG,EU,Ratify the CED,Chile,GRULAC,OAS,Accepted,5,International instruments,15\n"
                    "France,WEOG,EU,Ratify the CED,France,WEOG,EU,Voluntary Pledge,5,International instruments,15\n")
    assert import_file("upr-info", path).created == 2
    assert sorted(Recommendation.objects.values_list("response", flat=True)) == ["supported", "voluntary_pledge"]
