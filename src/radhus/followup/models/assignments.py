"""Assignments (uppdrag) made from decisions, their progress reports and their deviations.

The director answers for decisions being carried out and reports to the board how it goes,
proposing alternative measures on a deviation (S4.5, S4.7). An assignment is anchored in the
decision it is made from: a minutes paragraph's ``meetings.Decision``, or a decision that is
not a paragraph (a delegated decision, the chief's management group, a collaboration's group),
whose reference, date and deciding body are then written on the assignment itself. The deciding
body, date and reference are kept on every assignment, so lists and reports read one table.

Who carries it out is exactly one of a unit, a post or a person, possibly in another
organisation of the same collaboration (S3.2), resolved as of the day a list is read.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from radhus.core.fields import MultiLineTextField, NameField
from radhus.core.models import Tenant
from radhus.core.validators import LONG_TEXT_LENGTH, validate_date_in_range

TEXT = LONG_TEXT_LENGTH


class Source(models.TextChoices):
    """What kind of decision an assignment is made from."""

    MINUTES = "minutes", _("decision in the minutes")
    DELEGATED = "delegated", _("delegated decision")
    MANAGEMENT_GROUP = "management_group", _("decision of the chief's management group")
    COLLABORATION_GROUP = "collaboration_group", _("decision of a collaboration's group")


class AssignmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")
    REPLACED = "replaced", _("replaced")


# An assignment in one of these is no longer being carried out: never late, never reminded.
FINISHED = {AssignmentStatus.DONE, AssignmentStatus.CANCELLED, AssignmentStatus.REPLACED}
OPEN = {AssignmentStatus.NOT_STARTED, AssignmentStatus.IN_PROGRESS}


class Assignment(models.Model):
    """What is to be done, by whom and when, on a decision (uppdrag)."""

    tenant = models.ForeignKey(
        Tenant, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("organisation")
    )
    source = models.CharField(_("made from"), max_length=30, choices=Source.choices, default=Source.MINUTES)
    decision = models.ForeignKey(
        "meetings.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("decision"),
        help_text=_("The decided paragraph of the minutes the assignment is made from."),
    )
    body = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        related_name="decided_assignments",
        verbose_name=_("deciding body"),
        help_text=_("The body, group or officer's unit that decided; deviations go on its next agenda."),
    )
    decided_on = models.DateField(_("decided on"), validators=[validate_date_in_range])
    reference = NameField(
        _("reference"),
        max_length=100,
        help_text=_(
            "Where the decision is found, e.g. “KS 2008-10-20 § 123” or a delegated decision's number."
        ),
    )
    case = models.ForeignKey(
        "diarium.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("case"),
    )
    title = NameField(_("what is to be done"), max_length=300)
    description = MultiLineTextField(_("description"), max_length=TEXT, blank=True)
    assignee_unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("unit"),
    )
    assignee_post = models.ForeignKey(
        "organisation.Post",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("post"),
    )
    assignee_person = models.ForeignKey(
        "organisation.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("person"),
    )
    due_on = models.DateField(_("due on"), validators=[validate_date_in_range])
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.NOT_STARTED,
        editable=False,
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0, editable=False)
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        editable=False,
        verbose_name=_("replaced by"),
    )
    secrecy = NameField(
        _("secrecy"),
        max_length=100,
        blank=True,
        help_text=_("The OSL paragraph when the public may not read the assignment, e.g. OSL 21 kap. 1 §."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(assignee_unit__isnull=False, assignee_post__isnull=True, assignee_person__isnull=True)
                    | Q(assignee_unit__isnull=True, assignee_post__isnull=False, assignee_person__isnull=True)
                    | Q(assignee_unit__isnull=True, assignee_post__isnull=True, assignee_person__isnull=False)
                ),
                name="assignment_one_assignee",
                violation_error_message=_("An assignment goes to exactly one unit, post or person."),
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="assignment_progress_percent",
                violation_error_message=_("Progress is a percentage from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=Q(status="done", completed_on__isnull=False)
                | (~Q(status="done") & Q(completed_on__isnull=True)),
                name="assignment_done_has_date",
                violation_error_message=_(
                    "A done assignment has the day it was completed, and only a done one."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(source="minutes") | Q(decision__isnull=False),
                name="assignment_minutes_names_decision",
                violation_error_message=_("An assignment from the minutes names the decided paragraph."),
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("decided_on")),
                name="assignment_due_after_decision",
                violation_error_message=_("The due date cannot be before the decision."),
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(completed_on__gte=F("decided_on")),
                name="assignment_completed_after_decision",
                violation_error_message=_("An assignment cannot be completed before it was decided."),
            ),
            models.CheckConstraint(
                condition=Q(status="replaced", replaced_by__isnull=False)
                | (~Q(status="replaced") & Q(replaced_by__isnull=True)),
                name="assignment_replaced_names_successor",
                violation_error_message=_(
                    "A replaced assignment names the assignment that replaces it, and only a replaced one does."
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "status", "due_on"], name="assignment_tenant_due"),
            models.Index(fields=["tenant", "-decided_on", "-id"], name="assignment_tenant_newest"),
            models.Index(fields=["body", "status", "due_on"], name="assignment_body_due"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def is_late_on(self, day: dt.date) -> bool:
        """Late on ``day``: the due date has passed (it is before ``day``) and it is not finished.
        On the due date itself it is not late yet."""
        return self.status in OPEN and self.due_on < day

    @property
    def assignee(self) -> models.Model | None:
        return self.assignee_unit or self.assignee_post or self.assignee_person

    @property
    def is_secret(self) -> bool:
        return bool(self.secrecy)


class ProgressReport(models.Model):
    """A dated report of how an assignment goes (S4.5: reports regularly how decisions are carried out)."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+")
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="progress_reports", verbose_name=_("assignment")
    )
    reported_on = models.DateField(_("reported on"), validators=[validate_date_in_range])
    text = MultiLineTextField(_("how it goes"), max_length=TEXT, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    status = models.CharField(_("status"), max_length=20, choices=AssignmentStatus.choices)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reported_by_name = NameField(_("reported by"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-reported_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="progress_report_percent",
                violation_error_message=_("Progress is a percentage from 0 to 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reported_on}: {self.progress} %"


class DeviationKind(models.TextChoices):
    LATE = "late", _("late")
    CHANGED = "changed", _("changed")
    CANNOT_BE_DONE = "cannot_be_done", _("cannot be carried out")


class Deviation(models.Model):
    """A deviation (avvikelse): an assignment late, changed or impossible, with the alternative
    measure proposed (S4.5). It goes on the deciding body's next agenda; until that body has a
    planned meeting it waits, listed as not yet on an agenda."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, related_name="+")
    assignment = models.ForeignKey(
        Assignment, on_delete=models.PROTECT, related_name="deviations", verbose_name=_("assignment")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DeviationKind.choices)
    reason = MultiLineTextField(_("reason"), max_length=TEXT)
    alternative_measure = MultiLineTextField(_("proposed alternative measure"), max_length=TEXT, blank=True)
    proposed_due_on = models.DateField(
        _("new due date proposed"), null=True, blank=True, validators=[validate_date_in_range]
    )
    reported_on = models.DateField(_("reported on"), validators=[validate_date_in_range])
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reported_by_name = NameField(_("reported by"), max_length=200, blank=True)
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deviations",
        verbose_name=_("agenda item"),
    )
    decision = models.ForeignKey(
        "meetings.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deviations",
        verbose_name=_("decision on the deviation"),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("deviation")
        verbose_name_plural = _("deviations")
        ordering = ["-reported_on", "-id"]
        indexes = [models.Index(fields=["tenant", "-reported_on"], name="deviation_tenant_newest")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.assignment}"

    @property
    def is_waiting(self) -> bool:
        """Not yet on an agenda: the deciding body had no planned meeting when it was reported."""
        return self.agenda_item_id is None and self.decision_id is None
