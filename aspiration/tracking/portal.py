"""The public portal: published plans, their actions and the published views of civil society. Anonymous allowed.

Only published plans are reachable (anything else is a 404, so a draft's existence is not revealed), only
published assessments are shown, and only the evidence its uploader marked public.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from aspiration.accounts import permissions as perm
from aspiration.reference.codes import code_key, goal_of
from aspiration.tracking import analysis
from aspiration.tracking.chain import sdg_goal_titles, with_chain
from aspiration.tracking.models import Action, Assessment, Plan


def portal(request):
    plans = Plan.objects.filter(published=True).select_related("state").order_by("state__iso3", "-period_start")
    return render(request, "tracking/portal.html", {"plans": plans})


def portal_plan(request, pk: int):
    plan = get_object_or_404(Plan.objects.select_related("state"), pk=pk, published=True)
    actions = plan.actions.exclude(status=Action.Status.CANCELLED).select_related("responsible_institution") \
        .prefetch_related("sdg_targets", "cta_areas", "progress_updates")
    by_action: dict[int, list[Assessment]] = {}
    for assessment in _published_assessments().filter(action__plan=plan):
        by_action.setdefault(assessment.action_id, []).append(assessment)
    rows = [{"action": action, "latest": next(iter(action.progress_updates.all()), None),
             "assessments": by_action.get(action.pk, [])} for action in actions]
    return render(request, "tracking/portal_plan.html", {
        "plan": plan, "rows": rows, "coverage": analysis.coverage(plan),
        "groups": _portal_groups(rows),
        "can_assess": perm.can_submit_assessment(request.user)})


def portal_action(request, pk: int):
    action = get_object_or_404(with_chain(Action.objects.all(), public=True), pk=pk, plan__published=True)
    targets = list(action.sdg_targets.all())
    goals = sdg_goal_titles(sorted({goal_of(target.code) for target in targets}, key=code_key))
    return render(request, "tracking/portal_action.html", {
        "action": action, "plan": action.plan,
        "goals": [(title, [t for t in targets if goal_of(t.code) == code]) for code, title in goals.items()],
        "assessments": _published_assessments().filter(action=action),
        "can_assess": perm.can_submit_assessment(request.user)})


def _published_assessments():
    """Pending and rejected assessments never reach the portal."""
    return Assessment.objects.filter(status=Assessment.Moderation.PUBLISHED).select_related("institution")


def _portal_groups(rows: list[dict]) -> dict[str, list[tuple[str, list[dict]]]]:
    """Actions grouped per SDG goal (from their targets, titled "Goal 5: Gender equality") and per Call to Action area."""
    goals: dict[str, list[dict]] = {}
    areas: dict[str, list[dict]] = {}
    for row in rows:
        for goal in sorted({goal_of(label.code) for label in row["action"].sdg_targets.all()}, key=code_key):
            goals.setdefault(goal, []).append(row)
        for area in row["action"].cta_areas.all():
            areas.setdefault(f"{area.code}. {area.name}", []).append(row)
    titles = sdg_goal_titles(goals)
    return {"sdg": [(titles[code], goals[code]) for code in sorted(goals, key=code_key)], "cta": sorted(areas.items())}

