"""Admin for users (role, institution, watch analyst), institutions, API tokens and the read-only audit trail."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin

from aspiration.accounts.admin_audit import AuditedAdmin
from aspiration.accounts.audit import record
from aspiration.accounts.models import ApiToken, AuditEvent, Institution, User


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
