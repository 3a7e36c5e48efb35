"""What the executive board expects from the bodies it oversees, and what it has received
(uppsikt, KL 6 kap. 1 §; companies 10 kap. 2–6 §§; S4.3, S4.10). The oversight itself (which
board oversees which committee, company or federation) is the organisation registry's
``Oversight``."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from radhus.core.fields import NameField
from radhus.core.models import Tenant
from radhus.core.validators import validate_date_in_range

MAX_DAYS_AFTER_MEETING = 365


class ReportKind(models.TextChoices):
    REPORT = "report", _("report")
    MINUTES = "minutes", _("minutes")
    ANNUAL_ACCOUNTS = "annual_accounts", _("annual accounts")
    INTERIM_REPORT = "interim_report", _("interim report")
    AUDIT_REPORT = "audit_report", _("audit report")
    BUSINESS_PLAN = "business_plan", _("business plan")


class DueRule(models.TextChoices):
    YEARLY = "yearly", _("every year by a date")
    AFTER_MEETING = "after_meeting", _("after each meeting, within a number of days")


class OversightExpectation(models.Model):
    """What the board expects from an overseen body: annual accounts every year by 31 March,
    minutes within 14 days of each meeting."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    oversight = models.ForeignKey(
        "organisation.Oversight",
        on_delete=models.PROTECT,
        related_name="expectations",
        verbose_name=_("oversight"),
    )
    kind = models.CharField(_("what"), max_length=30, choices=ReportKind.choices)
    rule = models.CharField(_("due"), max_length=20, choices=DueRule.choices)
    due_month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    due_day = models.PositiveSmallIntegerField(
        _("day"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    days_after_meeting = models.PositiveSmallIntegerField(
        _("days after the meeting"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_DAYS_AFTER_MEETING)],
    )
    first_year = models.PositiveIntegerField(
        _("from the year"),
        validators=[MinValueValidator(1900), MaxValueValidator(2200)],
        help_text=_("The first year the board expects it."),
    )
    note = NameField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("what the board expects")
        verbose_name_plural = _("what the board expects")
        ordering = ["oversight", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    rule="yearly",
                    due_month__isnull=False,
                    due_day__isnull=False,
                    due_month__gte=1,
                    due_month__lte=12,
                    due_day__gte=1,
                    due_day__lte=31,
                    days_after_meeting__isnull=True,
                )
                | Q(
                    rule="after_meeting",
                    due_month__isnull=True,
                    due_day__isnull=True,
                    days_after_meeting__isnull=False,
                    days_after_meeting__gte=0,
                    days_after_meeting__lte=MAX_DAYS_AFTER_MEETING,
                ),
                name="oversight_expectation_due_rule",
                violation_error_message=_(
                    "Give a month and a day for a yearly due date, or a number of days after each meeting."
                ),
            ),
            models.CheckConstraint(
                condition=Q(first_year__gte=1900, first_year__lte=2200),
                name="oversight_expectation_first_year_range",
                violation_error_message=_("The first year lies between 1900 and 2200."),
            ),
            models.UniqueConstraint(
                fields=["oversight", "kind"],
                name="oversight_expectation_once",
                violation_error_message=_("The board already expects this from the body."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.oversight.overseen}: {self.get_kind_display()}"


class OversightReceipt(models.Model):
    """Something the board has received from an overseen body."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    oversight = models.ForeignKey(
        "organisation.Oversight",
        on_delete=models.PROTECT,
        related_name="receipts",
        verbose_name=_("oversight"),
    )
    kind = models.CharField(_("what"), max_length=30, choices=ReportKind.choices)
    received_on = models.DateField(_("received on"), validators=[validate_date_in_range])
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meeting"),
        help_text=_("The meeting the minutes are from, when the board expects them after each meeting."),
    )
    record = models.ForeignKey(
        "diarium.Record",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered as"),
        help_text=_("The record in the case register, once registered."),
    )
    title = NameField(_("title"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("received from an overseen body")
        verbose_name_plural = _("received from overseen bodies")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["oversight", "kind", "received_on"], name="receipt_by_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.received_on}"
