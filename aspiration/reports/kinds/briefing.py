"""The country briefing: overview, responses, open issues, groups and areas, gender lens, early warning."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aspiration.reports.data import Rec, StateData
from aspiration.reports.document import BulletList, Chart, Document, Heading, Paragraph, Table
from aspiration.reports.kinds.common import (
    MAX_BARS,
    MAX_LISTED,
    TOP_ISSUES,
    Progress,
    conclusion_name,
    cycle_name,
    iso,
    labelled_counts,
    no_plan_note,
    percent,
    response_chart,
    response_counts,
    response_name,
    status_name,
)
from aspiration.watch.risk import CountryRisk
from aspiration.watch.wording import category_name


def country_briefing(data: StateData, language: str) -> Document:
    state = data.name(language)
    recs = data.recommendations
    progress = Progress(data)
    document = Document(
        title=_("Country briefing: %(state)s") % {"state": state}, language=language,
        subtitle=ngettext("%(count)s recommendation · generated %(date)s", "%(count)s recommendations · generated %(date)s",
                          len(recs)) % {"count": len(recs), "date": date_format(date.today(), "DATE_FORMAT")},
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
            ngettext("Recommendations received by %(state)s: %(count)s, from %(mechanisms)s mechanism.",
                     "Recommendations received by %(state)s: %(count)s, from %(mechanisms)s mechanisms.", len(by_mechanism))
            % {"state": data.name(language), "count": len(recs), "mechanisms": len(by_mechanism)}
        ),
        Table(
            _("Recommendations by mechanism and cycle"),
            (_("Mechanism"), _("Cycle"), _("Recommendations"), _("Supported"), _("Noted"), _("No position")),
            tuple(
                (data.mechanism(mechanism, language), cycle_name(cycle), len(group), *response_counts(group))
                for (mechanism, cycle), group in sorted(by_mechanism_cycle.items(), key=lambda i: (i[0][0], i[0][1] or 0))
            ),
        ),
    )
    top = sorted(by_mechanism.items(), key=lambda item: -len(item[1]))[:12]
    document.add(response_chart(_("Recommendations by mechanism"), [data.mechanism(m, language) for m, _g in top],
                                [g for _m, g in top]))


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
        supported, noted, other = response_counts(by_cycle[cycle])
        rows.append((cycle_name(cycle), len(by_cycle[cycle]), supported, noted, other, percent(supported, len(by_cycle[cycle]))))
    supported, noted, other = response_counts(upr)
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


def _risk_section(document: Document, risk: CountryRisk) -> None:
    """The early-warning desk's summary (``aspiration.watch.risk.country_risk``)."""
    document.add(Heading(_("Early-warning signals")))
    document.add(Paragraph(
        _("In the %(days)s days since %(since)s: %(alerts)s open alerts.")
        % {"days": risk.window_days, "since": iso(risk.since), "alerts": risk.open_alerts}
    ))
    if not risk.categories:
        return
    names = [category_name(code) for code in risk.categories]
    categories = list(risk.categories.values())
    document.add(
        Table(
            _("Signals by category"),
            (_("Category"), _("Items scored"), _("Flagged"), _("Flagged (%)"), _("Open alerts"), _("Latest alert"),
             _("Related open recommendations")),
            tuple(
                (name, info.items, info.flagged, round(100 * info.rate, 1), info.open_alerts, iso(info.latest_alert),
                 info.related.open_count)
                for name, info in zip(names, categories, strict=True)
            ),
        ),
        Chart(_("Flagged items by category"), tuple(names), ((_("Flagged"), tuple(float(info.flagged) for info in categories)),),
              horizontal=True, value_label=_("Items")),
    )
    document.add(Paragraph(
        _("Gender-related signals: %(flagged)s flagged items, %(alerts)s open alerts; "
          "%(open)s open recommendations on violence against women.")
        % {"flagged": risk.gender.flagged, "alerts": risk.gender.open_alerts, "open": risk.gender.open_recommendations}
    ))
    rows = [
        (name, rec.text, rec.mechanism, rec.year or "", response_name(rec.response),
         ", ".join(status_name(status) for status in rec.action_statuses) or _("No action"))
        for name, info in zip(names, categories, strict=True)
        for rec in info.related.recommendations
    ]
    if rows:
        document.add(Table(
            _("Open recommendations related to the signals"),
            (_("Category"), _("Recommendation"), _("Mechanism"), _("Year"), _("Response"), _("Actions")), tuple(rows),
        ))
