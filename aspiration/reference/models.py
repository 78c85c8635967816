"""Countries, mechanisms, taxonomies and labels. Taxonomies are data, loaded from shipped files."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

UN_LANGUAGES = ("en", "fr", "es", "ru", "zh-hans", "ar")


def localized(names: dict[str, str], language: str | None = None) -> str:
    """The name in the active (or given) language, falling back to English, then to any name."""
    language = (language or get_language() or "en").lower()
    return names.get(language) or names.get(language.split("-")[0]) or names.get("en") or next(iter(names.values()), "")


class NamedInSixLanguages(models.Model):
    names = models.JSONField(default=dict, help_text="{language code: name} for en, fr, es, ru, zh-hans, ar")

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return localized(self.names)

    def __str__(self) -> str:
        return self.name


class Country(NamedInSixLanguages):
    iso3 = models.CharField(max_length=3, unique=True)
    iso2 = models.CharField(max_length=2, blank=True, db_index=True)
    m49 = models.CharField(max_length=3, blank=True)
    un_regional_group = models.CharField(max_length=40, blank=True, db_index=True)
    m49_region = models.CharField(max_length=100, blank=True)
    m49_subregion = models.CharField(max_length=100, blank=True)
    is_member_state = models.BooleanField(default=False)
    is_observer_state = models.BooleanField(default=False)

    class Meta:
        ordering = ["iso3"]
        verbose_name_plural = "countries"


class Mechanism(NamedInSixLanguages):
    class Kind(models.TextChoices):
        UPR = "upr", _("Universal Periodic Review")
        TREATY_BODY = "treaty_body", _("Treaty body")
        SPECIAL_PROCEDURE = "special_procedure", _("Special procedure")
        OTHER = "other", _("Other")

    code = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["kind", "code"]


class Taxonomy(NamedInSixLanguages):
    code = models.CharField(max_length=50, unique=True)
    multi_label = models.BooleanField(default=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "taxonomies"


class Label(NamedInSixLanguages):
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="labels")
    code = models.CharField(max_length=200)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children")
    descriptions = models.JSONField(default=dict, blank=True, help_text="{language code: description}")
    sort_key = models.CharField(max_length=40, blank=True, help_text="orders codes naturally: 1.2 before 1.10")

    class Meta:
        ordering = ["taxonomy", "sort_key", "code"]
        constraints = [models.UniqueConstraint(fields=["taxonomy", "code"], name="unique_label_code")]

    @property
    def description(self) -> str:
        return localized(self.descriptions) if self.descriptions else ""

    def __str__(self) -> str:
        return f"{self.taxonomy.code}:{self.code}"
