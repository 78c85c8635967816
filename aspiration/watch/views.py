"""Early-warning pages: only watch analysts see anything here (anonymous users are sent to log in)."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from aspiration.accounts.audit import record, snapshot
from aspiration.accounts.permissions import is_watch_analyst, requires
from aspiration.watch.forms import TriageForm
from aspiration.watch.models import Alert, Item, Score, Signal
from aspiration.watch.risk import country_risk_summary
from aspiration.watch.scoring import CATEGORIES

analyst_required = requires(is_watch_analyst, gettext_lazy("Only watch analysts can see the early-warning desk."))


@analyst_required
def dashboard(request):
    since = timezone.now().date() - timedelta(days=28)
    table: dict[str, dict[str, dict]] = defaultdict(dict)
    for s in Signal.objects.filter(day__gte=since).order_by("day"):
        cell = table[s.country].setdefault(s.category, {"count": 0, "total": 0, "last_rate": 0.0, "baseline": None})
        cell["count"] += s.count
        cell["total"] += s.total
        cell["last_rate"], cell["baseline"] = s.rate, s.baseline
    open_alerts = Alert.objects.filter(status=Alert.Status.NEW)
    context = {
        "categories": CATEGORIES,
        "countries": [(country, [cells.get(c) for c in CATEGORIES]) for country, cells in sorted(table.items())],
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


def alert_items(alert: Alert):
    return (Item.objects.filter(country=alert.country, published__date=alert.day,
                                scores__category=alert.category, scores__flagged=True).distinct())


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
    items = alert_items(alert)
    return render(request, "watch/alert_detail.html", {"alert": alert, "form": form, "items": items[:100],
                                                       "item_count": items.count()})


@analyst_required
def item_detail(request, pk: int):
    item = get_object_or_404(Item.objects.select_related("feed"), pk=pk)
    record("view", item, summary=f"viewed early-warning item {item.pk}")
    scores = Score.objects.filter(item=item).order_by("-score")
    return render(request, "watch/item_detail.html", {"item": item, "text": item.text, "scores": scores,
                                                      "reason": scores[0].reason if scores else ""})


@analyst_required
def country_risk(request, iso3: str):
    summary = country_risk_summary(iso3)
    if summary is None:
        raise Http404(_("The early-warning desk has no signals for this country."))
    return render(request, "watch/country.html", {"summary": summary, "iso3": iso3.upper()})
