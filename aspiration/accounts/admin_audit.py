"""An admin base class whose changes go to the same audit trail as every other change."""

from django.contrib import admin

from aspiration.accounts.audit import record, snapshot


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        before = snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        record("update" if change else "create", obj, actor=request.user, summary="admin", before=before, after=snapshot(obj))

    def delete_model(self, request, obj):
        before, pk = snapshot(obj), obj.pk
        super().delete_model(request, obj)
        record("delete", None, actor=request.user, object_type=obj._meta.label_lower, object_id=str(pk), summary="admin",
               before=before)
