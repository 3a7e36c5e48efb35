"""Reports on decisions and the assignments that carry them out (S4.5, S4.7): the execution
report to the board, the assignments carried out in a period, late assignments with no
deviation report, decisions nobody was given to carry out, and the council's decisions with
their status for the board's report to the council.

Each selector is one queryset: what a row needs from another table comes by a join
(``select_related``), a subquery annotation, or one prefetch of the posts' holders, so the
number of queries does not grow with the rows."""

from __future__ import annotations

import datetime as dt
import statistics

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from radhus.diarium.selectors import secrecy_label
from radhus.followup.models import (
    OPEN,
    Assignment,
    AssignmentStatus,
    Deviation,
    DeviationKind,
    ProgressReport,
)
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
from radhus.meetings.models import Decision
from radhus.organisation.models import Appointment, UnitKind

OPEN_VALUES = [s.value for s in OPEN]


# Shared pieces ---------------------------------------------------------------------------------


ROW_FIELDS = (
    "id",
    "decided_on",
    "reference",
    "title",
    "due_on",
    "status",
    "progress",
    "completed_on",
    "secrecy",
    "body__name",
    "assignee_unit__name",
    "assignee_post__title",
    "assignee_post__unit__name",
    "assignee_person__first_name",
    "assignee_person__last_name",
)


def _holders(on: dt.date) -> Prefetch:
    """The holders of an assignee post on the report's day (a post's holder changes; the
    assignment goes to whoever holds it)."""
    return Prefetch(
        "assignee_post__appointments",
        queryset=Appointment.objects.filter(Appointment.valid_on_q(on))
        .select_related("person")
        .only("id", "post_id", "acting", "person__first_name", "person__last_name")
        .order_by("acting", "id"),
        to_attr="holders_on_day",
    )


def _assignments(ctx: Context, f: Filters) -> QuerySet[Assignment]:
    """The organisation's assignments with what a row shows, narrowed by body and officer."""
    qs = (
        Assignment.objects.filter(tenant=ctx.tenant)
        .select_related("body", "assignee_unit", "assignee_post__unit", "assignee_person")
        # Only what a row shows: a report reads thousands of rows, and every column read is
        # converted for each of them.
        .only(*ROW_FIELDS)
    )
    # Nothing decided after the report's day (a report made as of an earlier day).
    qs = qs.filter(decided_on__lte=f.on)
    if f.body is not None:
        qs = qs.filter(body=f.body)
    if f.officer is not None:
        # The officer's own assignments: given to them by name, given to a post they hold on
        # the report's day, or made in a case they are the officer of.
        holds = Appointment.objects.filter(
            Appointment.valid_on_q(f.on), post=OuterRef("assignee_post"), person=f.officer
        )
        qs = qs.filter(Q(assignee_person=f.officer) | Q(case__officer=f.officer) | Exists(holds))
    return qs.prefetch_related(_holders(f.on))


def _period(qs: QuerySet, f: Filters, field: str) -> QuerySet:
    if f.date_from is not None:
        qs = qs.filter(**{f"{field}__gte": f.date_from})
    if f.date_to is not None:
        qs = qs.filter(**{f"{field}__lte": f.date_to})
    return qs


def _person(p: object) -> str:
    return f"{p.first_name} {p.last_name}"  # type: ignore[attr-defined]


def assignee_label(a: Assignment) -> str:
    """Who carries the assignment out: a unit, a person, or a post with its holder that day."""
    if a.assignee_unit_id:
        return a.assignee_unit.name
    if a.assignee_person_id:
        return _person(a.assignee_person)
    if a.assignee_post_id:
        post = a.assignee_post
        holders = getattr(post, "holders_on_day", [])
        label = f"{post.title}, {post.unit.name}"
        if holders:
            label += f" ({', '.join(_person(h.person) for h in holders)})"
        else:
            vacant = pgettext("post", "vacant")
            label += f" ({vacant})"
        return label
    return ""


def _title(a: Assignment, full: bool) -> str:
    # A reader sees the secrecy marking in place of a secret assignment (OSL 5 kap. 5 §).
    if a.secrecy and not full:
        return secrecy_label(a.secrecy)
    return a.title


def _with_deviations(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Each assignment's deviations, newest first, read by one prefetch for all the rows."""
    return qs.prefetch_related(
        Prefetch(
            "deviations",
            queryset=Deviation.objects.only(
                "id", "assignment_id", "kind", "reported_on", "alternative_measure"
            ).order_by("-reported_on", "-id"),
            to_attr="deviations_newest_first",
        )
    )


def _deviation_text(a: Assignment, full: bool) -> str:
    """“2; latest 2026-05-04, late – measure”, or "" when there is none."""
    listed = getattr(a, "deviations_newest_first", [])
    if not listed:
        return ""
    last = listed[0]
    text = gettext("%(count)s; latest %(date)s, %(kind)s") % {
        "count": len(listed),
        "date": last.reported_on.isoformat(),
        "kind": _label(DeviationKind, last.kind),
    }
    if last.alternative_measure and (full or not a.secrecy):
        text += f" – {last.alternative_measure}"
    return text


def _label(choices: type[DeviationKind] | type[AssignmentStatus], value: str) -> str:
    """A choice's label: read from the enumeration (a model's ``get_…_display`` hashes the
    choices on every call, which a report of thousands of rows feels)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


# The execution report to the board ------------------------------------------------------------


# The open statuses written into the SQL as constants, not as parameters: only then may SQLite
# read the partial index ``assignment_open_by_decision`` (migration 0002), whose condition is
# this very text. The values are this module's own, never a reader's input.
OPEN_IN_SQL = RawSQL(
    "followup_assignment.status IN ({})".format(
        ", ".join(f"'{v}'" for v in sorted(OPEN_VALUES, reverse=True))
    ),
    [],
    output_field=BooleanField(),
)


def execution_assignments(ctx: Context, f: Filters) -> QuerySet[Assignment]:
    # S4.5, S4.7: every decision not yet carried out, oldest first.
    qs = _assignments(ctx, f).filter(OPEN_IN_SQL)
    return _with_deviations(_period(qs, f, "decided_on")).order_by("decided_on", "reference", "id")


def execution_row(a: Assignment, ctx: Context, f: Filters) -> tuple[Cell, ...]:
    return (
        a.decided_on,
        a.reference,
        a.body.name,
        _title(a, ctx.full),
        assignee_label(a),
        a.due_on,
        _label(AssignmentStatus, a.status),
        a.progress,
        (f.on - a.decided_on).days,
        max(0, (f.on - a.due_on).days),
        _deviation_text(a, ctx.full),
    )


def execution_summary(ctx: Context, f: Filters) -> Summary:
    figures = (
        execution_assignments(ctx, f)
        .order_by()
        .aggregate(
            n=Count("id"),
            late=Count("id", filter=Q(due_on__lt=f.on)),
            oldest=Min("decided_on"),
        )
    )
    return Summary(
        [
            (_("Assignments not carried out"), figures["n"]),
            (_("Of them late"), figures["late"]),
            (_("Oldest decision"), figures["oldest"].isoformat() if figures["oldest"] else None),
        ]
    )


EXECUTION = register(
    Report(
        slug="verkstallighet",
        question=_("Which decisions have not yet been carried out, and how far have they come?"),
        description=_(
            "The execution report to the board: every assignment made from a decision and not "
            "yet finished, the oldest decision first, with who carries it out, the due date, "
            "the progress, the days since the decision, the days late and the deviations "
            "reported. The period chooses when the decisions were made."
        ),
        columns=(
            Column("decided_on", _("Decided on"), Kind.DATE),
            Column("reference", _("Decision")),
            Column("body", _("Deciding body")),
            Column("title", _("What is to be done")),
            Column("assignee", _("Carried out by")),
            Column("due_on", _("Due on"), Kind.DATE),
            Column("status", _("Status")),
            Column("progress", _("Progress (%)"), Kind.NUMBER),
            Column("days", _("Days since the decision"), Kind.NUMBER),
            Column("late", _("Days late"), Kind.NUMBER),
            Column("deviations", _("Deviations")),
        ),
        # Seven columns on the page (eleven in the files), so that the table fits a 1280 px
        # screen: the decision with its body and date, the due date with the days late, the
        # status with the progress.
        page=(
            PageColumn(_("Decision"), ("reference", "body", "decided_on"), bare=("body",)),
            PageColumn(_("What is to be done"), ("title",)),
            PageColumn(_("Carried out by"), ("assignee",)),
            PageColumn(_("Due on"), ("due_on", "late")),
            PageColumn(_("Status"), ("status", "progress")),
            PageColumn(_("Days since the decision"), ("days",)),
            PageColumn(_("Deviations"), ("deviations",)),
        ),
        source=execution_assignments,
        row=execution_row,
        summary=execution_summary,
        law="S4.5, S4.7",
        answers=("Q1", "Q3", "Q10", "Q11"),
    )
)


# Carried out in a period ------------------------------------------------------------------------


def done_assignments(ctx: Context, f: Filters) -> QuerySet[Assignment]:
    qs = _assignments(ctx, f).filter(status=AssignmentStatus.DONE)
    return _period(qs, f, "completed_on").order_by("completed_on", "reference", "id")


def done_row(a: Assignment, ctx: Context, f: Filters) -> tuple[Cell, ...]:
    return (
        a.completed_on,
        a.reference,
        a.body.name,
        _title(a, ctx.full),
        assignee_label(a),
        a.decided_on,
        a.due_on,
        (a.completed_on - a.decided_on).days,
        max(0, (a.completed_on - a.due_on).days),
    )


def done_summary(ctx: Context, f: Filters) -> Summary:
    """How many, the median and the longest days from decision to done, and how many were done
    by their due date. The dates are read in one query; the median is counted here, as SQLite
    has no median."""
    dates = list(done_assignments(ctx, f).order_by().values_list("decided_on", "completed_on", "due_on"))
    days = [(done - decided).days for decided, done, _due in dates]
    in_time = sum(1 for _decided, done, due in dates if done <= due)
    return Summary(
        [
            (_("Assignments carried out"), len(days)),
            (_("Median days from decision to done"), round(statistics.median(days)) if days else None),
            (_("Longest days from decision to done"), max(days) if days else None),
            (_("Done by the due date"), in_time),
        ]
    )


DONE = register(
    Report(
        slug="genomforda",
        question=_("How long did it take to carry the decisions out?"),
        description=_(
            "Every assignment carried out (done), with the days from the decision to done and "
            "the days past its due date, the earliest done first; above the table the median "
            "and the longest time. The period chooses when the assignments were done."
        ),
        columns=(
            Column("completed_on", _("Done on"), Kind.DATE),
            Column("reference", _("Decision")),
            Column("body", _("Deciding body")),
            Column("title", _("What was to be done")),
            Column("assignee", _("Carried out by")),
            Column("decided_on", _("Decided on"), Kind.DATE),
            Column("due_on", _("Due on"), Kind.DATE),
            Column("days", _("Days from decision to done"), Kind.NUMBER),
            Column("late", _("Days late"), Kind.NUMBER),
        ),
        source=done_assignments,
        row=done_row,
        summary=done_summary,
        answers=("Q2",),
    )
)


# Late with no deviation report -------------------------------------------------------------------


def late_without_deviation(ctx: Context, f: Filters) -> QuerySet[Assignment]:
    """Open assignments past their due date on the report's day with no deviation that covers
    them. A deviation covers the lateness unless the new due date it proposed has passed too
    (then a new deviation is owed). S4.5: on a deviation the director proposes alternative
    measures to the board."""
    covering = Deviation.objects.filter(assignment=OuterRef("pk")).filter(
        Q(proposed_due_on__isnull=True) | Q(proposed_due_on__gte=f.on)
    )
    last_report = ProgressReport.objects.filter(assignment=OuterRef("pk")).order_by("-reported_on", "-id")
    qs = _assignments(ctx, f).filter(status__in=OPEN_VALUES, due_on__lt=f.on).filter(~Exists(covering))
    qs = qs.annotate(last_report_on=Subquery(last_report.values("reported_on")[:1]))
    return _period(qs, f, "decided_on").order_by("due_on", "reference", "id")


def late_row(a: Assignment, ctx: Context, f: Filters) -> tuple[Cell, ...]:
    return (
        a.due_on,
        (f.on - a.due_on).days,
        a.reference,
        a.body.name,
        _title(a, ctx.full),
        assignee_label(a),
        _label(AssignmentStatus, a.status),
        a.progress,
        a.last_report_on,
    )


LATE = register(
    Report(
        slug="sena-utan-avvikelse",
        question=_("Which late assignments have no deviation report?"),
        description=_(
            "Assignments past their due date and not finished, for which no deviation has been "
            "reported (or the new due date a deviation proposed has passed as well), the "
            "longest overdue first. Each needs a deviation report with a proposed alternative "
            "measure for the deciding body. The period chooses when the decisions were made."
        ),
        columns=(
            Column("due_on", _("Due on"), Kind.DATE),
            Column("late", _("Days late"), Kind.NUMBER),
            Column("reference", _("Decision")),
            Column("body", _("Deciding body")),
            Column("title", _("What is to be done")),
            Column("assignee", _("Carried out by")),
            Column("status", _("Status")),
            Column("progress", _("Progress (%)"), Kind.NUMBER),
            Column("last_report", _("Last progress report"), Kind.DATE),
        ),
        source=late_without_deviation,
        row=late_row,
        law="S4.5",
        answers=("Q4",),
    )
)


# Decisions with no assignment --------------------------------------------------------------------


def _decisions(ctx: Context, f: Filters) -> QuerySet[Decision]:
    qs = Decision.objects.filter(tenant=ctx.tenant).select_related("body", "paragraph", "case__officer")
    qs = qs.filter(decided_on__lte=f.on)
    if f.body is not None:
        qs = qs.filter(body=f.body)
    if f.officer is not None:
        qs = qs.filter(case__officer=f.officer)
    return _period(qs, f, "decided_on")


def _decision_title(d: Decision, full: bool) -> str:
    p, case = d.paragraph, d.case
    if not full and p.secrecy:
        return secrecy_label(p.secrecy)
    if not full and case is not None and case.title_secrecy:
        return case.public_title
    return p.title


def _decision_text(d: Decision, full: bool) -> str:
    p, case = d.paragraph, d.case
    if not full and (p.secrecy or (case is not None and case.title_secrecy)):
        return ""
    return d.text or p.decision_text


def unassigned_decisions(ctx: Context, f: Filters) -> QuerySet[Decision]:
    return (
        _decisions(ctx, f)
        .filter(~Exists(Assignment.objects.filter(decision=OuterRef("pk"))))
        .order_by("decided_on", "body__name", "paragraph__number", "id")
    )


def unassigned_row(d: Decision, ctx: Context, f: Filters) -> tuple[Cell, ...]:
    return (
        d.decided_on,
        d.reference,
        d.body.name,
        _decision_title(d, ctx.full),
        _decision_text(d, ctx.full),
        d.case.number if d.case_id else "",
        _person(d.case.officer) if d.case_id and d.case.officer_id else "",
        (f.on - d.decided_on).days,
    )


UNASSIGNED = register(
    Report(
        slug="utan-uppdrag",
        question=_("Which decisions has nobody been given to carry out?"),
        description=_(
            "Decisions in approved minutes from which no assignment has been made, the oldest "
            "first. Not every decision calls for an action (the choice of adjusters, a report "
            "placed on file); the others need someone to carry them out, and a due date. The "
            "period chooses when the decisions were made; the officer, whose cases they are."
        ),
        columns=(
            Column("decided_on", _("Decided on"), Kind.DATE),
            Column("reference", _("Decision")),
            Column("body", _("Deciding body")),
            Column("title", _("Matter")),
            Column("text", _("Decision")),
            Column("case", _("Case number")),
            Column("officer", _("Case officer")),
            Column("days", _("Days since the decision"), Kind.NUMBER),
        ),
        source=unassigned_decisions,
        row=unassigned_row,
        answers=("Q5", "Q10"),
    )
)


# The council's decisions and their status -------------------------------------------------------


def council_decisions(ctx: Context, f: Filters) -> QuerySet[Decision]:
    """The council's decisions with their assignments counted in one grouped query."""
    qs = _decisions(ctx, f).filter(body__kind=UnitKind.COUNCIL)
    return qs.annotate(
        n_all=Count("assignments"),
        n_open=Count("assignments", filter=Q(assignments__status__in=OPEN_VALUES)),
        n_done=Count("assignments", filter=Q(assignments__status=AssignmentStatus.DONE)),
        n_late=Count(
            "assignments", filter=Q(assignments__status__in=OPEN_VALUES, assignments__due_on__lt=f.on)
        ),
        next_due=Min("assignments__due_on", filter=Q(assignments__status__in=OPEN_VALUES)),
        done_on=Max("assignments__completed_on"),
    ).order_by("decided_on", "paragraph__number", "id")


def council_status(d: Decision) -> str:
    if d.n_all == 0:
        return pgettext("decision status", "no assignment")
    if d.n_late:
        return pgettext("decision status", "late")
    if d.n_open:
        return pgettext("decision status", "being carried out")
    if d.n_done:
        return pgettext("decision status", "carried out")
    return pgettext("decision status", "cancelled or replaced")


def council_row(d: Decision, ctx: Context, f: Filters) -> tuple[Cell, ...]:
    finished = d.n_all > 0 and d.n_open == 0
    end = d.done_on if finished and d.done_on else f.on
    return (
        d.decided_on,
        d.reference,
        _decision_title(d, ctx.full),
        council_status(d),
        d.n_all,
        d.n_open,
        d.next_due,
        d.done_on if finished else None,
        (end - d.decided_on).days,
    )


COUNCIL = register(
    Report(
        slug="fullmaktige",
        question=_("How far have the council's decisions been carried out?"),
        description=_(
            "Every decision of the council with the state of the assignments made from it, the "
            "oldest first: the board's report to the council on how its decisions are carried "
            "out. A decision is carried out when none of its assignments is open; the days run "
            "from the decision to the last one done, or to the report's date while any is open."
        ),
        columns=(
            Column("decided_on", _("Decided on"), Kind.DATE),
            Column("reference", _("Decision")),
            Column("title", _("Matter")),
            Column("status", _("Status")),
            Column("assignments", _("Assignments"), Kind.NUMBER),
            Column("open", _("Not finished"), Kind.NUMBER),
            Column("next_due", _("Next due date"), Kind.DATE),
            Column("done_on", _("Carried out on"), Kind.DATE),
            Column("days", _("Days"), Kind.NUMBER),
        ),
        source=council_decisions,
        row=council_row,
        answers=("Q6",),
    )
)
