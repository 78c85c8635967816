"""Admin for users (role, institution, watch analyst), institutions, API tokens and the read-only audit trail."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin

from aspiration.accounts.audit import record, snapshot
from aspiration.accounts.models import ApiToken, AuditEvent, Institution, User


def _safe_snapshot(obj) -> dict:
    """A snapshot without secrets: password hashes never go into the audit trail."""
    data = snapshot(obj)
    data.pop("password", None)
    return data


class AuditedAdmin(admin.ModelAdmin):
    """Admin changes go to the same audit trail as every other change."""

    def save_model(self, request, obj, form, change):
        before = _safe_snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        record("update" if change else "create", obj, actor=request.user, summary="admin", before=before,
               after=_safe_snapshot(obj))

    def delete_model(self, request, obj):
        before, pk = _safe_snapshot(obj), obj.pk
        super().delete_model(request, obj)
        record("delete", None, actor=request.user, object_type=obj._meta.label_lower, object_id=str(pk), summary="admin",
               before=before)


@admin.register(User)
class AspirationUserAdmin(AuditedAdmin, UserAdmin):
    list_display = ("username", "email", "role", "institution", "is_watch_analyst", "is_active")
    list_filter = ("role", "is_watch_analyst", "is_active", "institution")
    fieldsets = (*UserAdmin.fieldsets,
                 ("Aspiration", {"fields": ("role", "institution", "is_watch_analyst", "preferred_language")}))
    add_fieldsets = (*UserAdmin.add_fieldsets, ("Aspiration", {"fields": ("email", "role", "institution")}))


@admin.register(Institution)
class InstitutionAdmin(AuditedAdmin):
    list_display = ("name", "acronym", "kind", "country", "email")
    list_filter = ("kind",)
    search_fields = ("name", "acronym")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Only the digest is stored: the raw token is shown once, in a message, when the token is created."""

    list_display = ("name", "user", "created_at", "last_used_at")
    fields = ("user", "name")
    readonly_fields = ()

    def get_readonly_fields(self, request, obj=None):
        return ("user", "name") if obj else ()

    def save_model(self, request, obj, form, change):
        if change:
            return
        token, raw = ApiToken.issue(obj.user, obj.name)
        obj.pk = token.pk
        record("create", token, actor=request.user, summary=f"API token '{token.name}' for {token.user}")
        messages.warning(request, f"Copy this token now; it will not be shown again: {raw}")

    def delete_model(self, request, obj):
        record("delete", obj, actor=request.user, summary=f"API token '{obj.name}' revoked")
        super().delete_model(request, obj)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_id", "summary")
    list_filter = ("action", "object_type")
    search_fields = ("summary", "object_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
