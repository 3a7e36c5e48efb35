"""E-mail reminders of the follow-up: each user chooses which (``NotificationChoice``), and no
reminder is ever sent twice: a ``SentReminder`` row per user, kind, subject and date is written
in the same transaction as the mail is queued, and its unique index refuses a second one.

``radhus send-reminders`` runs this once a day; a deviation is told at once, when it is reported
(``tasks.send_deviation_notices``). Other modules remind through ``remind`` with a kind of their
own choice (``ReminderKind.POLICY_REVIEW``: the policy register's review dates).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model

from radhus.core.models import Tenant
from radhus.followup import selectors
from radhus.followup.models import (
    Assignment,
    Deviation,
    NotificationChoice,
    OversightExpectation,
    ReminderKind,
    SentReminder,
)

# A deviation older than this is not told by the daily run any more (it was told when reported).
DEVIATION_WINDOW = dt.timedelta(days=7)
# What the board is to receive from an overseen body is reminded of this many days before it is
# due (the help text of ``NotificationChoice.oversight_due`` says so).
OVERSIGHT_DAYS_BEFORE = 14

CHOICE_OF_KIND = {
    ReminderKind.DUE_SOON: "due_soon",
    ReminderKind.LATE: "late",
    ReminderKind.DEVIATION: "deviations",
    ReminderKind.POLICY_REVIEW: "policy_reviews",
    ReminderKind.OVERSIGHT_DUE: "oversight_due",
}


def choice_of(user: Any) -> NotificationChoice:
    """The user's choices; the defaults (all on, seven days before) for a user without a row."""
    found = NotificationChoice.objects.filter(user=user).first()
    return found or NotificationChoice(user=user)


def wants(user: Any, kind: str) -> bool:
    return bool(getattr(choice_of(user), CHOICE_OF_KIND[ReminderKind(kind)]))


@dataclass
class Run:
    """What one run queued, by kind."""

    queued: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str) -> None:
        self.queued[kind] = self.queued.get(kind, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.queued.values())


def remind(*, user: Any, kind: str, subject: Model, about_date: dt.date, on: dt.date) -> bool:
    """Queue one reminder unless it was sent before; ``True`` when it was queued now. The mail
    is queued only when the row that marks it sent commits."""
    try:
        with transaction.atomic():
            sent = SentReminder.objects.create(
                user=user,
                kind=kind,
                subject_type=subject._meta.label_lower,
                subject_id=subject.pk,
                about_date=about_date,
                sent_on=on,
            )
            transaction.on_commit(lambda: _enqueue(sent.pk))
    except IntegrityError:
        return False
    return True


def _enqueue(reminder_id: int) -> None:
    from radhus.followup.tasks import send_reminder

    send_reminder.enqueue(reminder_id)


def remind_deviation(deviation: Deviation, on: dt.date, run: Run | None = None) -> Run:
    """Tell a new deviation to the deciding organisation's editors and to those carrying the
    assignment out, each who chose to hear of deviations."""
    run = run or Run()
    assignment = deviation.assignment
    users = {u.pk: u for u in selectors.editors_of(assignment.tenant)}
    users.update({u.pk: u for u in selectors.responsible_users(assignment, on)})
    for user in users.values():
        if wants(user, ReminderKind.DEVIATION) and remind(
            user=user, kind=ReminderKind.DEVIATION, subject=deviation, about_date=deviation.reported_on, on=on
        ):
            run.add(ReminderKind.DEVIATION)
    return run


def send_due(on: dt.date) -> Run:
    """The day's reminders: assignments due within each user's chosen number of days, late
    ones, deviations of the past week not yet told, and what the board is to receive from the
    bodies it oversees. Run twice a day, it queues nothing new."""
    run = Run()
    longest = max(
        [c.days_before for c in NotificationChoice.objects.all().only("days_before")]
        + [NotificationChoice().days_before]
    )
    open_ones = Assignment.objects.filter(
        status__in=selectors.OPEN_VALUES, due_on__lte=on + dt.timedelta(days=longest)
    )
    for assignment in open_ones.select_related("tenant").order_by("due_on", "id").iterator():
        late = assignment.due_on < on
        kind = ReminderKind.LATE if late else ReminderKind.DUE_SOON
        for user in selectors.responsible_users(assignment, on):
            choice = choice_of(user)
            if late and not choice.late:
                continue
            if not late and (
                not choice.due_soon or assignment.due_on > on + dt.timedelta(days=choice.days_before)
            ):
                continue
            if remind(user=user, kind=kind, subject=assignment, about_date=assignment.due_on, on=on):
                run.add(kind)
    recent = Deviation.objects.filter(reported_on__gte=on - DEVIATION_WINDOW, reported_on__lte=on)
    for deviation in recent.select_related("assignment__tenant").order_by("id").iterator():
        remind_deviation(deviation, on, run)
    remind_oversight(on, run)
    return run


def remind_oversight(on: dt.date, run: Run | None = None) -> Run:
    """What the board is to receive from the bodies it oversees (annual accounts, minutes;
    KL 6 kap. 1 §, 10 kap. 2–6 §§), told to the organisation's editors who chose it
    ``OVERSIGHT_DAYS_BEFORE`` days before each due date and on each day up to it while nothing
    has been recorded as received: once per thing expected and due date."""
    from radhus.followup.services_oversight import oversight_status

    run = run or Run()
    last = on + dt.timedelta(days=OVERSIGHT_DAYS_BEFORE)
    tenants = Tenant.objects.filter(
        pk__in=OversightExpectation.objects.values("tenant_id").distinct()
    ).order_by("id")
    for tenant in tenants:
        dues = [
            d
            for status in oversight_status(tenant, on)
            for d in status.dues
            if d.met_by is None and on <= d.due_on <= last
        ]
        if not dues:
            continue
        users = [u for u in selectors.editors_of(tenant) if wants(u, ReminderKind.OVERSIGHT_DUE)]
        for due in dues:
            for user in users:
                if remind(
                    user=user,
                    kind=ReminderKind.OVERSIGHT_DUE,
                    subject=due.expectation,
                    about_date=due.due_on,
                    on=on,
                ):
                    run.add(ReminderKind.OVERSIGHT_DUE)
    return run
