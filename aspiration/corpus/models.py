"""Documents, recommendations, their labels (annotations) and the import batches they came from."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from aspiration.corpus.labels import precedence


class ImportBatch(models.Model):
    """One file imported once: what it was, what happened, and every row it rejected."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    file_name = models.CharField(max_length=500)
    format = models.CharField(max_length=40)
    checksum = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the file")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    error = models.TextField(blank=True, help_text="why the whole file was rejected")
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    merged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-started_at"]
        verbose_name_plural = "import batches"

    def __str__(self) -> str:
        return f"{self.format}: {self.file_name} ({self.status})"


class RejectedRow(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rejected_rows")
    row_number = models.PositiveIntegerField()
    reason = models.TextField()
    raw = models.JSONField(default=dict)

    class Meta:
        ordering = ["batch", "row_number"]


class Document(models.Model):
    """An outcome document: a UPR working group report, concluding observations, a mission report."""

    symbol = models.CharField(max_length=100, unique=True)
    mechanism = models.ForeignKey("reference.Mechanism", on_delete=models.PROTECT)
    state = models.ForeignKey("reference.Country", null=True, blank=True, on_delete=models.PROTECT)
    date = models.DateField(null=True, blank=True)
    cycle = models.PositiveSmallIntegerField(null=True, blank=True)
    session = models.PositiveIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return self.symbol


class Recommendation(models.Model):
    class Response(models.TextChoices):
        SUPPORTED = "supported", _("Supported")
        NOTED = "noted", _("Noted")
        PENDING = "pending", _("Pending")
        VOLUNTARY_PLEDGE = "voluntary_pledge", _("Voluntary pledge")

    class Kind(models.TextChoices):
        """What the mechanism wrote: treaty bodies and special procedures also publish concerns and observations."""

        RECOMMENDATION = "recommendation", _("Recommendation")
        OBSERVATION = "observation", _("Concern or observation")

    text = models.TextField()
    language = models.CharField(max_length=10, default="en", db_index=True)
    state = models.ForeignKey("reference.Country", on_delete=models.PROTECT, related_name="recommendations_received")
    mechanism = models.ForeignKey("reference.Mechanism", on_delete=models.PROTECT, related_name="recommendations")
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="recommendations")
    paragraph = models.CharField(max_length=40, blank=True)
    date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    cycle = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    session = models.PositiveIntegerField(null=True, blank=True, db_index=True)
    recommending_states = models.ManyToManyField("reference.Country", blank=True, related_name="recommendations_made")
    response = models.CharField(max_length=20, choices=Response.choices, blank=True, db_index=True)
    response_source = models.CharField(max_length=200, blank=True, help_text="where the position was stated")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RECOMMENDATION, db_index=True,
                            help_text="UHRI's annotation type: a recommendation or a concern/observation")
    # sha256 of the normalised (state, mechanism, session, text): the identity used to merge overlapping files.
    content_hash = models.CharField(max_length=64, unique=True)
    source_id = models.CharField(max_length=100, blank=True, db_index=True, help_text="the source's id, e.g. UHRI AnnotationId")
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="recommendations"
    )
    source_row = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["state", "mechanism", "session"])]

    def __str__(self) -> str:
        return f"{self.state.iso3} {self.text[:60]}"

    def labels_by_taxonomy(self) -> dict[str, list[str]]:
        """Effective label codes per taxonomy: a person's decision wins over models and imports."""
        from aspiration.corpus.labels import effective_labels

        return effective_labels(self)


class AnnotationQuerySet(models.QuerySet):
    def effective(self) -> AnnotationQuerySet:
        """The annotations that count (``aspiration.corpus.labels``): not rejected, and not overruled by a
        rejection of the same label from a higher-precedence source."""
        overruled = Annotation.objects.filter(
            recommendation=models.OuterRef("recommendation"), label=models.OuterRef("label"), rejected=True
        ).annotate(rank=precedence()).filter(rank__gt=models.OuterRef("source_rank"))
        return self.annotate(source_rank=precedence()).filter(rejected=False).exclude(models.Exists(overruled))


class Annotation(models.Model):
    """A label on a recommendation, from an import, a model or a person, with a score and a reason."""

    class Source(models.TextChoices):
        IMPORT = "import", _("Import")
        MODEL = "model", _("Model")
        PERSON = "person", _("Person")

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="annotations")
    label = models.ForeignKey("reference.Label", on_delete=models.CASCADE, related_name="annotations")
    source = models.CharField(max_length=10, choices=Source.choices, db_index=True)
    score = models.FloatField(null=True, blank=True)
    model_version = models.CharField(max_length=100, blank=True)
    reason = models.TextField(blank=True)
    # Only people reject: a rejected person annotation removes the label whatever models say.
    rejected = models.BooleanField(default=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AnnotationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "label", "source"], name="one_annotation_per_source")
        ]
        indexes = [models.Index(fields=["label", "source"])]

    def __str__(self) -> str:
        return f"{self.label} ({self.source})"
