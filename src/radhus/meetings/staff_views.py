"""The secretary's pages under ``/<org>/redigera/sammantraden/``: meeting series and their
yearly plan, a meeting's agenda and attendance, the minutes kept paragraph by paragraph during
the meeting, and the approval (justering). A reader of the organisation may look; an editor
may change. Every change goes through a service, sent once (``core.staff``).

Approved minutes are locked: every form of the meeting is shown read-only, and a change sent
anyway is refused by the service with its reason on the form. The service writes the refused
attempt to the audit trail; as the form's transaction is rolled back with the refusal, the
attempt is written again here, after the rollback (as the API does).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from radhus.core.access import has_role
from radhus.core.models import Role, Tenant
from radhus.core.selectors import today
from radhus.core.staff import form_data, form_page, object_or_404, staff_view, step_view
from radhus.diarium.services import may_see_secrets
from radhus.meetings import law, services, services_agenda, services_approval, services_signing
from radhus.meetings.forms import (
    AgendaCaseForm,
    AgendaItemForm,
    ApprovalForm,
    AttendanceAddForm,
    ConfirmForm,
    DissentForm,
    MeetingForm,
    MoveForm,
    NoteForm,
    NotTakingPartForm,
    OnBehalfSignForm,
    ParagraphCreateForm,
    ParagraphForm,
    PlanForm,
    PresentForm,
    SecrecyForm,
    SeriesForm,
    SignForm,
    SubstituteForm,
    VoteForm,
    describe_rule,
)
from radhus.meetings.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Decision,
    Meeting,
    MeetingSeries,
    MeetingStatus,
    MinutesParagraph,
    Signer,
    Vote,
)

T = TypeVar("T")

FORM = "meetings/staff/form.html"
MEETINGS = Meeting.objects.select_related("tenant", "body", "series")
ITEMS = AgendaItem.objects.select_related("meeting__tenant", "meeting__body", "case")
PARAGRAPHS = MinutesParagraph.objects.select_related("tenant", "meeting__tenant", "meeting__body", "case")
# How many coming and past meetings the start page lists.
LISTED = 15


# Finding things inside the organisation --------------------------------------------------------


def _meeting(tenant: Tenant, meeting_id: int) -> Meeting:
    return object_or_404(MEETINGS, meeting_id, tenant=tenant)


def _attendance(tenant: Tenant, attendance_id: int) -> Attendance:
    queryset = Attendance.objects.select_related("meeting__tenant", "meeting__body")
    return object_or_404(queryset, attendance_id, tenant=tenant, path="meeting__tenant")


def _signer(tenant: Tenant, signer_id: int) -> Signer:
    queryset = Signer.objects.select_related("meeting__tenant", "meeting__body", "attendance", "user")
    return object_or_404(queryset, signer_id, tenant=tenant, path="meeting__tenant")


# Addresses ----------------------------------------------------------------------------------


def meeting_url(meeting: Meeting, anchor: str = "") -> str:
    url = reverse("staff_meeting", kwargs={"tenant": meeting.tenant.slug, "meeting_id": meeting.pk})
    return f"{url}#{anchor}" if anchor else url


def paragraph_url(paragraph: MinutesParagraph, anchor: str = "") -> str:
    url = reverse(
        "staff_meeting_paragraph", kwargs={"tenant": paragraph.tenant.slug, "paragraph_id": paragraph.pk}
    )
    return f"{url}#{anchor}" if anchor else url


def series_url(series: MeetingSeries) -> str:
    return reverse("staff_meeting_series", kwargs={"tenant": series.tenant.slug, "series_id": series.pk})


# The pattern of every page ------------------------------------------------------------------


def _context(
    request: HttpRequest, tenant: Tenant, meeting: Meeting | None = None, **extra: Any
) -> dict[str, Any]:
    can_edit = has_role(request.user, tenant, Role.EDITOR)
    return {
        "tenant": tenant,
        "can_edit": can_edit,
        "meeting": meeting,
        # A form of approved minutes is shown, not sent: the minutes are locked.
        "can_change": can_edit and (meeting is None or not meeting.is_locked),
        "today": today(),
        **extra,
    }


def _form_page(
    request: HttpRequest,
    tenant: Tenant,
    form: Any,
    perform: Callable[[], T],
    *,
    title: str,
    submit: str,
    success: Callable[[T], str],
    next_url: Callable[[T], str],
    meeting: Meeting | None = None,
    cancel_url: str = "",
    template: str = FORM,
    **extra: Any,
) -> HttpResponse:
    """``core.staff.form_page`` for the meetings, with the meeting's context."""
    return _audited_page(
        request,
        form,
        perform,
        success=success,
        next_url=next_url,
        template=template,
        context=_context(
            request, tenant, meeting, title=title, submit=submit, cancel_url=cancel_url, **extra
        ),
    )


def _audited_page(request: HttpRequest, form: Any, perform: Callable[[], T], **page: Any) -> HttpResponse:
    """``core.staff.form_page``, where a refusal because the minutes are approved is shown on
    the form and written to the audit trail after the form's rollback."""
    refused: list[services.MinutesLocked] = []

    def guarded() -> T:
        try:
            return perform()
        except services.MinutesLocked as exc:
            refused.append(exc)
            raise

    response = form_page(request, form, guarded, **page)
    for exc in refused:
        services.record_refusal(exc)
    return response


def _saved(_result: Any) -> str:
    return _("Saved.")


# The start page and the series ----------------------------------------------------------------


@staff_view
def home(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """The organisation's coming and recent meetings, and its series."""
    day = today()
    meetings = MEETINGS.filter(tenant=tenant).exclude(status=MeetingStatus.CANCELLED)
    return render(
        request,
        "meetings/staff/home.html",
        _context(
            request,
            tenant,
            coming=list(meetings.filter(date__gte=day).order_by("date", "start_time")[:LISTED]),
            recent=list(meetings.filter(date__lt=day).order_by("-date", "-start_time")[:LISTED]),
            all_series=list(
                MeetingSeries.objects.filter(tenant=tenant).select_related("body").order_by("name")
            ),
        ),
    )


@staff_view
def series_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = SeriesForm(form_data(request), tenant=tenant)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.series_create(tenant=tenant, actor=request.user, **form.service_kwargs()),
        title=_("New meeting series"),
        submit=_("Create the series"),
        success=lambda s: _("Created the meeting series %(name)s.") % {"name": s.name},
        next_url=series_url,
        cancel_url=reverse("staff_meetings", kwargs={"tenant": tenant.slug}),
    )


def _series(tenant: Tenant, series_id: int) -> MeetingSeries:
    return object_or_404(MeetingSeries.objects.select_related("tenant", "body"), series_id, tenant=tenant)


@staff_view
def series_detail(request: HttpRequest, tenant: Tenant, series_id: int) -> HttpResponse:
    """A series: its cadence, standing items, the days it would meet next year, its meetings."""
    series = _series(tenant, series_id)
    next_year = today().year + 1
    try:
        preview = services.plan_dates(series, next_year)
    except ValidationError:
        preview = []
    return render(
        request,
        "meetings/staff/series.html",
        _context(
            request,
            tenant,
            series=series,
            cadence=describe_rule(series.rule),
            standing=list(series.standing_items.all()),
            meetings=list(
                series.meetings.exclude(status=MeetingStatus.CANCELLED)
                .filter(date__gte=today())
                .order_by("date")[:40]
            ),
            next_year=next_year,
            preview=preview,
            plan_form=PlanForm(tenant=tenant, initial={"year": next_year}),
        ),
    )


@staff_view
def series_plan(request: HttpRequest, tenant: Tenant, series_id: int) -> HttpResponse:
    series = _series(tenant, series_id)
    form = PlanForm(form_data(request), tenant=tenant, initial={"year": today().year + 1})
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.plan_year(series=series, actor=request.user, year=form.cleaned_data["year"]),
        title=_("Plan a year of %(name)s") % {"name": series.name},
        submit=_("Plan the year"),
        success=lambda created: _("Planned %(n)s meetings.") % {"n": len(created)},
        next_url=lambda _created: series_url(series),
        cancel_url=series_url(series),
        series=series,
    )


@staff_view
def meeting_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = MeetingForm(form_data(request), tenant=tenant)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.meeting_create(tenant=tenant, actor=request.user, **form.cleaned_data),
        title=_("New meeting"),
        submit=_("Plan the meeting"),
        success=lambda m: _("Planned the meeting %(meeting)s.") % {"meeting": m},
        next_url=meeting_url,
        cancel_url=reverse("staff_meetings", kwargs={"tenant": tenant.slug}),
    )


# A meeting's page ---------------------------------------------------------------------------


def _agenda(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.agenda_items.select_related("case", "paragraph").order_by("sort_order", "id"))


@staff_view
def meeting_detail(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    """The meeting's facts, agenda, attendance, minutes and approval on one page."""
    meeting = _meeting(tenant, meeting_id)
    agenda = _agenda(meeting)
    attendances = list(meeting.attendances.all())
    paragraphs = list(
        meeting.paragraphs.annotate(
            n_votes=Count("votes", distinct=True),
            n_dissents=Count("dissents", distinct=True),
            n_notes=Count("notes", distinct=True),
        ).order_by("number")
    )
    signers = list(meeting.signers.select_related("attendance", "user"))
    mine = services_signing.linked_people(request.user, tenant)
    for s in signers:
        s.is_mine = s.attendance.person_id is not None and s.attendance.person_id in mine
    decisions = _decisions(paragraphs)
    for p in paragraphs:
        p.made_decision = decisions.get(p.pk)
    full = may_see_secrets(request.user, tenant)
    context = _context(
        request,
        tenant,
        meeting,
        agenda=agenda,
        attendances=attendances,
        paragraphs=paragraphs,
        signers=signers,
        sign_for_others=services_signing.may_sign_for_others(request.user, tenant),
        full=full,
        approval_due=law.approval_due(meeting.date),
        appeal_last_day=services.appeal_last_day(meeting) if meeting.is_locked else None,
        items=[(i, getattr(i, "paragraph", None)) for i in agenda],
    )
    if context["can_change"]:
        context.update(
            case_form=AgendaCaseForm(tenant=tenant, meeting=meeting, auto_id="case_%s"),
            item_form=AgendaItemForm(tenant=tenant, initial={"kind": "information"}, auto_id="item_%s"),
            attendance_form=AttendanceAddForm(tenant=tenant, auto_id="present_%s"),
            paragraph_form=ParagraphCreateForm(tenant=tenant, meeting=meeting, auto_id="paragraph_%s"),
            approval_form=ApprovalForm(
                tenant=tenant,
                meeting=meeting,
                initial=_approval_initial(meeting, signers),
                auto_id="approval_%s",
            ),
        )
    return render(request, "meetings/staff/meeting.html", context)


def _decisions(paragraphs: list[MinutesParagraph]) -> dict[int, Decision]:
    """The decisions of the approved paragraphs, each with the assignments made from it (the
    hand-over from the minutes to the follow-up), by paragraph id."""
    found = Decision.objects.filter(paragraph__in=[p.pk for p in paragraphs]).prefetch_related("assignments")
    return {d.paragraph_id: d for d in found}


def _approval_initial(meeting: Meeting, signers: list[Signer]) -> dict[str, Any]:
    """The approval as arranged, or, before it is, the meeting's chair and secretary."""
    by_role: dict[str, list[int]] = {}
    for s in signers:
        by_role.setdefault(s.role, []).append(s.attendance_id)
    if not signers:
        for a in meeting.attendances.all():
            if a.present and a.role in {"chair", "secretary"}:
                by_role.setdefault(a.role, [a.pk])
    return {
        "chair": (by_role.get("chair") or [None])[0],
        "adjusters": by_role.get("adjuster", []),
        "secretary": (by_role.get("secretary") or [None])[0],
        "place": meeting.approval_place or meeting.place,
        "date": meeting.approval_date or meeting.date + dt.timedelta(days=3),
    }


@staff_view
def meeting_notice(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    """Send the notice (kallelse) with its agenda."""
    meeting = _meeting(tenant, meeting_id)
    form = ConfirmForm(form_data(request), tenant=tenant)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.meeting_send_notice(meeting=meeting, actor=request.user),
        title=_("Send the notice of %(meeting)s") % {"meeting": meeting},
        intro=_("The notice with the agenda goes to everyone called to the meeting."),
        submit=_("Send the notice"),
        success=lambda m: _("The notice of %(meeting)s is sent.") % {"meeting": m},
        next_url=meeting_url,
        meeting=meeting,
        cancel_url=meeting_url(meeting),
    )


# The agenda -----------------------------------------------------------------------------------


@staff_view
def agenda_add_case(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    meeting = _meeting(tenant, meeting_id)
    form = AgendaCaseForm(form_data(request), tenant=tenant, meeting=meeting)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.agenda_add_case(meeting=meeting, actor=request.user, **form.cleaned_data),
        title=_("Put a case on the agenda"),
        submit=_("Put on the agenda"),
        success=lambda i: _("%(number)s is on the agenda.") % {"number": i.case.number},
        next_url=lambda i: meeting_url(meeting, "agenda"),
        meeting=meeting,
        cancel_url=meeting_url(meeting, "agenda"),
    )


@staff_view
def agenda_add_item(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    meeting = _meeting(tenant, meeting_id)
    form = AgendaItemForm(form_data(request), tenant=tenant)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.agenda_add_item(meeting=meeting, actor=request.user, **form.cleaned_data),
        title=_("Add an item to the agenda"),
        submit=_("Add the item"),
        success=lambda i: _("Added the item %(title)s.") % {"title": i.title},
        next_url=lambda i: meeting_url(meeting, "agenda"),
        meeting=meeting,
        cancel_url=meeting_url(meeting, "agenda"),
    )


def _item_step(
    request: HttpRequest,
    tenant: Tenant,
    item_id: int,
    form_class: Any,
    perform: Callable[[AgendaItem, Any], AgendaItem],
    *,
    title: str,
    submit: str,
    success: str,
) -> HttpResponse:
    return step_view(
        request,
        tenant,
        ITEMS,
        item_id,
        path="meeting__tenant",
        form=lambda _item: form_class(form_data(request), tenant=tenant),
        perform=lambda item, form: perform(item, form.cleaned_data),
        success=lambda _item, result: success % {"title": result.title},
        back=lambda item: meeting_url(item.meeting, "agenda"),
        template=FORM,
        context=lambda item: _context(
            request, tenant, item.meeting, title=title % {"title": item.title}, submit=submit
        ),
        page=_audited_page,
    )


@staff_view
def item_withdraw(request: HttpRequest, tenant: Tenant, item_id: int) -> HttpResponse:
    return _item_step(
        request,
        tenant,
        item_id,
        ConfirmForm,
        lambda item, _data: services.agenda_withdraw(item=item, actor=request.user),
        title=_("Withdraw the item %(title)s"),
        submit=pgettext("agenda item", "Withdraw"),
        success=_("The item %(title)s is withdrawn."),
    )


@staff_view
def item_for_decision(request: HttpRequest, tenant: Tenant, item_id: int) -> HttpResponse:
    return _item_step(
        request,
        tenant,
        item_id,
        ConfirmForm,
        lambda item, _data: services.agenda_make_decision_item(item=item, actor=request.user),
        title=_("Make %(title)s an item for decision"),
        submit=_("For decision"),
        success=_("The item %(title)s is for decision."),
    )


@staff_view
def item_move(request: HttpRequest, tenant: Tenant, item_id: int) -> HttpResponse:
    return _item_step(
        request,
        tenant,
        item_id,
        MoveForm,
        lambda item, data: services_agenda.agenda_move(item=item, actor=request.user, **data),
        title=_("Move the item %(title)s"),
        submit=_("Move"),
        success=_("Moved the item %(title)s."),
    )


# Attendance -----------------------------------------------------------------------------------


@staff_view
def attendance_draw(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    meeting = _meeting(tenant, meeting_id)
    form = ConfirmForm(form_data(request), tenant=tenant)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.attendance_draw(meeting=meeting, actor=request.user),
        title=_("Call the members of %(body)s") % {"body": meeting.body.name},
        intro=_(
            "Everyone who holds a seat in the group on the meeting day is called: members, substitutes, "
            "those who may attend and the secretary. Those already called are kept."
        ),
        submit=_("Call the members"),
        success=lambda called: _("%(n)s called.") % {"n": len(called)},
        next_url=lambda _called: meeting_url(meeting, "attendance"),
        meeting=meeting,
        cancel_url=meeting_url(meeting, "attendance"),
    )


@staff_view
def attendance_add(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    meeting = _meeting(tenant, meeting_id)
    form = AttendanceAddForm(form_data(request), tenant=tenant)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.attendance_add(meeting=meeting, actor=request.user, **form.cleaned_data),
        title=_("Add someone present"),
        submit=_("Add"),
        success=lambda a: _("%(name)s present.") % {"name": a.name},
        next_url=lambda a: meeting_url(meeting, "attendance"),
        meeting=meeting,
        cancel_url=meeting_url(meeting, "attendance"),
    )


@staff_view
def attendance_present(request: HttpRequest, tenant: Tenant, attendance_id: int) -> HttpResponse:
    attendance = _attendance(tenant, attendance_id)
    meeting = attendance.meeting
    form = PresentForm(form_data(request), tenant=tenant, initial={"present": attendance.present})
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.attendance_set_present(
            attendance=attendance, actor=request.user, present=form.cleaned_data["present"]
        ),
        title=_("Present: %(name)s") % {"name": attendance.name_with_party},
        submit=_("Save"),
        success=lambda a: (
            (_("%(name)s is present.") if a.present else _("%(name)s is absent.")) % {"name": a.name}
        ),
        next_url=lambda a: meeting_url(meeting, "attendance"),
        meeting=meeting,
        cancel_url=meeting_url(meeting, "attendance"),
    )


# The minutes ----------------------------------------------------------------------------------


@staff_view
def paragraph_create(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    """The next § of the minutes; the service gives its number."""
    meeting = _meeting(tenant, meeting_id)
    form = ParagraphCreateForm(form_data(request), tenant=tenant, meeting=meeting)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.paragraph_create(meeting=meeting, actor=request.user, **form.cleaned_data),
        title=_("New paragraph"),
        submit=_("Write the paragraph"),
        success=lambda p: _("§ %(n)s is written.") % {"n": p.number},
        next_url=paragraph_url,
        meeting=meeting,
        cancel_url=meeting_url(meeting, "minutes"),
    )


def _paragraph_forms(
    tenant: Tenant, paragraph: MinutesParagraph, deciding: list[Attendance]
) -> dict[str, Any]:
    meeting = paragraph.meeting
    return {
        "secrecy_form": SecrecyForm(tenant=tenant, initial={"osl": paragraph.secrecy}, auto_id="secrecy_%s"),
        "substitute_form": SubstituteForm(tenant=tenant, meeting=meeting, auto_id="sub_%s"),
        "absent_form": NotTakingPartForm(tenant=tenant, meeting=meeting, auto_id="absent_%s"),
        "vote_form": VoteForm(tenant=tenant, deciding=deciding, auto_id="vote_%s"),
        "dissent_form": DissentForm(tenant=tenant, meeting=meeting, deciding=deciding, auto_id="dissent_%s"),
        "note_form": NoteForm(tenant=tenant, meeting=meeting, auto_id="note_%s"),
    }


@staff_view
def paragraph_detail(request: HttpRequest, tenant: Tenant, paragraph_id: int) -> HttpResponse:
    """One paragraph as the secretary keeps it: its text, who serves and who takes no part,
    votes, dissents and notes, and its secrecy."""
    queryset = MinutesParagraph.objects.select_related(
        "tenant", "meeting__tenant", "meeting__body", "case", "agenda_item"
    ).prefetch_related(
        Prefetch(
            "votes",
            queryset=Vote.objects.prefetch_related(
                Prefetch("ballots", queryset=Ballot.objects.select_related("attendance"))
            ),
        ),
        "dissents__attendance",
        "notes__attendance",
        "attendance_changes__attendance",
        "attendance_changes__serves_for",
        Prefetch("meeting__attendances", queryset=Attendance.objects.order_by("sort_order", "id")),
    )
    paragraph = object_or_404(queryset, paragraph_id, tenant=tenant)
    meeting = paragraph.meeting
    form = ParagraphForm(form_data(request), tenant=tenant, initial=ParagraphForm.initial_from(paragraph))
    deciding = services.deciding_on(paragraph)
    numbers = list(meeting.paragraphs.order_by("number").values_list("pk", "number"))
    index = next(i for i, (pk, _n) in enumerate(numbers) if pk == paragraph.pk)
    next_item = (
        meeting.agenda_items.filter(withdrawn=False, paragraph__isnull=True)
        .order_by("sort_order", "id")
        .first()
    )
    # A paragraph approved at once is locked like approved minutes (KL 5 kap. 69 §).
    approved_at_once = paragraph.immediately_approved
    extra = {
        "paragraph": paragraph,
        "made_decision": _decisions([paragraph]).get(paragraph.pk),
        "approved_at_once": approved_at_once,
        "paragraph_appeal_last_day": (
            services_approval.paragraph_appeal_last_day(paragraph) if approved_at_once else None
        ),
        "can_change": has_role(request.user, tenant, Role.EDITOR)
        and not meeting.is_locked
        and not approved_at_once,
        "deciding": deciding,
        "previous": numbers[index - 1] if index > 0 else None,
        "following": numbers[index + 1] if index + 1 < len(numbers) else None,
        "next_item": next_item,
        **_paragraph_forms(tenant, paragraph, deciding),
    }
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.paragraph_update(paragraph=paragraph, actor=request.user, **form.cleaned_data),
        title=f"§ {paragraph.number} {paragraph.title}",
        submit=_("Save the paragraph"),
        success=lambda p: _("§ %(n)s is saved.") % {"n": p.number},
        next_url=paragraph_url,
        meeting=meeting,
        template="meetings/staff/paragraph.html",
        **extra,
    )


def _paragraph_step(
    request: HttpRequest,
    tenant: Tenant,
    paragraph_id: int,
    make_form: Callable[[MinutesParagraph, list[Attendance]], Any],
    perform: Callable[[MinutesParagraph, Any], Any],
    *,
    title: str,
    submit: str,
    success: str,
    anchor: str,
) -> HttpResponse:
    """One thing recorded on a paragraph; the form is also on the paragraph's page."""
    return step_view(
        request,
        tenant,
        PARAGRAPHS,
        paragraph_id,
        form=lambda paragraph: make_form(paragraph, services.deciding_on(paragraph)),
        perform=perform,
        success=lambda paragraph, _result: success % {"n": paragraph.number},
        back=lambda paragraph: paragraph_url(paragraph, anchor),
        template=FORM,
        context=lambda paragraph: _context(
            request,
            tenant,
            paragraph.meeting,
            title=title % {"n": paragraph.number, "title": paragraph.title},
            submit=submit,
            paragraph=paragraph,
        ),
        page=_audited_page,
    )


@staff_view
def paragraph_secrecy(request: HttpRequest, tenant: Tenant, paragraph_id: int) -> HttpResponse:
    return _paragraph_step(
        request,
        tenant,
        paragraph_id,
        lambda p, _d: SecrecyForm(form_data(request), tenant=tenant, initial={"osl": p.secrecy}),
        lambda p, f: services.paragraph_mark_secret(paragraph=p, actor=request.user, **f.cleaned_data),
        title=_("Secrecy of § %(n)s"),
        submit=_("Mark secret"),
        success=_("§ %(n)s is marked secret."),
        anchor="secrecy",
    )


@staff_view
def paragraph_substitute(request: HttpRequest, tenant: Tenant, paragraph_id: int) -> HttpResponse:
    return _paragraph_step(
        request,
        tenant,
        paragraph_id,
        lambda p, _d: SubstituteForm(form_data(request), tenant=tenant, meeting=p.meeting),
        lambda p, f: services.paragraph_substitute(paragraph=p, actor=request.user, **f.cleaned_data),
        title=_("A substitute serves in § %(n)s"),
        submit=_("Record"),
        success=_("Recorded for § %(n)s."),
        anchor="attendance",
    )


@staff_view
def paragraph_not_taking_part(request: HttpRequest, tenant: Tenant, paragraph_id: int) -> HttpResponse:
    return _paragraph_step(
        request,
        tenant,
        paragraph_id,
        lambda p, _d: NotTakingPartForm(form_data(request), tenant=tenant, meeting=p.meeting),
        lambda p, f: services.paragraph_not_taking_part(paragraph=p, actor=request.user, **f.cleaned_data),
        title=_("Someone takes no part in § %(n)s"),
        submit=_("Record"),
        success=_("Recorded for § %(n)s."),
        anchor="attendance",
    )


@staff_view
def paragraph_vote(request: HttpRequest, tenant: Tenant, paragraph_id: int) -> HttpResponse:
    return _paragraph_step(
        request,
        tenant,
        paragraph_id,
        lambda p, d: VoteForm(form_data(request), tenant=tenant, deciding=d),
        lambda p, f: services.vote_record(paragraph=p, actor=request.user, **f.service_kwargs()),
        title=_("Roll-call vote on § %(n)s"),
        submit=_("Record the vote"),
        success=_("The vote on § %(n)s is recorded."),
        anchor="votes",
    )


@staff_view
def paragraph_dissent(request: HttpRequest, tenant: Tenant, paragraph_id: int) -> HttpResponse:
    return _paragraph_step(
        request,
        tenant,
        paragraph_id,
        lambda p, d: DissentForm(form_data(request), tenant=tenant, meeting=p.meeting, deciding=d),
        lambda p, f: services.dissent_add(paragraph=p, actor=request.user, **f.cleaned_data),
        title=_("Dissent from § %(n)s"),
        submit=_("Record the dissent"),
        success=_("The dissent from § %(n)s is recorded."),
        anchor="dissents",
    )


@staff_view
def paragraph_note(request: HttpRequest, tenant: Tenant, paragraph_id: int) -> HttpResponse:
    return _paragraph_step(
        request,
        tenant,
        paragraph_id,
        lambda p, _d: NoteForm(form_data(request), tenant=tenant, meeting=p.meeting),
        lambda p, f: services.note_add(paragraph=p, actor=request.user, **f.cleaned_data),
        title=_("Note to the minutes in § %(n)s"),
        submit=_("Enter the note"),
        success=_("The note in § %(n)s is entered."),
        anchor="notes",
    )


# Approval (justering) ---------------------------------------------------------------------------


@staff_view
def approval_arrange(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    meeting = _meeting(tenant, meeting_id)
    signers = list(meeting.signers.all())
    form = ApprovalForm(
        form_data(request), tenant=tenant, meeting=meeting, initial=_approval_initial(meeting, signers)
    )

    def perform() -> Meeting:
        data = dict(form.cleaned_data)
        data["adjusters"] = list(data["adjusters"])
        return services.approval_arrange(meeting=meeting, actor=request.user, **data)

    return _form_page(
        request,
        tenant,
        form,
        perform,
        title=_("Arrange the approval of %(meeting)s") % {"meeting": meeting},
        submit=_("Save the approval"),
        success=lambda m: _("The approval is arranged."),
        next_url=lambda m: meeting_url(meeting, "approval"),
        meeting=meeting,
        cancel_url=meeting_url(meeting, "approval"),
    )


@staff_view
def paragraph_approve_at_once(request: HttpRequest, tenant: Tenant, paragraph_id: int) -> HttpResponse:
    """The chair and the adjusters approve this paragraph at the meeting (KL 5 kap. 69 §)."""
    return _paragraph_step(
        request,
        tenant,
        paragraph_id,
        lambda _p, _d: ConfirmForm(form_data(request), tenant=tenant),
        lambda p, _f: services_approval.paragraph_approve_at_once(paragraph=p, actor=request.user),
        title=_("Approve § %(n)s at once"),
        submit=_("Approve the paragraph at once"),
        success=_("§ %(n)s is approved at once and posted on the notice board."),
        anchor="approve-at-once",
    )


@staff_view
def meeting_cancel(request: HttpRequest, tenant: Tenant, meeting_id: int) -> HttpResponse:
    """Cancel a meeting without minutes, confirmed on a page of its own: its cases go back
    off the agenda."""
    meeting = _meeting(tenant, meeting_id)
    form = ConfirmForm(form_data(request), tenant=tenant)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.meeting_cancel(meeting=meeting, actor=request.user),
        title=_("Cancel the meeting %(meeting)s") % {"meeting": meeting},
        intro=_(
            "The meeting is cancelled and its cases are taken off the agenda, ready to be put on "
            "another meeting's agenda. A meeting with minutes cannot be cancelled."
        ),
        submit=_("Cancel the meeting"),
        success=lambda m: _("The meeting %(meeting)s is cancelled.") % {"meeting": m},
        next_url=meeting_url,
        meeting=meeting,
        cancel_url=meeting_url(meeting),
    )


@staff_view
def minutes_sign(request: HttpRequest, tenant: Tenant, signer_id: int) -> HttpResponse:
    """One signer approves the minutes, logged in as themselves (KL 5 kap. 69 §); an
    administrator may approve on the signer's behalf with a reason. The service records the
    user who signed and when; when the last has signed the minutes are approved, locked and
    posted."""
    signer = _signer(tenant, signer_id)
    meeting = signer.meeting
    own = services_signing.is_own_line(signer, request.user)
    on_behalf = not own and services_signing.may_sign_for_others(request.user, tenant)
    form_class = OnBehalfSignForm if on_behalf else SignForm
    form = form_class(form_data(request), tenant=tenant, name=signer.attendance.name)

    def success(m: Meeting) -> str:
        if m.is_locked:
            return _("The minutes are approved and posted on the notice board.")
        return _("%(name)s has approved the minutes.") % {"name": signer.attendance.name}

    return _form_page(
        request,
        tenant,
        form,
        lambda: services.minutes_sign(
            signer=signer, actor=request.user, reason=form.cleaned_data.get("reason", "")
        ),
        title=_("Approve the minutes of %(meeting)s") % {"meeting": meeting},
        intro=(
            _(
                "You are not %(name)s: as an administrator you may approve on their behalf, with the "
                "reason, which is kept in the history."
            )
            % {"name": signer.attendance.name}
            if on_behalf
            else _(
                "Read the minutes before you approve them: once every signer has approved them they "
                "are locked."
            )
        ),
        submit=_("Approve the minutes"),
        success=success,
        next_url=lambda m: meeting_url(meeting, "approval"),
        meeting=meeting,
        signer=signer,
        cancel_url=meeting_url(meeting, "approval"),
    )
