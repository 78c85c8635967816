"""The human-rights annex to a Voluntary National Review: recommendations by SDG goal and target."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from aspiration.reference.codes import goal_of, goals_implied, sorted_codes
from aspiration.reports.data import Rec, StateData
from aspiration.reports.document import BulletList, Chart, Document, Heading, Paragraph, Table
from aspiration.reports.kinds.common import Progress, cycle_name, no_plan_note, response_name, status_name


def goals_of(rec: Rec) -> list[str]:
    """A recommendation's SDG goals: its goal labels and the goals of its target labels."""
    return goals_implied(rec.labels.get("sdg_goal", []), rec.labels.get("sdg_target", []))


def vnr_annex(data: StateData, language: str) -> Document:
    state = data.name(language)
    progress = Progress(data)
    by_goal: dict[str, list[Rec]] = defaultdict(list)
    for rec in data.recommendations:
        for goal in goals_of(rec):
            by_goal[goal].append(rec)
    goals = sorted_codes(by_goal)
    linked = {rec.id for recs in by_goal.values() for rec in recs}
    document = Document(
        title=_("Human rights annex to the Voluntary National Review: %(state)s") % {"state": state}, language=language,
        subtitle=_("generated %(date)s") % {"date": date_format(date.today(), "DATE_FORMAT")},
    )
    document.add(
        Heading(_("Introduction")),
        Paragraph(
            _("This annex links the %(count)s recommendations %(state)s has received from the UN human rights mechanisms "
              "to the Sustainable Development Goals; %(linked)s of them are linked to at least one goal or target.")
            % {"count": len(data.recommendations), "state": state, "linked": len(linked)}
        ),
    )
    if data.plan is None:
        document.add(no_plan_note(data, language))
    if not goals:
        document.add(Paragraph(_("No recommendation is linked to an SDG goal or target yet."), note=True))
        return document
    _vnr_overview(document, data, language, goals, by_goal, progress)
    for goal in goals:
        _vnr_goal(document, data, language, goal, by_goal[goal], progress)
    return document


def _coverage_row(recs: list[Rec], progress: Progress) -> tuple[int, int, int, int]:
    return (len(recs), sum(r.response == "supported" for r in recs), sum(progress.covered(r) for r in recs),
            sum(progress.completed(r) for r in recs))


def _vnr_overview(document, data, language, goals, by_goal, progress: Progress) -> None:
    coverage = (_("Recommendations"), _("Supported"), _("With an action"), _("With a completed action"))
    document.add(
        Heading(_("Overview by goal")),
        Table(_("Recommendations by SDG goal"), (_("Goal"), *coverage),
              tuple((_goal_title(data, goal, language), *_coverage_row(by_goal[goal], progress)) for goal in goals)),
        Chart(
            _("Recommendations by SDG goal"), tuple(_("SDG %(code)s") % {"code": goal} for goal in goals),
            tuple(
                (name, tuple(float(sum(progress.state_of(r) == key for r in by_goal[g])) for g in goals))
                for key, name in (("completed", _("With a completed action")), ("open", _("With an action under way")),
                                  ("none", _("Without an action")))
            ),
            stacked=True, value_label=_("Recommendations"),
        ),
    )


def _goal_title(data: StateData, goal: str, language: str) -> str:
    name = data.label("sdg_goal", goal, language)
    return _("Goal %(code)s: %(name)s") % {"code": goal, "name": name} if name != goal else _("Goal %(code)s") % {"code": goal}


def _vnr_goal(document, data: StateData, language: str, goal: str, recs: list[Rec], progress: Progress) -> None:
    document.add(Heading(_goal_title(data, goal, language), 2))
    by_target: dict[str, list[Rec]] = defaultdict(list)
    for rec in recs:
        for target in rec.labels.get("sdg_target", []):
            if goal_of(target) == goal:
                by_target[target].append(rec)
    if by_target:
        targets = sorted_codes(by_target)
        document.add(Table(
            _("Targets of goal %(code)s") % {"code": goal},
            (_("Target"), _("Recommendations"), _("Supported"), _("With an action"), _("With a completed action")),
            tuple((_target_title(data, t, language), *_coverage_row(by_target[t], progress)) for t in targets),
        ))
    document.add(Table(
        _("Recommendations for goal %(code)s") % {"code": goal},
        (_("Targets"), _("Mechanism"), _("Cycle"), _("Recommendation"), _("Response"), _("Actions")),
        tuple(
            (", ".join(t for t in r.labels.get("sdg_target", []) if goal_of(t) == goal),
             data.mechanism(r.mechanism, language), cycle_name(r.cycle), r.text, response_name(r.response), progress.summary(r))
            for r in recs
        ),
    ))
    if data.plan is not None:
        targeted = [a for a in data.plan.actions if any(goal_of(t) == goal for t in a.sdg_targets)]
        if targeted:
            document.add(Heading(_("Actions aimed at this goal's targets"), 3), BulletList(tuple(
                f"{a.title} ({status_name(a.status)}; {', '.join(a.sdg_targets)})" for a in targeted
            )))


def _target_title(data: StateData, target: str, language: str) -> str:
    name = data.label("sdg_target", target, language)
    return f"{target} {name}" if name != target else target
