"""The notice (kallelse) of a meeting and the minute extract (protokollsutdrag) of a paragraph,
as one reader may see them, and their PDFs (WeasyPrint).

``full=False`` is the public version, the one the public pages, the public API and every
e-mail carry: a secret case title reads as its public title, a paragraph whose text is secret
reads “Sekretess enligt OSL …” (OSL 5 kap. 5 §: the rest stays public), secret records are not
listed among the documents, and a protected person is not named. E-mail is no channel for
secrets, so the staff version (``full=True``, for those who may read secrets) stays in Rådhus.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from radhus.core import cache
from radhus.core.mail import Attachment, attachment_builder
from radhus.core.models import Tenant
from radhus.core.pdf import html_to_pdf
from radhus.diarium.models import Record
from radhus.diarium.selectors import secrecy_label
from radhus.meetings import law, selectors
from radhus.meetings.models import (
    DECIDING_ROLES,
    AgendaItem,
    Attendance,
    AttendeeRole,
    ItemKind,
    Meeting,
    MeetingStatus,
    MinutesParagraph,
    PostingKind,
    Signer,
    SignerRole,
)
from radhus.meetings.selectors import ParagraphView, _mask, _paragraph_view, _signers
from radhus.organisation.models import UnitKind

# The agenda's kinds in the order a notice lists them.
KIND_ORDER = [ItemKind.STANDING, ItemKind.CASE, ItemKind.INFORMATION, ItemKind.DELEGATED, ItemKind.OTHER]


@dataclass
class DocumentRow:
    number: str
    title: str
    date: dt.date | None
    secret: str  # the staff version's label of a secret record, or ""


@dataclass
class NoticeItem:
    number: int
    kind: str
    kind_label: str
    title: str
    case_id: int | None
    case_number: str
    secret: str  # “Sekretess enligt OSL …” when the case title is secret
    for_decision: bool
    documents: list[DocumentRow] = field(default_factory=list)


@dataclass
class NoticeView:
    meeting: Meeting
    full: bool
    body_name: str
    is_council: bool
    announced_on: dt.date | None
    announce_by: dt.date | None  # KL 5 kap. 13–15 §§, for a council
    items: list[NoticeItem]
    members: list[Attendance]
    substitutes: list[Attendance]
    others: list[Attendance]

    @property
    def sections(self) -> list[tuple[str, list[NoticeItem]]]:
        """The agenda by kind, in the order of KIND_ORDER (the items keep their numbers)."""
        out = []
        for kind in KIND_ORDER:
            items = [i for i in self.items if i.kind == kind]
            if items:
                out.append((items[0].kind_label, items))
        return out

    @property
    def documents(self) -> list[NoticeItem]:
        return [i for i in self.items if i.case_id and i.documents]


def item_kind_label(kind: str) -> str:
    labels = {
        ItemKind.STANDING: _("Standing items"),
        ItemKind.CASE: _("Cases for decision"),
        ItemKind.INFORMATION: _("Information"),
        # KL 6 kap. 40 §: decisions taken under delegation are reported to the committee.
        ItemKind.DELEGATED: _("Delegated decisions reported (KL 6 kap. 40 §)"),
        ItemKind.OTHER: _("Other items"),
    }
    return str(labels.get(kind, kind))


def notice_meeting(tenant: Tenant, meeting_id: int) -> Meeting:
    """A meeting of ``tenant`` that has a notice (not cancelled); 404 for anything else,
    another organisation's meeting included."""
    meeting = (
        Meeting.objects.filter(tenant=tenant, pk=meeting_id)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("body", "tenant")
        .first()
        if isinstance(meeting_id, int) and 0 < meeting_id < 2**63
        else None
    )
    if meeting is None:
        raise Http404
    return meeting


def notice_view(meeting: Meeting, *, full: bool) -> NoticeView:
    """The notice of ``meeting``: body, date, time and place, the agenda with its case numbers
    and the public records of its cases, and who is called: members, substitutes and others
    (the committee's rules of procedure say how and when; a council's time and place are also
    posted beforehand, KL 5 kap. 13–15 §§)."""
    items = list(
        AgendaItem.objects.filter(meeting=meeting, withdrawn=False)
        .select_related("case")
        .prefetch_related(Prefetch("case__records", queryset=Record.objects.order_by("sequence")))
        .order_by("sort_order", "id")
    )
    rows = []
    for n, item in enumerate(items, start=1):
        case = item.case
        title, secret = item.title, ""
        if case is not None:
            title = case.title if full else case.shown_title
            if case.is_title_secret:
                secret = secrecy_label(case.title_secrecy)
        documents = []
        if case is not None:
            for record in case.records.all():
                if record.secrecy and not full:
                    continue  # a secret record is not listed in the public notice (OSL 5 kap. 5 §)
                documents.append(
                    DocumentRow(
                        record.number,
                        record.title,
                        record.document_date or record.registered_on,
                        secrecy_label(record.secrecy) if record.secrecy else "",
                    )
                )
        rows.append(
            NoticeItem(
                number=n,
                kind=item.kind,
                kind_label=item_kind_label(item.kind),
                title=title,
                case_id=case.pk if case else None,
                case_number=case.number if case else "",
                secret=secret,
                for_decision=item.for_decision,
                documents=documents,
            )
        )
    attendances = _mask(list(meeting.attendances.select_related("person").order_by("sort_order", "id")), full)
    is_council = meeting.body.kind == UnitKind.COUNCIL
    return NoticeView(
        meeting=meeting,
        full=full,
        body_name=meeting.body.name,
        is_council=is_council,
        announced_on=meeting.announced_on,
        announce_by=law.council_notice_due(meeting.date) if is_council else None,
        items=rows,
        members=[a for a in attendances if a.role in DECIDING_ROLES],
        substitutes=[a for a in attendances if a.role == AttendeeRole.SUBSTITUTE],
        others=[a for a in attendances if a.role not in DECIDING_ROLES and a.role != AttendeeRole.SUBSTITUTE],
    )


@dataclass
class ExtractView:
    meeting: Meeting
    paragraph: MinutesParagraph
    full: bool
    body_name: str
    p: ParagraphView
    deciding: list[Attendance]
    signers: list[Signer]
    approved_on: dt.date | None
    posted_on: dt.date | None
    appeal_last_day: dt.date | None
    made_on: dt.date

    @property
    def adjusters(self) -> list[Signer]:
        return [s for s in self.signers if s.role in {SignerRole.CHAIR, SignerRole.ADJUSTER}]

    @property
    def certifier(self) -> Signer | None:
        return next((s for s in self.signers if s.role == SignerRole.SECRETARY), None)


def is_approved(paragraph: MinutesParagraph) -> bool:
    """An extract is of approved minutes only: the meeting's minutes approved, or the
    paragraph approved at once (omedelbar justering, KL 5 kap. 69 §)."""
    return paragraph.meeting.status == MeetingStatus.APPROVED or paragraph.immediately_approved


PARAGRAPHS = MinutesParagraph.objects.select_related("meeting__body", "meeting__tenant", "case")


def extract_paragraph(tenant: Tenant, paragraph_id: int) -> MinutesParagraph:
    """An approved paragraph of ``tenant``; 404 for any other (not approved, another
    organisation's, missing)."""
    paragraph = (
        PARAGRAPHS.filter(tenant=tenant, pk=paragraph_id).first()
        if isinstance(paragraph_id, int) and 0 < paragraph_id < 2**63
        else None
    )
    if paragraph is None or not is_approved(paragraph):
        raise Http404
    return paragraph


def extract_view(paragraph: MinutesParagraph, *, full: bool) -> ExtractView:
    """The extract of one paragraph: the body and meeting, the paragraph with its case number
    and decision, who took part in deciding it, the adjusters' approval and the certification
    that the extract is true (“Rätt utdraget intygar”)."""
    from radhus.meetings.services import deciding_on  # services import this module's builders

    paragraph = (
        MinutesParagraph.objects.select_related("meeting__body", "meeting__tenant", "case", "decided_by")
        .prefetch_related(
            "votes__ballots__attendance__person",
            "dissents__attendance__person",
            "notes__attendance__person",
            "attendance_changes__attendance__person",
            "attendance_changes__serves_for__person",
            "meeting__attendances__person",  # who decides (services.deciding_on), in one query
        )
        .get(pk=paragraph.pk)
    )
    meeting = paragraph.meeting
    days = [p.posted_on for p in meeting.postings.all() if p.kind == PostingKind.APPROVAL]
    deciding = _mask(deciding_on(paragraph), full)
    return ExtractView(
        meeting=meeting,
        paragraph=paragraph,
        full=full,
        body_name=meeting.body.name,
        p=_paragraph_view(paragraph, full),
        deciding=deciding,
        signers=_signers(meeting, full),
        approved_on=meeting.approved_on,
        posted_on=max(days) if days else None,
        appeal_last_day=law.appeal_last_day(days) if days else None,
        made_on=timezone.localdate(),
    )


# PDFs ----------------------------------------------------------------------------------------


def _pdf(template: str, context: dict[str, object]) -> bytes:
    return html_to_pdf(render_to_string(template, {**context, "lang": get_language()}))


def minutes_pdf(tenant_id: int, meeting: Meeting) -> bytes:
    """The public PDF of ``meeting``'s approved minutes as ``tenant_id``'s pages serve it (a
    member municipality serves a joint body's minutes it posted), from the cache when made since
    the last change in the organisations whose rows it shows (``core.cache``). WeasyPrint takes
    some 1.8 s of CPU for 100 paragraphs, and approved minutes are read many times and seldom
    change, so the worker makes it once they are posted (``tasks.make_minutes_pdf``)."""

    def make() -> tuple[bytes, list[int]]:
        view = selectors.minutes_view(meeting, full=False)
        pdf = _pdf("meetings/minutes_pdf.html", {"tenant": meeting.tenant, "m": view})
        # The people named (or masked) may be kept by other organisations (a joint body's).
        shown = [*view.deciding, *(a for a, _numbers in view.substitutes), *view.others]
        shown += [s.attendance for s in view.signers]
        return pdf, sorted({meeting.tenant_id} | {a.person.tenant_id for a in shown if a.person_id})

    return cache.cached_across(tenant_id, "minutes-pdf", [meeting.pk], make)


def notice_pdf(view: NoticeView) -> bytes:
    return _pdf(
        "meetings/notice_pdf.html",
        {"tenant": view.meeting.tenant, "n": view, "register_url": _register_url(view.meeting.tenant)},
    )


def extract_pdf(view: ExtractView) -> bytes:
    return _pdf("meetings/extract_pdf.html", {"tenant": view.meeting.tenant, "x": view})


def site_url(path: str) -> str:
    """An address on the site as the public reaches it (``RADHUS_SITE_URL``), for PDFs and
    e-mails made outside a request."""
    return settings.RADHUS_SITE_URL.rstrip("/") + path


def _register_url(tenant: Tenant) -> str:
    return site_url(reverse("diarium_register", kwargs={"tenant": tenant.slug}))


def notice_filename(meeting: Meeting) -> str:
    return f"kallelse-{meeting.body.slug}-{meeting.date.isoformat()}.pdf"


def extract_filename(paragraph: MinutesParagraph) -> str:
    return f"protokollsutdrag-{paragraph.meeting.body.slug}-{paragraph.year}-{paragraph.number}.pdf"


@attachment_builder("meetings.notice")
def notice_attachment(meeting_id: int) -> Attachment:
    """The public notice as a PDF, rebuilt by the e-mail task when it runs."""
    meeting = Meeting.objects.select_related("body", "tenant").get(pk=meeting_id)
    return Attachment(notice_filename(meeting), notice_pdf(notice_view(meeting, full=False)))


@attachment_builder("meetings.extract")
def extract_attachment(paragraph_id: int) -> Attachment:
    """The public extract of an approved paragraph as a PDF, rebuilt by the e-mail task."""
    paragraph = PARAGRAPHS.get(pk=paragraph_id)
    if not is_approved(paragraph):
        raise LookupError("The paragraph is not approved.")
    return Attachment(extract_filename(paragraph), extract_pdf(extract_view(paragraph, full=False)))
