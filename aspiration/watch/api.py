"""Early-warning API (mounted at /api/watch/): items, daily signals and alerts, for watch analysts only.

Everyone else gets 401 (no token, no session) or 403 (signed in without the analyst flag). Lists are
paginated (``limit``/``offset``; the body is ``{"items": [...], "count": N}``). Authors appear only by
their pseudonym: the raw handle, even when an administrator keeps it, is never returned. An item's text
is decrypted only where it is asked for (one item, or an alert's items) and the reading is audited, as
on the pages.
"""


from datetime import date as Date
from datetime import datetime as DateTime
from typing import Literal

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from aspiration.accounts.audit import record
from aspiration.accounts.permissions import is_watch_analyst
from aspiration.api.auth import WRITE_AUTH, allow
from aspiration.watch.models import Alert, Item, Score, Signal
from aspiration.watch.scoring import CATEGORIES
from aspiration.watch.services import alert_items
from aspiration.watch.wording import category_name, country_name, signal_in_words, status_name

router = Router(tags=["early warning"])
AUTH = WRITE_AUTH  # a token or a signed-in session; there is no anonymous reading of this data
Category = Literal[tuple(CATEGORIES)]  # type: ignore[valid-type]
Status = Literal["new", "confirmed", "dismissed"]


class Error(Schema):
    detail: str


ERRORS = {401: Error, 403: Error, 404: Error}
ONLY_ANALYSTS = "Only watch analysts can read early-warning data."


class ScoreOut(Schema):
    category: str
    category_name: str
    score: float
    flagged: bool

    @staticmethod
    def resolve_category_name(obj: Score) -> str:
        return category_name(obj.category)


class ItemOut(Schema):
    id: int
    feed: str
    source: str
    country: str = Field(description="ISO3; blank when the feed named none")
    country_name: str
    language: str
    published: DateTime
    url: str
    author_pseudonym: str = Field(description="keyed hash of the author's handle; the same author links up")
    scored_at: DateTime | None
    flags: list[str]
    scores: list[ScoreOut]

    @staticmethod
    def resolve_feed(obj: Item) -> str:
        return obj.feed.name

    @staticmethod
    def resolve_country_name(obj: Item) -> str:
        return country_name(obj.country)

    @staticmethod
    def resolve_url(obj: Item) -> str:
        return obj.web_url

    @staticmethod
    def resolve_flags(obj: Item) -> list[str]:
        return [s.category for s in obj.scores.all() if s.flagged]

    @staticmethod
    def resolve_scores(obj: Item) -> list[Score]:
        return list(obj.scores.all())


class ItemWithText(ItemOut):
    text: str

    @staticmethod
    def resolve_text(obj: Item) -> str:
        return obj.text


class SignalOut(Schema):
    country: str
    country_name: str
    category: str
    category_name: str
    day: Date
    count: int = Field(description="flagged items")
    total: int = Field(description="scored items")
    rate: float
    baseline: float | None = Field(description="flagged share of the 28 days before; null without 7 days of history")
    p_value: float | None

    @staticmethod
    def resolve_country_name(obj: Signal) -> str:
        return country_name(obj.country)

    @staticmethod
    def resolve_category_name(obj: Signal) -> str:
        return category_name(obj.category)


class AlertOut(Schema):
    id: int
    country: str
    country_name: str
    category: str
    category_name: str
    day: Date
    count: int
    total: int
    baseline: float
    p_value: float
    in_words: str = Field(description='e.g. "far above usual: about 1 in a million by chance"')
    status: str
    status_name: str
    note: str
    decided_by: str | None
    decided_at: DateTime | None
    created_at: DateTime

    @staticmethod
    def resolve_country_name(obj: Alert) -> str:
        return country_name(obj.country)

    @staticmethod
    def resolve_category_name(obj: Alert) -> str:
        return category_name(obj.category)

    @staticmethod
    def resolve_status_name(obj: Alert) -> str:
        return status_name(obj.status)

    @staticmethod
    def resolve_in_words(obj: Alert) -> str:
        return signal_in_words(obj.count / obj.total if obj.total else 0.0, obj.baseline, obj.p_value)

    @staticmethod
    def resolve_decided_by(obj: Alert) -> str | None:
        return obj.decided_by.get_full_name() or obj.decided_by.username if obj.decided_by else None


class ItemFilters(Schema):
    country: str | None = Field(None, description="ISO3")
    category: Category | None = Field(None, description="only items flagged in this category")
    flagged: bool | None = Field(None, description="only items flagged (true) or not flagged (false) in any category")
    since: Date | None = None
    until: Date | None = None


class SignalFilters(Schema):
    country: str | None = None
    category: Category | None = None
    since: Date | None = None
    until: Date | None = None


class AlertFilters(Schema):
    status: Status | None = None
    country: str | None = None
    category: Category | None = None


def _items(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("feed").prefetch_related(Prefetch("scores", queryset=Score.objects.order_by("category")))


def _days(queryset: QuerySet, field: str, since: Date | None, until: Date | None) -> QuerySet:
    if since:
        queryset = queryset.filter(**{f"{field}__gte": since})
    if until:
        queryset = queryset.filter(**{f"{field}__lte": until})
    return queryset


@router.get("/items", response={200: list[ItemOut], **ERRORS}, auth=AUTH, summary="List feed items (without text)")
@paginate(LimitOffsetPagination)
def list_items(request, filters: Query[ItemFilters]):
    allow(is_watch_analyst(request.auth), ONLY_ANALYSTS)
    items = Item.objects.all()
    if filters.country:
        items = items.filter(country=filters.country.upper())
    if filters.category:
        items = items.filter(scores__category=filters.category, scores__flagged=True)
    if filters.flagged is not None:
        flagged = Score.objects.filter(flagged=True).values("item")
        items = items.filter(pk__in=flagged) if filters.flagged else items.exclude(pk__in=flagged)
    items = _days(items, "published__date", filters.since, filters.until)
    return _items(items.distinct().order_by("-published", "-pk"))


@router.get("/items/{item_id}", response={200: ItemWithText, **ERRORS}, auth=AUTH,
            summary="One item with its decrypted text (the reading is audited)")
def get_item(request, item_id: int):
    allow(is_watch_analyst(request.auth), ONLY_ANALYSTS)
    item = get_object_or_404(_items(Item.objects.all()), pk=item_id)
    record("view", item, actor=request.auth, summary=f"read early-warning item {item.pk} through the API")
    return item


@router.get("/signals", response={200: list[SignalOut], **ERRORS}, auth=AUTH,
            summary="Daily signals: flagged and scored items per country, category and day, with the baseline")
@paginate(LimitOffsetPagination)
def list_signals(request, filters: Query[SignalFilters]):
    allow(is_watch_analyst(request.auth), ONLY_ANALYSTS)
    signals = Signal.objects.all()
    if filters.country:
        signals = signals.filter(country=filters.country.upper())
    if filters.category:
        signals = signals.filter(category=filters.category)
    return _days(signals, "day", filters.since, filters.until).order_by("country", "category", "day")


@router.get("/alerts", response={200: list[AlertOut], **ERRORS}, auth=AUTH, summary="List alerts, newest first")
@paginate(LimitOffsetPagination)
def list_alerts(request, filters: Query[AlertFilters]):
    allow(is_watch_analyst(request.auth), ONLY_ANALYSTS)
    alerts = Alert.objects.select_related("decided_by")
    for field in ("status", "category"):
        if getattr(filters, field):
            alerts = alerts.filter(**{field: getattr(filters, field)})
    if filters.country:
        alerts = alerts.filter(country=filters.country.upper())
    return alerts.order_by("-day", "country", "category")


@router.get("/alerts/{alert_id}", response={200: AlertOut, **ERRORS}, auth=AUTH)
def get_alert(request, alert_id: int):
    allow(is_watch_analyst(request.auth), ONLY_ANALYSTS)
    return get_object_or_404(Alert.objects.select_related("decided_by"), pk=alert_id)


@router.get("/alerts/{alert_id}/items", response={200: list[ItemWithText], **ERRORS}, auth=AUTH,
            summary="The flagged items of an alert's day, with their texts (the reading is audited)")
@paginate(LimitOffsetPagination)
def alert_item_list(request, alert_id: int):
    allow(is_watch_analyst(request.auth), ONLY_ANALYSTS)
    alert = get_object_or_404(Alert, pk=alert_id)
    record("view", alert, actor=request.auth, summary=f"read the texts of the items of alert {alert} through the API")
    return _items(alert_items(alert)).order_by("-published", "-pk")
