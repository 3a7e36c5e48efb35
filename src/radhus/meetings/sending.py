"""Sending a meeting's notice and dispatching minute extracts, through the task queue.

Each recipient is a ``Dispatch`` row written in the service's transaction, with the e-mail
queued when it commits (``radhus.core.mail``); the worker sends it with the public PDF
attached, rebuilt when it runs, and the row hears what became of it (sent, retried, failed).
A recipient without an e-mail address gets a row too, marked so, and is reported to the sender
instead of being skipped in silence. Every dispatch is in the audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from radhus.core import audit, mail
from radhus.core.access import has_role
from radhus.core.audit import Actor
from radhus.core.locking import lock
from radhus.core.models import Role
from radhus.diarium.models import CaseParty
from radhus.meetings import documents
from radhus.meetings.documents import site_url
from radhus.meetings.models import (
    Attendance,
    Dispatch,
    DispatchChannel,
    DispatchKind,
    DispatchStatus,
    Meeting,
    MeetingStatus,
    MinutesParagraph,
)
from radhus.organisation.models import ContactKind, ContactPoint, Person, Post, Unit
from radhus.organisation.selectors import holders_on

# At most this many recipients in one dispatch of an extract (a form or an API call).
MAX_RECIPIENTS = 200


def _require(actor: Actor, tenant: Any) -> None:
    """The actor must be an editor in ``tenant``; ``None`` is the system (demo, commands)."""
    if actor is not None and not has_role(actor, tenant, Role.EDITOR):
        raise PermissionDenied


def _user(actor: Actor) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _actor_name(actor: Actor) -> str:
    user = _user(actor)
    return (user.get_full_name() or user.get_username()) if user is not None else "system"


# Addresses from the registry ------------------------------------------------------------------


def _email_of(**owner: Any) -> str:
    """The first e-mail contact point of a unit, post or person (public or not: the message
    goes to them, it is not shown to anyone)."""
    point = ContactPoint.objects.filter(kind=ContactKind.EMAIL, **owner).order_by("sort_order", "id").first()
    return point.value if point is not None else ""


def attendee_address(attendance: Attendance) -> str:
    """An attendee's e-mail: the person's own, else that of the post whose seat called them."""
    if attendance.person_id:
        if address := _email_of(person_id=attendance.person_id):
            return address
    if attendance.membership_id and attendance.membership and attendance.membership.post_id:
        return _email_of(post_id=attendance.membership.post_id)
    return ""


@dataclass
class Recipient:
    """Someone an extract goes to, resolved from the registry as of the dispatch day."""

    name: str
    address: str
    unit: Unit | None = None
    post: Post | None = None
    person: Person | None = None
    case_party: CaseParty | None = None


def recipient_for_unit(unit: Unit, on: dt.date) -> Recipient:
    """A unit (a department, a company): its e-mail contact point; it must exist on ``on``."""
    if not unit.is_valid_on(on):
        raise ValidationError(
            {"units": _("%(name)s does not exist on %(day)s.") % {"name": unit.name, "day": on}}, code="date"
        )
    return Recipient(unit.name, _email_of(unit_id=unit.pk), unit=unit)


def recipient_for_post(post: Post, on: dt.date) -> Recipient:
    """A post: whoever holds it on ``on`` (their own e-mail, else the post's), or the post's
    own e-mail when it is vacant."""
    if not post.is_valid_on(on):
        raise ValidationError(
            {"posts": _("%(name)s does not exist on %(day)s.") % {"name": post.title, "day": on}}, code="date"
        )
    holders = holders_on(post, on)
    person = holders[0].person if holders else None
    address = (_email_of(person_id=person.pk) if person else "") or _email_of(post_id=post.pk)
    name = f"{post.title} ({person.name})" if person else post.title
    return Recipient(name, address, post=post, person=person)


def recipient_for_person(person: Person) -> Recipient:
    return Recipient(person.name, _email_of(person_id=person.pk), person=person)


def recipient_for_party(party: CaseParty) -> Recipient:
    """A party to the case, by the e-mail address the register keeps (none when it is not a
    valid address: the dispatch then says so)."""
    address = party.email.strip()
    try:
        validate_email(address)
    except ValidationError:
        address = ""
    return Recipient(party.name, address, case_party=party)


def recipients_for_addresses(addresses: list[str]) -> list[Recipient]:
    """Free e-mail addresses, each checked (a wrong one is a field error, never a 500)."""
    out = []
    for raw in addresses:
        address = raw.strip()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(
                {"addresses": _("“%(address)s” is not an e-mail address.") % {"address": address[:100]}},
                code="email",
            ) from None
        out.append(Recipient(address, address))
    return out


# The rows and their e-mails ----------------------------------------------------------------------


def _dispatch(
    *,
    meeting: Meeting,
    kind: str,
    round: int,
    recipient: Recipient | None = None,
    attendance: Attendance | None = None,
    name: str = "",
    address: str = "",
    channel: str = DispatchChannel.EMAIL,
    paragraph: MinutesParagraph | None = None,
    actor: Actor,
    subject: str,
    body: str,
    attachment: dict[str, Any],
) -> Dispatch:
    if recipient is not None:
        name, address = recipient.name, recipient.address
    letter = channel == DispatchChannel.LETTER
    row = Dispatch(
        tenant=meeting.tenant,
        meeting=meeting,
        paragraph=paragraph,
        kind=kind,
        round=round,
        recipient=name[:300] or address,
        address=address,
        channel=channel,
        attendance=attendance,
        unit=recipient.unit if recipient else None,
        post=recipient.post if recipient else None,
        person=recipient.person if recipient else (attendance.person if attendance else None),
        case_party=recipient.case_party if recipient else None,
        status=DispatchStatus.SENT
        if letter
        else (DispatchStatus.PENDING if address else DispatchStatus.NO_ADDRESS),
        sent_at=timezone.now() if letter else None,
        created_by=_user(actor),
        created_by_name=_actor_name(actor),
    )
    row.full_clean(
        exclude=["tenant", "meeting", "paragraph", "attendance", "unit", "post", "person", "case_party"]
    )
    row.save()
    if row.status == DispatchStatus.PENDING:
        with _in_site_language():  # the attached PDF in the site's language, as the text
            mail.send_on_commit(
                subject=subject,
                body=body,
                to=[address],
                attachments=[attachment],
                outcome={"kind": "meetings.dispatch", "id": row.pk},
            )
    return row


@mail.outcome_handler("meetings.dispatch")
def dispatch_outcome(dispatch_id: int, outcome: mail.Outcome) -> None:
    """What became of a dispatch's e-mail, written on its row (the task result keeps the rest)."""
    rows = Dispatch.objects.filter(pk=dispatch_id)
    if outcome.status == "queued":
        rows.filter(task_id="").update(task_id=outcome.task_id)
    elif outcome.status == "sent":
        rows.update(status=DispatchStatus.SENT, sent_at=timezone.now(), attempts=outcome.attempt, error="")
    else:
        status = DispatchStatus.RETRYING if outcome.status == "retrying" else DispatchStatus.FAILED
        changes: dict[str, Any] = {"status": status, "attempts": outcome.attempt, "error": outcome.error}
        if outcome.task_id:
            changes["task_id"] = outcome.task_id
        rows.update(**changes)


# The notice ------------------------------------------------------------------------------------


def _in_site_language() -> Any:
    return translation.override(settings.LANGUAGE_CODE)


def notice_message(meeting: Meeting) -> tuple[str, str]:
    """The notice's e-mail, in the site's language; the notice itself is the attached PDF."""
    with _in_site_language():
        when = f"{meeting.date.isoformat()} {meeting.start_time.strftime('%H:%M')}"
        subject = _("Notice: %(body)s %(day)s") % {"body": meeting.body.name, "day": meeting.date.isoformat()}
        lines = [
            _("You are called to the meeting of %(body)s on %(when)s, %(place)s.")
            % {"body": meeting.body.name, "when": when, "place": meeting.place or "–"},
            "",
            _("The notice with the agenda is attached, and is on %(url)s.")
            % {"url": site_url(reverse("meetings_notice", args=[meeting.tenant.slug, meeting.pk]))},
            _("Secret parts are not sent by e-mail; read them in Rådhus."),
            "",
            meeting.tenant.name,
        ]
        return subject, "\n".join(lines)


def notice_round(meeting: Meeting) -> int:
    return (
        Dispatch.objects.filter(meeting=meeting, kind=DispatchKind.NOTICE)
        .order_by("-round")
        .values_list("round", flat=True)
        .first()
        or 0
    ) + 1


def send_notice_to_attendees(*, meeting: Meeting, actor: Actor) -> list[Dispatch]:
    """One e-mail per attendee called (members, substitutes, others) with the notice PDF, in a
    new round of dispatch rows. Called inside the sending service's transaction."""
    subject, body = notice_message(meeting)
    round_ = notice_round(meeting)
    rows = []
    for attendance in meeting.attendances.select_related("person", "membership").order_by("sort_order", "id"):
        rows.append(
            _dispatch(
                meeting=meeting,
                kind=DispatchKind.NOTICE,
                round=round_,
                attendance=attendance,
                name=attendance.name_with_party,
                address=attendee_address(attendance),
                actor=actor,
                subject=subject,
                body=body,
                attachment={"kind": "meetings.notice", "id": meeting.pk},
            )
        )
    return rows


def _record(
    meeting: Meeting, actor: Actor, action: str, summary: str, subject: Any = None, **changes: Any
) -> None:
    audit.record(
        tenant=meeting.tenant,
        actor=actor,
        action=f"meetings.{action}",
        subject=subject or meeting,
        page=meeting,
        summary=summary,
        changes=changes,
    )


def summary(rows: list[Dispatch]) -> dict[str, Any]:
    return {
        "sent_to": [r.address for r in rows if r.status == DispatchStatus.PENDING],
        "no_address": [r.recipient for r in rows if r.status == DispatchStatus.NO_ADDRESS],
    }


@transaction.atomic
def notice_resend(*, meeting: Meeting, actor: Actor) -> list[Dispatch]:
    """Send the notice again, deliberately (a changed agenda, a new attendee): a new round of
    e-mails to everyone called, audited on its own. Only after a first sending."""
    _require(actor, meeting.tenant)
    meeting = lock(meeting)
    if meeting.status == MeetingStatus.PLANNED:
        raise ValidationError(
            {"__all__": _("The notice has not been sent yet; send it first.")}, code="not_sent"
        )
    if meeting.status != MeetingStatus.NOTICE_SENT:
        raise ValidationError(
            {"__all__": _("The meeting is held or cancelled; its notice is not sent again.")}, code="status"
        )
    rows = send_notice_to_attendees(meeting=meeting, actor=actor)
    _record(
        meeting,
        actor,
        "meeting.notice_resend",
        _("Notice of %(meeting)s sent again to %(n)s recipients.") % {"meeting": meeting, "n": len(rows)},
        round=rows[0].round if rows else None,
        **summary(rows),
    )
    return rows


# Extracts --------------------------------------------------------------------------------------


def extract_message(paragraph: MinutesParagraph) -> tuple[str, str]:
    meeting = paragraph.meeting
    with _in_site_language():
        view_title = documents.extract_view(paragraph, full=False).p.title
        subject = _("Minute extract: %(body)s § %(n)s/%(year)s") % {
            "body": meeting.body.name,
            "n": paragraph.number,
            "year": paragraph.year,
        }
        lines = [
            _("Extract from the minutes of %(body)s, %(day)s, § %(n)s: %(title)s.")
            % {
                "body": meeting.body.name,
                "day": meeting.date.isoformat(),
                "n": paragraph.number,
                "title": view_title,
            },
            "",
            _("The extract is attached, and is on %(url)s.")
            % {"url": site_url(reverse("meetings_extract", args=[meeting.tenant.slug, paragraph.pk]))},
            _("Secret parts are not sent by e-mail; read them in Rådhus."),
            "",
            meeting.tenant.name,
        ]
        return subject, "\n".join(lines)


@transaction.atomic
def extract_dispatch(
    *,
    paragraph: MinutesParagraph,
    actor: Actor,
    units: Sequence[Unit] = (),
    posts: Sequence[Post] = (),
    people: Sequence[Person] = (),
    parties: Sequence[CaseParty] = (),
    addresses: Sequence[str] = (),
    channel: str = DispatchChannel.EMAIL,
    on: dt.date | None = None,
) -> list[Dispatch]:
    """Send the extract of an approved paragraph to those concerned (units, posts and people
    of the registry as of ``on``, the case's parties, or free addresses), each recorded as a
    dispatch row: auditors check who was sent which decision, when and by whom. The extract
    exists only once the paragraph is approved (KL 5 kap. 69 §)."""
    _require(actor, paragraph.tenant)
    paragraph = lock(paragraph)
    meeting = paragraph.meeting
    if not documents.is_approved(paragraph):
        raise ValidationError(
            {"__all__": _("An extract is made of approved minutes only.")}, code="not_approved"
        )
    if channel not in DispatchChannel.values:
        raise ValidationError({"channel": _("Choose e-mail or letter.")}, code="channel")
    day = on or timezone.localdate()
    tenant = paragraph.tenant
    for field, objects in [("units", units), ("posts", posts), ("people", people)]:
        if any(o.tenant_id != tenant.pk for o in objects):
            raise ValidationError({field: _("Must belong to the same organisation.")}, code="other_tenant")
    if any(p.case_id != paragraph.case_id or paragraph.case_id is None for p in parties):
        raise ValidationError({"parties": _("Not a party to this paragraph's case.")}, code="other_case")
    recipients = (
        [recipient_for_unit(u, day) for u in units]
        + [recipient_for_post(p, day) for p in posts]
        + [recipient_for_person(p) for p in people]
        + [recipient_for_party(p) for p in parties]
        + (recipients_for_addresses(list(addresses)) if channel == DispatchChannel.EMAIL else [])
    )
    if not recipients:
        raise ValidationError({"__all__": _("Choose at least one recipient.")}, code="required")
    if len(recipients) > MAX_RECIPIENTS:
        raise ValidationError(
            {"__all__": _("At most %(n)s recipients at a time.") % {"n": MAX_RECIPIENTS}}, code="too_many"
        )
    subject, body = extract_message(paragraph)
    round_ = (
        Dispatch.objects.filter(paragraph=paragraph)
        .order_by("-round")
        .values_list("round", flat=True)
        .first()
        or 0
    ) + 1
    rows = [
        _dispatch(
            meeting=meeting,
            kind=DispatchKind.EXTRACT,
            round=round_,
            recipient=r,
            channel=channel,
            paragraph=paragraph,
            actor=actor,
            subject=subject,
            body=body,
            attachment={"kind": "meetings.extract", "id": paragraph.pk},
        )
        for r in recipients
    ]
    _record(
        meeting,
        actor,
        "extract.dispatch",
        _("Extract of § %(n)s dispatched to %(count)s recipients.")
        % {"n": paragraph.number, "count": len(rows)},
        paragraph,
        channel=channel,
        recipients=[r.recipient for r in rows],
        **summary(rows),
    )
    return rows


# Reads ------------------------------------------------------------------------------------------


DISPATCHES = Dispatch.objects.select_related("paragraph", "meeting__body")


def dispatches_of(meeting: Meeting, *, kind: str | None = None) -> list[Dispatch]:
    rows = DISPATCHES.filter(meeting=meeting)
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows.order_by(F("paragraph__number").asc(nulls_first=True), "round", "id"))


def notice_rows(meeting: Meeting) -> list[Dispatch]:
    """The recipients of the notice's latest round."""
    rows = DISPATCHES.filter(meeting=meeting, kind=DispatchKind.NOTICE)
    last = rows.order_by("-round").values_list("round", flat=True).first()
    return list(rows.filter(round=last).order_by("id")) if last else []


def dispatches_of_paragraph(paragraph: MinutesParagraph) -> list[Dispatch]:
    return list(DISPATCHES.filter(paragraph=paragraph).order_by("round", "id"))
