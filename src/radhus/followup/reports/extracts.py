"""Were the extracts of the minutes (protokollsutdrag) dispatched without delay to those who are
to act on them? (docs/audit-questions.md, Q9.)

One row per decided paragraph: the extracts the meetings module recorded as dispatched
(``meetings.models.Dispatch``, kind extract), who was to act on the decision (the assignees of
the assignments made from it), whether each of them was sent one, when, by which channel, and
whether in time.

The rule of “without delay” is Rådhus's own, as no law sets a number of days for an extract:
an extract is in time when it is dispatched at the latest on the fifth working day after the
minutes (or the paragraph approved at once) were approved. Working days are the days that are
not Saturdays, Sundays, Swedish public holidays (``holidays``), Midsummer Eve, Christmas Eve or
New Year's Eve: the days the law on reckoning statutory time (lag (1930:173) 2 §) lets no
period end on, which ``meetings.law.is_closed_day`` holds.

The selector is one query for the decisions and one prefetch each for the extracts and the
assignments, whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from radhus.followup.models import Assignment, AssignmentStatus
from radhus.followup.reports.base import (
    Cell,
    Column,
    Context,
    Filters,
    Kind,
    PageColumn,
    Report,
    Summary,
    register,
)
from radhus.followup.reports.decisions import _decision_title, _decisions, _person
from radhus.meetings.law import is_closed_day
from radhus.meetings.models import Decision, Dispatch, DispatchChannel, DispatchKind, DispatchStatus

# An extract dispatched later than this many working days after the approval is late.
EXTRACT_WORKING_DAYS = 5
# The figures above the table are counted for a period of at most this long.
SUMMARY_PERIOD = dt.timedelta(days=366)

# A dispatch in one of these has gone or is on its way (the queue sends it, or tries again);
# one that failed or had no address reached nobody.
DISPATCHED = {DispatchStatus.SENT, DispatchStatus.PENDING, DispatchStatus.RETRYING}


# Working days ---------------------------------------------------------------------------------


def is_working_day(day: dt.date) -> bool:
    """A weekday that is neither a Swedish public holiday nor Midsummer, Christmas or New
    Year's Eve (lag (1930:173) 2 §, through ``meetings.law.is_closed_day``)."""
    return not is_closed_day(day)


@lru_cache(maxsize=4096)
def working_days_after(start: dt.date, end: dt.date) -> int:
    """The working days after ``start`` up to and including ``end``: 0 on the day itself (and
    for a day before it), 1 on the next working day."""
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


@lru_cache(maxsize=4096)
def extract_due(approved_on: dt.date) -> dt.date:
    """The last day an extract is in time: the fifth working day after the approval."""
    day, count = approved_on, 0
    while count < EXTRACT_WORKING_DAYS:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return day


# One decision's extracts ------------------------------------------------------------------------


class Verdict:
    IN_TIME = "in_time"
    LATE = "late"
    PARTLY = "partly"
    NONE = "none"


def verdict_label(verdict: str) -> str:
    return {
        Verdict.IN_TIME: pgettext("extract", "sent in time"),
        Verdict.LATE: pgettext("extract", "sent late"),
        Verdict.PARTLY: pgettext("extract", "not sent to all who are to act"),
        Verdict.NONE: pgettext("extract", "no extract sent"),
    }[verdict]


@dataclass
class Sent:
    recipient: str
    channel: str
    on: dt.date
    days: int
    status: str

    @property
    def late(self) -> bool:
        return self.days > EXTRACT_WORKING_DAYS


@dataclass
class Outcome:
    """What became of one decision's extracts."""

    approved_on: dt.date
    due_on: dt.date
    sent: list[Sent]
    not_reached: list[str]
    days: int | None  # working days until the last one to act (or, with nobody named, the first) had it
    verdict: str


def approval_day(d: Decision) -> dt.date:
    """The day the paragraph became approved: approved at once, or with the whole minutes."""
    p = d.paragraph
    if p.immediately_approved and p.approved_at_once_on:
        return p.approved_at_once_on
    return p.meeting.approved_on or d.decided_on


def _hidden(d: Decision, full: bool) -> bool:
    p, case = d.paragraph, d.case
    return not full and bool(p.secrecy or (case is not None and case.title_secrecy))


def _recipient(x: Dispatch, hide: bool) -> str:
    # A party's name or an address of a secret matter stays with those who may read it
    # (OSL 5 kap. 5 §: the rest of the paragraph is public).
    if hide and x.case_party_id:
        return gettext("a party to the case")
    if hide and not (x.unit_id or x.post_id or x.person_id):
        return gettext("an e-mail address")
    return x.recipient


def _concerned(a: Assignment) -> tuple[str, int]:
    if a.assignee_unit_id:
        return "unit", a.assignee_unit_id
    if a.assignee_post_id:
        return "post", a.assignee_post_id
    return "person", a.assignee_person_id or 0


def _concerned_name(a: Assignment) -> str:
    if a.assignee_unit_id:
        return a.assignee_unit.name
    if a.assignee_post_id:
        return f"{a.assignee_post.title}, {a.assignee_post.unit.name}"
    return _person(a.assignee_person) if a.assignee_person_id else ""


def _keys(x: Dispatch) -> set[tuple[str, int]]:
    keys = set()
    if x.unit_id:
        keys.add(("unit", x.unit_id))
    if x.post_id:
        keys.add(("post", x.post_id))
    if x.person_id:
        keys.add(("person", x.person_id))
    return keys


def outcome(d: Decision, full: bool) -> Outcome:
    """Each extract dispatched and whether it was in time; each one to act on the decision and
    whether an extract reached them (matched by unit, post or person, as the dispatch recorded
    the registry's recipient). Reads only what the selector prefetched."""
    approved = approval_day(d)
    hide = _hidden(d, full)
    extracts: list[Dispatch] = getattr(d.paragraph, "extracts", [])
    sent: list[Sent] = []
    failed: list[str] = []
    first_to: dict[tuple[str, int], int] = {}
    for x in extracts:
        name = _recipient(x, hide)
        if x.status not in DISPATCHED:
            failed.append(f"{name} ({_status_label(x.status)})")
            continue
        on = timezone.localdate(x.created_at)
        days = working_days_after(approved, on)
        sent.append(Sent(name, x.channel, on, days, x.status))
        for key in _keys(x):
            first_to.setdefault(key, days)
    to_act: dict[tuple[str, int], str] = {}
    for a in getattr(d, "to_act", []):
        to_act.setdefault(_concerned(a), _concerned_name(a))
    missing = [name for key, name in to_act.items() if key not in first_to]
    reached = [first_to[key] for key in to_act if key in first_to]
    if to_act:
        days = max(reached) if reached else None
    else:
        days = sent[0].days if sent else None
    if not sent:
        verdict = Verdict.NONE
    elif missing:
        verdict = Verdict.PARTLY
    elif days is not None and days > EXTRACT_WORKING_DAYS:
        verdict = Verdict.LATE
    else:
        verdict = Verdict.IN_TIME
    not_reached = [gettext("%(name)s (no extract)") % {"name": n} for n in missing] + failed
    return Outcome(approved, extract_due(approved), sent, not_reached, days, verdict)


def _status_label(status: str) -> str:
    try:
        return str(DispatchStatus(status).label)
    except ValueError:
        return status


def _channel_label(channel: str) -> str:
    try:
        return str(DispatchChannel(channel).label)
    except ValueError:
        return channel


def _sent_text(s: Sent) -> str:
    """“Samhällsbyggnad: 2026-05-06, e-mail, 2 working days”, with “late” or the queue's state."""
    text = gettext("%(name)s: %(date)s, %(channel)s, %(days)s working days") % {
        "name": s.recipient,
        "date": s.on.isoformat(),
        "channel": _channel_label(s.channel),
        "days": s.days,
    }
    if s.status != DispatchStatus.SENT:
        text += f" ({_status_label(s.status)})"
    if s.late:
        text += " – " + pgettext("extract", "late")
    return text


# The report -------------------------------------------------------------------------------------


def extract_decisions(ctx: Context, f: Filters) -> QuerySet[Decision]:
    """The decided paragraphs of the period, each with its extracts and its assignments read by
    one prefetch each."""
    extracts = Prefetch(
        "paragraph__dispatches",
        queryset=Dispatch.objects.filter(kind=DispatchKind.EXTRACT)
        .only(
            "id",
            "paragraph",
            "recipient",
            "channel",
            "status",
            "created_at",
            "unit",
            "post",
            "person",
            "case_party",
        )
        .order_by("created_at", "id"),
        to_attr="extracts",
    )
    to_act = Prefetch(
        "assignments",
        queryset=Assignment.objects.exclude(status=AssignmentStatus.CANCELLED)
        .select_related("assignee_unit", "assignee_post__unit", "assignee_person")
        .only(
            "id",
            "decision",
            "assignee_unit__name",
            "assignee_post__title",
            "assignee_post__unit__name",
            "assignee_person__first_name",
            "assignee_person__last_name",
        )
        .order_by("id"),
        to_attr="to_act",
    )
    return (
        _decisions(ctx, f)
        .select_related("paragraph__meeting")
        .prefetch_related(extracts, to_act)
        .order_by("decided_on", "body__name", "paragraph__number", "id")
    )


def extract_row(d: Decision, ctx: Context, f: Filters) -> tuple[Cell, ...]:
    o = outcome(d, ctx.full)
    return (
        d.decided_on,
        d.reference,
        d.body.name,
        _decision_title(d, ctx.full),
        o.approved_on,
        o.due_on,
        "\n".join(_sent_text(s) for s in o.sent),
        "\n".join(o.not_reached),
        o.days,
        verdict_label(o.verdict),
    )


def extract_summary(ctx: Context, f: Filters) -> Summary:
    """How many decisions had their extracts in time, late, to only some, or none: the rows'
    own outcomes, read by the same three queries as the rows (the lateness is counted in
    working days, which SQL does not know). Counted for a period of at most a year, so that a
    page of a large organisation's ten years is not held up by the figures of all of them."""
    if f.date_from is None or (min(f.date_to or f.on, f.on) - f.date_from) > SUMMARY_PERIOD:
        return Summary([(_("Figures"), gettext("choose a period of at most a year (From, To)"))])
    counts = dict.fromkeys((Verdict.IN_TIME, Verdict.LATE, Verdict.PARTLY, Verdict.NONE), 0)
    for d in extract_decisions(ctx, f).iterator(chunk_size=2000):
        counts[outcome(d, ctx.full).verdict] += 1
    return Summary(
        [
            (_("Decisions"), sum(counts.values())),
            (_("Extracts sent in time"), counts[Verdict.IN_TIME]),
            (_("Extracts sent late"), counts[Verdict.LATE]),
            (_("Not sent to all who are to act"), counts[Verdict.PARTLY]),
            (_("No extract sent"), counts[Verdict.NONE]),
        ]
    )


EXTRACTS = register(
    Report(
        slug="protokollsutdrag",
        question=_("Are extracts of the minutes dispatched without delay to those who are to act on them?"),
        description=_(
            "Every decision of the period with the extracts of its paragraph dispatched: to whom, "
            "when, by which channel and how many working days after the minutes were approved; "
            "and who was to act on it (the assignees of the assignments made from it) but has "
            "no extract, or whose extract failed. An extract is late when it is dispatched more "
            "than five working days after the approval; working days are weekdays that are not "
            "Swedish public holidays, Midsummer Eve, Christmas Eve or New Year's Eve. This is "
            "Rådhus's rule of “without delay”: no law sets the number of days."
        ),
        columns=(
            Column("decided_on", _("Decided on"), Kind.DATE),
            Column("reference", _("Decision")),
            Column("body", _("Deciding body")),
            Column("title", _("Matter")),
            Column("approved_on", _("Approved on"), Kind.DATE),
            Column("due_on", _("Extract in time by"), Kind.DATE),
            Column("sent", _("Extracts dispatched")),
            Column("not_reached", _("Not reached")),
            Column("days", _("Working days until sent"), Kind.NUMBER),
            Column("verdict", _("Assessment")),
        ),
        page=(
            PageColumn(_("Decision"), ("reference", "body", "decided_on"), bare=("body",)),
            PageColumn(_("Matter"), ("title",)),
            PageColumn(_("Approved on"), ("approved_on", "due_on")),
            PageColumn(_("Extracts dispatched"), ("sent",)),
            PageColumn(_("Not reached"), ("not_reached",)),
            PageColumn(_("Working days until sent"), ("days",)),
            PageColumn(_("Assessment"), ("verdict",)),
        ),
        source=extract_decisions,
        row=extract_row,
        summary=extract_summary,
        answers=("Q9",),
    )
)
