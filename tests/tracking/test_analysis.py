"""Coverage, deadlines, gaps, cluster suggestions, gender-lens findings and SMART hints."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse

from aspiration.tracking import analysis
from aspiration.tracking.models import Cluster, GenderLensReview
from aspiration.tracking.smart import smart_hints, vague_verbs
from tests.tracking.conftest import client_for


def test_coverage_by_goal_area_and_group(world):
    coverage = analysis.coverage(world.plan)
    assert (coverage.total, coverage.covered) == (3, 1)
    goals = {row.code: (row.covered, row.total) for row in coverage.by["sdg_goal"]}
    assert goals == {"3": (0, 1), "5": (1, 1)}  # goal 5 comes from the 5.2 target
    assert {row.code: row.share for row in coverage.by["cta_area"]} == {"3": 1.0}
    assert coverage.by["affected_group"][0].name == "Women"


def test_coverage_sorts_mixed_codes_naturally(world):
    """Call to Action areas coded "3", "3.a", "3.10" and a named group once crashed the sort (int against text)."""
    from tests import factories

    for code in ("3.10", "3.a", "10", "3.2", "Other"):
        factories.recommendation(f"About {code}", labels={"cta_area": [code]})
    coverage = analysis.coverage(world.plan)
    assert [row.code for row in coverage.by["cta_area"]] == ["3", "3.2", "3.10", "3.a", "10", "Other"]


def test_cancelled_actions_do_not_cover(world):
    world.action_a.status = "cancelled"
    world.action_a.save()
    assert analysis.coverage(world.plan).covered == 0


def test_deadlines_and_supported_without_action(world):
    today = date.today()
    assert list(analysis.overdue_actions(world.plan, today)) == [world.action_b]
    assert list(analysis.upcoming_actions(world.plan, today)) == [world.action_a]
    assert list(analysis.upcoming_actions(world.plan, today - timedelta(days=30))) == []
    assert list(analysis.supported_without_action(world.plan)) == [world.rec_health]


def test_cluster_suggestions_group_recommendations_by_upr_issue(world):
    suggestions = analysis.suggest_clusters(world.plan)
    by_issue = [s for s in suggestions if s.origin == "upr_issue"]
    assert by_issue[0].title == "Women's rights"
    assert by_issue[0].recommendation_ids == sorted([world.rec_women.pk, world.rec_health.pk])
    cluster = Cluster.objects.create(plan=world.plan, title="Women")
    cluster.recommendations.set([world.rec_women])
    assert not [s for s in analysis.suggest_clusters(world.plan) if s.origin == "upr_issue"]


def test_gender_findings_and_missing_reviews(client, world):
    GenderLensReview.objects.create(action=world.action_a, power_relations="-", women_consulted="No", women_leadership="-",
                                    differential_impact="-", stereotypes="-", conclusion="needs_attention",
                                    follow_up="Consult women's shelters", reviewed_on=date.today())
    assert list(analysis.actions_without_gender_review(world.plan)) == [world.action_b]
    findings = analysis.gender_findings(world.plan)
    assert findings["reviewed"] == 1 and findings["concerns"][0].follow_up == "Consult women's shelters"
    client_for(client, world, "viewer")
    page = client.get(reverse("tracking:gender_overview", args=[world.plan.pk])).content.decode()
    assert "Consult women&#x27;s shelters" in page and "Open rural clinics" in page


def test_smart_hints():
    codes = {hint.code for hint in smart_hints("Continue to promote the rights of women", indicator_count=0)}
    assert codes == {"vague_verb", "not_measurable", "no_due_date"}
    assert smart_hints("Adopt a law on domestic violence", due_date=date(2026, 1, 1), indicator_count=1) == []
    assert {h.code for h in smart_hints("Train judges", start_date=date(2026, 1, 1), due_date=date(2025, 1, 1))} == {
        "due_before_start"}
    assert vague_verbs("Poursuivre ses efforts pour renforcer") == ["poursuivre", "renforcer"]
    assert vague_verbs("Considering the budget, adopt a law") == ["consider"]


def test_action_page_shows_smart_hints_and_dashboard_renders(client, world):
    world.action_b.title = "Consider opening clinics"
    world.action_b.save()
    client_for(client, world, "coordinator")
    page = client.get(reverse("tracking:action_detail", args=[world.action_b.pk])).content.decode()
    assert 'data-hint="vague_verb"' in page
    dashboard = client.get(reverse("tracking:plan_detail", args=[world.plan.pk])).content.decode()
    assert "Coverage of recommendations by actions" in dashboard and "1 / 3" in dashboard
    assert "Ensure access to health care" in dashboard  # supported, no action
