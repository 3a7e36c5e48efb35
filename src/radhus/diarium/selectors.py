"""Reads of the case register, and what each reader may see of it.

The public register shows every case and record that is not secret. A secrecy marking hides
the marked record, or its contents, from everyone without the right (OSL 5 kap. 5 §: the rest
of the record stays public), and shows “Sekretess enligt OSL …” in its place; a private
person's name is left out. The views, the API and every other public output show cases and
records only through ``CaseView`` and ``RecordView``, which apply these rules in one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from radhus.core.audit import history_of
from radhus.core.models import AuditEvent, Tenant
from radhus.diarium.models import (
    Case,
    CaseParty,
    Direction,
    PartyKind,
    Record,
    RecordFile,
    Referral,
    Series,
    Status,
    shown_title,
    status_label,
)
from radhus.organisation.selectors import unit_as_of


def secrecy_label(paragraph: str) -> str:
    """What the public reads in place of a secret part: “Sekretess enligt OSL 21 kap. 1 §”."""
    return _("Secret under %(paragraph)s") % {"paragraph": paragraph}


def secrecy_text(paragraph: str) -> str:
    """The label of a secrecy marking, or "" when there is none."""
    return secrecy_label(paragraph) if paragraph else ""


def private_person_label() -> str:
    return _("Private person")


def shown_case_title(title: str, title_secrecy: str, public_title: str, *, full: bool) -> str:
    """The title of a case a reader sees: the public title in place of a secret one (OSL 5 kap.
    5 §), unless the reader may see what the marking hides."""
    return title if full else shown_title(title, title_secrecy, public_title)


@dataclass
class RecordView:
    """A record as one reader may see it."""

    record: Record
    full: bool  # the reader may see what a secrecy marking hides
    files: list[RecordFile] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.record.pk

    @property
    def number(self) -> str:
        return self.record.number

    @property
    def direction(self) -> str:
        return self.record.get_direction_display()

    @property
    def kind(self) -> str:
        return self.record.get_kind_display()

    @property
    def registered_on(self) -> dt.date:
        return self.record.registered_on

    @property
    def document_date(self) -> dt.date | None:
        return self.record.document_date

    @property
    def secrecy(self) -> str:
        return self.record.secrecy

    @property
    def secrecy_text(self) -> str:
        return secrecy_text(self.record.secrecy)

    @property
    def title_hidden(self) -> bool:
        return not self.full and self.record.is_wholly_secret

    @property
    def contents_hidden(self) -> bool:
        return not self.full and self.record.is_secret

    @property
    def title(self) -> str:
        return self.secrecy_text if self.title_hidden else self.record.title

    @property
    def description(self) -> str:
        # A private person's letter may describe them: its description stays with the staff.
        if self.contents_hidden or (self.record.counterpart_is_private and not self.full):
            return ""
        return self.record.description

    @property
    def counterpart(self) -> str:
        """The sender of a received record, the recipient of a sent one; a private person's
        name only to those who may see it."""
        record = self.record
        name = record.sender if record.direction == Direction.RECEIVED else record.recipient
        if record.direction == Direction.DRAWN_UP and not name:
            return ""
        if self.title_hidden:
            return ""
        if record.counterpart_is_private and not self.full:
            return private_person_label() if name else ""
        return name

    @property
    def visible_files(self) -> list[RecordFile]:
        return [] if self.contents_hidden else self.files

    @property
    def is_final(self) -> bool:
        return self.record.is_final

    @property
    def may_request_copy(self) -> bool:
        """A public record (or its public part) may be asked for as a copy."""
        return not self.record.is_wholly_secret


@dataclass
class PartyView:
    name: str
    kind: str


@dataclass(frozen=True)
class CaseDate:
    """A date of the case that the law counts from or records: registered, a record came in,
    was drawn up or sent, a referral sent, its answer due and answered, decided, closed."""

    on: dt.date
    what: str
    detail: str = ""
    overdue: bool = False


@dataclass
class CaseView:
    """A case as one reader may see it, with its records."""

    case: Case
    full: bool
    records: list[RecordView] = field(default_factory=list)
    parties: list[PartyView] = field(default_factory=list)
    responsible_unit: str = ""
    officer: str = ""
    related: list[Case] = field(default_factory=list)
    history: list[AuditEvent] = field(default_factory=list)
    dates: list[CaseDate] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.case.pk

    @property
    def number(self) -> str:
        return self.case.number

    @property
    def title_hidden(self) -> bool:
        return not self.full and self.case.is_title_secret

    @property
    def title(self) -> str:
        case = self.case
        return shown_case_title(case.title, case.title_secrecy, case.public_title, full=self.full)

    @property
    def title_secrecy_text(self) -> str:
        return secrecy_text(self.case.title_secrecy)

    @property
    def description(self) -> str:
        return "" if self.title_hidden else self.case.description

    @property
    def status(self) -> str:
        return self.case.get_status_display()


def may_see(user: Any, tenant: Tenant) -> bool:
    from radhus.diarium.services import may_see_secrets

    return may_see_secrets(user, tenant)


def case_list(
    tenant: Tenant,
    *,
    series: Series | None = None,
    body_id: int | None = None,
    year: int | None = None,
    status: str | None = None,
) -> QuerySet[Case]:
    """The organisation's cases, newest first, narrowed by body, year and status."""
    queryset = Case.objects.filter(tenant=tenant).select_related("series")
    if series is not None:
        queryset = queryset.filter(series=series)
    if body_id is not None:
        queryset = queryset.filter(series__body_id=body_id)
    if year is not None:
        queryset = queryset.filter(year=year)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-year", "-sequence", "-id")


# What a list of cases shows, read as plain rows rather than cases (``case_rows``): a page of
# 50 is then read and shaped without making 50 model instances and their series. The
# organisation is read by its id (``tenant_slugs``), not joined: joined, SQLite reads the
# organisation first and sorts every case it has to find the newest (10 ms at 6,000 cases,
# growing with the register) instead of walking the index (tenant, year, sequence) newest first.
CASE_ROW_FIELDS = (
    "id",
    "tenant_id",
    "number",
    "series__code",
    "year",
    "title",
    "title_secrecy",
    "public_title",
    "status",
    "origin",
    "opened_on",
    "decided_on",
    "closed_on",
)


def case_rows(queryset: QuerySet[Case]) -> QuerySet[Case, dict[str, Any]]:
    """The rows of ``queryset`` (in its order) with the columns a list of cases shows, as
    dicts keyed by ``CASE_ROW_FIELDS``; show a title through ``shown_case_title``."""
    return queryset.values(*CASE_ROW_FIELDS)


def tenant_slugs(rows: list[dict[str, Any]], known: dict[int, str]) -> dict[int, str]:
    """The short names of the organisations of ``rows`` (``case_rows``): ``known`` (updated in
    place) and the others read in one query."""
    missing = {row["tenant_id"] for row in rows} - known.keys()
    if missing:
        known.update(Tenant.objects.filter(pk__in=missing).values_list("pk", "slug"))
    return known


def record_list(tenant: Tenant, *, year: int | None = None) -> QuerySet[Record]:
    """The organisation's records, newest registration first."""
    queryset = Record.objects.filter(tenant=tenant).select_related("case")
    if year is not None:
        queryset = queryset.filter(registered_on__year=year)
    return queryset.order_by("-registered_on", "-id")


@dataclass(frozen=True, slots=True)
class CaseRow:
    """A case in a page of the register, as one reader may see it: made from a ``case_rows`` row,
    no model instance."""

    pk: int
    number: str
    title: str
    title_secrecy_text: str  # "" unless the title is secret and hidden from this reader
    status: str
    opened_on: dt.date


def case_row(row: dict[str, Any], full: bool) -> CaseRow:
    """A row of ``case_rows`` shaped for a list of cases; the secret title is shown only to a
    reader who may see it (``full``)."""
    hidden = not full and bool(row["title_secrecy"])
    return CaseRow(
        pk=row["id"],
        number=row["number"],
        title=shown_case_title(row["title"], row["title_secrecy"], row["public_title"], full=full),
        title_secrecy_text=secrecy_text(row["title_secrecy"]) if hidden else "",
        status=status_label(row["status"]),
        opened_on=row["opened_on"],
    )


def record_row(record: Record, full: bool) -> RecordView:
    return RecordView(record=record, full=full)


def _party_view(party: CaseParty, full: bool) -> PartyView | None:
    if party.kind == PartyKind.PRIVATE_PERSON and not full:
        return None  # a private person's personal data is left out of the public register
    return PartyView(name=party.name, kind=party.get_kind_display())


def case_page(case: Case, *, full: bool, dates: bool = True) -> CaseView:
    """The whole case: its records and their files, its parties, related cases and history.
    ``dates=False`` leaves out the legal dates (and so the referrals' query), for a reader that
    does not show them (the API). The case's ``responsible_unit`` and ``officer`` are read with
    it when the caller selected them (``select_related``)."""
    records = list(case.records.order_by("sequence"))
    files: dict[int, list[RecordFile]] = {}
    if records:  # a case without records (one just registered) has no files to read
        for row in RecordFile.objects.filter(record__case=case).order_by("record_id", "-version"):
            files.setdefault(row.record_id, []).append(row)
    view = CaseView(
        case=case,
        full=full,
        records=[RecordView(record=r, full=full, files=files.get(r.pk, [])) for r in records],
        parties=[p for p in (_party_view(p, full) for p in case.parties.all()) if p is not None],
        # Of a related case only its number is shown (and its id linked).
        related=list(case.related.order_by("-year", "-sequence").only("number")),
    )
    return _completed(view, history=case_history(case, full=full), referrals=None, dates=dates)


def registered_case_page(
    case: Case, *, full: bool, parties: list[CaseParty], event: AuditEvent, dates: bool = True
) -> CaseView:
    """The whole case as ``case_page`` shows it, right after its registration, from what the
    registration wrote (``services.Registration``): a case just registered has no records,
    related cases or referrals yet, and its history is the one registration event, so nothing
    has to be read back."""
    view = CaseView(
        case=case,
        full=full,
        parties=[p for p in (_party_view(p, full) for p in parties) if p is not None],
    )
    shown = full or event.action in PUBLIC_HISTORY_ACTIONS
    return _completed(view, history=[event] if shown else [], referrals=[], dates=dates)


def _completed(
    view: CaseView, *, history: list[AuditEvent], referrals: list[Referral] | None, dates: bool = True
) -> CaseView:
    case, full = view.case, view.full
    if case.responsible_unit_id:
        view.responsible_unit = unit_as_of(case.responsible_unit, case.opened_on).name
    officer = case.officer
    if officer is not None and (officer.is_public or full):
        view.officer = officer.name
    view.history = history
    if dates:
        view.dates = case_dates(case, view.records, full=full, referrals=referrals)
    return view


def case_dates(
    case: Case,
    records: list[RecordView],
    *,
    full: bool,
    on: dt.date | None = None,
    referrals: list[Referral] | None = None,
) -> list[CaseDate]:
    """The legal dates of a case, oldest first: the day it was registered and the day each
    record came in, was drawn up or sent (OSL 5 kap. 1–2 §§: registered without delay, with its
    date), each referral's sending, due date and answer, the decision and the closing. A record's
    title is shown as ``records`` show it to this reader (secret parts hidden, OSL 5 kap. 5 §).
    ``referrals``: the case's referrals when the caller has them (none for a case just
    registered); read from the database otherwise."""
    on = on or timezone.localdate()
    dates = [CaseDate(case.opened_on, _("Registered"), case.number)]
    labels = {
        Direction.RECEIVED: _("Came in"),
        Direction.DRAWN_UP: _("Drawn up"),
        Direction.SENT: _("Sent"),
    }
    for view in records:
        dates.append(
            CaseDate(
                view.registered_on, str(labels.get(view.record.direction, "")), f"{view.number} {view.title}"
            )
        )
    if referrals is None:
        referrals = list(
            Referral.objects.filter(case=case).select_related("body", "sent_record").order_by("sent_on", "id")
        )
    for referral in referrals:
        to = referral.body.name if referral.body_id else referral.recipient
        if referral.sent_record is not None and referral.body_id is None:
            to = RecordView(record=referral.sent_record, full=full).counterpart
        dates.append(CaseDate(referral.sent_on, _("Sent on referral"), to))
        if referral.answered_on:
            dates.append(CaseDate(referral.answered_on, _("Referral answered"), to))
        else:
            dates.append(
                CaseDate(referral.due_on, _("Referral answer due"), to, overdue=referral.due_on < on)
            )
    if case.decided_on:
        dates.append(CaseDate(case.decided_on, _("Decided"), ""))
    if case.closed_on:
        dates.append(CaseDate(case.closed_on, _("Closed"), ""))
    # Stable: on one day, the order above (registered, records by number, referrals, decision).
    return sorted(dates, key=lambda d: d.on)


PUBLIC_HISTORY_ACTIONS = {
    "diarium.case.register",
    "diarium.case.prepare",
    "diarium.case.referral",
    "diarium.case.referral_back",
    "diarium.case.ready",
    "diarium.case.back_to_preparation",
    "diarium.case.agenda",
    "diarium.case.off_agenda",
    "diarium.case.decided",
    "diarium.case.execution",
    "diarium.case.close",
    "diarium.case.withdraw",
    "diarium.case.merge",
    "diarium.record.add",
    "diarium.record.final",
}


def case_history(case: Case, *, full: bool, limit: int = 200) -> list[AuditEvent]:
    """What happened to the case. The public sees the steps of the workflow and the records'
    numbers only; the summaries of other events may name what is secret."""
    # What the pages and the API show of an event (not its changes, which are JSON to decode).
    events = history_of(case).only("at", "action", "summary", "actor_name")
    if not full:
        events = events.filter(action__in=PUBLIC_HISTORY_ACTIONS)
    return list(events[:limit])


# The years with cases, newest first, by one probe of the index (tenant, year, sequence) per year
# (a "loose index scan"): a DISTINCT would read every case of the organisation.
YEARS_SQL = """
WITH RECURSIVE y(year) AS (
    SELECT MAX(year) FROM diarium_case WHERE tenant_id = %(tenant)s
    UNION ALL
    SELECT (SELECT MAX(c.year) FROM diarium_case c WHERE c.tenant_id = %(tenant)s AND c.year < y.year)
    FROM y WHERE y.year IS NOT NULL
)
SELECT year FROM y WHERE year IS NOT NULL
"""


def years_of(tenant: Tenant) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(YEARS_SQL, {"tenant": tenant.pk})
        return [row[0] for row in cursor.fetchall()]


STATUS_CHOICES = Status.choices


@dataclass
class CaseFlow:
    """Where a case is in the flow after the register: the agendas it is on, the paragraphs
    and decisions of the minutes, and the assignments made from them (``FLOW.md``)."""

    agenda_items: list[Any]
    paragraphs: list[Any]
    assignments: list[Any]

    @property
    def is_empty(self) -> bool:
        return not (self.agenda_items or self.paragraphs or self.assignments)


def case_flow(case: Case) -> CaseFlow:
    """The case's agenda items (with their meetings), its paragraphs with their decisions and its
    assignments, read through the other modules' links to the case. Three queries."""
    return CaseFlow(
        agenda_items=list(
            case.agenda_items.select_related("meeting__body").order_by("meeting__date", "sort_order", "id")
        ),
        paragraphs=list(
            case.paragraphs.select_related("meeting__body", "decision").order_by("meeting__date", "number")
        ),
        assignments=list(case.assignments.order_by("due_on", "id")),
    )
