from django.contrib import admin

from aspiration.corpus.models import Annotation, Document, ImportBatch, Recommendation, RejectedRow


class RejectedRowInline(admin.TabularInline):
    model = RejectedRow
    extra = 0
    fields = ("row_number", "reason", "raw")
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("id", "format", "file_name", "status", "rows_read", "created", "merged", "rejected", "started_at")
    list_filter = ("format", "status")
    search_fields = ("file_name", "checksum")
    readonly_fields = ("checksum", "started_at", "finished_at")
    inlines = [RejectedRowInline]


@admin.register(RejectedRow)
class RejectedRowAdmin(admin.ModelAdmin):
    list_display = ("batch", "row_number", "reason")
    list_filter = ("batch__format",)
    search_fields = ("reason",)
    raw_id_fields = ("batch",)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("symbol", "mechanism", "state", "session", "cycle", "date")
    list_filter = ("mechanism__kind", "cycle")
    search_fields = ("symbol",)
    raw_id_fields = ("state",)


class AnnotationInline(admin.TabularInline):
    model = Annotation
    extra = 0
    fields = ("label", "source", "score", "model_version", "reason", "rejected", "decided_by", "decided_at")
    raw_id_fields = ("label", "decided_by")


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ("id", "state", "mechanism", "session", "cycle", "response", "short_text")
    list_filter = ("mechanism", "response", "cycle", "session", "language", ("state", admin.RelatedOnlyFieldListFilter))
    search_fields = ("text", "paragraph", "source_id", "state__iso3")
    raw_id_fields = ("state", "document", "import_batch")
    filter_horizontal = ("recommending_states",)
    readonly_fields = ("content_hash", "created_at", "updated_at")
    list_select_related = ("state", "mechanism")
    inlines = [AnnotationInline]

    @admin.display(description="text")
    def short_text(self, obj: Recommendation) -> str:
        return obj.text[:100]


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):
    list_display = ("recommendation", "label", "source", "score", "rejected", "decided_by")
    list_filter = ("source", "rejected", "label__taxonomy")
    search_fields = ("label__code", "recommendation__text")
    raw_id_fields = ("recommendation", "label", "decided_by")
    list_select_related = ("label__taxonomy", "recommendation__state")
