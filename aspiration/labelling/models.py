"""Which recommendation was classified for which taxonomy by which model version.

Model annotations alone cannot say "already done": a recommendation may rightly get no label
in a taxonomy. This record makes ``aspiration classify`` resumable and incremental.
"""

from __future__ import annotations

from django.db import models


class ClassificationRecord(models.Model):
    recommendation = models.ForeignKey("corpus.Recommendation", on_delete=models.CASCADE, related_name="classifications")
    taxonomy = models.CharField(max_length=50)
    model_version = models.CharField(max_length=100)
    classified_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["recommendation", "taxonomy"], name="one_classification_per_taxonomy")]
        indexes = [models.Index(fields=["taxonomy", "model_version"])]

    def __str__(self) -> str:
        return f"{self.recommendation_id} {self.taxonomy} {self.model_version}"
