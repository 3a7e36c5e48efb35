"""Attendance for a part of the meeting: a member away from one paragraph to another (who
then neither decides nor votes in them, KL 5 kap. 67 § asks the minutes to say who took part
in each decision), with one audit event for the whole stretch."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from radhus.core.audit import Actor
from radhus.meetings.models import Attendance, Ballot, Dissent, MinutesParagraph, ParagraphAttendance
from radhus.meetings.services import (
    _attendee,
    _open_meeting,
    _record,
    audits_refusal,
    paragraph_not_taking_part,
)


@audits_refusal
@transaction.atomic
def attendance_away(
    *, attendance: Attendance, actor: Actor, from_number: int, to_number: int
) -> list[ParagraphAttendance]:
    """``attendance`` was away from § ``from_number`` to § ``to_number`` of the meeting's
    minutes, both included (e.g. left after § 5: away §§ 6–9). The paragraphs must exist;
    one already noted for the person is refused, so nothing is half done."""
    meeting = _open_meeting(attendance.meeting, actor, "attendance")
    _attendee(meeting, attendance, "attendance")
    if from_number > to_number:
        raise ValidationError({"to_number": _("The last paragraph comes after the first.")}, code="order")
    paragraphs = list(
        MinutesParagraph.objects.filter(
            meeting=meeting, number__gte=from_number, number__lte=to_number
        ).order_by("number")
    )
    numbers = [p.number for p in paragraphs]
    if not paragraphs or numbers[0] != from_number or numbers[-1] != to_number:
        raise ValidationError(
            {"from_number": _("Give paragraphs of this meeting's minutes.")}, code="no_paragraphs"
        )
    voted = sorted(
        set(
            Ballot.objects.filter(attendance=attendance, vote__paragraph__in=paragraphs).values_list(
                "vote__paragraph__number", flat=True
            )
        )
        | set(
            Dissent.objects.filter(attendance=attendance, paragraph__in=paragraphs).values_list(
                "paragraph__number", flat=True
            )
        )
    )
    if voted:
        raise ValidationError(
            {
                "from_number": _("%(name)s took part in § %(numbers)s.")
                % {"name": attendance.name, "numbers": ", ".join(map(str, voted))}
            },
            code="took_part",
        )
    changes = [paragraph_not_taking_part(paragraph=p, actor=actor, attendance=attendance) for p in paragraphs]
    _record(
        meeting,
        actor,
        "attendance.away",
        _("%(name)s away §§ %(first)s–%(last)s.")
        % {"name": attendance.name, "first": from_number, "last": to_number},
        attendance,
    )
    return changes
