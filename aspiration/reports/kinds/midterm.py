"""The UPR mid-term report: a cycle's recommendations by cluster, with the plan's actions and progress."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aspiration.reports.data import Rec, ReportError, StateData
from aspiration.reports.document import Chart, Document, Heading, Paragraph, Table
from aspiration.reports.kinds.common import (
    MAX_BARS,
    STATUSES,
    Progress,
    cycle_name,
    iso,
    no_plan_note,
    response_counts,
    response_name,
    status_name,
)


def upr_midterm(data: StateData, language: str, cycle: int | None = None) -> Document:
    upr = [rec for rec in data.recommendations if rec.mechanism_kind == "upr"]
    if not upr:
        raise ReportError(f"{data.iso3} has no UPR recommendations to report on")
    cycles = sorted({rec.cycle for rec in upr if rec.cycle})
    cycle = cycle or (cycles[-1] if cycles else None)
    recs = [rec for rec in upr if rec.cycle == cycle] if cycle else upr
    if not recs:
        raise ReportError(f"{data.iso3} has no UPR recommendations in cycle {cycle}")
    state = data.name(language)
    progress = Progress(data)
    numbers = {rec.id: index for index, rec in enumerate(recs, start=1)}
    supported, noted, _other = response_counts(recs)
    document = Document(
        title=_("UPR mid-term report: %(state)s") % {"state": state}, language=language,
        subtitle=" · ".join(part for part in (cycle_name(cycle) if cycle else "", data.plan.title if data.plan else "",
                                              _("generated %(date)s") % {"date": date_format(date.today(), "DATE_FORMAT")})
                            if part),
    )
    document.add(
        Heading(_("Introduction")),
        Paragraph(
            _("This mid-term report covers the %(count)s recommendations %(state)s received in the Universal Periodic "
              "Review (%(cycle)s): %(supported)s supported and %(noted)s noted.")
            % {"count": len(recs), "state": state, "cycle": cycle_name(cycle), "supported": supported, "noted": noted}
        ),
    )
    if data.plan is None:
        document.add(no_plan_note(data, language))
    else:
        document.add(Paragraph(_("Implementation plan: %(title)s %(period)s")
                               % {"title": data.plan.title, "period": data.plan.period}))
    clusters = _midterm_clusters(data, recs, language)
    _midterm_progress(document, data, recs, clusters, progress)
    document.add(Heading(_("Recommendations by cluster")))
    for title, members in clusters:
        sup, note, _o = response_counts(members)
        document.add(
            Heading(title, 2),
            Paragraph(ngettext("%(count)s recommendation: %(supported)s supported, %(noted)s noted.",
                               "%(count)s recommendations: %(supported)s supported, %(noted)s noted.", len(members))
                      % {"count": len(members), "supported": sup, "noted": note}),
            Table(
                title,
                (_("No."), _("Recommendation"), _("Recommending states"), _("Response"), _("Actions")),
                tuple(
                    (numbers[r.id], r.text, data.recommenders(r, language), response_name(r.response), progress.summary(r))
                    for r in members
                ),
            ),
        )
    if data.plan is not None:
        _midterm_actions(document, data, numbers)
    return document


def is_catch_all(issue: str) -> bool:
    """UPR Info's catch-all issues ("General", "Other", "ESC rights - general", ...) make poor clusters."""
    return issue in ("General", "Other") or issue.endswith("- general")


def main_issue(rec: Rec, frequency: Counter) -> str | None:
    """The issue a recommendation is clustered under without a plan: its most common specific issue."""
    issues = rec.labels.get("upr_issue", [])
    specific = [issue for issue in issues if not is_catch_all(issue)] or issues
    return min(specific, key=lambda issue: (-frequency[issue], issue)) if specific else None


def _midterm_clusters(data: StateData, recs: list[Rec], language: str) -> list[tuple[str, list[Rec]]]:
    """The plan's clusters (as the plan groups them), else the first UPR issue; leftovers last."""
    by_id = {rec.id: rec for rec in recs}
    groups: list[tuple[str, list[Rec]]] = []
    placed: set[int] = set()
    if data.plan is not None:
        for _id, title, rec_ids in data.plan.clusters:
            members = [by_id[i] for i in rec_ids if i in by_id]
            if members:
                groups.append((title, members))
                placed.update(rec.id for rec in members)
    else:
        by_issue: dict[str, list[Rec]] = defaultdict(list)
        frequency = Counter(code for rec in recs for code in rec.labels.get("upr_issue", []))
        for rec in recs:
            issue = main_issue(rec, frequency)
            if issue:
                by_issue[issue].append(rec)
                placed.add(rec.id)
        for code in sorted(by_issue, key=lambda c: (-len(by_issue[c]), c)):
            groups.append((data.label("upr_issue", code, language), by_issue[code]))
    rest = [rec for rec in recs if rec.id not in placed]
    if rest:
        groups.append((_("Recommendations in no cluster"), rest))
    return groups


def _midterm_progress(document: Document, data: StateData, recs: list[Rec], clusters, progress: Progress) -> None:
    document.add(Heading(_("Progress at a glance")))
    states = Counter(progress.state_of(rec) for rec in recs if rec.response == "supported")
    document.add(Table(
        _("Supported recommendations by progress"), (_("Progress"), _("Recommendations")),
        ((_("With a completed action"), states["completed"]), (_("With an action under way"), states["open"]),
         (_("Without an action"), states["none"])),
    ))
    if data.plan is not None and data.plan.actions:
        statuses = Counter(action.status for action in data.plan.actions)
        document.add(
            Table(_("Actions by status"), (_("Status"), _("Actions")), tuple((status_name(s), statuses[s]) for s in STATUSES)),
            Chart(_("Actions by status"), tuple(status_name(s) for s in STATUSES),
                  ((_("Actions"), tuple(float(statuses[s]) for s in STATUSES)),), value_label=_("Actions")),
        )
    if len(clusters) > MAX_BARS:
        clusters = sorted(clusters, key=lambda cluster: -len(cluster[1]))[:MAX_BARS]
        document.add(Paragraph(_("The chart shows the %(count)s largest clusters.") % {"count": MAX_BARS}, note=True))
    document.add(Chart(
        _("Progress on supported recommendations by cluster"), tuple(title for title, _m in clusters),
        tuple(
            (name, tuple(_count_state(progress, members, key) for _title, members in clusters))
            for key, name in (("completed", _("With a completed action")), ("open", _("With an action under way")),
                              ("none", _("Without an action")))
        ),
        stacked=True, horizontal=True, value_label=_("Recommendations"),
    ))


def _count_state(progress: Progress, recs: list[Rec], state: str) -> float:
    return float(sum(progress.state_of(rec) == state for rec in recs if rec.response == "supported"))


def _midterm_actions(document: Document, data: StateData, numbers: dict[int, int]) -> None:
    document.add(Heading(_("Actions")))
    today = date.today()
    actions = data.plan.actions
    overdue = [action for action in actions if action.is_overdue(today)]
    document.add(Paragraph(
        ngettext("%(count)s action; %(completed)s completed; %(overdue)s overdue.",
                 "%(count)s actions; %(completed)s completed; %(overdue)s overdue.", len(actions))
        % {"count": len(actions), "completed": sum(a.status == "completed" for a in actions), "overdue": len(overdue)}
    ))
    if not actions:
        return
    document.add(Table(
        _("Actions, status and evidence"),
        (_("Action"), _("Responsible institution"), _("Due date"), _("Status"), _("Recommendations"),
         _("Latest progress"), _("Evidence"), _("Indicators")),
        tuple(
            (a.title, a.institution, iso(a.due_date), status_name(a.status) + (" !" if a in overdue else ""),
             ", ".join(str(numbers[i]) for i in a.recommendation_ids if i in numbers),
             f"{iso(a.latest_update_date)}: {a.latest_update}" if a.latest_update else "",
             "; ".join(a.evidence), "; ".join(a.indicators))
            for a in actions
        ),
    ))
    if overdue:
        document.add(Paragraph(_("Overdue actions are marked with “!”."), note=True))
