"""Every change to the case register: keyword-only, one transaction, audited.

Registration locks the counter of the series' year, so that numbers are gapless and never
given twice even when many registrars register at once (``radhus.core.locking``). The status of
a case changes only through one action per step below, each with its permission, its rule and
its audit event; nothing sets it by hand.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from radhus.core import audit
from radhus.core.access import has_role
from radhus.core.audit import Actor
from radhus.core.locking import lock, lock_tenant
from radhus.core.models import AuditEvent, Role, Tenant
from radhus.core.validators import check_date_in_range, normalise_line
from radhus.diarium.models import (
    DEFAULT_NUMBER_FORMAT,
    ENDED,
    NEEDS_COMPLETION,
    Case,
    CaseParty,
    Classification,
    Direction,
    OfficersReport,
    Origin,
    PartyKind,
    Record,
    RecordFile,
    RecordKind,
    RegisterSettings,
    SecrecyScope,
    Series,
    SeriesYear,
    Status,
    format_number,
    validate_number_format,
)
from radhus.organisation.models import Person, Unit, UnitKind

CASE_FIELDS = [
    "title",
    "public_title",
    "title_secrecy",
    "description",
    "classification",
    "responsible_unit",
    "officer",
    "origin",
    "origin_unit",
]
RECORD_FIELDS = [
    "direction",
    "kind",
    "title",
    "description",
    "document_date",
    "registered_on",
    "sender",
    "recipient",
    "counterpart_is_private",
]
REPORT_FIELDS = [
    "background",
    "assessment",
    "financing",
    "proposed_decision",
    "officer",
    "signed_by",
    "dated",
]

# “OSL 21 kap. 1 §”, “OSL 39 kap. 3 § första stycket”: the paragraph a secrecy marking rests on
# (OSL 5 kap. 5 §).
OSL_PARAGRAPH = re.compile(r"^OSL \d{1,2} kap\. \d{1,3}(?: ?[a-z])? §.*$")
log = logging.getLogger(__name__)
READ_FILE_CHUNK = 64 * 1024


# Permissions -------------------------------------------------------------------------------


def may_see_secrets(user: Any, tenant: Tenant) -> bool:
    """Who may read what a secrecy marking hides: the organisation's registrars and case
    officers (the editor role or higher). Everyone else, logged in or not, sees the public
    register (OSL 5 kap. 5 §: the rest of the record stays public)."""
    return has_role(user, tenant, Role.EDITOR)


def _require(actor: Actor, tenant: Tenant, needed: Role = Role.EDITOR) -> None:
    """The actor must hold ``needed`` in ``tenant``. ``None`` is the system itself (the demo,
    commands run by the operator)."""
    if actor is not None and not has_role(actor, tenant, needed):
        raise PermissionDenied


def _check_same_tenant(tenant: Tenant, field: str, obj: Any) -> None:
    if obj is not None and obj.tenant_id != tenant.pk:
        raise ValidationError({field: _("Must belong to the same organisation.")}, code="other_tenant")


def _check_osl(paragraph: str, field: str) -> str:
    """A secrecy marking names the OSL paragraph it rests on (OSL 5 kap. 5 §)."""
    paragraph = normalise_line(paragraph or "")
    if not OSL_PARAGRAPH.match(paragraph) or len(paragraph) > 100:
        raise ValidationError(
            {field: _("Name the paragraph of the secrecy act, e.g. “OSL 21 kap. 1 §”.")}, code="osl_paragraph"
        )
    return paragraph


# Settings and series ------------------------------------------------------------------------


def settings_of(tenant: Tenant) -> RegisterSettings:
    """The organisation's register settings (the defaults when none are saved)."""
    found = RegisterSettings.objects.filter(tenant=tenant).first()
    return found or RegisterSettings(tenant=tenant)


@transaction.atomic
def register_settings_update(*, tenant: Tenant, actor: Actor, number_format: str) -> RegisterSettings:
    """Change how new case numbers are written. Numbers already given stay as they were."""
    _require(actor, tenant, Role.ADMINISTRATOR)
    lock_tenant(tenant)
    validate_number_format(number_format)
    found, _created = RegisterSettings.objects.get_or_create(tenant=tenant)
    before = found.number_format
    found.number_format = number_format
    found.full_clean()
    found.save()
    audit.record(
        tenant=tenant,
        actor=actor,
        action="diarium.settings",
        subject=found,
        page=tenant,
        summary=_("Changed the case number format to “%(format)s”.") % {"format": number_format},
        changes={"number_format": [before, number_format]},
    )
    return found


@transaction.atomic
def series_create(*, tenant: Tenant, actor: Actor, body: Unit, code: str, name: str = "") -> Series:
    """A number series for a body (KS, KF, a committee)."""
    _require(actor, tenant, Role.ADMINISTRATOR)
    lock_tenant(tenant)
    _check_same_tenant(tenant, "body", body)
    series = Series(tenant=tenant, body=body, code=code, name=name or body.name)
    series.full_clean()
    series.save()
    audit.record(
        tenant=tenant,
        actor=actor,
        action="diarium.series.create",
        subject=series,
        summary=_("Created the number series “%(code)s”.") % {"code": series.code},
    )
    return series


def _next_number(series: Series, year: int) -> tuple[int, str]:
    """The next number of ``series`` in ``year`` and the organisation's number format, taken in
    one statement (``UPDATE … SET last_number = last_number + 1 … RETURNING last_number``, the
    format read by a subquery of its ``RETURNING``). The update holds the counter's row lock
    (PostgreSQL) or the database's write lock (SQLite: ``BEGIN IMMEDIATE``) until the
    transaction ends, so every other registration in the series waits until this one commits
    or rolls back: a number is given once and a rolled-back registration leaves no gap. The
    first registration of a year creates the counter while it holds the organisation's lock
    (tenant first, then the row)."""
    sql = (
        f"UPDATE {SeriesYear._meta.db_table} SET last_number = last_number + 1 "
        "WHERE series_id = %s AND year = %s RETURNING last_number, "
        f"(SELECT number_format FROM {RegisterSettings._meta.db_table} WHERE tenant_id = %s)"
    )
    params = [series.pk, year, series.tenant_id]
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("_next_number() needs a transaction.")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()  # read to the end: SQLite finishes the statement only then
        if not rows:
            lock_tenant(series.tenant_id)
            SeriesYear.objects.get_or_create(series=series, year=year)
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    number, number_format = rows[0]
    return int(number), number_format or DEFAULT_NUMBER_FORMAT


# Cases ---------------------------------------------------------------------------------------


def _validate_case(case: Case) -> None:
    tenant = case.tenant
    _check_same_tenant(tenant, "classification", case.classification)
    _check_same_tenant(tenant, "responsible_unit", case.responsible_unit)
    _check_same_tenant(tenant, "officer", case.officer)
    _check_same_tenant(tenant, "origin_unit", case.origin_unit)
    if case.title_secrecy:
        case.title_secrecy = _check_osl(case.title_secrecy, "title_secrecy")
        if not normalise_line(case.public_title or ""):
            raise ValidationError(
                {"public_title": _("A case with a secret title needs a public title.")}, code="public_title"
            )


@dataclass(frozen=True)
class Registration:
    """What registering a case wrote: the case, its parties and the audit event, so that the
    answer can show the case without reading it back."""

    case: Case
    parties: list[CaseParty]
    event: AuditEvent


def case_register(**kwargs: Any) -> Case:
    """Register a case (``case_registration``) and return it."""
    return case_registration(**kwargs).case


def case_registration(
    *,
    tenant: Tenant,
    actor: Actor,
    series: Series,
    title: str,
    opened_on: dt.date | None = None,
    description: str = "",
    origin: str = Origin.OWN_INITIATIVE,
    origin_unit: Unit | None = None,
    classification: Classification | None = None,
    responsible_unit: Unit | None = None,
    officer: Person | None = None,
    title_secrecy: str = "",
    public_title: str = "",
    parties: Iterable[dict[str, str]] = (),
    savepoint: bool = True,
) -> Registration:
    """Register a case under the next number of its series (OSL 5 kap. 1 §: registered
    without delay). Everything after the number is written in the transaction that took it,
    so a registration that fails leaves no gap.

    Inside another transaction the writes take a savepoint, so that a failure undoes them
    alone; ``savepoint=False`` is for a caller that rolls its whole transaction back when the
    registration fails (the API's ``perform``), and spares the two statements."""
    _require(actor, tenant)
    _check_same_tenant(tenant, "series", series)
    if not series.is_active:
        raise ValidationError(
            {"series": _("This number series is no longer in use.")}, code="series_inactive"
        )
    check_date_in_range(opened_on, "opened_on")
    opened_on = opened_on or timezone.localdate()
    case = Case(
        tenant=tenant,
        series=series,
        year=opened_on.year,
        sequence=1,
        number="-",
        title=title,
        opened_on=opened_on,
        description=description,
        origin=origin,
        origin_unit=origin_unit,
        classification=classification,
        responsible_unit=responsible_unit,
        officer=officer,
        title_secrecy=title_secrecy,
        public_title=public_title,
    )
    _validate_case(case)
    # The organisation and the series are rows in hand, checked to belong together above: no
    # query to check that they exist.
    case.full_clean(exclude=["sequence", "number", "tenant", "series"], validate_constraints=False)
    party_rows = [_party(case, **p) for p in parties]
    # Nothing is written before this point: the checks above need no transaction.
    with transaction.atomic(savepoint=savepoint):
        case.sequence, number_format = _next_number(series, case.year)
        case.number = format_number(number_format, code=series.code, year=case.year, n=case.sequence)
        case.save(force_insert=True)
        for row in party_rows:
            row.case = case
        if party_rows:
            CaseParty.objects.bulk_create(party_rows)
        event = audit.record(
            tenant=tenant,
            actor=actor,
            action="diarium.case.register",
            subject=case,
            summary=_("Registered the case %(number)s.") % {"number": case.number},
            changes=audit.snapshot(case, ["number", *CASE_FIELDS, "opened_on"]),
        )
    return Registration(case=case, parties=party_rows, event=event)


def _party(case: Case, *, kind: str, name: str, address: str = "", email: str = "") -> CaseParty:
    party = CaseParty(case=case, kind=kind, name=name, address=address, email=email)
    party.full_clean(exclude=["case"])
    return party


def _locked_case(case: Case) -> Case:
    lock_tenant(case.tenant_id)
    return lock(case)


@transaction.atomic
def case_update(*, case: Case, actor: Actor, **fields: Any) -> Case:
    """Correct a case's facts (title, description, class, unit, officer, origin). The number
    and the status are never changed here."""
    _require(actor, case.tenant)
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise TypeError(f"case_update does not change {sorted(unknown)}")
    case = _locked_case(case)
    before = audit.snapshot(case, CASE_FIELDS)
    for key, value in fields.items():
        setattr(case, key, value)
    _validate_case(case)
    case.updated_at = timezone.now()
    case.full_clean()
    case.save()
    changes = audit.diff(before, audit.snapshot(case, CASE_FIELDS))
    if changes:
        audit.record(
            tenant=case.tenant,
            actor=actor,
            action="diarium.case.update",
            subject=case,
            summary=_("Changed %(fields)s.")
            % {"fields": ", ".join(str(Case._meta.get_field(f).verbose_name) for f in changes)},
            changes=changes,
        )
    return case


@transaction.atomic
def case_add_party(
    *, case: Case, actor: Actor, kind: str, name: str, address: str = "", email: str = ""
) -> CaseParty:
    """A party to the case. A private person's data is kept from the public register."""
    _require(actor, case.tenant)
    case = _locked_case(case)
    party = _party(case, kind=kind, name=name, address=address, email=email)
    party.save()
    shown = _("a private person") if party.kind == PartyKind.PRIVATE_PERSON else party.name
    audit.record(
        tenant=case.tenant,
        actor=actor,
        action="diarium.case.party",
        subject=party,
        page=case,
        summary=_("Added %(party)s as a party.") % {"party": shown},
    )
    return party


@transaction.atomic
def case_relate(*, case: Case, actor: Actor, other: Case) -> Case:
    """Mark two cases of the same organisation as related (both ways)."""
    _require(actor, case.tenant)
    if other.tenant_id != case.tenant_id:
        raise ValidationError({"other": _("Must belong to the same organisation.")}, code="other_tenant")
    if other.pk == case.pk:
        raise ValidationError({"other": _("A case cannot be related to itself.")}, code="self")
    case = _locked_case(case)
    case.related.add(other)
    audit.record(
        tenant=case.tenant,
        actor=actor,
        action="diarium.case.relate",
        subject=case,
        summary=_("Related the case to %(number)s.") % {"number": other.number},
    )
    return case


@transaction.atomic
def case_mark_title_secret(*, case: Case, actor: Actor, paragraph: str, public_title: str) -> Case:
    """Mark the case's title secret and give the title the public reads (OSL 5 kap. 5 §)."""
    _require(actor, case.tenant)
    case = _locked_case(case)
    case.title_secrecy = _check_osl(paragraph, "title_secrecy")
    case.public_title = public_title
    _validate_case(case)
    case.full_clean()
    case.save()
    audit.record(
        tenant=case.tenant,
        actor=actor,
        action="diarium.case.secrecy",
        subject=case,
        summary=_("Marked the title secret under %(paragraph)s.") % {"paragraph": case.title_secrecy},
    )
    return case


@transaction.atomic
def case_lift_title_secrecy(*, case: Case, actor: Actor) -> Case:
    """Lift the secrecy of the title: an authorised decision (OSL 5 kap. 5 §)."""
    _require(actor, case.tenant)
    case = _locked_case(case)
    before = case.title_secrecy
    case.title_secrecy = ""
    case.public_title = ""
    case.save()
    audit.record(
        tenant=case.tenant,
        actor=actor,
        action="diarium.case.secrecy_lifted",
        subject=case,
        summary=_("Lifted the secrecy of the title (was %(paragraph)s).") % {"paragraph": before},
    )
    return case


# Status: one action per step ---------------------------------------------------------------


def _step(
    case: Case,
    actor: Actor,
    *,
    allowed_from: set[str],
    to: str,
    action: str,
    needed: Role = Role.EDITOR,
    **set_fields: Any,
) -> Case:
    _require(actor, case.tenant, needed)
    case = _locked_case(case)
    if case.status not in allowed_from:
        raise ValidationError(
            {
                "status": _("A case that is %(status)s cannot become %(to)s.")
                % {"status": case.get_status_display(), "to": Status(to).label}
            },
            code="status",
        )
    before = case.status
    case.status = to
    for key, value in set_fields.items():
        setattr(case, key, value)
    case.updated_at = timezone.now()
    case.save()
    audit.record(
        tenant=case.tenant,
        actor=actor,
        action=f"diarium.case.{action}",
        subject=case,
        summary=_("%(number)s: %(before)s → %(after)s.")
        % {"number": case.number, "before": Status(before).label, "after": Status(to).label},
        changes={"status": [before, to], **{k: [None, audit._jsonable(v)] for k, v in set_fields.items()}},
    )
    return case


@transaction.atomic
def case_start_preparation(*, case: Case, actor: Actor) -> Case:
    """The case is being prepared (beredning, S4.6)."""
    return _step(case, actor, allowed_from={Status.REGISTERED}, to=Status.IN_PREPARATION, action="prepare")


@transaction.atomic
def case_send_on_referral(*, case: Case, actor: Actor) -> Case:
    """The case is out on referral to other bodies."""
    return _step(
        case,
        actor,
        allowed_from={Status.REGISTERED, Status.IN_PREPARATION},
        to=Status.ON_REFERRAL,
        action="referral",
    )


@transaction.atomic
def case_return_from_referral(*, case: Case, actor: Actor) -> Case:
    """The referral round is over; preparation goes on."""
    return _step(
        case, actor, allowed_from={Status.ON_REFERRAL}, to=Status.IN_PREPARATION, action="referral_back"
    )


def completion_needed(case: Case) -> bool:
    """A case before the executive board that comes from another committee, a company or a
    federation must be completed before the board decides (S4.6; KL 6 kap. 1 §, the board's
    oversight of committees, companies and federations)."""
    return case.origin in NEEDS_COMPLETION and case.series.body.kind == UnitKind.EXECUTIVE_BOARD


def preparation_gaps(case: Case) -> dict[str, str]:
    """What a case still lacks to be decided by the board (S4.6): a statement or a proposed
    decision, and a statement of how it is financed. Field → what is missing; empty when the
    case is complete or the rule does not apply. Records of either kind count, and so does an
    officer's report with the part written."""
    if not completion_needed(case):
        return {}
    kinds = set(case.records.values_list("kind", flat=True))
    report = OfficersReport.objects.filter(case=case).first()
    gaps: dict[str, str] = {}
    has_statement = bool(kinds & {RecordKind.STATEMENT, RecordKind.PROPOSED_DECISION}) or bool(
        report and report.proposed_decision
    )
    has_financing = RecordKind.FINANCING in kinds or bool(report and report.financing)
    if not has_statement:
        gaps["statement"] = _("a statement or a proposed decision")
    if not has_financing:
        gaps["financing"] = _("a statement of how it is financed")
    return gaps


def preparation_refusal(case: Case, gaps: dict[str, str]) -> ValidationError:
    origin = Origin(case.origin).label
    sentence = _(
        "The case comes from %(origin)s and cannot be ready for decision by the board until it has "
        "%(missing)s (S4.6)."
    ) % {"origin": origin, "missing": _(" and ").join(gaps.values())}
    errors: dict[str, list[str]] = {"__all__": [sentence]}
    for field, missing in gaps.items():
        errors[field] = [_("Missing: %(what)s.") % {"what": missing}]
    return ValidationError(errors, code="preparation")


@transaction.atomic
def case_mark_ready(*, case: Case, actor: Actor) -> Case:
    """The case is ready for decision. A case from another committee, a company or a
    federation is refused until it has a statement or proposed decision and its financing
    (S4.6, S4.8); the refusal names what is missing."""
    _require(actor, case.tenant)
    locked = _locked_case(case)
    gaps = preparation_gaps(locked) if locked.status in {Status.REGISTERED, Status.IN_PREPARATION} else {}
    if gaps:
        raise preparation_refusal(locked, gaps)
    return _step(
        locked,
        actor,
        allowed_from={Status.REGISTERED, Status.IN_PREPARATION},
        to=Status.READY,
        action="ready",
    )


@transaction.atomic
def case_back_to_preparation(*, case: Case, actor: Actor) -> Case:
    """A case ready for decision goes back to preparation (more is needed)."""
    return _step(
        case, actor, allowed_from={Status.READY}, to=Status.IN_PREPARATION, action="back_to_preparation"
    )


@transaction.atomic
def case_put_on_agenda(*, case: Case, actor: Actor) -> Case:
    """The case is on a meeting's agenda. Only a case ready for decision goes on one."""
    return _step(case, actor, allowed_from={Status.READY}, to=Status.ON_AGENDA, action="agenda")


@transaction.atomic
def case_take_off_agenda(*, case: Case, actor: Actor) -> Case:
    """The case was taken off the agenda (postponed): it is ready for decision again."""
    return _step(case, actor, allowed_from={Status.ON_AGENDA}, to=Status.READY, action="off_agenda")


@transaction.atomic
def case_record_decision(*, case: Case, actor: Actor, decided_on: dt.date) -> Case:
    """The body decided the case on ``decided_on``."""
    check_date_in_range(decided_on, "decided_on")
    if decided_on < case.opened_on:
        raise ValidationError(
            {"decided_on": _("A case cannot be decided before it was registered.")}, code="date_order"
        )
    return _step(
        case,
        actor,
        allowed_from={Status.ON_AGENDA},
        to=Status.DECIDED,
        action="decided",
        decided_on=decided_on,
    )


@transaction.atomic
def case_start_execution(*, case: Case, actor: Actor) -> Case:
    """The decision is being carried out (verkställighet, S4.7)."""
    return _step(case, actor, allowed_from={Status.DECIDED}, to=Status.BEING_CARRIED_OUT, action="execution")


@transaction.atomic
def case_close(*, case: Case, actor: Actor, closed_on: dt.date | None = None) -> Case:
    """The case is closed (avslutat): decided, and carried out where needed."""
    check_date_in_range(closed_on, "closed_on")
    closed_on = closed_on or timezone.localdate()
    if closed_on < case.opened_on:
        raise ValidationError(
            {"closed_on": _("A case cannot be closed before it was registered.")}, code="date_order"
        )
    return _step(
        case,
        actor,
        allowed_from={Status.DECIDED, Status.BEING_CARRIED_OUT},
        to=Status.CLOSED,
        action="close",
        closed_on=closed_on,
    )


OPEN = {s for s in Status.values if s not in ENDED}


@transaction.atomic
def case_withdraw(*, case: Case, actor: Actor, closed_on: dt.date | None = None) -> Case:
    """The matter was withdrawn (återkallat) before a decision. The number stays taken."""
    check_date_in_range(closed_on, "closed_on")
    return _step(
        case,
        actor,
        allowed_from=OPEN - {Status.DECIDED, Status.BEING_CARRIED_OUT},
        to=Status.WITHDRAWN,
        action="withdraw",
        closed_on=closed_on or timezone.localdate(),
    )


@transaction.atomic
def case_merge(*, case: Case, actor: Actor, into: Case) -> Case:
    """The case is merged into another open case of the same organisation (samredovisat); its
    records stay under its own number."""
    if into.tenant_id != case.tenant_id:
        raise ValidationError({"into": _("Must belong to the same organisation.")}, code="other_tenant")
    if into.pk == case.pk:
        raise ValidationError({"into": _("A case cannot be merged into itself.")}, code="self")
    lock_tenant(case.tenant_id)
    into = lock(into)
    if into.status in ENDED:
        raise ValidationError({"into": _("The case to merge into is no longer open.")}, code="ended")
    merged = _step(
        case,
        actor,
        allowed_from=OPEN - {Status.DECIDED, Status.BEING_CARRIED_OUT},
        to=Status.MERGED,
        action="merge",
        merged_into=into,
        closed_on=timezone.localdate(),
    )
    merged.related.add(into)
    return merged


# Records -----------------------------------------------------------------------------------


@transaction.atomic
def record_add(
    *,
    case: Case,
    actor: Actor,
    direction: str,
    title: str,
    kind: str = RecordKind.OTHER,
    registered_on: dt.date | None = None,
    document_date: dt.date | None = None,
    sender: str = "",
    recipient: str = "",
    counterpart_is_private: bool = False,
    description: str = "",
    secrecy: str = "",
    secrecy_scope: str = SecrecyScope.RECORD,
    file: File | None = None,
    file_name: str = "",
) -> Record:
    """Register a record in a case under the case's next record number, KS 2026/123-4
    (OSL 5 kap. 1–2 §§: date, number, sender or recipient and a short description)."""
    _require(actor, case.tenant)
    check_date_in_range(registered_on, "registered_on")
    check_date_in_range(document_date, "document_date")
    case = _locked_case(case)
    if case.status in ENDED and kind != RecordKind.COPY_REQUEST:
        raise ValidationError(
            {"case": _("The case is closed; register the record in a new case.")}, code="ended"
        )
    record = Record(
        tenant=case.tenant,
        case=case,
        sequence=1,
        number="-",
        direction=direction,
        kind=kind,
        title=title,
        description=description,
        registered_on=registered_on or timezone.localdate(),
        document_date=document_date,
        sender=sender,
        recipient=recipient,
        counterpart_is_private=counterpart_is_private,
        secrecy=_check_osl(secrecy, "secrecy") if secrecy else "",
        secrecy_scope=secrecy_scope,
    )
    if direction == Direction.RECEIVED and not normalise_line(sender or ""):
        raise ValidationError(
            {"sender": _("A received record names its sender (OSL 5 kap. 2 §).")}, code="sender"
        )
    if direction == Direction.SENT and not normalise_line(recipient or ""):
        raise ValidationError(
            {"recipient": _("A sent record names its recipient (OSL 5 kap. 2 §).")}, code="recipient"
        )
    if record.registered_on < case.opened_on:
        raise ValidationError(
            {"registered_on": _("A record cannot be registered before its case.")}, code="date_order"
        )
    record.full_clean(exclude=["sequence", "number"], validate_constraints=False)
    last = case.records.aggregate(last=Max("sequence"))["last"] or 0
    record.sequence = last + 1
    record.number = f"{case.number}-{record.sequence}"
    record.save()
    audit.record(
        tenant=case.tenant,
        actor=actor,
        action="diarium.record.add",
        subject=record,
        page=case,
        summary=_("Registered the record %(number)s.") % {"number": record.number},
        changes={"number": record.number, "direction": record.direction, "kind": record.kind},
    )
    if file is not None:
        _add_file(record, actor, file, file_name)
    return record


def _delete_unless_committed(state: list[bool], storage: Storage, name: str) -> None:
    if state[0]:
        return
    try:
        storage.delete(name)
    except Exception:  # a file left behind is untidy, never wrong: it has no row
        log.exception("A file of a rolled back record could not be deleted: %s", name)


def delete_file_on_rollback(storage: Storage, name: str) -> None:
    """A record's file is written to storage before its row commits; when the transaction
    rolls back (a refusal after the write, a constraint, a failed commit, an outer transaction
    that fails), the file would be left with no row. The file is deleted then: Django drops the
    on-commit callbacks of a transaction or savepoint that rolls back, and dropping this one
    deletes the file; committing calls it, which keeps the file.

    Limit: if an earlier on-commit callback of the same transaction raises (robust=False), the
    callbacks after it are dropped too; Rådhus registers only robust or non-raising callbacks."""
    state = [False]

    def committed() -> None:
        state[0] = True

    weakref.finalize(committed, _delete_unless_committed, state, storage, name)
    transaction.on_commit(committed, robust=True)


def _sha256(file: File) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    file.seek(0)
    for chunk in file.chunks(READ_FILE_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    file.seek(0)
    return digest.hexdigest(), size


def _add_file(record: Record, actor: Actor, file: File, file_name: str) -> RecordFile:
    if record.is_final:
        raise ValidationError({"file": _("The record is final: no new version can be added.")}, code="final")
    checksum, size = _sha256(file)
    last = record.files.aggregate(last=Max("version"))["last"] or 0
    name = normalise_line(file_name or getattr(file, "name", "") or "").rsplit("/", 1)[-1][:255] or "fil"
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    row = RecordFile(
        record=record,
        version=last + 1,
        file_name=name,
        content_type=(getattr(file, "content_type", "") or "")[:100],
        size=size,
        sha256=checksum,
        created_by=user,
    )
    row.full_clean(exclude=["file"])
    row.file.save(name, file, save=False)
    delete_file_on_rollback(row.file.storage, row.file.name)
    row.save()
    audit.record(
        tenant=record.case.tenant,
        actor=actor,
        action="diarium.record.file",
        subject=row,
        page=record.case,
        summary=_("Added version %(version)s of a file to %(number)s.")
        % {"version": row.version, "number": record.number},
        changes={"version": row.version, "sha256": checksum, "size": size},
    )
    return row


@transaction.atomic
def record_add_version(*, record: Record, actor: Actor, file: File, file_name: str = "") -> RecordFile:
    """A new version of the record's file, until the record is final."""
    _require(actor, record.case.tenant)
    lock_tenant(record.case.tenant_id)
    record = lock(record)
    return _add_file(record, actor, file, file_name)


@transaction.atomic
def record_finalise(*, record: Record, actor: Actor) -> Record:
    """The record is final (färdigställd): it becomes an official record drawn up, and no new
    version can be added."""
    _require(actor, record.case.tenant)
    lock_tenant(record.case.tenant_id)
    record = lock(record)
    if record.is_final:
        raise ValidationError({"record": _("The record is already final.")}, code="final")
    record.is_final = True
    record.finalised_at = timezone.now()
    record.save(update_fields=["is_final", "finalised_at"])
    audit.record(
        tenant=record.case.tenant,
        actor=actor,
        action="diarium.record.final",
        subject=record,
        page=record.case,
        summary=_("Made %(number)s final.") % {"number": record.number},
    )
    return record


@transaction.atomic
def record_mark_secret(
    *, record: Record, actor: Actor, paragraph: str, scope: str = SecrecyScope.RECORD
) -> Record:
    """Mark a record, or its contents, secret under an OSL paragraph (OSL 5 kap. 5 §)."""
    _require(actor, record.case.tenant)
    lock_tenant(record.case.tenant_id)
    record = lock(record)
    before = [record.secrecy, record.secrecy_scope]
    record.secrecy = _check_osl(paragraph, "secrecy")
    record.secrecy_scope = scope
    record.full_clean()
    record.save(update_fields=["secrecy", "secrecy_scope"])
    audit.record(
        tenant=record.case.tenant,
        actor=actor,
        action="diarium.record.secrecy",
        subject=record,
        page=record.case,
        summary=_("Marked %(number)s secret under %(paragraph)s.")
        % {"number": record.number, "paragraph": record.secrecy},
        changes={"secrecy": [before[0], record.secrecy], "secrecy_scope": [before[1], record.secrecy_scope]},
    )
    return record


@transaction.atomic
def record_lift_secrecy(*, record: Record, actor: Actor) -> Record:
    """Lift a secrecy marking: the record becomes public (an authorised decision)."""
    _require(actor, record.case.tenant)
    lock_tenant(record.case.tenant_id)
    record = lock(record)
    if not record.secrecy:
        raise ValidationError({"secrecy": _("The record is not marked secret.")}, code="not_secret")
    before = record.secrecy
    record.secrecy = ""
    record.save(update_fields=["secrecy"])
    audit.record(
        tenant=record.case.tenant,
        actor=actor,
        action="diarium.record.secrecy_lifted",
        subject=record,
        page=record.case,
        summary=_("Lifted the secrecy of %(number)s (was %(paragraph)s).")
        % {"number": record.number, "paragraph": before},
        changes={"secrecy": [before, ""]},
    )
    return record


# The officer's report ------------------------------------------------------------------------


@transaction.atomic
def officers_report_save(
    *,
    case: Case,
    actor: Actor,
    background: str = "",
    assessment: str = "",
    financing: str = "",
    proposed_decision: str = "",
    officer: Person | None = None,
    signed_by: Person | None = None,
    dated: dt.date | None = None,
) -> OfficersReport:
    """Draft or change the officer's report of a case (tjänsteskrivelse, S4.8). Its proposed
    decision and financing count for the preparation rule (S4.6)."""
    _require(actor, case.tenant)
    check_date_in_range(dated, "dated")
    case = _locked_case(case)
    _check_same_tenant(case.tenant, "officer", officer)
    _check_same_tenant(case.tenant, "signed_by", signed_by)
    report = OfficersReport.objects.filter(case=case).first() or OfficersReport(case=case)
    before = audit.snapshot(report, REPORT_FIELDS) if report.pk else {}
    report.background = background
    report.assessment = assessment
    report.financing = financing
    report.proposed_decision = proposed_decision
    report.officer = officer or case.officer
    report.signed_by = signed_by
    report.dated = dated or report.dated or timezone.localdate()
    report.updated_at = timezone.now()
    report.full_clean()
    report.save()
    changes = audit.diff(before, audit.snapshot(report, REPORT_FIELDS))
    audit.record(
        tenant=case.tenant,
        actor=actor,
        action="diarium.report.save",
        subject=report,
        page=case,
        summary=_("Saved the officer's report of %(number)s.") % {"number": case.number},
        changes=changes,
    )
    return report


# The public's requests for copies -------------------------------------------------------------


@transaction.atomic
def copy_request_register(*, record: Record, name: str, contact: str, message: str = "") -> Record:
    """Anyone may ask for a copy of a public record (TF 2 kap., handled under OSL). The request
    is itself an official record received, registered in the same case (OSL 5 kap. 1 §); the
    requester's name and contact details are a private person's data, kept as a party of the
    case and never shown in the public register."""
    if record.is_wholly_secret:
        raise ValidationError(_("This record is secret and cannot be requested here."), code="secret")
    contact = normalise_line(contact or "")
    if not contact:
        raise ValidationError(
            {"contact": _("Give an e-mail or postal address for the copy.")}, code="contact"
        )
    name = normalise_line(name or "") or _("Anonymous")
    case = record.case
    request = record_add(
        case=case,
        actor=None,
        direction=Direction.RECEIVED,
        kind=RecordKind.COPY_REQUEST,
        title=_("Request for a copy of %(number)s") % {"number": record.number},
        description=message,
        sender=name,
        counterpart_is_private=True,
        registered_on=timezone.localdate(),
    )
    kind_email = "@" in contact
    party = CaseParty(
        case=case,
        kind=PartyKind.PRIVATE_PERSON,
        name=name[:200],
        email=contact[:254] if kind_email else "",
        address="" if kind_email else contact[:500],
    )
    party.full_clean()
    party.save()
    return request


# The classification scheme ---------------------------------------------------------------------

CLASSIFICATION_COLUMNS = ("code", "title", "parent")
MAX_CLASSES = 5_000


@transaction.atomic
def classification_import(*, tenant: Tenant, actor: Actor, csv_text: str) -> dict[str, Classification]:
    """Import the organisation's classification scheme from CSV (columns code, title, parent;
    separated by ``;`` or ``,``), a hierarchy of processes in the style of SKR's KLASSA. A class
    that exists is updated; a parent is named before its children. Every problem is reported with
    its line, and nothing is imported unless all lines are right."""
    import csv
    import io

    _require(actor, tenant, Role.ADMINISTRATOR)
    lock_tenant(tenant)
    text = (csv_text or "").replace("\x00", "").lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=";" if ";" in first else ",")
    rows = list(reader)
    if not rows or [c.strip().lower() for c in rows[0][:3]] != list(CLASSIFICATION_COLUMNS):
        raise ValidationError(
            {"csv": _("The first line must name the columns: code, title, parent.")}, code="header"
        )
    if len(rows) - 1 > MAX_CLASSES:
        raise ValidationError({"csv": _("At most %(max)s classes.") % {"max": MAX_CLASSES}}, code="too_many")
    existing = {c.code: c for c in Classification.objects.filter(tenant=tenant)}
    errors: list[str] = []
    found: dict[str, Classification] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        code, title, parent_code = ([cell.strip() for cell in row] + ["", "", ""])[:3]
        parent = found.get(parent_code) or existing.get(parent_code) if parent_code else None
        if parent_code and parent is None:
            errors.append(
                _("Line %(line)s: the parent “%(parent)s” is not named before.")
                % {"line": line, "parent": parent_code[:40]}
            )
            continue
        if parent_code == code:
            errors.append(_("Line %(line)s: a class cannot be its own parent.") % {"line": line})
            continue
        item = existing.get(code) or Classification(tenant=tenant, code=code)
        if item.pk is not None and _is_under(parent, item):
            errors.append(_("Line %(line)s: a class cannot be under itself.") % {"line": line})
            continue
        item.title = title
        item.parent = parent
        try:
            item.full_clean(validate_constraints=False)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.extend(
                    _("Line %(line)s, %(field)s: %(message)s") % {"line": line, "field": field, "message": m}
                    for m in messages
                )
            continue
        item.save()
        found[code] = existing[code] = item
    if errors:
        raise ValidationError({"csv": errors[:50]}, code="lines")
    audit.record(
        tenant=tenant,
        actor=actor,
        action="diarium.classification.import",
        subject=tenant,
        summary=_("Imported %(count)s classes of the classification scheme.") % {"count": len(found)},
    )
    return found


def _is_under(parent: Classification | None, item: Classification) -> bool:
    """Whether ``item`` is ``parent`` or one of its ancestors (the scheme is a tree)."""
    seen: set[int] = set()
    while parent is not None and parent.pk not in seen:
        if parent.pk == item.pk:
            return True
        seen.add(parent.pk)
        parent = parent.parent
    return False
