"""A user's saved searches on the explore page, with an optional e-mail digest of what is new.

A saved search is the explore page's own query string (``web.query.SearchParams``), so opening it, the
digest and the page always agree on what the search means; that is why it lives with the pages rather
than in ``search``, which knows nothing of page parameters.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedSearch(models.Model):
    class Frequency(models.TextChoices):
        OFF = "off", _("Off")
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    # How long after one digest the next is due; an hour short, so a daily job at a fixed hour never slips a day.
    SLACK = timedelta(hours=1)
    INTERVALS = {Frequency.DAILY: timedelta(days=1) - SLACK, Frequency.WEEKLY: timedelta(days=7) - SLACK}

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("name"), max_length=120)
    querystring = models.CharField(max_length=4000, help_text="the explore page's GET parameters, without the page")
    # Not called "digest": the audit trail leaves out fields of that name (API token digests).
    frequency = models.CharField(_("digest"), max_length=10, choices=Frequency.choices, default=Frequency.OFF)
    # Recommendations stored up to this moment were already known (at saving, or told in a digest): a digest
    # lists only what came after. Null: nothing was stored yet when the search was saved.
    seen_until = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True, help_text="when a digest last ran for this search")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self) -> str:
        return self.name

    def digest_due(self, now) -> bool:
        if self.frequency == self.Frequency.OFF:
            return False
        return self.digested_at is None or now - self.digested_at >= self.INTERVALS[self.frequency]
