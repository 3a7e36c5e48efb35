"""The case register's REST API (``/api/v1/cases``, ``/api/v1/records``): thin handlers over the
selectors and services.

Reads need no login and show the public register, whoever asks: a secret part reads
“Sekretess enligt OSL …” and a private person's name is left out (OSL 5 kap. 5 §). Writes need
the key of an editor of the organisation and go through the same services as the staff pages.
Lists are paged in SQL and never counted (a register holds a million cases): ``next_page``
tells whether to go on.
"""

import datetime as dt
import functools
import inspect
from collections.abc import Callable
from typing import Annotated, Any, Literal

from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from radhus.core.api import (
    READ_ERRORS,
    SLUG_PATTERN,
    WRITE_ERRORS,
    Flag,
    Id,
    Input,
    IsoDate,
    LazyPage,
    Pagination,
    PathId,
    Problems,
    Refs,
    Text,
    bearer,
    choice_enum,
    get_or_404,
    limited,
    perform,
    require_editor,
    target,
    tenant_by_slug,
    tenant_filter,
    unset,
    year_filter,
)
from radhus.core.api import choice_value as _value
from radhus.core.audit import history_of
from radhus.core.lookup import MAX_ID
from radhus.diarium import selectors, services
from radhus.diarium.models import (
    Case,
    Classification,
    Direction,
    Origin,
    PartyKind,
    Record,
    RecordKind,
    SecrecyScope,
    Series,
)
from radhus.diarium.models import (
    Status as CaseStatus,
)
from radhus.organisation.models import Person, Unit

TenantFilter = tenant_filter("hassleholm")
YearFilter = year_filter("cases")

StatusValue = choice_enum("StatusValue", CaseStatus)
OriginValue = choice_enum("OriginValue", Origin)
DirectionValue = choice_enum("DirectionValue", Direction)
RecordKindValue = choice_enum("RecordKindValue", RecordKind)
PartyKindValue = choice_enum("PartyKindValue", PartyKind)
ScopeValue = choice_enum("ScopeValue", SecrecyScope)

FIELD_NAMES = {
    "origin_unit": "origin_unit_id",
    "responsible_unit": "responsible_unit_id",
    "officer": "officer_id",
    "classification": "classification_id",
    "into": "into_id",
    "title_secrecy": "title_secrecy",
}


# Output --------------------------------------------------------------------------------------


class CaseOut(Schema):
    id: int
    tenant: str
    number: str = Field(description="The case number, e.g. KS 2026/123.")
    series: str
    year: int
    title: str = Field(description="The title; the public title when the real one is secret.")
    title_secrecy: str = Field(description="“Sekretess enligt OSL …” when the title is secret; else empty.")
    status: StatusValue  # type: ignore[valid-type]
    origin: OriginValue  # type: ignore[valid-type]
    opened_on: dt.date
    decided_on: dt.date | None
    closed_on: dt.date | None
    url: str


class RecordFileOut(Schema):
    version: int
    file_name: str
    size: int
    sha256: str


class RecordOut(Schema):
    id: int
    case_id: int
    number: str = Field(description="The record number, e.g. KS 2026/123-4.")
    direction: DirectionValue  # type: ignore[valid-type]
    kind: RecordKindValue  # type: ignore[valid-type]
    title: str = Field(description="“Sekretess enligt OSL …” when the whole record is secret.")
    secrecy: str = Field(description="“Sekretess enligt OSL …” when the record or its contents are secret.")
    counterpart: str = Field(description="Sender or recipient; “Privatperson” for a private person.")
    registered_on: dt.date
    document_date: dt.date | None
    is_final: bool
    files: list[RecordFileOut] = Field(description="Versions of the file; none when the contents are secret.")


class PartyOut(Schema):
    name: str
    kind: str


class EventOut(Schema):
    at: dt.datetime
    action: str
    summary: str


class CaseDetailOut(CaseOut):
    description: str
    responsible_unit: str = Field(
        description="The responsible unit, as named on the day the case was opened."
    )
    officer: str
    merged_into: str | None = Field(description="The number of the case this one was merged into.")
    related: list[str] = Field(description="The numbers of related cases.")
    parties: list[PartyOut] = Field(description="Parties; private persons are left out.")
    records: list[RecordOut]
    history: list[EventOut]


def rendered(view: Callable[..., Any]) -> Callable[..., Any]:
    """A handler whose answer (plain dicts and lists, or a ``Status`` of them) is built in its
    response schema's shape, field for field and in its order, rendered to JSON as
    django-ninja renders an answer after validating it, without validating it again: for a
    page of 50 cases the validation cost more than reading them. The schema still documents
    the answer in the OpenAPI document; the API tests and schemathesis check that the answers
    keep to it."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from radhus.api import api  # the API these routers are mounted on, with its renderer

        result = view(request, *args, **kwargs)
        status = 200
        if isinstance(result, Status):
            status, result = result.status_code, result.value
        return api.create_response(request, result, status=status)

    # django-ninja reads the parameters from the signature, resolving names in the handler's
    # own module (it may postpone its annotations), not in this one.
    wrapper.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]
    return wrapper


def _case_urls(request: HttpRequest) -> Callable[[str, int], str]:
    """The address of a case's public page by (organisation, case id), reversed once per
    organisation in a request rather than once per case."""
    ends: dict[str, tuple[str, str]] = {}

    def url(slug: str, pk: int) -> str:
        found = ends.get(slug)
        if found is None:
            sample = request.build_absolute_uri(
                reverse("diarium_case", kwargs={"tenant": slug, "case_id": 0})
            )
            head, _sep, tail = sample.rpartition("/0/")
            found = ends[slug] = (f"{head}/", f"/{tail}")
        return f"{found[0]}{pk}{found[1]}"

    return url


def _case_item(row: dict[str, Any], slug: str, url: Callable[[str, int], str]) -> dict[str, Any]:
    """A case as ``CaseOut`` shows it to the public, from a row of ``selectors.case_rows`` and
    the short name of its organisation."""
    return {
        "id": row["id"],
        "tenant": slug,
        "number": row["number"],
        "series": row["series__code"],
        "year": row["year"],
        "title": selectors.shown_case_title(
            row["title"], row["title_secrecy"], row["public_title"], full=False
        ),
        "title_secrecy": selectors.secrecy_text(row["title_secrecy"]),
        "status": row["status"],
        "origin": row["origin"],
        "opened_on": row["opened_on"],
        "decided_on": row["decided_on"],
        "closed_on": row["closed_on"],
        "url": url(slug, row["id"]),
    }


def _case_out(view: selectors.CaseView, url: Callable[[str, int], str]) -> dict[str, Any]:
    """A case as ``CaseOut`` shows it, as its reader may see it."""
    case = view.case
    return {
        "id": case.pk,
        "tenant": case.tenant.slug,
        "number": case.number,
        "series": case.series.code,
        "year": case.year,
        "title": view.title,
        "title_secrecy": view.title_secrecy_text,
        "status": case.status,
        "origin": case.origin,
        "opened_on": case.opened_on,
        "decided_on": case.decided_on,
        "closed_on": case.closed_on,
        "url": url(case.tenant.slug, case.pk),
    }


def _record_out(view: selectors.RecordView) -> dict[str, Any]:
    record = view.record
    return {
        "id": record.pk,
        "case_id": record.case_id,
        "number": record.number,
        "direction": record.direction,
        "kind": record.kind,
        "title": view.title,
        "secrecy": view.secrecy_text,
        "counterpart": view.counterpart,
        "registered_on": record.registered_on,
        "document_date": record.document_date,
        "is_final": record.is_final,
        "files": [
            {"version": f.version, "file_name": f.file_name, "size": f.size, "sha256": f.sha256}
            for f in view.visible_files
        ],
    }


def _case_detail_out(
    request: HttpRequest, case: Case, view: selectors.CaseView | None = None
) -> dict[str, Any]:
    """The whole case as ``CaseDetailOut`` shows it; ``case`` read from ``WHOLE_CASES`` (or
    just registered)."""
    view = view or selectors.case_page(case, full=False, dates=False)
    out = _case_out(view, _case_urls(request))
    out.update(
        {
            "description": view.description,
            "responsible_unit": view.responsible_unit,
            "officer": view.officer,
            "merged_into": _merged_into(case),
            "related": [c.number for c in view.related],
            "parties": [{"name": p.name, "kind": p.kind} for p in view.parties],
            "records": [_record_out(r) for r in view.records],
            "history": [{"at": e.at, "action": e.action, "summary": e.summary} for e in view.history],
        }
    )
    return out


def _merged_into(case: Case) -> str | None:
    if not case.merged_into_id:
        return None
    number = getattr(case, "merged_into_number", None)
    return number if number is not None else case.merged_into.number


CASES = Case.objects.select_related("tenant", "series", "merged_into")
# The whole case reads its unit and officer with it, and of the case it was merged into only
# the number; of the rows it joins, only the columns it shows (66 columns to compile and read
# otherwise, a third of the case's reading).
WHOLE_CASES = (
    Case.objects.select_related("tenant", "series", "responsible_unit", "officer")
    .annotate(merged_into_number=F("merged_into__number"))
    .only(
        "tenant__slug",
        "series__code",
        "year",
        "number",
        "title",
        "title_secrecy",
        "public_title",
        "description",
        "status",
        "origin",
        "opened_on",
        "decided_on",
        "closed_on",
        "merged_into",
        "responsible_unit__name",
        "responsible_unit__parent",
        "officer__first_name",
        "officer__last_name",
        "officer__is_public",
    )
)

# Cases ---------------------------------------------------------------------------------------

router = Router(tags=["case register"])


@router.get("/cases", url_name="cases", response={200: list[CaseOut], **READ_ERRORS}, summary="Cases")
@rendered
@paginate(Pagination)
def case_list(
    request: HttpRequest,
    tenant: TenantFilter = None,
    year: YearFilter = None,
    status: Annotated[StatusValue | None, Query(None)] = None,  # type: ignore[valid-type]
    body: Annotated[
        int | None, Query(None, ge=1, le=MAX_ID, description="Only cases of this body's series.")
    ] = None,
) -> Any:
    slugs: dict[int, str] = {}
    if tenant:
        found = tenant_by_slug(tenant)
        slugs[found.pk] = found.slug
        queryset = selectors.case_list(found, body_id=body, year=year, status=_value(status))
    else:
        queryset = Case.objects.order_by("-year", "-sequence", "-id")
        if year is not None:
            queryset = queryset.filter(year=year)
        if status is not None:
            queryset = queryset.filter(status=_value(status))
        if body is not None:
            queryset = queryset.filter(series__body_id=body)
    url = _case_urls(request)

    def load(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        names = selectors.tenant_slugs(rows, slugs)
        return [_case_item(row, names[row["tenant_id"]], url) for row in rows]

    return LazyPage(selectors.case_rows(queryset), load, counted=False)


@router.get(
    "/cases/{case_id}", url_name="case", response={200: CaseDetailOut, **READ_ERRORS}, summary="A whole case"
)
@rendered
def case_detail(request: HttpRequest, case_id: PathId) -> Any:
    """The case with its records, parties, related cases and history, in one call."""
    return _case_detail_out(request, get_or_404(WHOLE_CASES, case_id))


class PartyIn(Input):
    kind: PartyKindValue  # type: ignore[valid-type]
    name: Text = limited(max_length=200)
    address: Text = limited("", max_length=500)
    email: Text = limited("", max_length=254)


class CaseCreateIn(Input):
    tenant: str = Field(pattern=SLUG_PATTERN, max_length=80, description="The organisation's short name.")
    series: Text = limited(max_length=20, description="The series' code, e.g. KS.")
    title: Text = limited(max_length=300)
    description: Text = limited("", max_length=10_000)
    origin: OriginValue = OriginValue(Origin.OWN_INITIATIVE.value)  # type: ignore[valid-type]
    origin_unit_id: Id | None = None
    responsible_unit_id: Id | None = None
    officer_id: Id | None = None
    classification_id: Id | None = None
    opened_on: IsoDate | None = None
    title_secrecy: Text = limited(
        "", max_length=100, description="The OSL paragraph when the title is secret."
    )
    public_title: Text = limited("", max_length=300)
    parties: list[PartyIn] = Field(default_factory=list, max_length=50)


@router.post(
    "/cases",
    url_name="cases",
    response={201: CaseDetailOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Register a case",
)
@rendered
def case_create(request: HttpRequest, payload: CaseCreateIn) -> Any:
    """Register a case under the next number of the series (OSL 5 kap. 1 §); answers 201 with
    its ``number``."""
    # The organisation and its series in one read; the organisation alone only when the series
    # is not found, to tell a missing organisation (404) from a missing series (400).
    series = (
        Series.objects.select_related("tenant")
        .filter(tenant__slug=payload.tenant, code=payload.series.strip())
        .first()
    )
    tenant = series.tenant if series is not None else tenant_by_slug(payload.tenant)
    require_editor(request, tenant)
    refs = Refs(tenant)
    if series is None:
        raise Problems(
            {"series": [_("The organisation has no number series with this code.")], **refs.errors}
        )
    fields = {
        "origin_unit": refs.one(Unit, payload.origin_unit_id, "origin_unit_id"),
        "responsible_unit": refs.one(Unit, payload.responsible_unit_id, "responsible_unit_id"),
        "officer": refs.one(Person, payload.officer_id, "officer_id"),
        "classification": refs.one(Classification, payload.classification_id, "classification_id"),
    }
    registration = perform(
        lambda: services.case_registration(
            tenant=tenant,
            actor=request.auth,  # type: ignore[attr-defined]
            series=series,
            title=payload.title,
            description=payload.description,
            origin=_value(payload.origin),
            opened_on=payload.opened_on,
            title_secrecy=payload.title_secrecy,
            public_title=payload.public_title,
            parties=[{**p.dict(), "kind": _value(p.kind)} for p in payload.parties],
            # ``perform`` rolls its whole transaction back when the registration fails.
            savepoint=False,
            **fields,
        ),
        refs.errors,
        names=FIELD_NAMES,
    )
    # The answer is the whole case as ``GET /api/v1/cases/{id}`` shows it, made from what the
    # registration wrote rather than read back (a case just registered has no records yet).
    case = registration.case
    view = selectors.registered_case_page(
        case, full=False, parties=registration.parties, event=registration.event, dates=False
    )
    return Status(201, _case_detail_out(request, case, view))


TRANSITIONS = {
    "prepare": services.case_start_preparation,
    "referral": services.case_send_on_referral,
    "referral_back": services.case_return_from_referral,
    "ready": services.case_mark_ready,
    "back_to_preparation": services.case_back_to_preparation,
    "agenda": services.case_put_on_agenda,
    "off_agenda": services.case_take_off_agenda,
    "decided": services.case_record_decision,
    "execution": services.case_start_execution,
    "close": services.case_close,
    "withdraw": services.case_withdraw,
    "merge": services.case_merge,
}


class TransitionIn(Input):
    action: Literal[
        "prepare",
        "referral",
        "referral_back",
        "ready",
        "back_to_preparation",
        "agenda",
        "off_agenda",
        "decided",
        "execution",
        "close",
        "withdraw",
        "merge",
    ] = Field(description="The step: one service action per change of status.")
    date: IsoDate | None = Field(
        None, description="The day of a decision (``decided``, required) or closing."
    )
    into_id: Id | None = Field(None, description="The case to merge into (``merge``).")


@router.post(
    "/cases/{case_id}/transitions",
    url_name="case_transitions",
    response={200: CaseDetailOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Move a case one step in its workflow",
)
def case_transition(request: HttpRequest, case_id: PathId, payload: TransitionIn) -> Any:
    """The status changes only through these steps, each with its rule and audit event; the
    preparation rule (S4.6) refuses ``ready`` with the missing parts named."""
    case = target(request, CASES, case_id)
    refs = Refs(case.tenant)
    kwargs: dict[str, Any] = {}
    if payload.action == "decided":
        if payload.date is None:
            raise Problems({"date": [_("Give the date of the decision.")]})
        kwargs["decided_on"] = payload.date
    elif payload.action in {"close", "withdraw"}:
        kwargs["closed_on"] = payload.date
    elif payload.action == "merge":
        if payload.into_id is None:
            raise Problems({"into_id": [_("Give the case to merge into.")]})
        into = refs.one(Case, payload.into_id, "into_id")
        refs.check()
        kwargs["into"] = into
    service = TRANSITIONS[payload.action]
    perform(lambda: service(case=case, actor=request.auth, **kwargs), refs.errors, names=FIELD_NAMES)  # type: ignore[attr-defined]
    return _case_detail_out(request, get_or_404(WHOLE_CASES, case.pk))


# Records -------------------------------------------------------------------------------------

RECORDS = Record.objects.select_related("case__tenant")


@router.get("/records", url_name="records", response={200: list[RecordOut], **READ_ERRORS}, summary="Records")
@paginate(Pagination)
def record_list(
    request: HttpRequest,
    tenant: TenantFilter = None,
    case: Annotated[int | None, Query(None, ge=1, le=MAX_ID, description="Only this case's records.")] = None,
) -> Any:
    queryset = Record.objects.order_by("-registered_on", "-id")
    if tenant:
        queryset = selectors.record_list(tenant_by_slug(tenant))
    if case is not None:
        queryset = queryset.filter(case_id=case).order_by("sequence")
    return LazyPage(
        queryset, lambda page: [_record_out(selectors.record_row(r, False)) for r in page], counted=False
    )


@router.get(
    "/records/{record_id}", url_name="record", response={200: RecordOut, **READ_ERRORS}, summary="A record"
)
def record_detail(request: HttpRequest, record_id: PathId) -> Any:
    record = get_or_404(Record.objects.all(), record_id)
    files = list(record.files.order_by("-version"))
    return _record_out(selectors.RecordView(record=record, full=False, files=files))


class RecordCreateIn(Input):
    direction: DirectionValue  # type: ignore[valid-type]
    kind: RecordKindValue = RecordKindValue(RecordKind.OTHER.value)  # type: ignore[valid-type]
    title: Text = limited(max_length=300)
    description: Text = limited("", max_length=10_000)
    registered_on: IsoDate | None = None
    document_date: IsoDate | None = None
    sender: Text = limited("", max_length=200)
    recipient: Text = limited("", max_length=200)
    counterpart_is_private: Flag = False
    secrecy: Text = limited("", max_length=100, description="The OSL paragraph, e.g. “OSL 21 kap. 1 §”.")
    secrecy_scope: ScopeValue = ScopeValue(SecrecyScope.RECORD.value)  # type: ignore[valid-type]


@router.post(
    "/cases/{case_id}/records",
    url_name="case_records",
    response={201: RecordOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Register a record in a case",
)
def record_create(request: HttpRequest, case_id: PathId, payload: RecordCreateIn) -> Any:
    """The record gets the case's next record number, KS 2026/123-4 (OSL 5 kap. 1–2 §§)."""
    case = target(request, CASES, case_id)
    data = payload.dict()
    for key in ("direction", "kind", "secrecy_scope"):
        data[key] = _value(data[key])
    record = perform(lambda: services.record_add(case=case, actor=request.auth, **data))  # type: ignore[attr-defined]
    return Status(201, _record_out(selectors.RecordView(record=record, full=False)))


class RecordUpdateIn(Input):
    """Only the fields given are changed."""

    secrecy: Text = unset(
        max_length=100,
        description='The OSL paragraph the secrecy rests on, e.g. “OSL 21 kap. 1 §”; "" lifts the marking.',
    )
    secrecy_scope: ScopeValue = unset()  # type: ignore[valid-type]
    final: Flag = unset(description="true makes the record final; a final record stays final.")


@router.patch(
    "/records/{record_id}",
    url_name="record",
    response={200: RecordOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Mark a record secret, lift the marking, or make the record final",
)
def record_update(request: HttpRequest, record_id: PathId, payload: RecordUpdateIn) -> Any:
    record = target(request, RECORDS, record_id)
    data = payload.dict(exclude_unset=True)
    if data.get("final") is False:
        raise Problems({"final": [_("A final record stays final.")]})

    def change() -> Record:
        changed = record
        actor = request.auth  # type: ignore[attr-defined]
        if "secrecy" in data or "secrecy_scope" in data:
            paragraph = data.get("secrecy", changed.secrecy)
            if paragraph:
                scope = _value(data.get("secrecy_scope", changed.secrecy_scope))
                changed = services.record_mark_secret(
                    record=changed, actor=actor, paragraph=paragraph, scope=scope
                )
            elif changed.secrecy:
                changed = services.record_lift_secrecy(record=changed, actor=actor)
        if data.get("final"):
            changed = services.record_finalise(record=changed, actor=actor)
        return changed

    record = perform(change)
    return _record_out(selectors.RecordView(record=record, full=False))


class RecordStepOut(Schema):
    at: dt.datetime
    action: str
    status_before: str | None
    status_after: str | None


@router.get(
    "/cases/{case_id}/transitions",
    url_name="case_transitions",
    response={200: list[RecordStepOut], **READ_ERRORS},
    summary="The steps a case has gone through",
)
def case_steps(request: HttpRequest, case_id: PathId) -> Any:
    """Every change of the case's status, oldest first, from the audit trail."""
    case = get_or_404(CASES, case_id)
    events = history_of(case).filter(action__startswith="diarium.case.").order_by("at", "id")[:500]
    steps = []
    for event in events:
        status = event.changes.get("status") if isinstance(event.changes, dict) else None
        if isinstance(status, list) and len(status) == 2:
            steps.append(
                {
                    "at": event.at,
                    "action": event.action,
                    "status_before": status[0],
                    "status_after": status[1],
                }
            )
        elif event.action == "diarium.case.register":
            steps.append(
                {"at": event.at, "action": event.action, "status_before": None, "status_after": "registered"}
            )
    return steps


@router.get(
    "/cases/{case_id}/records",
    url_name="case_records",
    response={200: list[RecordOut], **READ_ERRORS},
    summary="A case's records",
)
@paginate(Pagination)
def case_record_list(request: HttpRequest, case_id: PathId) -> Any:
    case = get_or_404(CASES, case_id)
    return LazyPage(
        case.records.order_by("sequence"),
        lambda page: [_record_out(selectors.record_row(r, False)) for r in page],
        counted=True,
    )


ROUTERS = [router]
