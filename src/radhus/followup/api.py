"""The follow-up API (``/api/v1/assignments``, ``/api/v1/deviations``): thin handlers over the
selectors and services.

Reads need no login and show only what is public: assignments from public decisions, never one
that is secret or made from a secret paragraph (OSL 5 kap. 5 §), and the deviations of those.
Writes need the key of an editor of the deciding organisation; progress, completion and
deviations may also come from an editor of the organisation the assignment was handed to (a
working group of a collaboration, S3.2).
"""

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from radhus.core.access import has_role
from radhus.core.api import (
    READ_ERRORS,
    SLUG_PATTERN,
    WRITE_ERRORS,
    Id,
    IdFilter,
    Input,
    IsoDate,
    LazyPage,
    Pagination,
    PathId,
    Refs,
    Text,
    bearer,
    get_or_404,
    limited,
    perform,
    target,
    tenant_by_slug,
    tenant_filter,
    writing_in,
)
from radhus.core.models import Role, Tenant
from radhus.core.selectors import today
from radhus.diarium.models import Case
from radhus.followup import services
from radhus.followup.models import Assignment, Deviation, Source
from radhus.followup.selectors import OPEN_VALUES, PUBLIC
from radhus.meetings.models import Decision
from radhus.organisation.models import Person, Post, Unit

TenantFilter = tenant_filter("munkedal")
StatusFilter = Annotated[
    Literal["not_started", "in_progress", "done", "cancelled", "replaced"] | None, Query(None)
]

ASSIGNMENTS = Assignment.objects.select_related(
    "tenant", "body", "case", "assignee_unit__tenant", "assignee_post__tenant", "assignee_person__tenant"
)
PUBLIC_ASSIGNMENTS = ASSIGNMENTS.filter(PUBLIC)
DEVIATIONS = Deviation.objects.select_related(
    "tenant", "assignment", "agenda_item__meeting", "decision"
).filter(assignment__in=Assignment.objects.filter(PUBLIC))


class AssigneeOut(Schema):
    kind: Literal["unit", "post", "person"]
    id: int
    name: str
    tenant: str


class AssignmentOut(Schema):
    id: int
    tenant: str
    source: str
    decision_id: int | None
    body_id: int
    body: str
    decided_on: dt.date
    reference: str
    case_number: str
    title: str
    description: str
    assignee: AssigneeOut
    due_on: dt.date
    status: str
    progress: int = Field(ge=0, le=100)
    completed_on: dt.date | None
    late: bool = Field(description="Due before today and not done, cancelled or replaced.")
    days_to_done: int | None = Field(description="Days from the decision to done, once done.")


class ProgressOut(Schema):
    reported_on: dt.date
    progress: int
    status: str
    text: str


class DeviationOut(Schema):
    id: int
    tenant: str
    assignment_id: int
    kind: str
    reason: str
    alternative_measure: str
    proposed_due_on: dt.date | None
    reported_on: dt.date
    meeting_id: int | None = Field(description="The meeting whose agenda it is on; null while it waits.")
    meeting_date: dt.date | None
    decision_reference: str


class AssignmentDetailOut(AssignmentOut):
    progress_reports: list[ProgressOut]
    deviations: list[DeviationOut]


def _assignee(a: Assignment) -> dict[str, Any]:
    if a.assignee_unit_id:
        return {
            "kind": "unit",
            "id": a.assignee_unit_id,
            "name": a.assignee_unit.name,
            "tenant": a.assignee_unit.tenant.slug,
        }
    if a.assignee_post_id:
        return {
            "kind": "post",
            "id": a.assignee_post_id,
            "name": a.assignee_post.title,
            "tenant": a.assignee_post.tenant.slug,
        }
    p = a.assignee_person
    return {"kind": "person", "id": a.assignee_person_id, "name": p.name, "tenant": p.tenant.slug}


def _assignment_out(a: Assignment, on: dt.date) -> dict[str, Any]:
    return {
        "id": a.pk,
        "tenant": a.tenant.slug,
        "source": a.source,
        "decision_id": a.decision_id,
        "body_id": a.body_id,
        "body": a.body.name,
        "decided_on": a.decided_on,
        "reference": a.reference,
        "case_number": a.case.number if a.case_id else "",
        "title": a.title,
        "description": a.description,
        "assignee": _assignee(a),
        "due_on": a.due_on,
        "status": a.status,
        "progress": a.progress,
        "completed_on": a.completed_on,
        "late": a.is_late_on(on),
        "days_to_done": (a.completed_on - a.decided_on).days if a.completed_on else None,
    }


def _deviation_out(d: Deviation) -> dict[str, Any]:
    meeting = d.agenda_item.meeting if d.agenda_item_id else None
    return {
        "id": d.pk,
        "tenant": d.tenant.slug,
        "assignment_id": d.assignment_id,
        "kind": d.kind,
        "reason": d.reason,
        "alternative_measure": d.alternative_measure,
        "proposed_due_on": d.proposed_due_on,
        "reported_on": d.reported_on,
        "meeting_id": meeting.pk if meeting else None,
        "meeting_date": meeting.date if meeting else None,
        "decision_reference": d.decision.reference if d.decision_id else "",
    }


def _detail_out(a: Assignment) -> dict[str, Any]:
    deviations = Deviation.objects.filter(assignment=a).select_related(
        "tenant", "agenda_item__meeting", "decision"
    )
    return {
        **_assignment_out(a, today()),
        "progress_reports": [
            {"reported_on": r.reported_on, "progress": r.progress, "status": r.status, "text": r.text}
            for r in a.progress_reports.all()
        ],
        "deviations": [_deviation_out(d) for d in deviations.order_by("reported_on", "id")],
    }


router = Router(tags=["follow-up"])


@router.get(
    "/assignments",
    url_name="assignments",
    response={200: list[AssignmentOut], **READ_ERRORS},
    summary="Assignments made from decisions",
)
@paginate(Pagination)
def assignment_list(
    request: HttpRequest,
    tenant: TenantFilter = None,
    status: StatusFilter = None,
    body: IdFilter = None,
    late: Annotated[
        bool | None, Query(None, description="Only late ones (true) or only those not late (false).")
    ] = None,
) -> Any:
    """The public assignments, earliest due first; secret ones are left out."""
    on = today()
    queryset = PUBLIC_ASSIGNMENTS.order_by("due_on", "id")
    if tenant:
        queryset = queryset.filter(tenant=tenant_by_slug(tenant))
    if status:
        queryset = queryset.filter(status=status)
    if body is not None:
        queryset = queryset.filter(body_id=body)
    if late is True:
        queryset = queryset.filter(status__in=OPEN_VALUES, due_on__lt=on)
    elif late is False:
        queryset = queryset.exclude(status__in=OPEN_VALUES, due_on__lt=on)
    return LazyPage(
        queryset, lambda page: [_assignment_out(a, on) for a in page], counted=bool(tenant or body)
    )


@router.get(
    "/assignments/{assignment_id}",
    url_name="assignment",
    response={200: AssignmentDetailOut, **READ_ERRORS},
    summary="An assignment with its progress and deviations",
)
def assignment_detail(request: HttpRequest, assignment_id: PathId) -> Any:
    return _detail_out(get_or_404(PUBLIC_ASSIGNMENTS, assignment_id))


@router.get(
    "/deviations",
    url_name="deviations",
    response={200: list[DeviationOut], **READ_ERRORS},
    summary="Deviations in assignments",
)
@paginate(Pagination)
def deviation_list(
    request: HttpRequest,
    tenant: TenantFilter = None,
    waiting: Annotated[bool | None, Query(None, description="Only those not yet on an agenda.")] = None,
) -> Any:
    queryset = DEVIATIONS.order_by("reported_on", "id")
    if tenant:
        queryset = queryset.filter(tenant=tenant_by_slug(tenant))
    if waiting is True:
        queryset = queryset.filter(agenda_item__isnull=True, decision__isnull=True)
    elif waiting is False:
        queryset = queryset.exclude(agenda_item__isnull=True, decision__isnull=True)
    return LazyPage(queryset, lambda page: [_deviation_out(d) for d in page], counted=bool(tenant))


# Writes ------------------------------------------------------------------------------------

NAMES = {
    "assignee_unit": "assignee_unit_id",
    "assignee_post": "assignee_post_id",
    "assignee_person": "assignee_person_id",
    "body": "body_id",
    "case": "case_id",
    "decision": "decision_id",
}


class AssignmentIn(Input):
    tenant: str = Field(pattern=SLUG_PATTERN, max_length=80)
    decision_id: Id | None = Field(
        None, description="A decided paragraph; or give source, body_id, decided_on and reference."
    )
    source: Literal["delegated", "management_group", "collaboration_group"] | None = None
    body_id: Id | None = None
    decided_on: IsoDate | None = None
    reference: Text = limited("", max_length=100)
    case_id: Id | None = None
    title: Text = limited(max_length=300)
    description: Text = limited("", max_length=10_000)
    due_on: IsoDate
    assignee_unit_id: Id | None = None
    assignee_post_id: Id | None = None
    assignee_person_id: Id | None = None


def _assignee_refs(refs: Refs, tenant: Tenant, payload: Any) -> dict[str, Any]:
    """The assignee's id, looked up in the organisations the assignment may go to."""
    tenants = services.assignee_tenants(tenant, today())
    found: dict[str, Any] = {}
    for field, model in (
        ("assignee_unit_id", Unit),
        ("assignee_post_id", Post),
        ("assignee_person_id", Person),
    ):
        pk = getattr(payload, field)
        queryset = model.objects.filter(tenant__in=tenants)
        if model is Person:
            queryset = queryset.filter(tenant=tenant) | queryset.filter(is_public=True)
        found[field.removesuffix("_id")] = (
            None if pk is None else refs.found(lambda q=queryset, pk=pk, f=field: _among(q, pk, f))
        )
    return found


def _among(queryset: Any, pk: int, field: str) -> Any:
    from radhus.core.lookup import resolve_among

    return resolve_among(queryset, pk, field=field)


@router.post(
    "/assignments",
    url_name="assignments",
    response={201: AssignmentDetailOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Make an assignment from a decision",
)
def assignment_create(request: HttpRequest, payload: AssignmentIn) -> Any:
    tenant, refs = writing_in(request, payload.tenant)
    assignees = _assignee_refs(refs, tenant, payload)
    common = {
        "title": payload.title,
        "description": payload.description,
        "due_on": payload.due_on,
        **assignees,
    }
    if payload.decision_id is not None:
        decision = refs.one(Decision, payload.decision_id, "decision_id")
        refs.check()
        created = perform(
            lambda: services.assignment_create(decision=decision, actor=request.auth, **common),  # type: ignore[arg-type, attr-defined]
            refs.errors,
            names=NAMES,
        )
    else:
        body = refs.one(Unit, payload.body_id, "body_id")
        case = refs.one(Case, payload.case_id, "case_id")
        for field in ("source", "body_id", "decided_on"):
            if getattr(payload, field) is None:
                refs.errors.setdefault(field, []).append(str(_required()))
        refs.check()
        created = perform(
            lambda: services.assignment_create_from_source(
                tenant=tenant,
                actor=request.auth,  # type: ignore[attr-defined]
                source=payload.source or Source.DELEGATED,
                body=body,  # type: ignore[arg-type]
                decided_on=payload.decided_on,  # type: ignore[arg-type]
                reference=payload.reference,
                case=case,
                **common,
            ),
            refs.errors,
            names=NAMES,
        )
    return Status(201, _detail_out(get_or_404(ASSIGNMENTS, created.pk)))


def _required() -> str:
    from django.utils.translation import gettext as _

    return _("This field is required.")


def _reporting(request: HttpRequest, assignment_id: int) -> Assignment:
    """The assignment a report writes to: an editor of the deciding organisation, or of the
    organisation it was handed to, may report on it."""

    def owner(a: Assignment) -> Tenant:
        other = services.assignee_tenant_id(a)
        if (
            other is not None
            and other != a.tenant_id
            and has_role(request.auth, Tenant(pk=other), Role.EDITOR)
        ):  # type: ignore[attr-defined]
            return Tenant.objects.get(pk=other)
        return a.tenant

    return target(request, ASSIGNMENTS, assignment_id, public=PUBLIC, owner=owner)


class ProgressIn(Input):
    progress: int = Field(ge=0, le=99)
    text: Text = limited("", max_length=10_000)
    reported_on: IsoDate | None = None


@router.post(
    "/assignments/{assignment_id}/progress",
    url_name="assignment_progress",
    response={201: AssignmentDetailOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Report progress",
)
def assignment_progress(request: HttpRequest, assignment_id: PathId, payload: ProgressIn) -> Any:
    a = _reporting(request, assignment_id)
    perform(
        lambda: services.progress_report(
            assignment=a,
            actor=request.auth,  # type: ignore[attr-defined]
            progress=payload.progress,
            text=payload.text,
            reported_on=payload.reported_on,
        )
    )
    return Status(201, _detail_out(get_or_404(ASSIGNMENTS, a.pk)))


class CompleteIn(Input):
    completed_on: IsoDate | None = None
    text: Text = limited("", max_length=10_000)


@router.post(
    "/assignments/{assignment_id}/complete",
    url_name="assignment_complete",
    response={200: AssignmentDetailOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Mark an assignment as done",
)
def assignment_complete(request: HttpRequest, assignment_id: PathId, payload: CompleteIn) -> Any:
    a = _reporting(request, assignment_id)
    perform(
        lambda: services.assignment_complete(
            assignment=a,
            actor=request.auth,  # type: ignore[attr-defined]
            completed_on=payload.completed_on,
            text=payload.text,
        )
    )
    return _detail_out(get_or_404(ASSIGNMENTS, a.pk))


class DeviationIn(Input):
    kind: Literal["late", "changed", "cannot_be_done"]
    reason: Text = limited(max_length=10_000)
    alternative_measure: Text = limited("", max_length=10_000)
    proposed_due_on: IsoDate | None = None
    reported_on: IsoDate | None = None


@router.post(
    "/assignments/{assignment_id}/deviations",
    url_name="assignment_deviations",
    response={201: DeviationOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Report a deviation (it goes on the deciding body's next agenda)",
)
def deviation_create(request: HttpRequest, assignment_id: PathId, payload: DeviationIn) -> Any:
    a = _reporting(request, assignment_id)
    deviation = perform(
        lambda: services.deviation_report(
            assignment=a,
            actor=request.auth,  # type: ignore[attr-defined]
            kind=payload.kind,
            reason=payload.reason,
            alternative_measure=payload.alternative_measure,
            proposed_due_on=payload.proposed_due_on,
            reported_on=payload.reported_on,
        )
    )
    return Status(
        201,
        _deviation_out(
            Deviation.objects.select_related("tenant", "agenda_item__meeting", "decision").get(
                pk=deviation.pk
            )
        ),
    )


ROUTERS = [router]
