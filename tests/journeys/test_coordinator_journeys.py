"""The coordinator's whole job, then the focal point's and civil society's, on a fresh install, in a browser.

One instance serves the module: each journey goes on from what the previous one left, as people do.
The steps use only the pages each role sees; what was stored is then read back through
``aspiration shell`` (``instance.query``) and through the files the users download.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from tests.conftest import SHARED_DATA, screenshot
from tests.journeys.conftest import accept_suggested_cluster, log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.shared_data]

MATRIX = SHARED_DATA / "ohchr-upr-matrix" / "UPR20_Slovenia_ThematicListRecommendations_E.docx"
UPR_INFO = SHARED_DATA / "upr-info" / "upr-info-sessions-6-9.csv"

# What one journey learns and the next one needs: passwords shown once, pages created.
people: dict[str, str] = {}
made: dict[str, int] = {}


@pytest.fixture(autouse=True)
def _needs_shared_data():
    if not MATRIX.exists() or not UPR_INFO.exists():
        pytest.skip(f"the journeys import real files from {SHARED_DATA}, which is absent")


def shot(page, step: str) -> None:
    screenshot(page, f"journey-{step}")


def submit(page, name: str = "Save") -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def choose(page, selector: str, pattern: str) -> None:
    """Select the option whose text matches ``pattern`` (a person reads the names, not the values)."""
    texts = page.locator(f"{selector} option").all_inner_texts()
    matching = [text for text in texts if re.search(pattern, text)]
    assert matching, f"no option matching {pattern!r} in {selector}: {texts[:20]}"
    page.select_option(selector, label=matching[0])


def _wait_for_htmx(page, selector: str) -> None:
    """Until htmx has taken in the first element matching ``selector`` (after a swap a person's click would
    otherwise land on an element htmx does not listen to yet, a race a person never meets)."""
    page.wait_for_function("selector => { const element = document.querySelector(selector);"
                           " return Boolean(element && element['htmx-internal-data']); }", arg=selector)


def page_id(page, pattern: str) -> int:
    return int(re.search(pattern, page.url).group(1))


def _slovenia_rows(tmp_path: Path) -> Path:
    """A real UPR Info export cut to the rows on Slovenia, in the export's own encoding (Windows-1252)."""
    rows = list(csv.reader(io.StringIO(UPR_INFO.read_text(encoding="cp1252"), newline="")))
    kept = [row for row in rows[1:] if row and row[0] == "Slovenia"]
    assert kept, "the UPR Info file has rows on Slovenia"
    kept.append(["Slovenia", "WEOG", "EU", "", "France", "WEOG", "EU", "Accepted", "4", "Women's rights", "7"])  # no text
    path = tmp_path / "upr-info-slovenia.csv"
    with path.open("w", newline="", encoding="cp1252") as out:
        csv.writer(out).writerows([rows[0], *kept])
    return path


def _wait_for_job(page, timeout_s: int = 240) -> None:
    """The job page updates itself; wait until it says the job finished."""
    page.wait_for_selector("#job-status[data-job-status=done], #job-status[data-job-status=failed]", timeout=timeout_s * 1000)
    assert page.locator("#job-status[data-job-status=done]").count() == 1, page.locator("main").inner_text()


def test_coordinator_imports_plans_clusters_acts_measures_publishes_and_reports(visit, instance, tmp_path):
    admin = visit()
    log_in(admin, "admin", instance.admin_password)
    shot(admin, "01-admin-home")

    # The administrator opens the plan and gives it a coordinator: nothing else is set up on a fresh install.
    admin.goto("/tracking/plans/new/")
    admin.select_option("#id_state", label="Slovenia")
    admin.fill("#id_title", "Slovenia: follow-up to the UPR 2020-2024")
    admin.fill("#id_period_start", "2020-01-01")
    admin.fill("#id_period_end", "2026-12-31")
    shot(admin, "02-new-plan")
    submit(admin)
    made["plan"] = page_id(admin, r"/plans/(\d+)/")
    with admin.expect_navigation():
        admin.get_by_role("link", name="People", exact=True).click()
    admin.select_option("#id_account-role", "coordinator")
    admin.fill("#id_account-username", "coordinator")
    admin.fill("#id_account-first_name", "Maja")
    admin.fill("#id_account-last_name", "Novak")
    submit(admin, "Create account")
    people["coordinator"] = admin.locator("#new-password").inner_text().strip()
    shot(admin, "03-coordinator-account")

    page = visit()
    log_in(page, "coordinator", people["coordinator"])
    plan = made["plan"]
    made["demo"] = instance.query("from aspiration.corpus.models import Recommendation as R\n"
                                  "result = R.objects.filter(state__iso3='SVN').count()")
    made["created"] = 0

    # 1. Import: a UPR Info export, then an OHCHR matrix whose file name does not say the state.
    _import_upr_info(page, tmp_path)
    _import_matrix(page, tmp_path)
    imported = instance.query(
        "from aspiration.corpus.models import Recommendation as R\n"
        "svn = R.objects.filter(state__iso3='SVN')\n"
        "result = {'all': svn.count(),"
        " 'unlabelled': svn.filter(annotations__isnull=True).count(),"
        " 'unindexed': svn.filter(search_entry__isnull=True).count()}")
    assert imported["all"] == made["demo"] + made["created"], (imported, made)
    assert imported["unlabelled"] == 0 and imported["unindexed"] == 0, imported

    # 2. People: two ministries, a civil-society organisation, a focal point and a civil-society account.
    page.goto(f"/tracking/plans/{plan}/people/")
    for name, acronym, kind in (("Ministry of Justice", "MOJ", "government"),
                                ("Ministry of Labour, Family and Social Affairs", "MLFSA", "government"),
                                ("Legal Information Centre for NGOs", "PIC", "civil_society")):
        page.fill("#id_institution-name", name)
        page.fill("#id_institution-acronym", acronym)
        page.select_option("#id_institution-kind", kind)
        submit(page, "Add institution")
    for username, role, institution in (("focal.justice", "focal_point", "Ministry of Justice (MOJ)"),
                                        ("ngo.pic", "civil_society", "Legal Information Centre for NGOs (PIC)")):
        page.select_option("#id_account-role", role)
        choose(page, "#id_account-institution", re.escape(institution))
        page.fill("#id_account-username", username)
        submit(page, "Create account")
        people[username] = page.locator("#new-password").inner_text().strip()
    shot(page, "04-people")
    assert page.locator("main").get_by_text("Ministry of Justice (MOJ)").first.is_visible()

    # 3. Accept a suggested cluster: it keeps exactly the suggested recommendations, and the suggestion goes.
    page.goto(f"/tracking/plans/{plan}/clusters/")
    shot(page, "05-cluster-suggestions")
    first = page.locator(".suggestion").first
    suggested_title = first.locator("h3").inner_text().strip()
    accept_suggested_cluster(page, instance, first, plan)
    assert suggested_title not in [t.strip() for t in page.locator(".suggestion h3").all_inner_texts()]

    # 4. A cluster made by finding recommendations: search in the picker, tick two, create.
    page.fill("#id_title", "Violence against women")
    with page.expect_response(lambda response: "/picker/" in response.url and "rec_q=violence" in response.url):
        page.fill("#recommendation_ids-q", "violence")  # the results come as one types
    with page.expect_response(lambda response: "/picker/" in response.url and "rec_cycle=2" in response.url):
        choose(page, "#recommendation_ids-cycle", r"^Cycle 2 ")  # the cycle the mid-term report is about
    picked_ids = []
    for _ in range(2):  # a ticked result moves to the chosen list, so the next one is first again
        _wait_for_htmx(page, ".picker-results li input[type=checkbox]")
        box = page.locator(".picker-results li input[type=checkbox]").first
        picked_ids.append(int(re.search(r"(\d+)$", box.get_attribute("id")).group(1)))
        box.check()
        page.wait_for_selector(f"#recommendation_ids-chosen-{picked_ids[-1]}")
        page.wait_for_load_state("networkidle")
    shot(page, "06-cluster-picker")
    submit(page, "Create cluster")
    stored = instance.query(
        "from aspiration.tracking.models import Cluster\n"
        f"result = sorted(Cluster.objects.get(plan_id={plan}, title='Violence against women')"
        ".recommendations.values_list('pk', flat=True))")
    assert stored == sorted(picked_ids)
    assert instance.query("from aspiration.corpus.models import Recommendation as R\n"
                          f"result = sorted(set(R.objects.filter(pk__in={picked_ids}).values_list('cycle', flat=True)))") == [2]
    made["cluster_recs"] = sorted(picked_ids)

    # 5. An action from a recommendation found in search, with its institution, cluster and SDG target.
    page.goto("/explore/?q=domestic+violence&state=SVN")
    shot(page, "07-search")
    with page.expect_navigation():
        page.get_by_role("link", name="Add to plan").first.click()
    rec_text = page.locator("blockquote").inner_text()
    with page.expect_navigation():
        page.get_by_role("link", name="New action for this recommendation").click()
    rec_id = int(re.search(r"recommendation=(\d+)", page.url).group(1))
    page.fill("#id_title", "Adopt an act on the prevention of domestic violence")
    page.select_option("#id_responsible_institution", label="Ministry of Justice (MOJ)")
    page.select_option("#id_cluster", label="Violence against women")
    page.fill("#id_start_date", "2021-01-01")
    page.fill("#id_due_date", date(date.today().year + 1, 6, 30).isoformat())
    page.fill("#id_sdg_targets-filter", "5.2")
    page.get_by_label(re.compile(r"^\s*5\.2 ")).first.check()
    shot(page, "08-new-action")
    submit(page)
    action = page_id(page, r"/actions/(\d+)/")
    made["action"] = action
    stored = instance.query(
        "from aspiration.tracking.models import Action\n"
        f"a = Action.objects.get(pk={action})\n"
        "result = {'institution': a.responsible_institution.name, 'recs': list(a.recommendations.values_list('pk', flat=True)),"
        " 'targets': list(a.sdg_targets.values_list('code', flat=True)), 'cluster': a.cluster.title}")
    assert stored == {"institution": "Ministry of Justice", "recs": [rec_id], "targets": ["5.2"],
                      "cluster": "Violence against women"}
    assert rec_text[:60] in page.locator("main").inner_text()

    # A second action for another ministry: the focal point of justice must not be able to touch it.
    page.goto(f"/tracking/plans/{plan}/actions/new/")
    page.fill("#id_title", "Open shelters for victims of violence in every region")
    choose(page, "#id_responsible_institution", r"^Ministry of Labour")
    submit(page)
    made["other_action"] = page_id(page, r"/actions/(\d+)/")

    # 6. An indicator, disaggregated by sex, with one measurement of women.
    page.goto(f"/tracking/actions/{action}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Add indicator").click()
    page.fill("#id_name", "Protection orders issued")
    page.fill("#id_unit", "orders")
    page.fill("#id_baseline", "120")
    page.fill("#id_target", "400")
    page.get_by_label("Sex", exact=True).check()
    submit(page)
    for value, breakdown in (("350", ""), ("210", "sex=female")):  # the total, then the women among them
        with page.expect_navigation():
            page.get_by_role("link", name="Add measurement").click()
        page.fill("#id_value", value)
        page.fill("#id_breakdown", breakdown)
        page.fill("#id_source", "Ministry of Justice statistics")
        submit(page)
    assert page.get_by_text("Sex: female").first.is_visible()
    assert page.get_by_role("img", name=re.compile(r"Baseline: 120.*Latest: 350.*Target: 400")).is_visible()
    shot(page, "09-action-chain")
    stored = instance.query(
        "from aspiration.tracking.models import Measurement\n"
        f"rows = Measurement.objects.filter(indicator__action_id={action}).order_by('id')\n"
        "result = [[m.value, m.disaggregation, m.indicator.disaggregation] for m in rows]")
    assert stored == [[350.0, {}, ["sex"]], [210.0, {"sex": "female"}, ["sex"]]]

    # 7. Publish the plan.
    page.goto(f"/tracking/plans/{plan}/edit/")
    page.check("#id_published")
    submit(page)
    shot(page, "10-plan-dashboard")
    assert instance.query(f"from aspiration.tracking.models import Plan\nresult = Plan.objects.get(pk={plan}).published")

    # Colleagues read the plan in their own language: names, not codes, on every page.
    for language in ("ar", "zh-hans"):
        colleague = visit(language)
        log_in(colleague, "coordinator", people["coordinator"])
        for path, step in ((f"/tracking/plans/{plan}/", "10b-plan-dashboard"), (f"/tracking/actions/{action}/", "10c-action"),
                           ("/imports/", "10d-imports")):
            colleague.goto(path)
            text = colleague.locator("main").inner_text()
            for code in ("in_progress", "focal_point", "civil_society", "SVN", "upr-info", "ohchr-matrix"):
                # a code on its own, not inside a file name such as upr-info-slovenia.csv
                assert not re.search(rf"(?<![\w.-]){code}(?![\w.-])", text), f"{code!r} shown on {path} in {language}"
            shot(colleague, f"{step}-{language}")

    # 8. The mid-term report: the cluster's title and its recommendations are in the Word file.
    page.goto("/reports/")
    page.select_option("#id_kind", "upr-midterm")
    choose(page, "#id_state", "^Slovenia")
    page.select_option("#id_format", "docx")
    shot(page, "11-report-form")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Generate|Download")).click()
    # The report is written by the server's worker; the job page follows it and offers the file.
    page.wait_for_selector("#job-status[data-job-status=done]", timeout=120000)
    shot(page, "11b-report-ready")
    with page.expect_download() as download_info:
        page.locator("#download-report").click()
    report = tmp_path / "midterm.docx"
    download_info.value.save_as(report)
    text = _docx_text(report)
    assert "Violence against women" in text
    cluster_texts = instance.query(
        "from aspiration.corpus.models import Recommendation as R\n"
        f"result = list(R.objects.filter(pk__in={made['cluster_recs']}).values_list('text', flat=True))")
    for rec in cluster_texts:
        assert " ".join(rec.split())[:80] in " ".join(text.split())


def test_focal_point_reports_progress_with_evidence_and_is_refused_elsewhere(visit, instance, tmp_path):
    if "focal.justice" not in people:
        pytest.fail("no account was made for this person: the coordinator's journey did not get that far")
    page = visit()
    log_in(page, "focal.justice", people["focal.justice"])
    with page.expect_navigation():
        page.get_by_role("link", name="My actions").click()
    table = page.locator("main").inner_text()
    assert "Adopt an act on the prevention of domestic violence" in table
    assert "Open shelters for victims" not in table
    shot(page, "12-focal-my-actions")
    page.goto(f"/tracking/actions/{made['action']}/progress/")
    page.fill("#id_narrative", "The draft act was sent to the National Assembly after consulting women's NGOs.")
    page.select_option("#id_status", "in_progress")
    evidence = tmp_path / "consultation-report.pdf"
    evidence.write_bytes(b"%PDF-1.4\n% report of the public consultation\n%%EOF\n")
    page.set_input_files("#id_evidence_file", str(evidence))
    page.check("#id_evidence_public")
    shot(page, "13-focal-progress")
    submit(page)
    assert page.get_by_role("link", name="consultation-report.pdf").first.is_visible()
    stored = instance.query(
        "from aspiration.tracking.models import ProgressUpdate\n"
        f"u = ProgressUpdate.objects.get(action_id={made['action']})\n"
        "e = u.evidence.get()\n"
        "result = {'author': u.author.username, 'status': u.action.status, 'file': e.original_name,"
        " 'size': e.size, 'public': e.public, 'bytes': e.file.open('rb').read().decode()}")
    assert stored == {"author": "focal.justice", "status": "in_progress", "file": "consultation-report.pdf",
                      "size": evidence.stat().st_size, "public": True, "bytes": evidence.read_text()}
    shot(page, "14-focal-action")
    for url in (f"/tracking/actions/{made['other_action']}/edit/", f"/tracking/actions/{made['other_action']}/progress/"):
        assert page.goto(url).status == 403
    assert instance.query(
        f"from aspiration.tracking.models import Action\nresult = Action.objects.get(pk={made['other_action']}).version") == 1


def test_civil_society_assesses_coordinator_publishes_visitor_reads(visit, instance):
    if "ngo.pic" not in people:
        pytest.fail("no account was made for this person: the coordinator's journey did not get that far")
    title = "Adopt an act on the prevention of domestic violence"
    cso = visit()
    log_in(cso, "ngo.pic", people["ngo.pic"])
    cso.goto("/tracking/portal/")
    with cso.expect_navigation():
        cso.get_by_role("link", name=re.compile("Slovenia")).first.click()
    with cso.expect_navigation():
        cso.get_by_role("link", name=title).first.click()
    with cso.expect_navigation():
        cso.get_by_role("link", name="Submit an assessment").click()
    cso.select_option("#id_rating", "3")
    comment = "The act was drafted with NGOs, but shelters outside Ljubljana are still missing."
    cso.fill("#id_comment", comment)
    shot(cso, "15-cso-assessment")
    submit(cso)
    assert instance.query("from aspiration.tracking.models import Assessment\n"
                          "result = list(Assessment.objects.values_list('status', flat=True))") == ["pending"]

    anonymous = visit()
    anonymous.goto(f"/tracking/portal/actions/{made['action']}/")
    assert comment not in anonymous.locator("main").inner_text()

    coordinator = visit()
    log_in(coordinator, "coordinator", people["coordinator"])
    coordinator.goto("/tracking/assessments/moderation/")
    shot(coordinator, "16-moderation")
    coordinator.select_option("#id_decision", "published")
    submit(coordinator, "Decide")
    assert instance.query("from aspiration.tracking.models import Assessment\n"
                          "result = list(Assessment.objects.values_list('status', flat=True))") == ["published"]

    anonymous.goto(f"/tracking/portal/actions/{made['action']}/")
    main = anonymous.locator("main").inner_text()
    assert comment in main
    assert "Partial implementation" in main
    assert anonymous.get_by_role("img", name=re.compile(r"Baseline: 120.*Latest: 350.*Target: 400")).is_visible()
    shot(anonymous, "17-portal-action-en")
    with anonymous.expect_download() as download_info:
        anonymous.get_by_role("link", name="consultation-report.pdf").click()
    assert Path(download_info.value.path()).read_bytes().startswith(b"%PDF-1.4")
    for language in ("ar", "zh-hans"):
        reader = visit(language)
        reader.goto(f"/tracking/portal/actions/{made['action']}/")
        assert comment in reader.locator("main").inner_text()
        shot(reader, f"18-portal-action-{language}")


def _docx_text(path: Path) -> str:
    document = Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _upload(page, kind: str, path: Path) -> None:
    page.goto("/imports/")
    page.get_by_label(kind).check()
    page.set_input_files("#id_file", str(path))
    submit(page, "Upload and import")


def _import_upr_info(page, tmp_path: Path) -> None:
    source = _slovenia_rows(tmp_path)  # with one broken row, as real exports have
    _upload(page, "UPR Info database export (CSV)", source)
    shot(page, "01b-import-progress")
    _wait_for_job(page)
    shot(page, "01c-import-done")
    read, created, merged, rejected_count = (int(page.locator(f"#summary-{key}").inner_text())
                                             for key in ("read", "created", "merged", "rejected"))
    # The demo corpus already holds part of this review: those rows merge instead of doubling.
    made["created"] += created
    assert read == 107 and rejected_count == 1 and merged > 0 and created + merged == 106, (read, created, merged)
    with page.expect_download() as download_info:
        page.locator("#download-rejected").click()
    rejected = list(csv.reader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rejected) == 2 and any("text" in cell.lower() for cell in rejected[1]), rejected


def _import_matrix(page, tmp_path: Path) -> None:
    """An Egypt-style matrix: a name and page header that do not say the state, so the coordinator chooses it."""
    matrix = tmp_path / "MatriceRecommendations.docx"
    document = Document(str(MATRIX))
    for section in document.sections:
        for paragraph in section.header.paragraphs:
            paragraph.text = "Thematic list of recommendations"
    document.save(str(matrix))
    _upload(page, "OHCHR thematic list of recommendations (Word matrix)", matrix)
    assert "MatriceRecommendations.docx" in page.locator("main").inner_text()
    choose(page, "#id_state", "^Slovenia$")
    page.fill("#id_session", "20")  # the 2014 review: it gives the cycle that the mid-term report is about
    shot(page, "01d-import-matrix-state")
    submit(page, "Import")
    _wait_for_job(page)
    assert page.locator("#summary-state").inner_text().strip() == "Slovenia"
    created, merged = (int(page.locator(f"#summary-{key}").inner_text()) for key in ("created", "merged"))
    made["created"] += created
    assert created + merged > 100
    shot(page, "01e-import-matrix-done")
