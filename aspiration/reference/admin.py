"""Admin for the reference data: countries, mechanisms, taxonomies and labels, with names in several languages."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from aspiration.accounts.admin_audit import AuditedAdmin
from aspiration.reference.models import Country, Label, Mechanism, Taxonomy

# Searching a JSON key works on both databases (SQLite stores non-ASCII JSON escaped, so a plain text search would not).
NAME_SEARCH = [f"names__{lang}" for lang in ("en", "fr", "es", "ru", "zh-hans", "ar")]


def name_column(language: str, title: str):
    def column(obj) -> str:
        return obj.names.get(language, "")

    column.short_description = title
    return column


name_en = name_column("en", _("Name (English)"))
name_fr = name_column("fr", _("Name (French)"))
name_zh = name_column("zh-hans", _("Name (Chinese)"))
name_ar = name_column("ar", _("Name (Arabic)"))


@admin.register(Country)
class CountryAdmin(AuditedAdmin):
    list_display = ("iso3", "iso2", name_en, name_fr, name_zh, "un_regional_group", "m49_region", "is_member_state",
                    "is_observer_state")
    list_filter = ("un_regional_group", "m49_region", "is_member_state", "is_observer_state")
    search_fields = ["iso3", "iso2", "m49", *NAME_SEARCH]
    ordering = ("iso3",)


@admin.register(Mechanism)
class MechanismAdmin(AuditedAdmin):
    list_display = ("code", "kind", name_en, name_fr, name_zh)
    list_filter = ("kind",)
    search_fields = ["code", *NAME_SEARCH]


@admin.register(Taxonomy)
class TaxonomyAdmin(AuditedAdmin):
    list_display = ("code", name_en, name_zh, "multi_label", "label_count")
    list_filter = ("multi_label",)
    search_fields = ["code", *NAME_SEARCH]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(label_count=Count("labels"))

    @admin.display(description=_("Labels"), ordering="label_count")
    def label_count(self, obj) -> int:
        return obj.label_count


@admin.register(Label)
class LabelAdmin(AuditedAdmin):
    list_display = ("code", "taxonomy", name_en, name_zh, name_ar, "parent")
    list_filter = ("taxonomy",)
    list_select_related = ("taxonomy", "parent", "parent__taxonomy")
    search_fields = ["code", *NAME_SEARCH]
    raw_id_fields = ("parent",)  # thousands of possible parents: a select box would be unusable
