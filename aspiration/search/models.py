"""What search keeps per recommendation: processed text for full-text search and its near-duplicate cluster.

The full-text index itself lives outside the ORM (created by migration 0002 for the database in use):
SQLite: the FTS5 table ``search_fts`` kept in sync with this table by triggers;
PostgreSQL: the generated ``tsv`` column of this table with a GIN index.
Vectors live in a float16 matrix file under ASPIRATION_HOME (``aspiration.search.vectors``).
"""

from __future__ import annotations

from django.db import models


class IndexEntry(models.Model):
    recommendation = models.OneToOneField(
        "corpus.Recommendation", primary_key=True, on_delete=models.CASCADE, related_name="search_entry"
    )
    surface = models.TextField(help_text="normalised words (phrases, prefixes)")
    stems = models.TextField(help_text="stemmed words (plain terms)")
    # sha1 of (analyzer version, language, text): a change means the entry is stale.
    text_hash = models.CharField(max_length=40)
    # text_hash of the text the stored vector was computed from; blank = no vector yet.
    vector_hash = models.CharField(max_length=40, blank=True)
    # Near-duplicate cluster: the id of its first member (the leader); null = not clustered yet.
    cluster = models.BigIntegerField(null=True, blank=True, db_index=True)
    cluster_similarity = models.FloatField(null=True, blank=True, help_text="similarity to the cluster leader")

    class Meta:
        verbose_name_plural = "index entries"

    def __str__(self) -> str:
        return f"index entry {self.recommendation_id}"
