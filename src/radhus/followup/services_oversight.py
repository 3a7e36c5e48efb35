"""The board's oversight (uppsikt) of committees, companies and federations: what it expects
from each, what it has received, and what is overdue (KL 6 kap. 1 §: the executive board
oversees the committees, the joint committees and the federations; KL 10 kap. 2–6 §§ and
6 kap. 9 §: its companies, whose documents it follows year by year; S4.3, S4.10).

A yearly expectation (annual accounts by 31 March) gives one due date a year from its first
year; an after-meeting one (minutes within 14 days) one per held meeting of the overseen body.
Something received meets the earliest due date not yet met whose period it falls in (after the
due date before it); a due date not met is overdue from the day after it."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from radhus.core import audit
from radhus.core.audit import Actor
from radhus.core.locking import lock
from radhus.core.models import Tenant
from radhus.followup.models import DueRule, OversightExpectation, OversightReceipt
from radhus.followup.services_goals import require_editor
from radhus.meetings.models import Meeting, MeetingStatus
from radhus.organisation.models import Oversight

HELD = [MeetingStatus.HELD, MeetingStatus.APPROVED]


def _same_tenant(oversight: Oversight, **related: object) -> None:
    errors = {
        name: _("Choose one of the organisation's own.")
        for name, obj in related.items()
        if obj is not None and obj.tenant_id != oversight.tenant_id  # type: ignore[attr-defined]
    }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def expectation_create(
    *,
    oversight: Oversight,
    actor: Actor,
    kind: str,
    rule: str,
    first_year: int,
    due_month: int | None = None,
    due_day: int | None = None,
    days_after_meeting: int | None = None,
    note: str = "",
) -> OversightExpectation:
    """Record what the board expects from an overseen body, and by when."""
    require_editor(actor, oversight.tenant)
    oversight = lock(oversight)
    if rule == DueRule.YEARLY and due_month and due_day:
        if due_day > calendar.monthrange(2001, due_month)[1]:  # no 30 February; 29 February is never asked
            raise ValidationError({"due_day": _("The month has no such day.")})
    expectation = OversightExpectation(
        tenant=oversight.tenant,
        oversight=oversight,
        kind=kind,
        rule=rule,
        first_year=first_year,
        due_month=due_month if rule == DueRule.YEARLY else None,
        due_day=due_day if rule == DueRule.YEARLY else None,
        days_after_meeting=days_after_meeting if rule == DueRule.AFTER_MEETING else None,
        note=note,
    )
    expectation.full_clean(validate_constraints=False)
    expectation.validate_constraints()
    expectation.save()
    audit.record(
        tenant=oversight.tenant,
        actor=actor,
        action="followup.oversight.expect",
        subject=expectation,
        page=oversight,
        summary=_("The board expects %(what)s from “%(body)s”.")
        % {"what": expectation.get_kind_display(), "body": oversight.overseen.name},
    )
    return expectation


@transaction.atomic
def receipt_record(
    *,
    oversight: Oversight,
    actor: Actor,
    kind: str,
    received_on: dt.date,
    meeting: Meeting | None = None,
    record: object | None = None,
    title: str = "",
) -> OversightReceipt:
    """Record that the board received something from an overseen body (with its record in
    the case register, once registered)."""
    require_editor(actor, oversight.tenant)
    oversight = lock(oversight)
    _same_tenant(oversight, record=record)
    if meeting is not None and meeting.body_id != oversight.overseen_id:
        raise ValidationError({"meeting": _("Choose a meeting of the overseen body.")})
    receipt = OversightReceipt(
        tenant=oversight.tenant,
        oversight=oversight,
        kind=kind,
        received_on=received_on,
        meeting=meeting,
        record=record,  # type: ignore[misc]
        title=title,
    )
    receipt.full_clean()
    receipt.save()
    audit.record(
        tenant=oversight.tenant,
        actor=actor,
        action="followup.oversight.receive",
        subject=receipt,
        page=oversight,
        summary=_("Received %(what)s from “%(body)s” on %(date)s.")
        % {
            "what": receipt.get_kind_display(),
            "body": oversight.overseen.name,
            "date": received_on.isoformat(),
        },
    )
    return receipt


# Reading ------------------------------------------------------------------------------------


@dataclass
class Due:
    expectation: OversightExpectation
    due_on: dt.date
    label: str
    met_by: OversightReceipt | None = None
    overdue: bool = False
    meeting_id: int | None = None


@dataclass
class BodyStatus:
    oversight: Oversight
    received: list[OversightReceipt] = field(default_factory=list)
    dues: list[Due] = field(default_factory=list)

    @property
    def overdue(self) -> list[Due]:
        return [d for d in self.dues if d.overdue]


def yearly_due_date(year: int, month: int, day: int) -> dt.date:
    """The due date in ``year``; a day the month lacks (29 February) is its last day."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _yearly(expectation: OversightExpectation, oversight: Oversight, day: dt.date) -> list[Due]:
    assert expectation.due_month and expectation.due_day
    dues = []
    for year in range(expectation.first_year, day.year + 2):
        due_on = yearly_due_date(year, expectation.due_month, expectation.due_day)
        if not oversight.is_valid_on(due_on):
            continue
        dues.append(Due(expectation, due_on, str(year)))
        if due_on >= day:  # the next one to come, and no further
            break
    return dues


def _after_meetings(
    expectation: OversightExpectation, oversight: Oversight, meetings: list[Meeting], day: dt.date
) -> list[Due]:
    days = dt.timedelta(days=expectation.days_after_meeting or 0)
    return [
        Due(
            expectation,
            meeting.date + days,
            _("meeting %(date)s") % {"date": meeting.date.isoformat()},
            meeting_id=meeting.pk,
        )
        for meeting in meetings
        if meeting.date.year >= expectation.first_year and oversight.is_valid_on(meeting.date)
    ]


def _match(dues: list[Due], receipts: list[OversightReceipt], rule: str, day: dt.date) -> None:
    if rule == DueRule.AFTER_MEETING:
        by_meeting = {r.meeting_id: r for r in sorted(receipts, key=lambda r: r.received_on, reverse=True)}
        for due in dues:
            due.met_by = by_meeting.get(due.meeting_id)
    else:
        pending = sorted(receipts, key=lambda r: (r.received_on, r.pk))
        opens: dt.date | None = None
        for due in dues:
            for receipt in pending:
                if opens is None or receipt.received_on > opens:
                    due.met_by = receipt
                    pending.remove(receipt)
                    break
            opens = due.due_on
    for due in dues:
        # The due date itself is still in time: overdue from the day after.
        due.overdue = due.met_by is None and due.due_on < day


def oversight_status(tenant: Tenant, day: dt.date) -> list[BodyStatus]:
    """Each body the organisation's board oversees on ``day``, with what it has received and
    what is due or overdue. Four queries, whatever the number of bodies."""
    oversights = list(
        Oversight.objects.filter(tenant=tenant)
        .filter(Oversight.valid_on_q(day))
        .select_related("overseen", "overseer")
        .order_by("kind", "overseen__name", "id")
    )
    ids = [o.pk for o in oversights]
    expectations: dict[int, list[OversightExpectation]] = defaultdict(list)
    for expectation in OversightExpectation.objects.filter(oversight_id__in=ids).order_by("kind", "id"):
        expectations[expectation.oversight_id].append(expectation)
    receipts: dict[int, list[OversightReceipt]] = defaultdict(list)
    for receipt in (
        OversightReceipt.objects.filter(oversight_id__in=ids)
        .select_related("record", "meeting")
        .order_by("-received_on", "-id")
    ):
        receipts[receipt.oversight_id].append(receipt)
    meetings: dict[int, list[Meeting]] = defaultdict(list)
    needs_meetings = [
        o.overseen_id for o in oversights if any(e.rule == DueRule.AFTER_MEETING for e in expectations[o.pk])
    ]
    if needs_meetings:
        for meeting in Meeting.objects.filter(
            body_id__in=needs_meetings, status__in=HELD, date__lte=day
        ).order_by("date", "id"):
            meetings[meeting.body_id].append(meeting)
    result = []
    for oversight in oversights:
        status = BodyStatus(oversight, received=receipts[oversight.pk])
        for expectation in expectations[oversight.pk]:
            expectation.oversight = oversight  # loaded already: no query per due date
            if expectation.rule == DueRule.YEARLY:
                dues = _yearly(expectation, oversight, day)
            else:
                dues = _after_meetings(expectation, oversight, meetings[oversight.overseen_id], day)
            kind_receipts = [r for r in status.received if r.kind == expectation.kind]
            _match(dues, kind_receipts, expectation.rule, day)
            status.dues.extend(dues)
        status.dues.sort(key=lambda d: d.due_on)
        result.append(status)
    return result


def overdue_list(statuses: list[BodyStatus]) -> list[Due]:
    """Everything overdue across the bodies, oldest first."""
    return sorted((d for s in statuses for d in s.overdue), key=lambda d: (d.due_on, d.expectation.pk))
