"""Each user's choice of e-mail reminders, and the reminders sent (so none is sent twice)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_DAYS_BEFORE = 7
MAX_DAYS_BEFORE = 90


class NotificationChoice(models.Model):
    """What a user wants to be reminded of by e-mail. A user without a row gets the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_choice"
    )
    due_soon = models.BooleanField(_("assignments due soon"), default=True)
    days_before = models.PositiveSmallIntegerField(
        _("days before the due date"),
        default=DEFAULT_DAYS_BEFORE,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DAYS_BEFORE)],
    )
    late = models.BooleanField(_("late assignments"), default=True)
    deviations = models.BooleanField(_("new deviations"), default=True)
    policy_reviews = models.BooleanField(_("policy documents due for review"), default=True)
    oversight_due = models.BooleanField(
        _("what the board is to receive from committees, companies and federations"),
        default=True,
        help_text=_(
            "A reminder 14 days before each due date, to the organisation's editors, while it has "
            "not been recorded as received."
        ),
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("choice of reminders")
        verbose_name_plural = _("choices of reminders")
        constraints = [
            models.CheckConstraint(
                condition=Q(days_before__gte=1) & Q(days_before__lte=MAX_DAYS_BEFORE),
                name="notification_days_before_range",
                violation_error_message=_("Remind between 1 and 90 days before the due date."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("due soon")
    LATE = "late", _("late")
    DEVIATION = "deviation", _("new deviation")
    POLICY_REVIEW = "policy_review", _("policy review")
    OVERSIGHT_DUE = "oversight_due", _("due from an overseen body")


class SentReminder(models.Model):
    """A reminder sent: one per user, kind, subject and date, so a daily run never repeats it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    subject_type = models.CharField(max_length=60)
    subject_id = models.BigIntegerField()
    # The date the reminder was about (a due date, the day a deviation was reported, a review
    # date): a new due date after a deviation gives a new reminder.
    about_date = models.DateField()
    sent_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "subject_type", "subject_id", "about_date"],
                name="sent_reminder_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.subject_type}:{self.subject_id}"
