from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db.models import Count

from aspiration.corpus.models import Annotation, ImportBatch, Recommendation


class Command(BaseCommand):
    help = "Corpus counts by mechanism, state, session and label source, and the import batches."

    def add_arguments(self, parser):
        parser.add_argument("--top", type=int, default=20, help="how many states to list (0 = all)")

    def handle(self, *args, top: int, **options):
        out = self.stdout.write
        out(f"recommendations: {Recommendation.objects.count()}")
        self.table("by mechanism", Recommendation.objects.values_list("mechanism__code").annotate(n=Count("id")).order_by("-n"))
        states = Recommendation.objects.values_list("state__iso3").annotate(n=Count("id")).order_by("-n", "state__iso3")
        self.table("by state" + (f" (top {top})" if top else ""), states[:top] if top else states)
        self.table("by session", Recommendation.objects.exclude(session=None).values_list("session")
                   .annotate(n=Count("id")).order_by("session"))
        self.table("by response", Recommendation.objects.values_list("response").annotate(n=Count("id")).order_by("-n"))
        self.table("annotations by source", Annotation.objects.values_list("source").annotate(n=Count("id")).order_by("-n"))
        self.table("annotations by taxonomy and source", Annotation.objects.values_list("label__taxonomy__code", "source")
                   .annotate(n=Count("id")).order_by("label__taxonomy__code", "source"))
        out("import batches:")
        for batch in ImportBatch.objects.order_by("pk"):
            out(f"  #{batch.pk} {batch.format} {batch.status}: {batch.file_name} (read {batch.rows_read}, created "
                f"{batch.created}, merged {batch.merged}, rejected {batch.rejected}){' - ' + batch.error if batch.error else ''}")

    def table(self, title: str, rows) -> None:
        self.stdout.write(f"{title}:")
        for *keys, count in rows:
            self.stdout.write(f"  {' / '.join(str(k) if k not in (None, '') else '-' for k in keys)}: {count}")
