from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aspiration.accounts import permissions


class JobQuerySet(models.QuerySet):
    def visible_to(self, user) -> JobQuerySet:
        """The jobs ``permissions.can_view_job`` lets this user follow, as one query."""
        if not permissions.is_signed_in(user):
            return self.none()
        seen = Q(created_by=user)
        if permissions.is_coordinator(user):
            seen |= ~Q(kind=Job.Kind.FEED_IMPORT)
        if permissions.is_watch_analyst(user):
            seen |= Q(kind=Job.Kind.FEED_IMPORT)
        return self.filter(seen)


class Job(models.Model):
    """One piece of background work a person started, as that person follows it."""

    class Kind(models.TextChoices):
        IMPORT = "import", _("Import of recommendations")
        FEED_IMPORT = "feed_import", _("Import of an early-warning feed")
        REPORT = "report", _("Report")
        TRAINING = "training", _("Training of a labelling model")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=30, choices=Kind.choices)
    # What the job works on in no particular language (a file name); the kind says what it does.
    title = models.CharField(max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="jobs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True, help_text="unknown until the work is measured")
    message = models.CharField(max_length=300, blank=True, help_text="the step the job is at, in plain words")
    task_path = models.CharField(max_length=200, help_text="the django-tasks task that does the work")
    params = models.JSONField(default=dict, help_text="the task's arguments, kept so a retry does the same work")
    result = models.JSONField(default=dict, blank=True, help_text="summary of what the job did")
    error = models.TextField(blank=True, help_text="why the job failed, in plain words")
    retryable = models.BooleanField(default=True, help_text="false when retrying would fail the same way")
    attempts = models.PositiveSmallIntegerField(default=0)
    # The worker has no request: it speaks the language of the person who started the job, so the reasons it
    # writes (a refused file, a rejected row) read in that person's language.
    language = models.CharField(max_length=10, blank=True, help_text="language of the person who started the job")
    task_result_id = models.CharField(max_length=64, blank=True, help_text="id of the library's task result row")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))
