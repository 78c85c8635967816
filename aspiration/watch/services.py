"""Thin Django layer over the pure parts: storing imported rows, scoring items, signals and alerts, purge."""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils import timezone

from aspiration.reference.countries import match_country
from aspiration.watch.alerting import AlertRule, evaluate_series
from aspiration.watch.models import Alert, Feed, Item, ProcessedFile, Score, Signal
from aspiration.watch.parsing import FeedRow, Reason, RowError, gettext_noop, read_file
from aspiration.watch.scoring import CATEGORIES
from aspiration.watch.scoring.io import clean_language, score_records
from aspiration.watch.scoring.model import shipped_model


@dataclass
class ImportSummary:
    read: int = 0
    created: int = 0
    duplicates: int = 0
    expired: int = 0  # published before the retention period: never stored, so a purge is not undone
    errors: list[Reason] = field(default_factory=list)
    unknown_countries: set[str] = field(default_factory=set)

    def line(self) -> str:
        expired = f", {self.expired} past the retention period" if self.expired else ""
        extra = f"; unknown countries kept blank: {', '.join(sorted(self.unknown_countries))}" if self.unknown_countries else ""
        return (f"{self.read} rows read, {self.created} items imported, {self.duplicates} duplicates skipped, "
                f"{len(self.errors)} rows rejected{expired}{extra}")


def resolve_country(value: str) -> str | None:
    """ISO3 for a code or name ("" when none is given, None when it names no country)."""
    value = value.strip()
    return match_country(value) if value else ""


def store_row(row: FeedRow, feed: Feed, summary: ImportSummary, defaults: dict[str, str]) -> None:
    if row.published < retention_cutoff():
        summary.expired += 1
        return
    source = row.source or defaults.get("source", "") or feed.name
    country = resolve_country(row.country or defaults.get("country", ""))
    if country is None:
        summary.unknown_countries.add(row.country)
        country = ""
    item = Item(feed=feed, source=source[:300], country=country,
                language=clean_language(row.language or defaults.get("language", "")) or "", published=row.published)
    item.set_origin(row.url, row.external_id)
    item.set_text(row.text, source)
    if row.author:
        item.set_author(row.author)
    if Item.objects.filter(dedupe_key=item.dedupe_key).exists():
        summary.duplicates += 1
        return
    item.save()
    summary.created += 1


def import_file(path: Path, feed: Feed, defaults: dict[str, str] | None = None, progress=None) -> ImportSummary:
    """Import one file; per-row errors are collected, never raised. ParseError means the file as a whole is unreadable."""
    summary = ImportSummary()
    for row in read_file(path):
        summary.read += 1
        if isinstance(row, RowError):
            summary.errors.append(Reason(gettext_noop("%(file)s, row %(row)s: %(reason)s"),
                                         file=path.name, row=row.number, reason=row.reason))
        else:
            with transaction.atomic():
                store_row(row, feed, summary, defaults or {})
        if progress is not None:
            progress.update(1)
    return summary


def file_checksum(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def new_folder_files(directory: Path) -> list[Path]:
    from aspiration.watch.parsing import READERS

    files = sorted(p for p in directory.iterdir() if p.is_file() and p.suffix.lower() in READERS)
    done = set(ProcessedFile.objects.filter(path__in=[str(p.resolve()) for p in files]).values_list("path", "checksum"))
    return [p for p in files if (str(p.resolve()), file_checksum(p)) not in done]


def mark_processed(path: Path, summary: ImportSummary | None, error: str = "") -> None:
    ProcessedFile.objects.get_or_create(
        path=str(path.resolve()), checksum=file_checksum(path),
        defaults={"summary": {"line": summary.line() if summary else "", "error": error}},
    )


def score_items(items: list[Item], thresholds: dict[str, float] | None = None) -> int:
    """Score and store; returns the number of items flagged in any category."""
    model = shipped_model()
    version = model.meta.get("version", "shipped")
    results = score_records([{"id": i.pk, "text": i.text, "language": i.language or None} for i in items], thresholds=thresholds)
    flagged = 0
    now = timezone.now()
    with transaction.atomic():
        Score.objects.filter(item__in=items).delete()
        scores = []
        for item, result in zip(items, results, strict=True):
            for category in CATEGORIES:
                scores.append(Score(item=item, category=category, score=result["scores"][category],
                                    flagged=category in result["flags"], reason=result["reason"], model_version=version))
            flagged += bool(result["flags"])
            if not item.language:
                item.language = result["language"]
            item.scored_at = now
        Score.objects.bulk_create(scores)
        Item.objects.bulk_update(items, ["scored_at", "language"])
    return flagged


SCORE_BATCH = 2000


def score_pending(thresholds: dict[str, float] | None = None, total=None, advance=None) -> tuple[int, int]:
    """Score every item not scored yet, in batches; returns (scored, flagged). ``total(n)`` is told how many
    there are and ``advance(k)`` after each batch, for a progress bar."""
    pending = list(unscored_items().values_list("pk", flat=True))
    if total:
        total(len(pending))
    flagged = 0
    for start in range(0, len(pending), SCORE_BATCH):
        items = list(Item.objects.filter(pk__in=pending[start:start + SCORE_BATCH]).order_by("pk"))
        flagged += score_items(items, thresholds)
        if advance:
            advance(len(items))
    return len(pending), flagged


def alert_items(alert: Alert):
    """The items an alert counts: flagged in its category, in its country, published on its day."""
    return (Item.objects.filter(country=alert.country, published__date=alert.day,
                                scores__category=alert.category, scores__flagged=True).distinct())


def unscored_items():
    return Item.objects.filter(scored_at__isnull=True).order_by("pk")


def daily_counts() -> dict[tuple[str, str], dict[date, tuple[int, int]]]:
    """{(country, category): {day: (flagged, total)}} from stored scores (items with a country only)."""
    totals = {
        (row["country"], row["day"]): row["n"]
        for row in Item.objects.filter(scored_at__isnull=False).exclude(country="")
        .annotate(day=TruncDate("published")).values("country", "day").annotate(n=Count("id"))
    }
    flagged = defaultdict(int)
    for row in (Score.objects.filter(flagged=True).exclude(item__country="")
                .annotate(day=TruncDate("item__published")).values("item__country", "category", "day").annotate(n=Count("id"))):
        flagged[(row["item__country"], row["category"], row["day"])] = row["n"]
    series: dict[tuple[str, str], dict[date, tuple[int, int]]] = defaultdict(dict)
    for (country, day), total in totals.items():
        for category in CATEGORIES:
            series[(country, category)][day] = (flagged[(country, category, day)], total)
    return series


def update_signals(rule: AlertRule | None = None) -> int:
    """Recompute every daily signal from the stored scores and raise new alerts. Triage of existing alerts is kept."""
    rule = rule or AlertRule(alpha=getattr(settings, "WATCH_ALERT_ALPHA", AlertRule.alpha))
    raised = 0
    with transaction.atomic():
        Signal.objects.all().delete()
        signals = []
        for (country, category), by_day in daily_counts().items():
            first, last = min(by_day), max(by_day)
            days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
            counts = [by_day.get(d, (0, 0))[0] for d in days]
            totals = [by_day.get(d, (0, 0))[1] for d in days]
            for result in evaluate_series(days, counts, totals, rule):
                if result.total:
                    signals.append(Signal(country=country, category=category, day=result.day, count=result.count,
                                          total=result.total, rate=result.rate, baseline=result.baseline, p_value=result.p_value))
                if result.alert:
                    _alert, created = Alert.objects.get_or_create(
                        country=country, category=category, day=result.day,
                        defaults={"count": result.count, "total": result.total, "baseline": result.baseline,
                                  "p_value": result.p_value},
                    )
                    raised += created
        Signal.objects.bulk_create(signals, batch_size=2000)
    return raised


def retention_cutoff(now=None) -> datetime:
    """Items published before this are past retention: purged, and never imported again."""
    return (now or timezone.now()) - timedelta(days=settings.WATCH_RETENTION_DAYS)


def purge(now=None) -> int:
    """Delete items (and their scores) older than the retention limit. Aggregated signals and alerts stay."""
    _total, by_model = Item.objects.filter(published__lt=retention_cutoff(now)).delete()
    return by_model.get("watch.Item", 0)


def purge_and_record(actor=None, occasion: str = "") -> str:
    """``purge``, recorded in the audit trail with who ran it: the account named (``actor``) and, always, the
    operating-system user, since a purge runs from the command line, cron or a restore, not from a web page."""
    import getpass

    from aspiration.accounts.audit import record

    try:
        os_user = getpass.getuser()
    except (KeyError, OSError):  # a container's user id without a name
        os_user = f"uid {os.getuid()}"
    deleted = purge()
    message = (f"purged {deleted} items older than {settings.WATCH_RETENTION_DAYS} days{occasion} "
               f"(by OS user {os_user}{f', account {actor.username}' if actor else ''})")
    record("purge", object_type="watch.item", actor=actor, summary=message,
           after={"deleted": deleted, "retention_days": settings.WATCH_RETENTION_DAYS, "os_user": os_user})
    return message
