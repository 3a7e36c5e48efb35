"""Immediate approval of single paragraphs (omedelbar justering).

An urgent decision need not wait for the whole minutes: the body may decide that a paragraph
is approved at once, at the meeting, once its text is written out (KL 5 kap. 69 §, for the
board and the committees through KL 6 kap. 35 §). The chair and the adjusters
chosen at the meeting approve it there. From then on it is treated as approved minutes: it is
locked, its decision goes back to its case at once, and its approval is posted on the notice
board as a notice of its own (KL 8 kap. 12 §), from which its own appeal period of three weeks
runs (KL 13 kap. 5 §). The rest of the minutes are approved later, as usual.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from radhus.core.audit import Actor
from radhus.core.locking import lock
from radhus.core.models import Tenant
from radhus.core.validators import check_date_in_range
from radhus.diarium import services as diarium
from radhus.diarium.models import Status
from radhus.meetings import law, tasks
from radhus.meetings.models import (
    Decision,
    Meeting,
    MinutesParagraph,
    Posting,
    PostingKind,
    SignerRole,
)
from radhus.meetings.services import _open_paragraph, _record, _require, audits_refusal


def decide(paragraph: MinutesParagraph, meeting: Meeting, actor: Actor) -> Decision | None:
    """The decision of an approved paragraph, sent back to its case (status decided). A
    paragraph that is no decision yields none."""
    if not paragraph.is_decision:
        return None
    code = meeting.body.short_name or meeting.body.name
    decision = Decision.objects.create(
        tenant=meeting.tenant,
        paragraph=paragraph,
        case=paragraph.case,
        body=meeting.body,
        decided_on=meeting.date,
        reference=f"{code} § {paragraph.number}/{paragraph.year}",
        text=paragraph.decision_text,
    )
    if paragraph.case is not None and paragraph.case.status == Status.ON_AGENDA:
        diarium.case_record_decision(case=paragraph.case, actor=actor, decided_on=meeting.date)
    return decision


@audits_refusal
@transaction.atomic
def paragraph_approve_at_once(
    *, paragraph: MinutesParagraph, actor: Actor, on: dt.date | None = None
) -> MinutesParagraph:
    """The chair and the adjusters approve one paragraph at the meeting (omedelbar justering,
    KL 5 kap. 69 §, for the board and committees through KL 6 kap. 35 §). The paragraph must be
    written out first (KL 5 kap. 69 §: “redovisas skriftligt”). It is then locked, its decision
    goes back to its case, and its approval is posted on the notice board on the day of approval
    (KL 8 kap. 12 §: at the latest the second day after), starting its own appeal period
    (KL 13 kap. 5 §)."""
    meeting = _open_paragraph(paragraph, actor, "approve at once")
    paragraph = lock(paragraph)
    day = on or timezone.localdate()
    check_date_in_range(day, "on")
    if not meeting.date <= day <= law.approval_due(meeting.date):
        raise ValidationError(
            {"on": _("A paragraph is approved at once at the meeting, within 14 days (KL 5 kap. 69 §).")},
            code="approval_date",
        )
    roles = set(meeting.signers.values_list("role", flat=True))
    if SignerRole.CHAIR not in roles or SignerRole.ADJUSTER not in roles:
        raise ValidationError(
            {"__all__": _("Choose the chair and the adjusters before a paragraph is approved at once.")},
            code="no_adjusters",
        )
    if paragraph.is_decision and not paragraph.decision_text.strip():
        raise ValidationError(
            {"decision_text": _("Write out the decision before the paragraph is approved (KL 5 kap. 69 §).")},
            code="not_written",
        )
    paragraph.immediately_approved = True
    paragraph.approved_at_once_on = day
    paragraph.save(update_fields=["immediately_approved", "approved_at_once_on"])
    signers = ", ".join(s.attendance.name for s in meeting.signers.select_related("attendance"))
    _record(
        meeting,
        actor,
        "paragraph.approved_at_once",
        _("§ %(n)s approved at once by %(signers)s.") % {"n": paragraph.number, "signers": signers},
        paragraph,
        approved_at_once_on=[None, day.isoformat()],
    )
    decide(paragraph, meeting, actor)
    _post_paragraph(paragraph, meeting, actor, meeting.tenant, day)
    return paragraph


def _post_paragraph(
    paragraph: MinutesParagraph, meeting: Meeting, actor: Actor, tenant: Tenant, posted_on: dt.date
) -> Posting:
    posting, _created = Posting.objects.update_or_create(
        tenant=tenant,
        paragraph=paragraph,
        defaults={"meeting": meeting, "kind": PostingKind.PARAGRAPH, "posted_on": posted_on},
    )
    # The notice stays for the paragraph's whole appeal period, from its last posting (KL 13 kap. 5 §).
    days = list(Posting.objects.filter(paragraph=paragraph).values_list("posted_on", flat=True))
    Posting.objects.filter(paragraph=paragraph).update(taken_down_on=law.take_down_on(days))
    posting.refresh_from_db()
    _record(
        meeting,
        actor,
        "posting.paragraph",
        _("Approval of § %(n)s posted on %(day)s.") % {"n": paragraph.number, "day": posted_on},
        posting,
    )
    # The public minutes now show this paragraph: the worker makes their PDF (tasks).
    for tenant_id in sorted({meeting.tenant_id, tenant.pk}):
        tasks.make_minutes_pdf_on_commit(meeting.pk, tenant_id)
    return posting


@transaction.atomic
def paragraph_post(
    *, paragraph: MinutesParagraph, actor: Actor, tenant: Tenant, posted_on: dt.date
) -> Posting:
    """A member municipality of a joint body posts a paragraph approved at once on its own
    notice board; the paragraph's appeal period runs from the last posting (KL 13 kap. 5 §)."""
    _require(actor, tenant)
    meeting = lock(paragraph.meeting)
    paragraph = lock(paragraph)
    check_date_in_range(posted_on, "posted_on")
    if not paragraph.immediately_approved or paragraph.approved_at_once_on is None:
        raise ValidationError(
            {"__all__": _("Only a paragraph approved at once is posted on its own.")}, code="not_approved"
        )
    if posted_on < paragraph.approved_at_once_on:
        raise ValidationError(
            {"posted_on": _("Posted before the paragraph was approved.")}, code="date_order"
        )
    if tenant.pk != meeting.tenant_id and not meeting.tenant.members.filter(pk=tenant.pk).exists():
        raise ValidationError({"tenant": _("Not a member of the body's collaboration.")}, code="not_member")
    return _post_paragraph(paragraph, meeting, actor, tenant, posted_on)


def paragraph_appeal_last_day(paragraph: MinutesParagraph) -> dt.date | None:
    """The last day to appeal a paragraph approved at once: three weeks from its own (last)
    posting (KL 13 kap. 5 §), or None before it is posted."""
    days = [p.posted_on for p in paragraph.postings.all()]
    return law.appeal_last_day(days) if days else None
