"""Users with a role and an institution scope, API tokens, and the audit trail."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Institution(models.Model):
    """A ministry, agency, NHRI or civil society organisation; the scope of a focal point."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        NHRI = "nhri", _("National human rights institution")
        CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
        UN = "un", _("United Nations")
        OTHER = "other", _("Other")

    # Kinds that watch the government rather than act for it: their people assess, they are not responsible.
    INDEPENDENT = (Kind.NHRI, Kind.CIVIL_SOCIETY)

    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GOVERNMENT)
    country = models.ForeignKey("reference.Country", null=True, blank=True, on_delete=models.PROTECT,
                                verbose_name=_("country"))
    email = models.EmailField(_("e-mail address"), blank=True)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "country"], name="unique_institution_per_country")]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class User(AbstractUser):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        COORDINATOR = "coordinator", _("Coordinator")
        FOCAL_POINT = "focal_point", _("Focal point")
        VIEWER = "viewer", _("Viewer")
        CIVIL_SOCIETY = "civil_society", _("Civil society or NHRI")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    institution = models.ForeignKey(Institution, null=True, blank=True, on_delete=models.SET_NULL, related_name="members",
                                    verbose_name=_("institution"))
    # Seeing early-warning items is a separate permission: they can put people at risk.
    is_watch_analyst = models.BooleanField(_("early-warning analyst"), default=False)
    preferred_language = models.CharField(_("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en")

    @property
    def is_coordinator(self) -> bool:
        """For templates (``user.is_coordinator``); ``permissions`` decides."""
        from aspiration.accounts.permissions import is_coordinator

        return is_coordinator(self)


class ApiToken(models.Model):
    """A bearer token for API writes. Only its SHA-256 digest is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens",
                             verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user, name: str) -> tuple[ApiToken, str]:
        """Create a token; the raw value is returned once and never stored."""
        raw = "asp_" + secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, digest=cls.hash(raw)), raw

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"


class AuditEvent(models.Model):
    """Who changed or viewed what, when, with the state before and after."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              verbose_name=_("who"))
    action = models.CharField(_("action"), max_length=40)  # create, update, delete, view, import, login, ...
    object_type = models.CharField(_("kind of record"), max_length=100)
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_type}:{self.object_id}"
