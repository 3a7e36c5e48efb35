"""Tenants, roles, the audit trail, validity in time, site notices."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from radhus.core.collation import COLLATION
from radhus.core.fields import MultiLineTextField, NameField
from radhus.core.formats import (
    COUNTRIES,
    DEFAULT_COUNTRY,
    normalise_municipality_code,
    normalise_organisation_number,
)
from radhus.core.validators import validate_date_in_range


class TimeBounded(models.Model):
    """Something that is valid from a date to a date, both inclusive; open ends are None."""

    valid_from = models.DateField(
        _("valid from"),
        null=True,
        blank=True,
        help_text=_("First day it applies; empty: always."),
        validators=[validate_date_in_range],
    )
    valid_to = models.DateField(
        _("valid to"),
        null=True,
        blank=True,
        help_text=_("Last day it applies; empty: until further notice."),
        validators=[validate_date_in_range],
    )

    class Meta:
        abstract = True

    @staticmethod
    def valid_on_q(date: dt.date, prefix: str = "") -> Q:
        """A filter for rows valid on ``date``."""
        return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": date})) & (
            Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": date})
        )

    def is_valid_on(self, date: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= date) and (
            self.valid_to is None or date <= self.valid_to
        )

    def overlaps(self, other: TimeBounded) -> bool:
        lo = max(self.valid_from or dt.date.min, other.valid_from or dt.date.min)
        hi = min(self.valid_to or dt.date.max, other.valid_to or dt.date.max)
        return lo <= hi

    def clean(self) -> None:
        super().clean()
        self.clean_validity()

    def clean_validity(self) -> None:
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to:
            raise ValidationError(
                {"valid_to": _("The end date must be on or after the start date.")},
                code="validity_order",
            )

    @classmethod
    def validity_constraint(cls, name: str) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=Q(valid_from__isnull=True)
            | Q(valid_to__isnull=True)
            | Q(valid_from__lte=models.F("valid_to")),
            name=name,
            violation_error_message=_("The end date must be on or after the start date."),
        )


# Top-level paths that are not organisations' addresses.
RESERVED_SLUGS = {"admin", "api", "i18n", "konto", "static", "media", "sok", "tillganglighet"}


class TenantQuerySet(models.QuerySet["Tenant"]):
    def municipalities(self) -> TenantQuerySet:
        return self.filter(kind=Tenant.Kind.MUNICIPALITY)


class Tenant(models.Model):
    """A municipality or a collaboration of municipalities: everything else belongs to one."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        COLLABORATION = "collaboration", _("collaboration")

    name = NameField(_("name"), max_length=200, db_collation=COLLATION)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=COUNTRIES,
        default=DEFAULT_COUNTRY,
        help_text=_("Decides how its identifiers are checked and how phone numbers are read and shown."),
    )
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=4,
        blank=True,
        help_text=_("Four digits in Sweden (kommunkod, 2284), three in Finland (445)."),
    )
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=20,
        blank=True,
        help_text=_("In Sweden for example 212000-1330; in Finland the business id, 0201256-6."),
    )
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        through="CollaborationMember",
        through_fields=("collaboration", "municipality"),
        related_name="collaborations",
        blank=True,
        verbose_name=_("member municipalities"),
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(country__in=[code for code, _name in COUNTRIES]),
                name="tenant_country_known",
                violation_error_message=_("Choose a country Rådhus knows: Sweden or Finland."),
            ),
            models.CheckConstraint(
                condition=Q(municipality_code="")
                | Q(country="SE", municipality_code__regex=r"^[0-9]{4}$")
                | Q(country="FI", municipality_code__regex=r"^[0-9]{3}$"),
                name="tenant_municipality_code_format",
                violation_error_message=_(
                    "A municipality code has four digits in Sweden and three in Finland."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": _("This address is reserved.")}, code="reserved_slug")
        errors: dict[str, list[str]] = {}
        if self.municipality_code:
            try:
                self.municipality_code = normalise_municipality_code(self.municipality_code, self.country)
            except ValidationError as exc:
                errors["municipality_code"] = exc.messages
        if self.organisation_number:
            try:
                self.organisation_number = normalise_organisation_number(
                    self.organisation_number, self.country
                )
            except ValidationError as exc:
                errors["organisation_number"] = exc.messages
        if errors:
            raise ValidationError(errors)


class CollaborationMember(TimeBounded):
    """A municipality taking part in a collaboration (S3.1)."""

    collaboration = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="member_links", verbose_name=_("collaboration")
    )
    municipality = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="collaboration_links", verbose_name=_("municipality")
    )

    class Meta:
        verbose_name = _("member of a collaboration")
        verbose_name_plural = _("members of collaborations")
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "municipality"], name="collaboration_member_once"
            ),
            TimeBounded.validity_constraint("collaboration_member_validity"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} i {self.collaboration}"


class Role(models.TextChoices):
    """What a user may do in one tenant; each role includes the ones below it."""

    ADMINISTRATOR = "administrator", _("administrator")
    EDITOR = "editor", _("editor")
    READER = "reader", _("reader")


ROLE_RANK = {Role.READER: 1, Role.EDITOR: 2, Role.ADMINISTRATOR: 3}


class TenantRole(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="tenant_roles",
        verbose_name=_("user"),
    )
    tenant = models.ForeignKey(
        Tenant, on_delete=models.CASCADE, related_name="roles", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "tenant"], name="one_role_per_user_and_tenant")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.tenant}: {self.get_role_display()}"


class AuditEvent(models.Model):
    """Who changed what, when: written by services in the same transaction as the change."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="audit_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=200, help_text=_("Kept even if the user is removed."))
    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=60)
    subject_type = models.CharField(max_length=60)
    subject_id = models.BigIntegerField()
    # The page the change shows on: a post's change shows in its unit's history.
    page_type = models.CharField(max_length=60)
    page_id = models.BigIntegerField()
    summary = models.CharField(max_length=500)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["page_type", "page_id", "-at"], name="audit_by_page")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name}: {self.summary}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValidationError("Audit events are never changed.")
        super().save(*args, **kwargs)


class SiteNotice(TimeBounded):
    """A notice shown on top of every public page (S0.5: the covid-19 banner)."""

    tenant = models.ForeignKey(
        Tenant,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notices",
        help_text=_("Empty: shown on every organisation's pages."),
    )
    text = NameField(_("text"), max_length=500)
    link_text = NameField(_("link text"), max_length=200, blank=True)
    link_url = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("site notice")
        verbose_name_plural = _("site notices")
        constraints = [TimeBounded.validity_constraint("site_notice_validity")]

    def __str__(self) -> str:
        return self.text


class AccessibilityReport(models.Model):
    """A problem with accessibility reported by the public: the statement must offer a way to
    report one (lag (2018:1937) om tillgänglighet till digital offentlig service)."""

    page_url = models.CharField(_("page"), max_length=500, blank=True)
    description = MultiLineTextField(_("describe the problem"))
    contact = NameField(_("your e-mail or phone (optional)"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("accessibility report")
        verbose_name_plural = _("accessibility reports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d}: {self.description[:60]}"


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        """Keys that open the API now: not revoked, not expired, of an active user."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now(), user__is_active=True)


class ApiToken(models.Model):
    """A key for writing through the API (``Authorization: Bearer …``) as one user. Only a
    SHA-256 hash of the key is stored: the key itself is shown once, when it is made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("What the key is used for."))
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(
        _("beginning of the key"), max_length=12, help_text=_("Tells keys apart without showing them.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), help_text=_("The key stops working at this time."))

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class FormSubmission(models.Model):
    """A staff form that has been sent: its once-only token, so that the same form sent twice
    (a double click, a reload) changes the registry once. See ``radhus.core.once``."""

    token = models.UUIDField(_("token"), unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="form_submissions",
        verbose_name=_("user"),
    )
    result_url = models.CharField(_("result page"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sent form")
        verbose_name_plural = _("sent forms")

    def __str__(self) -> str:
        return f"{self.user} {self.token}"
