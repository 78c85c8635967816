"""Early-warning data: feeds, items (encrypted, pseudonymised), scores, daily signals, alerts."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from aspiration.safe_links import web_link
from aspiration.watch import privacy
from aspiration.watch.scoring import CATEGORIES
from aspiration.watch.wording import CATEGORY_NAMES, STATUS_NAMES

CATEGORY_CHOICES = [(c, CATEGORY_NAMES[c]) for c in CATEGORIES]


class Feed(models.Model):
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="items")
    source = models.CharField(max_length=300, blank=True, help_text="site or account family the item came from")
    external_id = models.CharField(max_length=300, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    country = models.CharField(max_length=3, blank=True, db_index=True, help_text="ISO3")
    language = models.CharField(max_length=10, blank=True)
    published = models.DateTimeField(db_index=True)
    text_encrypted = models.TextField(help_text="Fernet token of the text; never stored in clear")
    author_pseudonym = models.CharField(max_length=64, blank=True, db_index=True)
    author_handle = models.CharField(max_length=300, blank=True, help_text="only if WATCH_STORE_RAW_HANDLES")
    dedupe_key = models.CharField(max_length=64, unique=True)
    imported_at = models.DateTimeField(auto_now_add=True)
    scored_at = models.DateTimeField(null=True, blank=True, db_index=True)

    @property
    def web_url(self) -> str:
        """The link to render: "" unless it is an http(s) address (items stored before the check included)."""
        return web_link(self.url)

    class Meta:
        ordering = ["-published"]

    def __str__(self) -> str:
        return f"item {self.pk} ({self.country or '?'}, {self.published:%Y-%m-%d})"

    @property
    def text(self) -> str:
        return privacy.decrypt(self.text_encrypted)

    def set_text(self, text: str, source: str) -> None:
        self.text_encrypted = privacy.encrypt(text)
        self.dedupe_key = privacy.dedupe_key(text, source)

    def set_author(self, handle: str) -> None:
        self.author_pseudonym = privacy.pseudonymise(handle)
        self.author_handle = handle.strip() if settings.WATCH_STORE_RAW_HANDLES else ""

    def set_origin(self, url: str, external_id: str) -> None:
        """The item's link and id (often a link too), with the handles inside them pseudonymised like the author."""
        keep = (lambda value: value) if settings.WATCH_STORE_RAW_HANDLES else privacy.pseudonymise_url
        self.url, self.external_id = keep(url)[:1000], keep(external_id)[:300]


class Score(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="scores")
    category = models.CharField(max_length=40, choices=CATEGORY_CHOICES)
    score = models.FloatField()
    flagged = models.BooleanField(default=False, db_index=True)
    # Encrypted like the item's text: a reason quotes the cue words it found in the text.
    reason_encrypted = models.TextField(blank=True, help_text="Fernet token of the reason; never stored in clear")
    model_version = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "category"], name="watch_unique_item_score")]

    @property
    def reason(self) -> str:
        return privacy.decrypt(self.reason_encrypted) if self.reason_encrypted else ""

    @reason.setter
    def reason(self, text: str) -> None:
        self.reason_encrypted = privacy.encrypt(text) if text else ""


class Signal(models.Model):
    """Per country, category and day: flagged items out of all items, against a trailing baseline."""

    country = models.CharField(max_length=3, db_index=True)
    category = models.CharField(max_length=40, choices=CATEGORY_CHOICES)
    day = models.DateField(db_index=True)
    count = models.PositiveIntegerField(default=0, help_text="flagged items")
    total = models.PositiveIntegerField(default=0, help_text="all scored items")
    rate = models.FloatField(default=0.0)
    baseline = models.FloatField(null=True, blank=True, help_text="trailing-window rate; null without enough history")
    p_value = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["country", "category", "day"]
        constraints = [models.UniqueConstraint(fields=["country", "category", "day"], name="watch_unique_signal")]


class Alert(models.Model):
    class Status(models.TextChoices):
        NEW = "new", STATUS_NAMES["new"]
        CONFIRMED = "confirmed", STATUS_NAMES["confirmed"]
        DISMISSED = "dismissed", STATUS_NAMES["dismissed"]

    country = models.CharField(max_length=3, db_index=True)
    category = models.CharField(max_length=40, choices=CATEGORY_CHOICES)
    day = models.DateField()
    count = models.PositiveIntegerField()
    total = models.PositiveIntegerField()
    baseline = models.FloatField()
    p_value = models.FloatField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW, db_index=True)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "country", "category"]
        constraints = [models.UniqueConstraint(fields=["country", "category", "day"], name="watch_unique_alert")]

    def __str__(self) -> str:
        return f"{self.country} {self.category} {self.day}"


class ProcessedFile(models.Model):
    """Files a watched folder has imported: same path and content are never imported twice."""

    path = models.CharField(max_length=1000)
    checksum = models.CharField(max_length=64)
    processed_at = models.DateTimeField(auto_now_add=True)
    summary = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["path", "checksum"], name="watch_unique_processed_file")]
