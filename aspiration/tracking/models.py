"""Implementation plans: clusters of recommendations, actions, indicators, progress, reviews and assessments.

Every editable object that two people may change at once carries a ``version`` integer: a save
must name the version it was based on (see ``aspiration.tracking.services.save_versioned``), so
a stale write is refused instead of silently overwriting someone else's work.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aspiration.accounts import permissions
from aspiration.safe_links import web_link


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1, help_text="optimistic lock: bumped on every save")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user) -> PlanQuerySet:
        """The plans this user may read: all for staff readers, the published ones for everyone else."""
        return self if permissions.can_read_unpublished_plans(user) else self.filter(published=True)


class Plan(Versioned):
    """A state's implementation plan for the recommendations it received."""

    state = models.ForeignKey("reference.Country", verbose_name=_("state"), on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    period_start = models.DateField(_("start of the period"), null=True, blank=True)
    period_end = models.DateField(_("end of the period"), null=True, blank=True)
    published = models.BooleanField(_("published"), default=False, help_text=_("shown on the public portal"))
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def period(self) -> str:
        start = self.period_start.year if self.period_start else ""
        end = self.period_end.year if self.period_end else ""
        return f"{start}–{end}" if (start or end) else ""


class Cluster(Versioned):
    """A group of recommendations answered together, suggested from near-duplicates or UPR issues."""

    class Origin(models.TextChoices):
        MANUAL = "manual", _("Made by hand")
        NEAR_DUPLICATES = "near_duplicates", _("Near-duplicate recommendations")
        UPR_ISSUE = "upr_issue", _("UPR issue")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="clusters")
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, default=Origin.MANUAL)
    recommendations = models.ManyToManyField(
        "corpus.Recommendation", verbose_name=_("recommendations"), blank=True, related_name="tracking_clusters"
    )

    class Meta:
        ordering = ["plan", "title"]

    def __str__(self) -> str:
        return self.title


class Action(Versioned):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        DELAYED = "delayed", _("Delayed")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATUSES = (Status.PLANNED, Status.IN_PROGRESS, Status.DELAYED)

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    responsible_institution = models.ForeignKey(
        "accounts.Institution", on_delete=models.PROTECT, related_name="responsible_actions"
    )
    supporting_institutions = models.ManyToManyField(
        "accounts.Institution", verbose_name=_("supporting institutions"), blank=True, related_name="supporting_actions"
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True)
    recommendations = models.ManyToManyField(
        "corpus.Recommendation", verbose_name=_("recommendations"), blank=True, related_name="actions"
    )
    sdg_targets = models.ManyToManyField(
        "reference.Label", verbose_name=_("SDG targets"), blank=True, related_name="actions_as_sdg_target"
    )
    sdg_indicators = models.ManyToManyField(
        "reference.Label", verbose_name=_("SDG indicators"), blank=True, related_name="actions_as_sdg_indicator"
    )
    cta_areas = models.ManyToManyField(
        "reference.Label", verbose_name=_("Call to Action areas"), blank=True, related_name="actions_as_cta_area"
    )

    class Meta:
        ordering = ["due_date", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """The one owner of the date rule: the action form and the API both call it."""
        if self.start_date and self.due_date and self.due_date < self.start_date:
            raise ValidationError({"due_date": _("The due date is before the start date.")})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < (today or date.today())


class Indicator(Versioned):
    class Dimension(models.TextChoices):
        SEX = "sex", _("Sex")
        AGE = "age", _("Age")
        DISABILITY = "disability", _("Disability")
        LOCATION = "location", _("Location")
        OTHER = "other", _("Other")

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("name"), max_length=300)
    definition = models.TextField(_("definition"), blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.FloatField(_("baseline"), null=True, blank=True)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target = models.FloatField(_("target"), null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    sdg_indicator = models.ForeignKey(
        "reference.Label",
        verbose_name=_("SDG indicator"), null=True, blank=True, on_delete=models.SET_NULL, related_name="tracking_indicators"
    )
    # The dimensions measurements are broken down by: a subset of Dimension values.
    disaggregation = models.JSONField(_("disaggregation"), default=list, blank=True)
    other_dimension = models.CharField(
        _("other dimension"), max_length=100, blank=True, help_text=_("name of the “other” dimension")
    )

    class Meta:
        ordering = ["action", "name"]

    def __str__(self) -> str:
        return self.name


class Measurement(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField(_("date"))
    value = models.FloatField(_("value"))
    # {dimension: value}, e.g. {"sex": "female", "age": "15-24"}; empty for the total.
    disaggregation = models.JSONField(_("breakdown"), default=dict, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, help_text="optimistic lock: bumped on every save")

    class Meta:
        ordering = ["indicator", "date"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.date})"


class ProgressUpdate(Versioned):
    """A focal point's dated account of what happened, with the status it leaves the action in."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress_updates")
    date = models.DateField(_("date"))
    narrative = models.TextField(_("narrative"))
    status = models.CharField(_("status"), max_length=20, choices=Action.Status.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.date}"


def evidence_path(instance: Evidence, filename: str) -> str:
    """A random stored name: the uploader's file name never reaches the file system."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"evidence/{date.today():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Assessment(models.Model):
    """Civil society's or the NHRI's view of how an action or recommendation is implemented."""

    class Rating(models.IntegerChoices):
        NONE = 1, _("No progress")
        LIMITED = 2, _("Limited progress")
        PARTIAL = 3, _("Partial implementation")
        SUBSTANTIAL = 4, _("Substantial implementation")
        FULL = 5, _("Fully implemented")

    class Moderation(models.TextChoices):
        PENDING = "pending", _("Pending moderation")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="assessments")
    institution = models.ForeignKey("accounts.Institution", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.CASCADE, related_name="assessments")
    recommendation = models.ForeignKey(
        "corpus.Recommendation", null=True, blank=True, on_delete=models.CASCADE, related_name="assessments"
    )
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices)
    comment = models.TextField(_("comment"))
    status = models.CharField(_("status"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING, db_index=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_note = models.TextField(_("moderation note"), blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__isnull=False) | Q(recommendation__isnull=False), name="assessment_has_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution or self.author}: {self.get_rating_display()}"


class Evidence(models.Model):
    """A file (kept outside the web root, served by a permission-checked view) or a link."""

    progress_update = models.ForeignKey(
        ProgressUpdate, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, blank=True, max_length=200)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    title = models.CharField(max_length=300, blank=True)
    # Evidence is internal unless its uploader chose to show it on the portal (and the plan is published).
    public = models.BooleanField(default=False, help_text="shown on the public portal when the plan is published")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title or self.original_name or self.url

    @property
    def is_file(self) -> bool:
        return bool(self.file)

    @property
    def web_url(self) -> str:
        """The link to render: "" unless it is an http(s) address (links stored before the check included)."""
        return web_link(self.url)


class GenderLensReview(Versioned):
    """The Call to Action's five gender-lens questions, answered for an action or a whole plan."""

    class Conclusion(models.TextChoices):
        RESPONSIVE = "responsive", _("Gender-responsive")
        NEEDS_ATTENTION = "needs_attention", _("Needs attention")
        NOT_RESPONSIVE = "not_responsive", _("Not gender-responsive")

    QUESTIONS = (
        ("power_relations", _("What are the gendered power relations at play?")),
        ("women_consulted", _("Were women involved and consulted?")),
        ("women_leadership", _("Are women in leadership?")),
        ("differential_impact",
         _("How will it affect women and men differently, especially legislation and its implementation?")),
        ("stereotypes", _("Does it rely on or inadvertently exploit gender stereotypes?")),
    )

    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.CASCADE, related_name="gender_reviews")
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="gender_reviews")
    power_relations = models.TextField()
    women_consulted = models.TextField()
    women_leadership = models.TextField()
    differential_impact = models.TextField()
    stereotypes = models.TextField()
    conclusion = models.CharField(max_length=20, choices=Conclusion.choices)
    follow_up = models.TextField(blank=True, help_text="what should change")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_on = models.DateField()

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__isnull=False, plan__isnull=True) | Q(action__isnull=True, plan__isnull=False),
                name="gender_review_for_action_or_plan",
            )
        ]

    def __str__(self) -> str:
        return f"{self.action or self.plan} ({self.reviewed_on})"


class ReminderLog(models.Model):
    """One reminder email per focal point per day: makes ``aspiration remind`` idempotent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    actions = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="one_reminder_per_user_per_day")]
