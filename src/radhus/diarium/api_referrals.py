"""The API of referrals, watches, the register's search and its work lists (under /api/v1/).

Search and the council report are public (what the public register shows: public titles, no
private persons); a key of an editor of the organisation searches the secret parts too.
Referrals are written and watches read and written with a key of an editor.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from radhus.core.api import (
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    Input,
    IsoDate,
    Refs,
    Slug,
    Text,
    anchor,
    bearer,
    key_user,
    limited,
    perform,
    require_role,
    target,
    tenant_by_slug,
)
from radhus.core.models import Role
from radhus.diarium import search, services, services_referrals, worklists
from radhus.diarium.api import rendered
from radhus.diarium.models import Case, Referral, Watch
from radhus.diarium.models import Status as CaseStatus
from radhus.organisation.models import Unit

router = Router(tags=["case register: referrals, watches, search, work lists"])

PathId = Annotated[int, Field(ge=1, le=2**63 - 1)]
SmallInt = Annotated[int, Field(ge=1, le=2**31 - 1)]


class CaseHitOut(Schema):
    id: int
    number: str
    title: str = Field(description="The public title when the title is secret (for the public).")
    status: str
    opened_on: dt.date
    year: int


def _hit(case: Case, secrets: bool) -> dict[str, Any]:
    """A case as ``CaseHitOut`` shows it, field for field (rendered without validating it again:
    ``radhus.diarium.api.rendered``)."""
    return {
        "id": case.pk,
        "number": case.number,
        "title": case.title if secrets else case.shown_title,
        "status": case.status,
        "opened_on": case.opened_on,
        "year": case.year,
    }


class SearchOut(Schema):
    items: list[CaseHitOut]
    next_page: int | None = Field(description="The number of the next page; null on the last one.")


class SearchQuery(Schema):
    tenant: Slug
    q: str = Field(
        "", max_length=search.MAX_QUERY_LENGTH, description="Words; each must match (as a prefix)."
    )
    body: SmallInt | None = Field(None, description="The id of the body (the unit of the number series).")
    year: Annotated[int, Field(ge=1800, le=2200)] | None = None
    status: CaseStatus | None = None
    classification: SmallInt | None = None
    officer: SmallInt | None = None
    page: Annotated[int, Field(ge=1, le=1000)] = 1
    page_size: Annotated[int, Field(ge=1, le=100)] = 50


@router.get(
    "/diarium/search",
    url_name="diarium_search",
    response={200: SearchOut, **READ_ERRORS},
    summary="Search cases",
)
@rendered
def case_search(request: HttpRequest, params: Query[SearchQuery]) -> Any:
    """Swedish full-text search over titles, descriptions and record titles, accents folded
    (``forskola`` finds ``förskola``), newest first. Without a key only what is public is
    searched; with the key of an editor of the organisation, the secret parts too."""
    tenant = tenant_by_slug(params.tenant)
    secrets = services.may_see_secrets(key_user(request), tenant)
    result = search.search_cases(
        tenant=tenant,
        query=params.q.replace("\x00", " "),
        secrets=secrets,
        filters=search.Filters(
            body=params.body,
            year=params.year,
            status=params.status.value if params.status else None,
            classification=params.classification,
            officer=params.officer,
        ),
        limit=params.page_size,
        offset=(params.page - 1) * params.page_size,
    )
    return {
        "items": [_hit(c, secrets) for c in result.cases],
        "next_page": params.page + 1 if result.more else None,
    }


# Referrals ----------------------------------------------------------------------------------


class ReferralOut(Schema):
    id: int
    case_id: int
    case_number: str
    recipient: str
    body_id: int | None
    sent_on: dt.date
    due_on: dt.date
    answered_on: dt.date | None
    overdue: bool
    sent_record: str | None
    answer_record: str | None


def _referral_out(r: Referral) -> ReferralOut:
    return ReferralOut(
        id=r.pk,
        case_id=r.case_id,
        case_number=r.case.number,
        recipient=r.recipient,
        body_id=r.body_id,
        sent_on=r.sent_on,
        due_on=r.due_on,
        answered_on=r.answered_on,
        overdue=r.is_overdue(),
        sent_record=r.sent_record.number if r.sent_record_id else None,
        answer_record=r.answer_record.number if r.answer_record_id else None,
    )


REFERRALS = Referral.objects.select_related("case", "tenant", "sent_record", "answer_record")


@router.get(
    "/referrals", url_name="referrals", response={200: list[ReferralOut], **READ_ERRORS}, summary="Referrals"
)
def referral_list(
    request: HttpRequest,
    tenant: Slug,
    case_id: PathId | None = None,
    overdue: bool = False,
) -> Any:
    """The referrals of an organisation (of one case), the earliest due first; ``overdue``:
    only those not answered by their due date. At most 500."""
    found = tenant_by_slug(tenant)
    if overdue:
        queryset = worklists.overdue_referrals(found, dt.date.today()).select_related(
            "sent_record", "answer_record"
        )
    else:
        queryset = REFERRALS.filter(tenant=found).order_by("due_on", "id")
    if case_id is not None:
        queryset = queryset.filter(case_id=case_id)
    return [_referral_out(r) for r in queryset[:500]]


class ReferralIn(Input):
    case_id: Id
    due_on: IsoDate
    recipient: Text = limited("", max_length=200, description="Outside the registry; else the body's name.")
    body_id: Id | None = None
    sent_on: IsoDate | None = None


@router.post(
    "/referrals",
    url_name="referrals",
    response={201: ReferralOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Send a case on referral",
)
def referral_create(request: HttpRequest, payload: ReferralIn) -> Any:
    """Registers the referral letter as a sent record and puts the case out on referral."""
    case = anchor(request, Case.objects.select_related("tenant"), payload.case_id, field="case_id")
    refs = Refs(case.tenant)
    body = refs.one(Unit, payload.body_id, "body_id")
    referral = perform(
        lambda: services_referrals.referral_send(
            case=case,
            actor=request.auth,  # type: ignore[attr-defined]
            due_on=payload.due_on,
            recipient=payload.recipient,
            body=body,
            sent_on=payload.sent_on,
        ),
        refs.errors,
        names={"body": "body_id", "case": "case_id"},
    )
    return Status(201, _referral_out(REFERRALS.get(pk=referral.pk)))


class AnswerIn(Input):
    answered_on: IsoDate | None = None
    summary: Text = limited("", max_length=10000)


@router.post(
    "/referrals/{referral_id}/answer",
    url_name="referral_answer",
    response={200: ReferralOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Record the answer to a referral",
)
def referral_answer(request: HttpRequest, referral_id: PathId, payload: AnswerIn) -> Any:
    referral = target(request, REFERRALS, referral_id)
    perform(
        lambda: services_referrals.referral_answer(
            referral=referral,
            actor=request.auth,  # type: ignore[attr-defined]
            answered_on=payload.answered_on,
            summary=payload.summary,
        ),
        names={"referral": "__all__"},
    )
    return _referral_out(REFERRALS.get(pk=referral.pk))


# Watches ------------------------------------------------------------------------------------


class WatchOut(Schema):
    id: int
    case_id: int
    case_number: str
    note: str
    due_on: dt.date
    done_on: dt.date | None


def _watch_out(w: Watch) -> WatchOut:
    return WatchOut(
        id=w.pk, case_id=w.case_id, case_number=w.case.number, note=w.note, due_on=w.due_on, done_on=w.done_on
    )


@router.get(
    "/watches",
    url_name="watches",
    response={200: list[WatchOut], **WRITE_ERRORS},
    auth=bearer,
    summary="My watches",
)
def watch_list(request: HttpRequest, tenant: Slug, include_done: bool = False) -> Any:
    """The key's user's watches in the organisation, the earliest due first (at most 500)."""
    found = tenant_by_slug(tenant)
    return [_watch_out(w) for w in worklists.my_watches(found, request.auth, include_done=include_done)[:500]]  # type: ignore[attr-defined]


class WatchIn(Input):
    case_id: Id
    note: Text = limited(max_length=300)
    due_on: IsoDate


@router.post(
    "/watches",
    url_name="watches",
    response={201: WatchOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Add a watch",
)
def watch_create(request: HttpRequest, payload: WatchIn) -> Any:
    case = anchor(request, Case.objects.select_related("tenant"), payload.case_id, field="case_id")
    watch = perform(
        lambda: services_referrals.watch_create(
            case=case,
            actor=request.auth,  # type: ignore[attr-defined]
            note=payload.note,
            due_on=payload.due_on,
        ),
        names={"case": "case_id"},
    )
    return Status(201, _watch_out(watch))


@router.post(
    "/watches/{watch_id}/done",
    url_name="watch_done",
    response={200: WatchOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Mark a watch done",
)
def watch_done(request: HttpRequest, watch_id: PathId) -> Any:
    # Another user's watch is not the caller's to know of: 404 as a missing one.
    watches = Watch.objects.select_related("case", "tenant").filter(user=request.auth)  # type: ignore[attr-defined]
    watch = target(request, watches, watch_id)
    watch = perform(
        lambda: services_referrals.watch_done(watch=watch, actor=request.auth),  # type: ignore[attr-defined]
        names={"watch": "__all__"},
    )
    return _watch_out(watch)


# Work lists ---------------------------------------------------------------------------------


class ListedCaseOut(Schema):
    id: int
    number: str
    title: str
    origin: str
    status: str
    opened_on: dt.date
    officer_id: int | None
    body_id: int


@router.get(
    "/diarium/council-report",
    url_name="diarium_council_report",
    response={200: list[ListedCaseOut], **READ_ERRORS},
    summary="Motions and citizen proposals to report to the council",
)
def council_report(request: HttpRequest, tenant: Slug, on: IsoDate | None = None) -> Any:
    """Motions and citizen proposals raised at least a year before ``on`` (default today) and
    not decided: what the board reports to the council (KL 5 kap. 35 §). Public titles; at most
    1000."""
    found = tenant_by_slug(tenant)
    cases = worklists.council_report(found, on or dt.date.today())[:1000]
    return [_listed(c, secrets=False) for c in cases]


def _listed(case: Case, *, secrets: bool) -> ListedCaseOut:
    return ListedCaseOut(
        id=case.pk,
        number=case.number,
        title=case.title if secrets else case.shown_title,
        origin=case.origin,
        status=case.status,
        opened_on=case.opened_on,
        officer_id=case.officer_id,
        body_id=case.series.body_id,
    )


@router.get(
    "/diarium/backlog",
    url_name="diarium_backlog",
    response={200: list[ListedCaseOut], **WRITE_ERRORS},
    auth=bearer,
    summary="The backlog list (ärendebalanslista)",
)
def backlog(
    request: HttpRequest, tenant: Slug, body: SmallInt | None = None, officer: SmallInt | None = None
) -> Any:
    """The open cases per body and officer, the oldest first (at most 2000); for the
    organisation's staff (a key of a user with a role in it)."""
    found = tenant_by_slug(tenant)
    require_role(
        request,
        found,
        Role.READER,
        _("You need a role in %(tenant)s to read its work lists.") % {"tenant": found.name},
    )
    secrets = services.may_see_secrets(request.auth, found)  # type: ignore[attr-defined]
    return [_listed(c, secrets=secrets) for c in worklists.backlog(found, body=body, officer=officer)[:2000]]
