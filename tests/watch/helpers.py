"""Builders for early-warning test data that skip the scorer (fast, deterministic)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from aspiration.watch.models import Feed, Item, Score
from aspiration.watch.scoring import CATEGORIES


def make_item(text: str = "An ordinary post.", country: str = "KEN", published: datetime | None = None,
              source: str = "test", handle: str = "", flagged: tuple[str, ...] | None = None) -> Item:
    feed, _ = Feed.objects.get_or_create(name="test feed")
    item = Item(feed=feed, source=source, country=country, language="en",
                published=published or datetime(2026, 3, 1, 12, tzinfo=UTC))
    item.set_text(text, source)
    if handle:
        item.set_author(handle)
    if flagged is not None:
        item.scored_at = item.published
    item.save()
    if flagged is not None:
        Score.objects.bulk_create([Score(item=item, category=c, score=0.9 if c in flagged else 0.1, flagged=c in flagged,
                                         reason=f"{', '.join(flagged)} (test)") for c in CATEGORIES])
    return item


def make_series(country: str, category: str, counts: list[int], totals: list[int], start: datetime) -> None:
    """Items per day: counts[i] flagged in ``category`` out of totals[i]."""
    for day, (flagged, total) in enumerate(zip(counts, totals, strict=True)):
        when = start + timedelta(days=day)
        for n in range(total):
            make_item(f"{country} day {day} item {n}", country, when, flagged=(category,) if n < flagged else ())
