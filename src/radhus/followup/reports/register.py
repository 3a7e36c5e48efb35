"""Reports read from the case register: the backlog list (ärendebalans) and the motions and
citizen proposals not decided within a year. Both reuse the register's own work-list
selectors (``radhus.diarium.worklists``), so the register's page and these reports count the
same cases."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from radhus.diarium import worklists
from radhus.diarium.models import Case
from radhus.followup.reports.base import Cell, Column, Context, Filters, Kind, Report, register


def _title(case: Case, full: bool) -> str:
    # A reader sees the public title in place of a secret one (OSL 5 kap. 5 §).
    return case.title if full else case.shown_title


def _officer(case: Case) -> str:
    return f"{case.officer.first_name} {case.officer.last_name}" if case.officer_id else ""


def _in_period(cases: QuerySet[Case], f: Filters) -> QuerySet[Case]:
    cases = cases.filter(opened_on__lte=f.on)  # nothing registered after the report's day
    if f.date_from is not None:
        cases = cases.filter(opened_on__gte=f.date_from)
    if f.date_to is not None:
        cases = cases.filter(opened_on__lte=f.date_to)
    return cases


def backlog_cases(ctx: Context, f: Filters) -> QuerySet[Case]:
    cases = worklists.backlog(
        ctx.tenant,
        body=f.body.pk if f.body else None,
        officer=f.officer.pk if f.officer else None,
    )
    return _in_period(cases, f)


def backlog_row(case: Case, ctx: Context, f: Filters) -> tuple[Cell, ...]:
    return (
        case.series.body.name,
        _officer(case),
        case.number,
        _title(case, ctx.full),
        case.opened_on,
        case.get_status_display(),
        (f.on - case.opened_on).days,
    )


BACKLOG = register(
    Report(
        slug="arendebalans",
        question=_("Which cases are open, per body and officer (the backlog list)?"),
        description=_(
            "Every open case of the case register, per body and case officer, the oldest first "
            "within each, with the days since it was registered. The same list as the register's "
            "work list; the period chooses when the cases were registered."
        ),
        columns=(
            Column("body", _("Body")),
            Column("officer", _("Case officer")),
            Column("number", _("Case number")),
            Column("title", _("Title")),
            Column("opened_on", _("Registered"), Kind.DATE),
            Column("status", _("Status")),
            Column("days", _("Days open"), Kind.NUMBER),
        ),
        source=backlog_cases,
        row=backlog_row,
        answers=("Q8", "Q11"),
    )
)


def motion_cases(ctx: Context, f: Filters) -> QuerySet[Case]:
    # KL 5 kap. 35 §: a motion should be decided by the council within a year of being raised;
    # the register's selector lists those raised at least a year before ``f.on`` and still open.
    cases = worklists.council_report(ctx.tenant, f.on)
    if f.body is not None:
        cases = cases.filter(series__body=f.body)
    if f.officer is not None:
        cases = cases.filter(officer=f.officer)
    return _in_period(cases, f)


def motion_row(case: Case, ctx: Context, f: Filters) -> tuple[Cell, ...]:
    return (
        case.number,
        _title(case, ctx.full),
        case.get_origin_display(),
        case.opened_on,
        (f.on - case.opened_on).days,
        case.get_status_display(),
        _officer(case),
    )


MOTIONS = register(
    Report(
        slug="motioner",
        question=_("Which motions and citizen proposals have not been decided within a year?"),
        description=_(
            "Motions and citizen proposals raised at least a year before the report's date and "
            "not yet decided, the oldest first: what the board reports to the council within "
            "the year (KL 5 kap. 35 §). The period chooses when they were raised."
        ),
        columns=(
            Column("number", _("Case number")),
            Column("title", _("Title")),
            Column("origin", _("Kind")),
            Column("opened_on", _("Raised"), Kind.DATE),
            Column("days", _("Days since raised"), Kind.NUMBER),
            Column("status", _("Status")),
            Column("officer", _("Case officer")),
        ),
        source=motion_cases,
        row=motion_row,
        law="KL 5 kap. 35 §",
        answers=("Q7",),
    )
)
