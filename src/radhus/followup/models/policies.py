"""The register of policy documents (styrdokument, S4.4): who owns each, which decision adopted
it, when it applies and when it is to be reviewed."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from radhus.core.fields import NameField
from radhus.core.models import Tenant, TimeBounded
from radhus.core.validators import validate_date_in_range


class PolicyKind(models.TextChoices):
    POLICY = "policy", _("policy")
    GUIDELINE = "guideline", _("guideline")
    PLAN = "plan", _("plan")
    PROGRAMME = "programme", _("programme")
    STRATEGY = "strategy", _("strategy")
    RULES_OF_PROCEDURE = "rules_of_procedure", _("rules of procedure")
    REGULATION = "regulation", _("regulation")
    INSTRUCTION = "instruction", _("instruction")
    DELEGATION_SCHEME = "delegation_scheme", _("delegation scheme")


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_FORCE = "in_force", _("in force")
    REPEALED = "repealed", _("repealed")


class PolicyDocument(TimeBounded):
    """A policy, guideline, plan, programme or rules of procedure of an organisation."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, related_name="policy_documents", verbose_name=_("organisation")
    )
    title = NameField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=30, choices=PolicyKind.choices)
    owner_unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner (unit)"),
        help_text=_("The unit that keeps the document up to date."),
    )
    owner_post = models.ForeignKey(
        "organisation.Post",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner (post)"),
        help_text=_("Or the post that keeps it up to date."),
    )
    adopted_by = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted by"),
    )
    decision = models.ForeignKey(
        "meetings.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopting decision"),
    )
    decision_reference = NameField(
        _("decision reference"), max_length=100, blank=True, help_text=_("For example “KF 2024-06-17 § 85”.")
    )
    decided_on = models.DateField(_("adopted on"), null=True, blank=True, validators=[validate_date_in_range])
    review_on = models.DateField(
        _("review by"),
        null=True,
        blank=True,
        validators=[validate_date_in_range],
        help_text=_("The date by which the document is to be reviewed."),
    )
    file = models.FileField(_("document file"), upload_to="styrdokument/%Y/", blank=True, max_length=300)
    link = models.URLField(_("link to the document"), blank=True, max_length=500)
    status = models.CharField(
        _("status"), max_length=20, choices=PolicyStatus.choices, default=PolicyStatus.IN_FORCE
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
        ordering = ["title", "id"]
        constraints = [
            TimeBounded.validity_constraint("policy_document_validity"),
            models.CheckConstraint(
                condition=Q(owner_unit__isnull=False, owner_post__isnull=True)
                | Q(owner_unit__isnull=True, owner_post__isnull=False),
                name="policy_document_one_owner",
                violation_error_message=_("A policy document has one owner: a unit or a post."),
            ),
        ]
        indexes = [models.Index(fields=["tenant", "review_on"], name="policy_tenant_review")]

    def __str__(self) -> str:
        return self.title

    @property
    def owner(self) -> models.Model | None:
        return self.owner_unit or self.owner_post

    def is_in_force_on(self, day: dt.date) -> bool:
        return self.status == PolicyStatus.IN_FORCE and self.is_valid_on(day)


class ReviewReminder(models.Model):
    """A reminder sent to a document's owner before its review date: at most one a day."""

    document = models.ForeignKey(
        PolicyDocument, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("policy document")
    )
    sent_on = models.DateField(_("sent on"))
    recipient = models.EmailField(_("recipient"), blank=True)

    class Meta:
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "sent_on"],
                name="review_reminder_once_a_day",
                violation_error_message=_("A reminder about this document was already sent today."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.document}: {self.sent_on}"
