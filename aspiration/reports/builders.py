"""Report builders: a state's plain data (``aspiration.reports.data``) -> a ``Document``.

Every fixed string goes through gettext; ``build`` runs the builder inside
``translation.override(language)`` so headings come out in the chosen language, and label names
come from the reference data's ``names`` in that language.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date

from django.utils import translation
from django.utils.translation import gettext as _

from aspiration.reports.data import ActionInfo, Rec, ReportError, StateData
from aspiration.reports.document import BulletList, Chart, Document, Heading, Paragraph, Table

MAX_LISTED = 25  # long lists in a briefing show the first ones and say how many more there are
TOP_ISSUES = 12
MAX_BARS = 20  # more bars than this do not fit a page legibly


# --- shared vocabulary -------------------------------------------------------------------------

def response_name(code: str) -> str:
    return {"supported": _("Supported"), "noted": _("Noted")}.get(code, _("No position"))


def status_name(code: str) -> str:
    return {
        "planned": _("Planned"), "in_progress": _("In progress"), "completed": _("Completed"),
        "delayed": _("Delayed"), "cancelled": _("Cancelled"),
    }.get(code, code)


def conclusion_name(code: str) -> str:
    return {
        "responsive": _("Gender-responsive"), "needs_attention": _("Needs attention"),
        "not_responsive": _("Not gender-responsive"),
    }.get(code, code)


STATUSES = ("planned", "in_progress", "delayed", "completed", "cancelled")


def cycle_name(cycle: int | None) -> str:
    return _("Cycle %(number)s") % {"number": cycle} if cycle else "—"


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


class Progress:
    """Which recommendations actions cover, and which of them an action has completed."""

    def __init__(self, data: StateData):
        self.actions_by_rec: dict[int, list[ActionInfo]] = defaultdict(list)
        for action in data.plan.actions if data.plan else []:
            for rec_id in action.recommendation_ids:
                self.actions_by_rec[rec_id].append(action)

    def covered(self, rec: Rec) -> bool:
        return any(action.status != "cancelled" for action in self.actions_by_rec[rec.id])

    def completed(self, rec: Rec) -> bool:
        return any(action.status == "completed" for action in self.actions_by_rec[rec.id])

    def state_of(self, rec: Rec) -> str:
        """completed / open / none: the furthest any action got."""
        return "completed" if self.completed(rec) else "open" if self.covered(rec) else "none"

    def summary(self, rec: Rec) -> str:
        return "; ".join(f"{action.title} ({status_name(action.status)})" for action in self.actions_by_rec[rec.id])


def no_plan_note(data: StateData, language: str) -> Paragraph:
    return Paragraph(
        _("No implementation plan has been recorded for %(state)s, so no actions are reported.")
        % {"state": data.name(language)},
        note=True,
    )


def labelled_counts(data: StateData, taxonomy: str, recs: Iterable[Rec], progress: Progress) -> list[tuple[str, int, int, int]]:
    """(code, recommendations, supported, covered by an action) per label, most frequent first."""
    totals: Counter = Counter()
    supported: Counter = Counter()
    covered: Counter = Counter()
    for rec in recs:
        for code in rec.labels.get(taxonomy, []):
            totals[code] += 1
            supported[code] += rec.response == "supported"
            covered[code] += progress.covered(rec)
    return [(code, totals[code], supported[code], covered[code]) for code, _n in totals.most_common()]


def response_chart(title: str, categories: list[str], recs_per_category: list[list[Rec]], horizontal: bool = False) -> Chart:
    series = tuple(
        (response_name(code), tuple(float(sum(_response_bucket(r) == code for r in recs)) for recs in recs_per_category))
        for code in ("supported", "noted", "other")
    )
    return Chart(title, tuple(categories), series, stacked=True, horizontal=horizontal, value_label=_("Recommendations"))


def _response_bucket(rec: Rec) -> str:
    return rec.response if rec.response in ("supported", "noted") else "other"


# --- country briefing --------------------------------------------------------------------------

def country_briefing(data: StateData, language: str) -> Document:
    state = data.name(language)
    recs = data.recommendations
    progress = Progress(data)
    document = Document(
        title=_("Country briefing: %(state)s") % {"state": state}, language=language,
        subtitle=_("%(count)s recommendations · generated %(date)s") % {"count": len(recs), "date": date.today().isoformat()},
    )
    _briefing_overview(document, data, language)
    _briefing_responses(document, recs)
    _briefing_open_issues(document, data, language, progress)
    _briefing_label_section(document, data, language, progress, "affected_group", _("Affected groups"), _("Group"))
    _briefing_label_section(document, data, language, progress, "cta_area", _("Call to Action areas"), _("Area"))
    _gender_lens(document, data, language)
    if data.risk:
        _risk_section(document, data.risk)
    return document


def _briefing_overview(document: Document, data: StateData, language: str) -> None:
    recs = data.recommendations
    by_mechanism: dict[str, list[Rec]] = defaultdict(list)
    by_mechanism_cycle: dict[tuple[str, int | None], list[Rec]] = defaultdict(list)
    for rec in recs:
        by_mechanism[rec.mechanism].append(rec)
        by_mechanism_cycle[(rec.mechanism, rec.cycle)].append(rec)
    document.add(
        Heading(_("Overview")),
        Paragraph(
            _("Recommendations received by %(state)s: %(count)s, from %(mechanisms)s mechanisms.")
            % {"state": data.name(language), "count": len(recs), "mechanisms": len(by_mechanism)}
        ),
        Table(
            _("Recommendations by mechanism and cycle"),
            (_("Mechanism"), _("Cycle"), _("Recommendations"), _("Supported"), _("Noted"), _("No position")),
            tuple(
                (data.mechanism(mechanism, language), cycle_name(cycle), len(group), *_response_counts(group))
                for (mechanism, cycle), group in sorted(by_mechanism_cycle.items(), key=lambda i: (i[0][0], i[0][1] or 0))
            ),
        ),
    )
    top = sorted(by_mechanism.items(), key=lambda item: -len(item[1]))[:12]
    document.add(response_chart(_("Recommendations by mechanism"), [data.mechanism(m, language) for m, _g in top],
                                [g for _m, g in top]))


def _response_counts(recs: list[Rec]) -> tuple[int, int, int]:
    buckets = Counter(_response_bucket(rec) for rec in recs)
    return buckets["supported"], buckets["noted"], buckets["other"]


def _briefing_responses(document: Document, recs: list[Rec]) -> None:
    document.add(Heading(_("Response rates in the Universal Periodic Review")))
    upr = [rec for rec in recs if rec.mechanism_kind == "upr"]
    if not upr:
        document.add(Paragraph(_("No UPR recommendations are recorded."), note=True))
        return
    by_cycle: dict[int | None, list[Rec]] = defaultdict(list)
    for rec in upr:
        by_cycle[rec.cycle].append(rec)
    cycles = sorted(by_cycle, key=lambda cycle: cycle or 0)
    rows = []
    for cycle in cycles:
        supported, noted, other = _response_counts(by_cycle[cycle])
        rows.append((cycle_name(cycle), len(by_cycle[cycle]), supported, noted, other, percent(supported, len(by_cycle[cycle]))))
    supported, noted, other = _response_counts(upr)
    rows.append((_("All cycles"), len(upr), supported, noted, other, percent(supported, len(upr))))
    document.add(
        Paragraph(
            _("%(supported_share)s%% of the UPR recommendations were supported, %(noted_share)s%% noted.")
            % {"supported_share": percent(supported, len(upr)), "noted_share": percent(noted, len(upr))}
        ),
        Table(
            _("UPR responses by cycle"),
            (_("Cycle"), _("Recommendations"), _("Supported"), _("Noted"), _("No position"), _("Supported (%)")),
            tuple(rows),
        ),
        response_chart(_("UPR responses by cycle"), [cycle_name(c) for c in cycles], [by_cycle[c] for c in cycles]),
    )


def _briefing_open_issues(document: Document, data: StateData, language: str, progress: Progress) -> None:
    supported = [rec for rec in data.recommendations if rec.response == "supported"]
    open_recs = [rec for rec in supported if not progress.completed(rec)]
    document.add(
        Heading(_("Main open issues")),
        Paragraph(
            _("%(open)s of %(supported)s supported recommendations have no completed action.")
            % {"open": len(open_recs), "supported": len(supported)}
        ),
    )
    if data.plan is None:
        document.add(no_plan_note(data, language))
    issues = Counter(code for rec in open_recs for code in rec.labels.get("upr_issue", []))
    counts = labelled_counts(data, "upr_issue", data.recommendations, progress)
    all_counts = {code: (total, sup) for code, total, sup, _covered in counts}
    if issues:
        document.add(Table(
            _("Top UPR issues among open supported recommendations"),
            (_("Issue"), _("Recommendations"), _("Supported"), _("Supported without a completed action")),
            tuple(
                (data.label("upr_issue", code, language), *all_counts[code], count)
                for code, count in issues.most_common(TOP_ISSUES)
            ),
        ))
    else:
        document.add(Paragraph(_("No UPR issues are recorded for these recommendations."), note=True))
    if open_recs:
        listed = open_recs[-MAX_LISTED:][::-1]  # the most recent first
        document.add(Table(
            _("Supported recommendations without a completed action"),
            (_("Mechanism"), _("Cycle"), _("Recommendation"), _("Recommending states"), _("Actions")),
            tuple(
                (data.mechanism(rec.mechanism, language), cycle_name(rec.cycle), rec.text, data.recommenders(rec, language),
                 progress.summary(rec))
                for rec in listed
            ),
        ))
        if len(open_recs) > MAX_LISTED:
            document.add(Paragraph(
                _("The %(shown)s most recent are listed; %(more)s more are open.")
                % {"shown": MAX_LISTED, "more": len(open_recs) - MAX_LISTED},
                note=True,
            ))


def _briefing_label_section(document: Document, data: StateData, language: str, progress: Progress,
                            taxonomy: str, title: str, column: str) -> None:
    document.add(Heading(title))
    counts = labelled_counts(data, taxonomy, data.recommendations, progress)
    if taxonomy == "cta_area":
        counts.sort(key=lambda row: data.sort_key(taxonomy, row[0]))
    if not counts:
        document.add(Paragraph(_("No recommendation is labelled with these categories yet."), note=True))
        return
    names = [data.label(taxonomy, code, language) for code, *_rest in counts]
    document.add(
        Table(
            title, (column, _("Recommendations"), _("Supported"), _("Covered by an action")),
            tuple((name, *row[1:]) for name, row in zip(names, counts, strict=True)),
        ),
        Chart(
            title, tuple(names[:MAX_BARS]),
            ((_("Supported"), tuple(float(row[2]) for row in counts[:MAX_BARS])),
             (_("Other recommendations"), tuple(float(row[1] - row[2]) for row in counts[:MAX_BARS]))),
            stacked=True, horizontal=True, value_label=_("Recommendations"),
        ),
    )


def _gender_lens(document: Document, data: StateData, language: str) -> None:
    document.add(Heading(_("Gender-lens findings")))
    plan = data.plan
    if plan is None:
        document.add(no_plan_note(data, language))
        return
    actions = [action for action in plan.actions if action.status != "cancelled"]
    unreviewed = [action for action in actions if not action.reviewed]
    document.add(Paragraph(
        _("%(reviewed)s of %(actions)s actions have a gender-lens review.")
        % {"reviewed": len(actions) - len(unreviewed), "actions": len(actions)}
    ))
    if plan.reviews:
        conclusions = Counter(review.conclusion for review in plan.reviews)
        document.add(
            Table(_("Gender-lens reviews by conclusion"), (_("Conclusion"), _("Reviews")),
                  tuple((conclusion_name(code), count) for code, count in conclusions.most_common())),
            Table(_("Gender-lens reviews"), (_("Action or plan"), _("Conclusion"), _("Reviewed on"), _("Follow-up")),
                  tuple((r.subject, conclusion_name(r.conclusion), iso(r.reviewed_on), r.follow_up) for r in plan.reviews)),
        )
    else:
        document.add(Paragraph(_("No gender-lens review has been recorded yet."), note=True))
    if unreviewed:
        document.add(Heading(_("Actions without a gender-lens review"), 2),
                     BulletList(tuple(action.title for action in unreviewed[:MAX_LISTED])))


def risk_category_name(code: str) -> str:
    return {
        "sexism": _("Sexism and misogyny"), "violence_against_women": _("Incitement to violence against women"),
        "hate": _("Hate against groups"), "threat": _("Threats of violence"),
        "hrd_journalist_attack": _("Attacks on human rights defenders and journalists"),
    }.get(code, code.replace("_", " "))


def _risk_section(document: Document, risk: dict) -> None:
    """The early-warning desk's summary (``aspiration.watch.risk.country_risk_summary``)."""
    document.add(Heading(_("Early-warning signals")))
    document.add(Paragraph(
        _("In the %(days)s days since %(since)s: %(alerts)s open alerts.")
        % {"days": risk.get("window_days", ""), "since": risk.get("since", ""), "alerts": risk.get("open_alerts", 0)}
    ))
    categories: dict[str, dict] = risk.get("categories") or {}
    if not categories:
        return
    names = [risk_category_name(code) for code in categories]
    document.add(
        Table(
            _("Signals by category"),
            (_("Category"), _("Items scored"), _("Flagged"), _("Flagged (%)"), _("Open alerts"), _("Latest alert"),
             _("Related open recommendations")),
            tuple(
                (name, info.get("items", 0), info.get("flagged", 0), round(100 * (info.get("rate") or 0.0), 1),
                 info.get("open_alerts", 0), info.get("latest_alert") or "", (info.get("related") or {}).get("open_count", 0))
                for name, info in zip(names, categories.values(), strict=True)
            ),
        ),
        Chart(_("Flagged items by category"), tuple(names),
              ((_("Flagged"), tuple(float(info.get("flagged", 0)) for info in categories.values())),),
              horizontal=True, value_label=_("Items")),
    )
    gender = risk.get("gender")
    if gender:
        document.add(Paragraph(
            _("Gender-related signals: %(flagged)s flagged items, %(alerts)s open alerts; "
              "%(open)s open recommendations on violence against women.")
            % {"flagged": gender.get("flagged", 0), "alerts": gender.get("open_alerts", 0),
               "open": gender.get("open_recommendations", 0)}
        ))
    rows = [
        (name, rec.get("text", ""), rec.get("mechanism", ""), rec.get("year") or "", response_name(rec.get("response", "")),
         ", ".join(status_name(s) for s in rec.get("action_statuses", []) if s in STATUSES) or _("No action"))
        for name, info in zip(names, categories.values(), strict=True)
        for rec in (info.get("related") or {}).get("recommendations", [])
    ]
    if rows:
        document.add(Table(
            _("Open recommendations related to the signals"),
            (_("Category"), _("Recommendation"), _("Mechanism"), _("Year"), _("Response"), _("Actions")), tuple(rows),
        ))


# --- UPR mid-term report -----------------------------------------------------------------------

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
    supported, noted, _other = _response_counts(recs)
    document = Document(
        title=_("UPR mid-term report: %(state)s") % {"state": state}, language=language,
        subtitle=" · ".join(part for part in (cycle_name(cycle) if cycle else "", data.plan.title if data.plan else "",
                                              _("generated %(date)s") % {"date": date.today().isoformat()}) if part),
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
        sup, note, _o = _response_counts(members)
        document.add(
            Heading(title, 2),
            Paragraph(_("%(count)s recommendations: %(supported)s supported, %(noted)s noted.")
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
        _("%(count)s actions; %(completed)s completed; %(overdue)s overdue.")
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


# --- VNR human-rights annex --------------------------------------------------------------------

def goals_of(rec: Rec) -> set[str]:
    """A recommendation's SDG goals: its goal labels and the goals of its target labels."""
    return set(rec.labels.get("sdg_goal", [])) | {target.split(".")[0] for target in rec.labels.get("sdg_target", [])}


def vnr_annex(data: StateData, language: str) -> Document:
    state = data.name(language)
    progress = Progress(data)
    by_goal: dict[str, list[Rec]] = defaultdict(list)
    for rec in data.recommendations:
        for goal in goals_of(rec):
            by_goal[goal].append(rec)
    goals = sorted(by_goal, key=lambda goal: (0, int(goal), "") if goal.isdigit() else (1, 0, goal))
    linked = {rec.id for recs in by_goal.values() for rec in recs}
    document = Document(
        title=_("Human rights annex to the Voluntary National Review: %(state)s") % {"state": state}, language=language,
        subtitle=_("generated %(date)s") % {"date": date.today().isoformat()},
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
            if target.split(".")[0] == goal:
                by_target[target].append(rec)
    if by_target:
        targets = sorted(by_target, key=_target_order(data))
        document.add(Table(
            _("Targets of goal %(code)s") % {"code": goal},
            (_("Target"), _("Recommendations"), _("Supported"), _("With an action"), _("With a completed action")),
            tuple((_target_title(data, t, language), *_coverage_row(by_target[t], progress)) for t in targets),
        ))
    document.add(Table(
        _("Recommendations for goal %(code)s") % {"code": goal},
        (_("Targets"), _("Mechanism"), _("Cycle"), _("Recommendation"), _("Response"), _("Actions")),
        tuple(
            (", ".join(t for t in r.labels.get("sdg_target", []) if t.split(".")[0] == goal),
             data.mechanism(r.mechanism, language), cycle_name(r.cycle), r.text, response_name(r.response), progress.summary(r))
            for r in recs
        ),
    ))
    if data.plan is not None:
        targeted = [a for a in data.plan.actions if any(t.split(".")[0] == goal for t in a.sdg_targets)]
        if targeted:
            document.add(Heading(_("Actions aimed at this goal's targets"), 3), BulletList(tuple(
                f"{a.title} ({status_name(a.status)}; {', '.join(a.sdg_targets)})" for a in targeted
            )))


def _target_order(data: StateData) -> Callable[[str], tuple]:
    def key(code: str) -> tuple:
        sort_key = data.sort_keys.get(("sdg_target", code))
        if sort_key:
            return (0, sort_key)
        goal, _sep, rest = code.partition(".")
        return (1, int(goal) if goal.isdigit() else 99, (0, int(rest)) if rest.isdigit() else (1, rest))
    return key


def _target_title(data: StateData, target: str, language: str) -> str:
    name = data.label("sdg_target", target, language)
    return f"{target} {name}" if name != target else target


# --- entry point -------------------------------------------------------------------------------

BUILDERS: dict[str, Callable[..., Document]] = {
    "upr-midterm": upr_midterm,
    "vnr-annex": vnr_annex,
    "country-briefing": country_briefing,
}


def build(kind: str, data: StateData, language: str) -> Document:
    if kind not in BUILDERS:
        raise ReportError(f"unknown report kind {kind!r}: choose one of {', '.join(BUILDERS)}")
    if not data.recommendations:
        raise ReportError(f"{data.iso3} has no recommendations to report on: import some first (aspiration import ...)")
    with translation.override(language):
        return BUILDERS[kind](data, language)
