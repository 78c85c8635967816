"""Early-warning pages: only watch analysts see anything here (anonymous users are sent to log in)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from aspiration.accounts.audit import record, snapshot
from aspiration.accounts.permissions import is_watch_analyst, requires
from aspiration.reference import display
from aspiration.watch.charts import ChartWords, DayPoint, series_chart_svg
from aspiration.watch.forms import TriageForm
from aspiration.watch.models import Alert, Item, Score, Signal
from aspiration.watch.risk import country_risk as load_country_risk
from aspiration.watch.scoring import CATEGORIES
from aspiration.watch.scoring.features import matched_cues
from aspiration.watch.services import alert_items
from aspiration.watch.wording import category_name, country_name, signal_in_words

SNIPPET_CHARS = 280
CHARTED_COUNTRIES = 6  # per category on the dashboard: the countries with the most flagged items

analyst_required = requires(is_watch_analyst, gettext_lazy("Only watch analysts can see the early-warning desk."))


def series_chart(country: str, category: str, signals: list[Signal], alert_days: set[date], chart_id: str) -> str:
    """The daily flagged share of one country and category against its baseline, as SVG in the reader's language."""
    if not signals:
        return ""
    points = [DayPoint(s.day, s.rate, s.baseline, s.day in alert_days) for s in signals]
    flagged, total = sum(s.count for s in signals), sum(s.total for s in signals)
    words = ChartWords(
        title=_("%(category)s in %(country)s, share of items flagged per day")
        % {"category": category_name(category), "country": country_name(country)},
        desc=_("From %(first)s to %(last)s: %(flagged)s of %(total)s items flagged; %(alerts)s alert days. "
               "The solid line is the day's share, the dashed line the usual share of the 28 days before.")
        % {"first": signals[0].day.isoformat(), "last": signals[-1].day.isoformat(), "flagged": flagged,
           "total": total, "alerts": sum(p.alert for p in points)},
        share=_("share flagged"), baseline=_("usual share (baseline)"), alert=_("alert"))
    return series_chart_svg(points, words, chart_id)


def _alert_days(**filters) -> dict[tuple[str, str], set[date]]:
    days: dict[tuple[str, str], set[date]] = defaultdict(set)
    for country, category, day in Alert.objects.filter(**filters).values_list("country", "category", "day"):
        days[(country, category)].add(day)
    return days


@analyst_required
def dashboard(request):
    since = timezone.now().date() - timedelta(days=28)
    table: dict[str, dict[str, dict]] = defaultdict(dict)
    by_series: dict[tuple[str, str], list[Signal]] = defaultdict(list)
    for s in Signal.objects.filter(day__gte=since).order_by("day"):
        cell = table[s.country].setdefault(s.category, {"count": 0, "total": 0, "last_rate": 0.0, "baseline": None})
        cell["count"] += s.count
        cell["total"] += s.total
        cell["last_rate"], cell["baseline"] = s.rate, s.baseline
        by_series[(s.country, s.category)].append(s)
    alert_days = _alert_days(day__gte=since)
    charts = []
    for category in CATEGORIES:
        ranked = sorted((country for country, cells in table.items() if cells.get(category, {}).get("count")),
                        key=lambda country: (-table[country][category]["count"], country))[:CHARTED_COUNTRIES]
        svgs = [(country, series_chart(country, category, by_series[(country, category)],
                                       alert_days[(country, category)], f"chart-{category}-{country}"))
                for country in ranked]
        if svgs:
            charts.append((category, svgs))
    open_alerts = Alert.objects.filter(status=Alert.Status.NEW)
    context = {
        "categories": CATEGORIES,
        "countries": [(country, [cells.get(c) for c in CATEGORIES])
                      for country, cells in sorted(table.items(), key=lambda row: country_name(row[0]))],
        "charts": charts,
        "open_alerts": open_alerts[:20],
        "open_alert_count": open_alerts.count(),
        "items_total": Item.objects.count(),
        "items_unscored": Item.objects.filter(scored_at__isnull=True).count(),
    }
    return render(request, "watch/dashboard.html", context)


@analyst_required
def alert_list(request):
    status = request.GET.get("status", "new")
    alerts = Alert.objects.all() if status == "all" else Alert.objects.filter(status=status)
    page = Paginator(alerts, 50).get_page(request.GET.get("page"))
    return render(request, "watch/alert_list.html", {"page": page, "status": status, "statuses": Alert.Status.choices})


@analyst_required
@require_http_methods(["GET", "POST"])
def alert_detail(request, pk: int):
    alert = get_object_or_404(Alert, pk=pk)
    form = TriageForm(request.POST or None, instance=alert)
    if request.method == "POST" and form.is_valid():
        before = snapshot(Alert.objects.get(pk=pk))
        alert = form.save(commit=False)
        alert.decided_by, alert.decided_at = request.user, timezone.now()
        alert.save()
        record("triage", alert, before=before, after=snapshot(alert), summary=f"alert {alert} -> {alert.status}")
        return redirect("watch:alert", pk=alert.pk)
    items = list(alert_items(alert)[:100])
    if items:  # the snippets are the items' texts: reading them is recorded like opening each item
        record("view", alert, summary=f"read the texts of {len(items)} items of alert {alert}")
    shown = [(item, _snippet(item.text)) for item in items]
    window = Signal.objects.filter(country=alert.country, category=alert.category,
                                   day__gte=alert.day - timedelta(days=28), day__lte=alert.day + timedelta(days=7))
    chart = series_chart(alert.country, alert.category, list(window.order_by("day")),
                         _alert_days(country=alert.country, category=alert.category)[(alert.country, alert.category)],
                         f"chart-alert-{alert.pk}")
    return render(request, "watch/alert_detail.html", {
        "alert": alert, "form": form, "items": shown, "item_count": alert_items(alert).count(), "chart": chart,
        "in_words": signal_in_words(alert.count / alert.total if alert.total else 0.0, alert.baseline, alert.p_value)})


ITEMS_PER_PAGE = 50
NO_COUNTRY = "-"


@analyst_required
def item_list(request):
    """Flagged items, newest first, by country and category: every flag can be reached, not only an alert's."""
    every_flag = Score.objects.filter(flagged=True)
    category = request.GET.get("category", "")
    category = category if category in CATEGORIES else ""
    flags = every_flag.filter(category=category) if category else every_flag
    # The country choices do not depend on the category chosen, so changing one keeps the other reachable.
    countries = sorted(set(Item.objects.filter(pk__in=every_flag.values("item")).values_list("country", flat=True)),
                       key=country_name)
    # "" is every country; NO_COUNTRY the items whose feed named none (stored as a blank code).
    choices = [(code or NO_COUNTRY, country_name(code)) for code in countries]
    country = request.GET.get("country", "")
    country = country if country in dict(choices) else ""
    items = Item.objects.filter(pk__in=flags.values("item")).select_related("feed")
    if country:
        items = items.filter(country="" if country == NO_COUNTRY else country)
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    flagged_in: dict[int, list[str]] = defaultdict(list)
    for s in Score.objects.filter(item__in=shown, flagged=True).order_by("-score"):
        flagged_in[s.item_id].append(category_name(s.category))
    if shown:  # the snippets are the items' texts: reading them is recorded like opening each item
        record("view", object_type="watch.item", summary=f"read the texts of {len(shown)} flagged items "
               f"(country {country or 'any'}, category {category or 'any'}, page {page.number})")
    return render(request, "watch/item_list.html", {
        "page": page, "rows": [(item, _snippet(item.text), flagged_in[item.pk]) for item in shown],
        "countries": choices, "country": country,
        "categories": [(code, category_name(code)) for code in CATEGORIES], "category": category})


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS - 1].rstrip() + "…"


@analyst_required
def item_detail(request, pk: int):
    item = get_object_or_404(Item.objects.select_related("feed"), pk=pk)
    record("view", item, summary=f"viewed early-warning item {item.pk}")
    scores = list(Score.objects.filter(item=item).order_by("-score"))
    text = item.text
    # The stored reason is the scorer's English line (the `watch score` contract); the page says it in words.
    reasons = [(category_name(s.category), s.score, matched_cues(text, s.category)[:4]) for s in scores if s.flagged]
    return render(request, "watch/item_detail.html", {"item": item, "text": text, "scores": scores,
                                                      "reasons": reasons, "screened": "lexical screen" in
                                                      (scores[0].reason if scores else "")})


@analyst_required
def country_risk(request, iso3: str):
    risk = load_country_risk(iso3)
    if risk is None:
        raise Http404(_("The early-warning desk has no signals for this country."))
    iso3 = risk.country
    signals: dict[str, list[Signal]] = defaultdict(list)
    for s in Signal.objects.filter(country=iso3, day__gte=risk.since).order_by("day"):
        signals[s.category].append(s)
    alert_days = _alert_days(country=iso3, day__gte=risk.since)
    charts = {category: series_chart(iso3, category, signals[category], alert_days[(iso3, category)],
                                     f"chart-{category}") for category in CATEGORIES}
    # What each related recommendation's actions have reached, by name; none planned is said so.
    statuses = {rec.id: [display.choice("tracking.Action", "status", code) for code in rec.action_statuses]
                or [_("no action planned")]
                for category in risk.categories.values() for rec in category.related.recommendations}
    return render(request, "watch/country.html", {"risk": risk, "iso3": iso3, "charts": charts, "statuses": statuses,
                                                  "country": country_name(iso3)})
