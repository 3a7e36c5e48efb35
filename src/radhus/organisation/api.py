"""The organisation registry's REST API (``/api/v1/``): thin handlers over selectors and services.

Reads need no login and show only public data, whoever asks: no hidden contact point, no person
whose identity is protected (nor their posts and seats). Every list takes ``tenant`` (the
organisation's short name in addresses) and ``as_of`` (a date), and is paginated: ``count``
(how many in all) is given when the list is narrowed to one organisation or one owner, and is
null otherwise, since counting the whole country costs more than a page; ``next_page`` says
whether to go on. Ids are the
database ids; units, people and organisations also have their address (``slug``).

Writes need ``Authorization: Bearer <key>`` (``radhus create_token USERNAME``) of a user with
the editor role in the organisation written to, and go through the same services as the staff
forms: the same rules, the same audit trail. A broken request gets 400 with every problem by
field.
"""

import datetime as dt
import json
from collections import defaultdict
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from radhus.core import cache
from radhus.core.api import (
    READ_ERRORS,
    SLUG_PATTERN,
    WRITE_ERRORS,
    Flag,
    Id,
    IdFilter,
    Input,
    IsoDate,
    LazyPage,
    Order,
    Pagination,
    PathId,
    Problems,
    Refs,
    Slug,
    Text,
    anchor,
    bearer,
    choice_enum,
    choice_value,
    get_or_404,
    limited,
    perform,
    target,
    tenant_by_slug,
    tenant_filter,
    unset,
    writing_in,
)
from radhus.core.formats import display_phone
from radhus.core.lookup import MAX_ID, resolve_among, seat_people
from radhus.core.models import Tenant
from radhus.core.selectors import today
from radhus.organisation import popolo, selectors, services
from radhus.organisation.models import (
    Appointment,
    Attendance,
    ContactKind,
    ContactPoint,
    Membership,
    MembershipRole,
    Oversight,
    OversightKind,
    Party,
    Person,
    Post,
    PostDocument,
    Reorganisation,
    ReorganisationKind,
    ReorganisationUnit,
    Responsibility,
    Unit,
    UnitKind,
)

TenantFilter = tenant_filter("ornskoldsvik", examples=["ornskoldsvik"])
AsOf = Annotated[
    IsoDate | None, Query(None, description="The date to answer for (YYYY-MM-DD); default today.")
]
AsOfOptional = Annotated[
    IsoDate | None,
    Query(None, description="Only what applies on this date (YYYY-MM-DD); default: everything."),
]
TenantPath = Annotated[
    str,
    Path(
        pattern=SLUG_PATTERN,
        max_length=80,
        examples=["ornskoldsvik"],
        description="The organisation's short name.",
    ),
]

# Enums for the schema: the same values as the models' choices.
UnitKindValue = choice_enum("UnitKindValue", UnitKind)
ContactKindValue = choice_enum("ContactKindValue", ContactKind)
RoleValue = choice_enum("RoleValue", MembershipRole)
ReorganisationKindValue = choice_enum("ReorganisationKindValue", ReorganisationKind)
AttendanceValue = choice_enum("AttendanceValue", Attendance)
OversightKindValue = choice_enum("OversightKindValue", OversightKind)
TenantKindValue = choice_enum("TenantKindValue", Tenant.Kind)


# Model fields as the API names them.
FIELD_NAMES = {
    "parent": "parent_id",
    "responsible_body": "responsible_body_id",
    "page_owner": "page_owner_id",
    "unit": "unit_id",
    "reports_to": "reports_to_id",
    "person": "person_id",
    "post": "post_id",
    "group": "group_id",
    "decided_by": "decided_by_id",
    "to_unit": "to_unit_id",
    "sources": "unit_ids",
    "carry_over": "carry_over_post_ids",
    "body": "body_id",
    "member_group": "member_group_id",
    "employed_by": "employed_by_id",
    "deputy": "deputy_id",
    "overseer": "overseer_id",
    "overseen": "overseen_id",
}


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _dated(path: str, as_of: dt.date | None) -> str:
    return f"{path}?datum={as_of.isoformat()}" if as_of else path


# Organisations -------------------------------------------------------------------------------


class TenantOut(Schema):
    slug: str
    name: str
    kind: TenantKindValue  # type: ignore[valid-type]
    country: str = Field(description="ISO 3166-1 alpha-2: SE or FI.")
    municipality_code: str = Field(description="Four digits in Sweden, three in Finland.")
    organisation_number: str = Field(description="Organisation number, or a Finnish business id.")
    url: str


class TenantDetailOut(TenantOut):
    members: list[str] = Field(description="A collaboration's member municipalities on the date.")
    collaborations: list[str] = Field(description="The collaborations a municipality is in on the date.")


def _tenant_out(request: HttpRequest, tenant: Tenant) -> dict[str, Any]:
    return {
        "slug": tenant.slug,
        "name": tenant.name,
        "kind": tenant.kind,
        "country": tenant.country,
        "municipality_code": tenant.municipality_code,
        "organisation_number": tenant.organisation_number,
        "url": _absolute(request, reverse("tenant_home", kwargs={"tenant": tenant.slug})),
    }


tenants_router = Router(tags=["organisations"])


@tenants_router.get(
    "/tenants", url_name="tenants", response={200: list[TenantOut], **READ_ERRORS}, summary="Organisations"
)
@paginate(Pagination)
def tenant_list(request: HttpRequest) -> Any:
    return LazyPage(Tenant.objects.order_by("id"), lambda page: [_tenant_out(request, t) for t in page])


@tenants_router.get(
    "/tenants/{tenant}",
    url_name="tenant",
    response={200: TenantDetailOut, **READ_ERRORS},
    summary="An organisation",
)
def tenant_detail(request: HttpRequest, tenant: TenantPath, as_of: AsOf = None) -> Any:
    found = tenant_by_slug(tenant)
    on = as_of or today()
    return {
        **_tenant_out(request, found),
        "members": [t.slug for t in selectors.collaboration_members(found, on)],
        "collaborations": [t.slug for t in selectors.collaborations_of(found, on)],
    }


# Contact points ------------------------------------------------------------------------------


class ContactPointOut(Schema):
    id: int
    kind: ContactKindValue  # type: ignore[valid-type]
    value: str = Field(description="As stored: phone numbers in E.164 (+4666088300).")
    display: str = Field(
        description="As shown: phone numbers in the national style of the owner's country "
        "(0660-883 00 in Sweden, 040 1234567 in Finland), others internationally."
    )
    label: str
    unit_id: int | None
    post_id: int | None
    person_id: int | None
    is_public: bool
    sort_order: int


def _point_out(point: ContactPoint) -> dict[str, Any]:
    # The owner's country: annotated on lists (``_public_points``), else from the owner.
    region = getattr(point, "tenant_country", None) or point.owner_region()
    return {
        "id": point.pk,
        "kind": point.kind,
        "value": point.value,
        "display": display_phone(point.value, region) if point.is_phone else point.value,
        "label": point.label,
        "unit_id": point.unit_id,
        "post_id": point.post_id,
        "person_id": point.person_id,
        "is_public": point.is_public,
        "sort_order": point.sort_order,
    }


def _public_points() -> QuerySet[ContactPoint]:
    return (
        ContactPoint.objects.filter(is_public=True)
        .filter(Q(person__isnull=True) | Q(person__is_public=True))
        .annotate(
            tenant_country=Coalesce(
                "unit__tenant__country", "post__tenant__country", "person__tenant__country"
            )
        )
    )


def _points_of(**owner: Any) -> dict[int, list[dict[str, Any]]]:
    """Public contact points by owner id, for one kind of owner (``unit_id__in=[…]``)."""
    ((key, ids),) = owner.items()
    field = key.removesuffix("__in")
    by_owner: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for point in _public_points().filter(**{key: ids}):
        by_owner[getattr(point, field)].append(_point_out(point))
    return by_owner


# Oversight and post documents, as the unit and post answers show them (issue 8) -------------


class OversightOut(Schema):
    id: int
    tenant: str
    overseer_id: int = Field(description="The executive board that has oversight (KL 6 kap. 1 §).")
    overseer_name: str
    overseen_id: int = Field(description="The committee, company or federation overseen.")
    overseen_name: str
    kind: OversightKindValue  # type: ignore[valid-type]
    valid_from: dt.date | None
    valid_to: dt.date | None


def _oversight_out(o: Oversight) -> dict[str, Any]:
    return {
        "id": o.pk,
        "tenant": o.tenant.slug,
        "overseer_id": o.overseer_id,
        "overseer_name": o.overseer.name,
        "overseen_id": o.overseen_id,
        "overseen_name": o.overseen.name,
        "kind": o.kind,
        "valid_from": o.valid_from,
        "valid_to": o.valid_to,
    }


OVERSIGHTS = Oversight.objects.select_related("tenant", "overseer", "overseen")


def _unit_relations_out(unit: Unit, on: dt.date) -> dict[str, Any]:
    """A unit's effective members (for a group) and oversight on ``on``; public data only."""
    members = []
    if unit.is_group:
        for m in selectors.effective_members_on(unit, on):
            person = m.person if m.person is not None and m.person.is_public else None
            if person is None and m.post is None:
                continue  # a protected person's own seat is not told at all
            members.append(
                {
                    "person_id": person.pk if person else None,
                    "name": person.name if person else None,
                    "post_id": m.post.pk if m.post else None,
                    "role": m.role,
                    "is_member": m.is_member,
                    "attendance": m.attendance,
                    "acting": m.acting,
                    "via_group_ids": [g.pk for g in m.via],
                }
            )
    valid = Oversight.valid_on_q(on)
    return {
        "effective_members": members,
        "oversees": [_oversight_out(o) for o in OVERSIGHTS.filter(valid, overseer=unit).order_by("id")],
        "overseen_by": [_oversight_out(o) for o in OVERSIGHTS.filter(valid, overseen=unit).order_by("id")],
    }


def _documents_out(post: Post) -> list[dict[str, Any]]:
    documents = PostDocument.objects.filter(post=post).prefetch_related("versions").order_by("id")
    return [
        {
            "id": d.pk,
            "title": d.title,
            "body": d.body,
            "adopted_by_id": d.adopted_by_id,
            "adopted_on": d.adopted_on,
            "version": d.version,
            "versions": [
                {"number": v.number, "title": v.title, "saved_at": v.saved_at, "adopted_on": v.adopted_on}
                for v in d.versions.all()
            ],
        }
        for d in documents
    ]


# Units ---------------------------------------------------------------------------------------


class UnitOut(Schema):
    id: int
    tenant: str
    slug: str
    kind: UnitKindValue  # type: ignore[valid-type]
    name: str = Field(description="The name on the date asked for.")
    short_name: str
    purpose: str
    parent_id: int | None = Field(description="The unit above, on the date asked for.")
    place: str
    responsible_body_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    sort_order: int
    url: str = Field(description="The unit's public page.")


class EffectiveMemberOut(Schema):
    person_id: int | None = Field(description="Who sits on the date; null for a vacant post.")
    name: str | None
    post_id: int | None = Field(description="The post the seat goes with (S2.2).")
    role: RoleValue  # type: ignore[valid-type]
    is_member: bool
    attendance: AttendanceValue  # type: ignore[valid-type]
    acting: bool
    via_group_ids: list[int] = Field(
        description="The included groups the seat comes through, outermost first (S2.4)."
    )


class UnitDetailOut(UnitOut):
    contact_points: list[ContactPointOut]
    effective_members: list[EffectiveMemberOut] = Field(
        description="For a group: everyone who sits in it on the date, through included groups too."
    )
    oversees: list[OversightOut] = Field(description="What this body has oversight of on the date.")
    overseen_by: list[OversightOut] = Field(description="The board that has oversight of this body.")


def _units_out(
    request: HttpRequest, units: list[Unit], as_of: dt.date | None, known: Tenant | None = None
) -> list[dict[str, Any]]:
    """Units as of a date (their names and parents already those of that date); ``known``: the
    organisation they are all of, when the caller has it."""
    wanted = {u.tenant_id for u in units}
    if known is not None and wanted <= {known.pk}:
        slugs = {known.pk: known.slug}
    else:
        slugs = dict(Tenant.objects.filter(pk__in=wanted).order_by().values_list("pk", "slug"))
    # One reverse() per organisation: the unit's address is put in its place.
    page_urls = {
        pk: _absolute(request, _dated(reverse("unit_detail", kwargs={"tenant": slug, "unit": "-"}), as_of))
        for pk, slug in slugs.items()
    }
    out = []
    for unit in units:
        tenant_slug = slugs[unit.tenant_id]
        out.append(
            {
                "id": unit.pk,
                "tenant": tenant_slug,
                "slug": unit.slug,
                "kind": unit.kind,
                "name": unit.name,
                "short_name": unit.short_name,
                "purpose": unit.purpose,
                "parent_id": unit.parent_id,
                "place": unit.place,
                "responsible_body_id": unit.responsible_body_id,
                "valid_from": unit.valid_from,
                "valid_to": unit.valid_to,
                "sort_order": unit.sort_order,
                "url": page_urls[unit.tenant_id].replace("/enhet/-/", f"/enhet/{unit.slug}/", 1),
            }
        )
    return out


def _units_as_of_page(page: list[Unit], on: dt.date) -> list[Unit]:
    """The page's units with their names and parents as of ``on``: one query for the
    changes of just these units."""
    return selectors.units_on(page, on)


units_router = Router(tags=["units"])


@units_router.get(
    "/units", url_name="units", response={200: list[UnitOut], **READ_ERRORS}, summary="Units as of a date"
)
@decorate_view(cache.public_list("units"))
@paginate(Pagination)
def unit_list(
    request: HttpRequest,
    tenant: TenantFilter = None,
    as_of: AsOf = None,
    parent: Annotated[
        int | None, Query(None, ge=1, le=MAX_ID, description="Only the units right under this one.")
    ] = None,
    kind: Annotated[UnitKindValue | None, Query(None)] = None,  # type: ignore[valid-type]
) -> Any:
    """Every unit that exists on ``as_of``, with its name and place in the tree on that date,
    by id. ``count`` is given with ``tenant`` or ``parent``."""
    on = as_of or today()
    scope: Tenant | None = tenant_by_slug(tenant) if tenant else None
    queryset = Unit.objects.filter(Unit.valid_on_q(on)).order_by("id")
    if parent is not None:
        above = get_or_404(Unit.objects.all(), parent)
        if scope is not None and above.tenant_id != scope.pk:
            return []
        # No filter on the organisation: the services keep a unit under a unit of its own, and
        # the filter would have the database read the whole organisation by its index.
        queryset = queryset.annotate(parent_on=selectors.parent_on(on)).filter(selectors.under_on(parent, on))
    elif scope is not None:
        queryset = queryset.filter(tenant=scope)
    if kind is not None:
        queryset = queryset.filter(kind=choice_value(kind))
    return LazyPage(
        queryset,
        lambda page: _units_out(request, _units_as_of_page(page, on), as_of, scope),
        counted=scope is not None or parent is not None,
    )


@units_router.get(
    "/units/{unit_id}", url_name="unit", response={200: UnitDetailOut, **READ_ERRORS}, summary="A unit"
)
def unit_detail(request: HttpRequest, unit_id: PathId, as_of: AsOf = None) -> Any:
    unit = get_or_404(Unit.objects.select_related("tenant"), unit_id)
    selectors.unit_as_of(unit, as_of or today())
    return _unit_detail_out(request, unit, as_of)


def _unit_detail_out(request: HttpRequest, unit: Unit, as_of: dt.date | None) -> dict[str, Any]:
    (out,) = _units_out(request, [unit], as_of)
    out["contact_points"] = _points_of(unit_id__in=[unit.pk]).get(unit.pk, [])
    out.update(_unit_relations_out(unit, as_of or today()))
    return out


class UnitCreateIn(Input):
    tenant: Slug
    kind: UnitKindValue  # type: ignore[valid-type]
    name: Text = limited(max_length=200)
    slug: Slug | None = Field(None, description="The address; made from the name when left out.")
    short_name: Text = limited("", max_length=40)
    purpose: Text = ""
    parent_id: Id | None = None
    place: Text = limited("", max_length=100)
    responsible_body_id: Id | None = None
    page_owner_id: Id | None = None
    valid_from: IsoDate | None = Field(
        None, description="The first day the unit exists; today when left out."
    )
    valid_to: IsoDate | None = None
    sort_order: Order = 0


class UnitUpdateIn(Input):
    """Only the fields given are changed; ``null`` empties only the fields that may be empty
    (the ids and dates). A change that happens from a date (a new name, a move) is a
    reorganisation; this corrects facts."""

    kind: UnitKindValue = unset()  # type: ignore[valid-type]
    name: Text = unset(max_length=200)
    short_name: Text = unset(max_length=40)
    purpose: Text = unset()
    parent_id: Id | None = None
    place: Text = unset(max_length=100)
    responsible_body_id: Id | None = None
    page_owner_id: Id | None = None
    valid_from: IsoDate | None = None
    valid_to: IsoDate | None = None
    sort_order: Order = unset()


def _unit_fields(refs: Refs, data: dict[str, Any]) -> dict[str, Any]:
    """Payload fields as the unit services take them: ids become objects of the same tenant."""
    fields: dict[str, Any] = {}
    for key, value in data.items():
        if key in {"parent_id", "responsible_body_id"}:
            fields[key.removesuffix("_id")] = refs.one(Unit, value, key)
        elif key == "page_owner_id":
            fields["page_owner"] = refs.one(Person, value, key)
        else:
            fields[key] = choice_value(value)
    return fields


@units_router.post(
    "/units",
    url_name="units",
    response={201: UnitDetailOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Create a unit",
)
def unit_create(request: HttpRequest, payload: UnitCreateIn) -> Any:
    tenant, refs = writing_in(request, payload.tenant)
    data = payload.dict(exclude={"tenant"})
    if data.get("slug") is None:
        data.pop("slug", None)
    # As the staff form: a new unit starts on a date, today unless one is given.
    data["valid_from"] = data.get("valid_from") or today()
    fields = _unit_fields(refs, data)
    unit = perform(
        lambda: services.unit_create(tenant=tenant, actor=request.auth, **fields),  # type: ignore[attr-defined]
        refs.errors,
        names=FIELD_NAMES,
    )
    return Status(201, _unit_detail_out(request, unit, None))


@units_router.patch(
    "/units/{unit_id}",
    url_name="unit",
    response={200: UnitDetailOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Change a unit",
)
def unit_update(request: HttpRequest, unit_id: PathId, payload: UnitUpdateIn) -> Any:
    unit = target(request, Unit.objects.select_related("tenant"), unit_id)
    refs = Refs(unit.tenant)
    fields = _unit_fields(refs, payload.dict(exclude_unset=True))
    unit = perform(
        lambda: services.unit_update(unit=unit, actor=request.auth, **fields),  # type: ignore[attr-defined]
        refs.errors,
        names=FIELD_NAMES,
    )
    return _unit_detail_out(request, unit, None)


# Posts ---------------------------------------------------------------------------------------


class HolderOut(Schema):
    appointment_id: int
    person_id: int
    name: str
    acting: bool = Field(description="Holds the post in someone's place (vik.).")


class PostOut(Schema):
    id: int
    tenant: str
    unit_id: int
    title: str
    reports_to_id: int | None
    single_holder: bool
    is_contact: bool
    valid_from: dt.date | None
    valid_to: dt.date | None
    sort_order: int = Field(description="The post's rank in its unit, lowest first.")
    employed_by_id: int | None = Field(description="The body that employs the holder (KL 7 kap. 1 §).")
    deputy_id: int | None = Field(description="The post whose holder deputises for this one.")
    holders: list[HolderOut] = Field(description="Who holds the post on the date asked for.")


class DocumentVersionOut(Schema):
    number: int
    title: str
    saved_at: dt.datetime
    adopted_on: dt.date | None


class PostDocumentOut(Schema):
    id: int
    title: str
    body: str = Field(description="The current version's text.")
    adopted_by_id: int | None
    adopted_on: dt.date | None
    version: int
    versions: list[DocumentVersionOut] = Field(description="Every version, newest first.")


class PostDetailOut(PostOut):
    contact_points: list[ContactPointOut]
    documents: list[PostDocumentOut]


def _posts_queryset(on: dt.date) -> QuerySet[Post]:
    holders = (
        Appointment.objects.filter(Appointment.valid_on_q(on), person__is_public=True)
        .select_related("person")
        .order_by("acting", "id")
    )
    return Post.objects.select_related("tenant").prefetch_related(
        Prefetch("appointments", queryset=holders, to_attr="holders_on_date")
    )


def _post_out(post: Post) -> dict[str, Any]:
    return {
        "id": post.pk,
        "tenant": post.tenant.slug,
        "unit_id": post.unit_id,
        "title": post.title,
        "reports_to_id": post.reports_to_id,
        "single_holder": post.single_holder,
        "is_contact": post.is_contact,
        "valid_from": post.valid_from,
        "valid_to": post.valid_to,
        "sort_order": post.sort_order,
        "employed_by_id": post.employed_by_id,
        "deputy_id": post.deputy_id,
        "holders": [
            {"appointment_id": a.pk, "person_id": a.person_id, "name": a.person.name, "acting": a.acting}
            for a in post.holders_on_date  # type: ignore[attr-defined]
        ],
    }


def _post_detail_out(post_id: int, on: dt.date) -> dict[str, Any]:
    post = get_or_404(_posts_queryset(on), post_id)
    out = _post_out(post)
    out["contact_points"] = _points_of(post_id__in=[post.pk]).get(post.pk, [])
    out["documents"] = _documents_out(post)
    return out


posts_router = Router(tags=["posts"])


@posts_router.get(
    "/posts", url_name="posts", response={200: list[PostOut], **READ_ERRORS}, summary="Posts as of a date"
)
@paginate(Pagination)
def post_list(
    request: HttpRequest,
    tenant: TenantFilter = None,
    as_of: AsOf = None,
    unit: Annotated[int | None, Query(None, ge=1, le=MAX_ID, description="Only this unit's posts.")] = None,
) -> Any:
    on = as_of or today()
    queryset = _posts_queryset(on).filter(Post.valid_on_q(on)).order_by("id")
    if tenant:
        queryset = queryset.filter(tenant=tenant_by_slug(tenant))
    if unit is not None:
        # One unit's posts by rank (the director first), as its page lists them.
        queryset = queryset.filter(unit_id=unit).order_by("sort_order", "title", "id")
    return LazyPage(
        queryset, lambda page: [_post_out(p) for p in page], counted=bool(tenant) or unit is not None
    )


@posts_router.get(
    "/posts/{post_id}", url_name="post", response={200: PostDetailOut, **READ_ERRORS}, summary="A post"
)
def post_detail(request: HttpRequest, post_id: PathId, as_of: AsOf = None) -> Any:
    return _post_detail_out(post_id, as_of or today())


class PostCreateIn(Input):
    unit_id: Id
    title: Text = limited(max_length=200)
    reports_to_id: Id | None = None
    single_holder: Flag = True
    is_contact: Flag = False
    valid_from: IsoDate | None = None
    valid_to: IsoDate | None = None
    sort_order: Order = 0
    employed_by_id: Id | None = None
    deputy_id: Id | None = None


class PostUpdateIn(Input):
    """Only the fields given are changed; ``null`` empties only the fields that may be empty."""

    unit_id: Id = unset()
    title: Text = unset(max_length=200)
    reports_to_id: Id | None = None
    single_holder: Flag = unset()
    is_contact: Flag = unset()
    valid_from: IsoDate | None = None
    valid_to: IsoDate | None = None
    sort_order: Order = unset()
    employed_by_id: Id | None = None
    deputy_id: Id | None = None


def _post_fields(refs: Refs, data: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key, value in data.items():
        if key == "unit_id":
            found = refs.one(Unit.objects.select_related("tenant"), value, key)
            if found is not None:
                fields["unit"] = found
        elif key == "reports_to_id":
            fields["reports_to"] = refs.one(Post, value, key)
        elif key == "employed_by_id":
            fields["employed_by"] = refs.one(Unit, value, key)
        elif key == "deputy_id":
            fields["deputy"] = refs.one(Post, value, key)
        else:
            fields[key] = value
    return fields


@posts_router.post(
    "/posts",
    url_name="posts",
    response={201: PostDetailOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Create a post",
)
def post_create(request: HttpRequest, payload: PostCreateIn) -> Any:
    unit = anchor(request, Unit.objects.select_related("tenant"), payload.unit_id, field="unit_id")
    refs = Refs(unit.tenant)
    fields = _post_fields(refs, payload.dict(exclude={"unit_id"}))
    post = perform(
        lambda: services.post_create(unit=unit, actor=request.auth, **fields),  # type: ignore[attr-defined]
        refs.errors,
        names=FIELD_NAMES,
    )
    return Status(201, _post_detail_out(post.pk, today()))


@posts_router.patch(
    "/posts/{post_id}",
    url_name="post",
    response={200: PostDetailOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Change a post",
)
def post_update(request: HttpRequest, post_id: PathId, payload: PostUpdateIn) -> Any:
    post = target(request, Post.objects.select_related("tenant", "unit"), post_id)
    refs = Refs(post.tenant)
    fields = _post_fields(refs, payload.dict(exclude_unset=True))
    perform(
        lambda: services.post_update(post=post, actor=request.auth, **fields),  # type: ignore[attr-defined]
        refs.errors,
        names=FIELD_NAMES,
    )
    return _post_detail_out(post.pk, today())


# People --------------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    tenant: str = Field(description="The organisation that keeps the person's record.")
    slug: str
    first_name: str
    last_name: str
    name: str
    party: str | None = Field(description="The party's abbreviation, e.g. S.")
    url: str


class RoleOut(Schema):
    tenant: str
    title: str
    unit_id: int
    acting: bool
    via_post_id: int | None = Field(description="A seat held because the person holds this post.")


class PersonDetailOut(PersonOut):
    roles: list[RoleOut] = Field(description="Every post and seat on the date, in every organisation.")
    contact_points: list[ContactPointOut]


def _person_out(request: HttpRequest, person: Person) -> dict[str, Any]:
    path = reverse("person_detail", kwargs={"tenant": person.tenant.slug, "person": person.slug})
    return {
        "id": person.pk,
        "tenant": person.tenant.slug,
        "slug": person.slug,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "name": person.name,
        "party": person.party.abbreviation if person.party_id else None,
        "url": _absolute(request, path),
    }


def _person_detail_out(request: HttpRequest, person: Person, on: dt.date) -> dict[str, Any]:
    out = _person_out(request, person)
    out["roles"] = [
        {
            "tenant": role.tenant.slug,
            "title": role.title,
            "unit_id": role.unit.pk,
            "acting": role.acting,
            "via_post_id": role.via_post.pk if role.via_post else None,
        }
        for role in selectors.person_roles(person, on)
    ]
    points = _public_points().filter(person=person)
    out["contact_points"] = [
        _point_out(p) for p in (points.filter(is_public=True) if person.is_public else [])
    ]
    return out


people_router = Router(tags=["people"])
PEOPLE = Person.objects.select_related("tenant", "party")


@people_router.get(
    "/people", url_name="people", response={200: list[PersonOut], **READ_ERRORS}, summary="People"
)
@decorate_view(cache.public_list("people"))
@paginate(Pagination)
def person_list(request: HttpRequest, tenant: TenantFilter = None, as_of: AsOfOptional = None) -> Any:
    """The public people; with ``as_of``, only those who hold a post or a seat that day."""
    queryset = PEOPLE.filter(is_public=True).order_by("id")
    if tenant:
        queryset = queryset.filter(tenant=tenant_by_slug(tenant))
    if as_of is not None:
        queryset = selectors.holding_on(queryset, as_of)
    return LazyPage(queryset, lambda page: [_person_out(request, p) for p in page], counted=bool(tenant))


@people_router.get(
    "/people/{person_id}",
    url_name="person",
    response={200: PersonDetailOut, **READ_ERRORS},
    summary="A person",
)
def person_detail(request: HttpRequest, person_id: PathId, as_of: AsOf = None) -> Any:
    person = get_or_404(PEOPLE.filter(is_public=True), person_id)
    return _person_detail_out(request, person, as_of or today())


class PersonCreateIn(Input):
    tenant: Slug
    first_name: Text = limited(max_length=100)
    last_name: Text = limited(max_length=100)
    party: Text | None = limited(None, max_length=10, description="The party's abbreviation, e.g. S.")
    is_public: Flag = True


class PersonUpdateIn(Input):
    """Only the fields given are changed; ``"party": null`` leaves the person without a party."""

    first_name: Text = unset(max_length=100)
    last_name: Text = unset(max_length=100)
    party: Text | None = limited(None, max_length=10)
    is_public: Flag = unset()


def _party(abbreviation: str | None, refs: Refs) -> Party | None:
    if abbreviation is None:
        return None
    party = Party.objects.filter(abbreviation=abbreviation).first()
    if party is None:
        refs.errors.setdefault("party", []).append(
            _("No party with the abbreviation “%(value)s”.") % {"value": abbreviation}
        )
    return party


# Protected people are not public: their ids answer like missing ones to everyone else.
PUBLIC_PEOPLE = Q(is_public=True)


@people_router.post(
    "/people",
    url_name="people",
    response={201: PersonDetailOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Add a person",
)
def person_create(request: HttpRequest, payload: PersonCreateIn) -> Any:
    tenant, refs = writing_in(request, payload.tenant)
    party = _party(payload.party, refs)
    person = perform(
        lambda: services.person_create(
            tenant=tenant,
            actor=request.auth,  # type: ignore[attr-defined]
            first_name=payload.first_name,
            last_name=payload.last_name,
            party=party,
            is_public=payload.is_public,
        ),
        refs.errors,
    )
    return Status(201, _person_detail_out(request, PEOPLE.get(pk=person.pk), today()))


@people_router.patch(
    "/people/{person_id}",
    url_name="person",
    response={200: PersonDetailOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Change a person",
)
def person_update(request: HttpRequest, person_id: PathId, payload: PersonUpdateIn) -> Any:
    person = target(request, PEOPLE, person_id, public=PUBLIC_PEOPLE)
    refs = Refs(person.tenant)
    fields = payload.dict(exclude_unset=True)
    if "party" in fields:
        fields["party"] = _party(fields["party"], refs)
    perform(
        lambda: services.person_update(person=person, actor=request.auth, **fields),  # type: ignore[attr-defined]
        refs.errors,
    )
    return _person_detail_out(request, PEOPLE.get(pk=person.pk), today())


# Appointments --------------------------------------------------------------------------------


class AppointmentOut(Schema):
    id: int
    tenant: str
    post_id: int
    person_id: int
    acting: bool = Field(description="Holds the post in someone's place (vik.).")
    valid_from: dt.date | None
    valid_to: dt.date | None


def _appointment_out(appointment: Appointment) -> dict[str, Any]:
    return {
        "id": appointment.pk,
        "tenant": appointment.post.tenant.slug,
        "post_id": appointment.post_id,
        "person_id": appointment.person_id,
        "acting": appointment.acting,
        "valid_from": appointment.valid_from,
        "valid_to": appointment.valid_to,
    }


appointments_router = Router(tags=["appointments"])
APPOINTMENTS = Appointment.objects.select_related("post__tenant")


@appointments_router.get(
    "/appointments",
    url_name="appointments",
    response={200: list[AppointmentOut], **READ_ERRORS},
    summary="Who holds which post",
)
@paginate(Pagination)
def appointment_list(
    request: HttpRequest,
    tenant: TenantFilter = None,
    as_of: AsOf = None,
    post: IdFilter = None,
    person: IdFilter = None,
) -> Any:
    on = as_of or today()
    queryset = APPOINTMENTS.filter(Appointment.valid_on_q(on), person__is_public=True).order_by("id")
    if tenant:
        queryset = queryset.filter(post__tenant=tenant_by_slug(tenant))
    if post is not None:
        queryset = queryset.filter(post_id=post)
    if person is not None:
        queryset = queryset.filter(person_id=person)
    narrowed = bool(tenant) or post is not None or person is not None
    return LazyPage(queryset, lambda page: [_appointment_out(a) for a in page], counted=narrowed)


@appointments_router.get(
    "/appointments/{appointment_id}",
    url_name="appointment",
    response={200: AppointmentOut, **READ_ERRORS},
    summary="An appointment",
)
def appointment_detail(request: HttpRequest, appointment_id: PathId) -> Any:
    return _appointment_out(get_or_404(APPOINTMENTS.filter(person__is_public=True), appointment_id))


class AppointmentCreateIn(Input):
    post_id: Id
    person_id: Id
    valid_from: IsoDate | None = None
    valid_to: IsoDate | None = None
    acting: Flag = False


class EndIn(Input):
    valid_to: IsoDate = Field(description="The last day.")


@appointments_router.post(
    "/appointments",
    url_name="appointments",
    response={201: AppointmentOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Appoint a holder to a post",
)
def appointment_create(request: HttpRequest, payload: AppointmentCreateIn) -> Any:
    post = anchor(request, Post.objects.select_related("tenant", "unit"), payload.post_id, field="post_id")
    refs = Refs(post.tenant)
    person = refs.one(Person, payload.person_id, "person_id")
    refs.check()
    appointment = perform(
        lambda: services.appointment_create(
            post=post,
            person=person,  # type: ignore[arg-type]
            actor=request.auth,  # type: ignore[attr-defined]
            valid_from=payload.valid_from,
            valid_to=payload.valid_to,
            acting=payload.acting,
        ),
        names=FIELD_NAMES,
    )
    return Status(201, _appointment_out(APPOINTMENTS.get(pk=appointment.pk)))


@appointments_router.patch(
    "/appointments/{appointment_id}",
    url_name="appointment",
    response={200: AppointmentOut, **WRITE_ERRORS},
    auth=bearer,
    summary="End an appointment",
)
def appointment_end(request: HttpRequest, appointment_id: PathId, payload: EndIn) -> Any:
    appointment = target(
        request,
        APPOINTMENTS.select_related("post__unit", "person"),
        appointment_id,
        public=Q(person__is_public=True),
    )
    perform(
        lambda: services.appointment_end(
            appointment=appointment,
            actor=request.auth,  # type: ignore[attr-defined]
            valid_to=payload.valid_to,
        )
    )
    return _appointment_out(APPOINTMENTS.get(pk=appointment.pk))


# Memberships ---------------------------------------------------------------------------------


class MembershipOut(Schema):
    id: int
    tenant: str
    group_id: int
    role: RoleValue  # type: ignore[valid-type]
    person_id: int | None = Field(description="A seat held by a person (S3.3).")
    post_id: int | None = Field(description="A seat held by whoever holds this post (S2.2).")
    member_group_id: int | None = Field(
        description="A seat that includes a whole group: its members on each date (S2.4)."
    )
    is_member: bool = Field(description="Whether the seat is a member as well as its role.")
    attendance: AttendanceValue = Field(  # type: ignore[valid-type]
        description="regular: called to every meeting; optional: may attend (S2.5); "
        "when_needed: called when needed (adjungerad)."
    )
    on_behalf_of: str | None = Field(description="The organisation the member represents.")
    valid_from: dt.date | None
    valid_to: dt.date | None
    sort_order: int


def _membership_out(membership: Membership) -> dict[str, Any]:
    return {
        "id": membership.pk,
        "tenant": membership.group.tenant.slug,
        "group_id": membership.group_id,
        "role": membership.role,
        "person_id": membership.person_id,
        "post_id": membership.post_id,
        "member_group_id": membership.member_group_id,
        "is_member": membership.is_member,
        "attendance": membership.attendance,
        "on_behalf_of": membership.on_behalf_of.slug if membership.on_behalf_of_id else None,
        "valid_from": membership.valid_from,
        "valid_to": membership.valid_to,
        "sort_order": membership.sort_order,
    }


memberships_router = Router(tags=["memberships"])
MEMBERSHIPS = Membership.objects.select_related("group__tenant", "on_behalf_of")
PUBLIC_SEATS = Q(person__isnull=True) | Q(person__is_public=True)


@memberships_router.get(
    "/memberships",
    url_name="memberships",
    response={200: list[MembershipOut], **READ_ERRORS},
    summary="Seats in groups",
)
@paginate(Pagination)
def membership_list(
    request: HttpRequest,
    tenant: TenantFilter = None,
    as_of: AsOf = None,
    group: IdFilter = None,
    person: IdFilter = None,
    post: IdFilter = None,
) -> Any:
    on = as_of or today()
    queryset = MEMBERSHIPS.filter(Membership.valid_on_q(on)).filter(PUBLIC_SEATS).order_by("id")
    if tenant:
        queryset = queryset.filter(group__tenant=tenant_by_slug(tenant))
    if group is not None:
        queryset = queryset.filter(group_id=group)
    if person is not None:
        queryset = queryset.filter(person_id=person)
    if post is not None:
        queryset = queryset.filter(post_id=post)
    narrowed = bool(tenant) or group is not None or person is not None or post is not None
    return LazyPage(queryset, lambda page: [_membership_out(m) for m in page], counted=narrowed)


@memberships_router.get(
    "/memberships/{membership_id}",
    url_name="membership",
    response={200: MembershipOut, **READ_ERRORS},
    summary="A seat",
)
def membership_detail(request: HttpRequest, membership_id: PathId) -> Any:
    return _membership_out(get_or_404(MEMBERSHIPS.filter(PUBLIC_SEATS), membership_id))


class MembershipCreateIn(Input):
    group_id: Id
    role: RoleValue = MembershipRole.MEMBER.value  # type: ignore[valid-type]
    person_id: Id | None = Field(
        None,
        description="The organisation's own person; in a collaboration also a public person of "
        "the municipality the seat is held on behalf of (S3.3).",
    )
    post_id: Id | None = None
    member_group_id: Id | None = Field(None, description="A whole group to include (S2.4).")
    is_member: Flag | None = Field(
        None, description="Whether the seat is a member too; default: chair, vice chair and member are."
    )
    attendance: AttendanceValue = Attendance.REGULAR.value  # type: ignore[valid-type]
    on_behalf_of: Slug | None = Field(None, description="The organisation the member represents.")
    valid_from: IsoDate | None = None
    valid_to: IsoDate | None = None
    sort_order: Order = 0


@memberships_router.post(
    "/memberships",
    url_name="memberships",
    response={201: MembershipOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Add a seat",
)
def membership_create(request: HttpRequest, payload: MembershipCreateIn) -> Any:
    group = anchor(request, Unit.objects.select_related("tenant"), payload.group_id, field="group_id")
    refs = Refs(group.tenant)
    on_behalf_of = None
    if payload.on_behalf_of:
        on_behalf_of = Tenant.objects.filter(slug=payload.on_behalf_of).first()
        if on_behalf_of is None:
            refs.errors["on_behalf_of"] = [_("No organisation with this address.")]
    candidates = Person.objects.filter(seat_people(group.tenant, on_behalf_of))
    person = None
    if payload.person_id is not None:
        person = refs.found(lambda: resolve_among(candidates, payload.person_id, field="person_id"))
    post = refs.one(Post, payload.post_id, "post_id")
    member_group = refs.one(Unit, payload.member_group_id, "member_group_id")
    refs.check()
    membership = perform(
        lambda: services.membership_create(
            group=group,
            actor=request.auth,  # type: ignore[attr-defined]
            role=choice_value(payload.role),
            person=person,
            post=post,
            member_group=member_group,
            is_member=payload.is_member,
            attendance=choice_value(payload.attendance),
            on_behalf_of=on_behalf_of,
            valid_from=payload.valid_from,
            valid_to=payload.valid_to,
            sort_order=payload.sort_order,
        ),
        names=FIELD_NAMES,
    )
    return Status(201, _membership_out(MEMBERSHIPS.get(pk=membership.pk)))


@memberships_router.patch(
    "/memberships/{membership_id}",
    url_name="membership",
    response={200: MembershipOut, **WRITE_ERRORS},
    auth=bearer,
    summary="End a seat",
)
def membership_end(request: HttpRequest, membership_id: PathId, payload: EndIn) -> Any:
    membership = target(request, MEMBERSHIPS, membership_id, public=PUBLIC_SEATS)
    perform(
        lambda: services.membership_end(
            membership=membership,
            actor=request.auth,  # type: ignore[attr-defined]
            valid_to=payload.valid_to,
        )
    )
    return _membership_out(MEMBERSHIPS.get(pk=membership.pk))


# Contact points ------------------------------------------------------------------------------

contact_points_router = Router(tags=["contact points"])


@contact_points_router.get(
    "/contact-points",
    url_name="contact_points",
    response={200: list[ContactPointOut], **READ_ERRORS},
    summary="Ways to reach",
)
@paginate(Pagination)
def contact_point_list(
    request: HttpRequest,
    tenant: TenantFilter = None,
    as_of: AsOfOptional = None,
    unit: IdFilter = None,
    post: IdFilter = None,
    person: IdFilter = None,
    kind: Annotated[ContactKindValue | None, Query(None)] = None,  # type: ignore[valid-type]
) -> Any:
    """The public contact points of units, posts and people; with ``as_of``, only those of
    units and posts that exist that day (and of people)."""
    queryset = _public_points().order_by("id")
    if tenant:
        found = tenant_by_slug(tenant)
        queryset = queryset.filter(Q(unit__tenant=found) | Q(post__tenant=found) | Q(person__tenant=found))
    if as_of is not None:
        queryset = queryset.filter(
            Q(unit__isnull=False, unit__in=Unit.objects.filter(Unit.valid_on_q(as_of)))
            | Q(post__isnull=False, post__in=Post.objects.filter(Post.valid_on_q(as_of)))
            | Q(person__isnull=False)
        )
    for field, value in (("unit_id", unit), ("post_id", post), ("person_id", person)):
        if value is not None:
            queryset = queryset.filter(**{field: value})
    if kind is not None:
        queryset = queryset.filter(kind=choice_value(kind))
    narrowed = bool(tenant) or unit is not None or post is not None or person is not None
    return LazyPage(queryset, lambda page: [_point_out(p) for p in page], counted=narrowed)


@contact_points_router.get(
    "/contact-points/{contact_id}",
    url_name="contact_point",
    response={200: ContactPointOut, **READ_ERRORS},
    summary="A contact point",
)
def contact_point_detail(request: HttpRequest, contact_id: PathId) -> Any:
    return _point_out(get_or_404(_public_points(), contact_id))


# As the staff form and the model allow: a number, an address or a line of text.
ContactValue = Annotated[Text, Field(max_length=500)]


class ContactPointCreateIn(Input):
    """Give exactly one of ``unit_id``, ``post_id`` and ``person_id``."""

    unit_id: Id | None = None
    post_id: Id | None = None
    person_id: Id | None = None
    kind: ContactKindValue  # type: ignore[valid-type]
    value: ContactValue = Field(description="Phone numbers in any usual form; stored in E.164.")
    label: Text = limited("", max_length=100)
    is_public: Flag = True
    sort_order: Order = 0


class ContactPointUpdateIn(Input):
    """Only the fields given are changed."""

    kind: ContactKindValue = unset()  # type: ignore[valid-type]
    value: ContactValue = unset()
    label: Text = unset(max_length=100)
    is_public: Flag = unset()
    sort_order: Order = unset()


POINTS = ContactPoint.objects.select_related("unit__tenant", "post__tenant", "person__tenant")
PUBLIC_POINTS = Q(is_public=True) & (Q(person__isnull=True) | Q(person__is_public=True))


def _points_of_tenants(tenants: Any) -> Q:
    return Q(unit__tenant__in=tenants) | Q(post__tenant__in=tenants) | Q(person__tenant__in=tenants)


def _point_tenant(point: ContactPoint) -> Tenant:
    owner = point.unit or point.post or point.person
    assert owner is not None
    return owner.tenant


def _point(request: HttpRequest, contact_id: int) -> ContactPoint:
    return target(
        request, POINTS, contact_id, public=PUBLIC_POINTS, mine=_points_of_tenants, owner=_point_tenant
    )


@contact_points_router.post(
    "/contact-points",
    url_name="contact_points",
    response={201: ContactPointOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Add a contact point",
)
def contact_point_create(request: HttpRequest, payload: ContactPointCreateIn) -> Any:
    given = [
        (f, v)
        for f, v in (
            ("unit_id", payload.unit_id),
            ("post_id", payload.post_id),
            ("person_id", payload.person_id),
        )
        if v is not None
    ]
    if len(given) != 1:
        raise Problems({"__all__": [_("Give exactly one of unit_id, post_id and person_id.")]})
    ((field, pk),) = given
    model = {"unit_id": Unit, "post_id": Post, "person_id": Person}[field]
    owner = anchor(
        request,
        model.objects.select_related("tenant"),
        pk,
        field=field,
        public=PUBLIC_PEOPLE if model is Person else None,
    )
    point = perform(
        lambda: services.contact_point_add(
            owner=owner,
            actor=request.auth,  # type: ignore[attr-defined]
            kind=choice_value(payload.kind),
            value=payload.value,
            label=payload.label,
            is_public=payload.is_public,
            sort_order=payload.sort_order,
        )
    )
    return Status(201, _point_out(point))


@contact_points_router.patch(
    "/contact-points/{contact_id}",
    url_name="contact_point",
    response={200: ContactPointOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Change a contact point",
)
def contact_point_update(request: HttpRequest, contact_id: PathId, payload: ContactPointUpdateIn) -> Any:
    point = _point(request, contact_id)
    fields = {k: choice_value(v) for k, v in payload.dict(exclude_unset=True).items()}
    perform(lambda: services.contact_point_update(point=point, actor=request.auth, **fields))  # type: ignore[attr-defined]
    return _point_out(point)


@contact_points_router.delete(
    "/contact-points/{contact_id}",
    url_name="contact_point",
    response={204: None, **WRITE_ERRORS},
    auth=bearer,
    summary="Remove a contact point",
)
def contact_point_remove(request: HttpRequest, contact_id: PathId) -> Any:
    point = _point(request, contact_id)
    perform(lambda: services.contact_point_remove(point=point, actor=request.auth))  # type: ignore[attr-defined]
    return Status(204, None)


# Reorganisations -----------------------------------------------------------------------------


class UnitChangeOut(Schema):
    unit_id: int
    field: str = Field(description="name, short_name or parent.")
    old_text: str
    new_text: str
    old_parent_id: int | None
    new_parent_id: int | None


class DecisionStepOut(Schema):
    date: dt.date
    date_text: str = Field(description="The date as the source says it, e.g. “hösten 2007”.")
    body_id: int | None
    actor_text: str
    description: str
    reference: str


class ReorganisationOut(Schema):
    id: int
    tenant: str
    kind: ReorganisationKindValue  # type: ignore[valid-type]
    title: str
    description: str
    effective_date: dt.date
    decided_by_id: int | None
    decision_date: dt.date | None
    decision_reference: str
    units_before: list[int]
    units_after: list[int]
    changes: list[UnitChangeOut]
    steps: list[DecisionStepOut]


def _reorganisation_out(r: Reorganisation) -> dict[str, Any]:
    links = sorted(r.unit_links.all(), key=lambda link: link.unit_id)
    return {
        "id": r.pk,
        "tenant": r.tenant.slug,
        "kind": r.kind,
        "title": r.title,
        "description": r.description,
        "effective_date": r.effective_date,
        "decided_by_id": r.decided_by_id,
        "decision_date": r.decision_date,
        "decision_reference": r.decision_reference,
        "units_before": [link.unit_id for link in links if link.role == ReorganisationUnit.Role.SOURCE],
        "units_after": [link.unit_id for link in links if link.role == ReorganisationUnit.Role.RESULT],
        "changes": [
            {
                "unit_id": c.unit_id,
                "field": c.field,
                "old_text": c.old_text,
                "new_text": c.new_text,
                "old_parent_id": c.old_parent_id,
                "new_parent_id": c.new_parent_id,
            }
            for c in sorted(r.unit_changes.all(), key=lambda c: c.pk)
        ],
        "steps": [
            {
                "date": s.date,
                "date_text": s.date_text,
                "body_id": s.body_id,
                "actor_text": s.actor_text,
                "description": s.description,
                "reference": s.reference,
            }
            for s in sorted(r.steps.all(), key=lambda s: (s.date, s.pk))
        ],
    }


reorganisations_router = Router(tags=["reorganisations"])
REORGANISATIONS = Reorganisation.objects.select_related("tenant").prefetch_related(
    "unit_links", "unit_changes", "steps"
)


@reorganisations_router.get(
    "/reorganisations",
    url_name="reorganisations",
    response={200: list[ReorganisationOut], **READ_ERRORS},
    summary="Mergers, splits, renames, moves…",
)
@paginate(Pagination)
def reorganisation_list(
    request: HttpRequest,
    tenant: TenantFilter = None,
    as_of: AsOfOptional = None,
    unit: Annotated[
        int | None, Query(None, ge=1, le=MAX_ID, description="Only those that changed this unit.")
    ] = None,
) -> Any:
    """Reorganisations by effective date; with ``as_of``, only those in effect by that date."""
    queryset = REORGANISATIONS.order_by("effective_date", "id")
    if tenant:
        queryset = queryset.filter(tenant=tenant_by_slug(tenant))
    if as_of is not None:
        queryset = queryset.filter(effective_date__lte=as_of)
    if unit is not None:
        queryset = queryset.filter(
            Exists(ReorganisationUnit.objects.filter(reorganisation=OuterRef("pk"), unit_id=unit))
        )
    narrowed = bool(tenant) or unit is not None
    return LazyPage(queryset, lambda page: [_reorganisation_out(r) for r in page], counted=narrowed)


@reorganisations_router.get(
    "/reorganisations/{reorganisation_id}",
    url_name="reorganisation",
    response={200: ReorganisationOut, **READ_ERRORS},
    summary="A reorganisation",
)
def reorganisation_detail(request: HttpRequest, reorganisation_id: PathId) -> Any:
    return _reorganisation_out(get_or_404(REORGANISATIONS, reorganisation_id))


class DecisionStepIn(Input):
    date: IsoDate
    description: Text = limited(max_length=500)
    date_text: Text = limited("", max_length=50, description="The date as the source says it.")
    body_id: Id | None = Field(None, description="The body that took the step.")
    actor_text: Text = limited("", max_length=200, description="When it was not a body.")
    reference: Text = limited("", max_length=200)


class _EventIn(Input):
    """What every reorganisation has: when, what, and the decision behind it (S1.1)."""

    effective_date: IsoDate = Field(description="The first day the new organisation applies.")
    title: Text = Field(
        "",
        max_length=300,
        description="Written for you when left out (not for a merger, split or dissolution).",
    )
    description: Text = ""
    decided_by_id: Id | None = None
    decision_date: IsoDate | None = None
    decision_reference: Text = limited("", max_length=200)
    steps: list[DecisionStepIn] = Field([], max_length=50, description="The decision chain, oldest first.")


class NewUnitIn(Input):
    name: Text = limited(max_length=200)
    kind: UnitKindValue  # type: ignore[valid-type]
    short_name: Text = limited("", max_length=40)
    purpose: Text = ""


class MergeIn(_EventIn):
    """Several units become one new unit; they end the day before (S1.2)."""

    kind: Literal["merge"]
    unit_ids: list[Id] = Field(
        min_length=2,
        max_length=50,
        json_schema_extra={"uniqueItems": True},
        description="The units that merge.",
    )
    result: NewUnitIn
    parent_id: Id | None = Field(None, description="Where the new unit sits; top level when left out.")
    carry_over_post_ids: list[Id] = Field(
        [],
        max_length=500,
        json_schema_extra={"uniqueItems": True},
        description=(
            "Posts of the merging units (or their sub-units) that continue in the new unit from "
            "the effective date, with their holders; the other posts end the day before."
        ),
    )


class SplitIn(_EventIn):
    """One unit ends the day before; the new units start in its place in the organisation."""

    kind: Literal["split"]
    unit_id: Id
    results: list[NewUnitIn] = Field(min_length=2, max_length=20)


class RenameIn(_EventIn):
    kind: Literal["rename"]
    unit_id: Id
    name: Text = Field(max_length=200)
    short_name: Text | None = limited(None, max_length=40, description="Kept when left out.")


class MoveIn(_EventIn):
    kind: Literal["move"]
    unit_id: Id
    parent_id: Id | None = Field(description="The unit it is placed under; null: the top level.")


class DissolveIn(_EventIn):
    kind: Literal["dissolve"]
    unit_id: Id


class TransferIn(_EventIn):
    """An area of responsibility moves to another unit (S1.4)."""

    kind: Literal["transfer"]
    responsibility_id: Id
    to_unit_id: Id


ReorganisationIn = Annotated[
    MergeIn | SplitIn | RenameIn | MoveIn | DissolveIn | TransferIn, Field(discriminator="kind")
]

# A reorganisation changes only units that have not ended (as the staff forms offer).
OPEN_UNITS = Unit.objects.filter(valid_to__isnull=True).select_related("tenant")


def _event(refs: Refs, payload: _EventIn) -> dict[str, Any]:
    return {
        "effective_date": payload.effective_date,
        "title": payload.title,
        "description": payload.description,
        "decided_by": refs.one(Unit, payload.decided_by_id, "decided_by_id"),
        "decision_date": payload.decision_date,
        "decision_reference": payload.decision_reference,
    }


def _record(request: HttpRequest, payload: Any) -> Reorganisation:
    """Resolve the payload's ids in the organisation of the unit it changes, then call the same
    service as the staff form, and add the decision steps, in one transaction."""
    actor = request.auth  # type: ignore[attr-defined]
    if isinstance(payload, TransferIn):
        responsibility = anchor(
            request,
            Responsibility.objects.filter(valid_to__isnull=True).select_related("unit__tenant"),
            payload.responsibility_id,
            field="responsibility_id",
        )
        tenant = responsibility.tenant
    else:
        first = payload.unit_ids[0] if isinstance(payload, MergeIn) else payload.unit_id
        field = "unit_ids" if isinstance(payload, MergeIn) else "unit_id"
        unit = anchor(request, OPEN_UNITS, first, field=field)
        tenant = unit.tenant
    refs = Refs(tenant)
    event = _event(refs, payload)
    steps = [
        (step, refs.one(Unit, step.body_id, f"steps.{i}.body_id")) for i, step in enumerate(payload.steps)
    ]
    if isinstance(payload, MergeIn):
        sources = [refs.one(OPEN_UNITS, pk, "unit_ids") for pk in payload.unit_ids]
        result = {**payload.result.dict(), "parent": refs.one(OPEN_UNITS, payload.parent_id, "parent_id")}
        result["kind"] = choice_value(result["kind"])
        carry_over = [refs.one(Post, pk, "carry_over_post_ids") for pk in payload.carry_over_post_ids]
        refs.check()

        def call() -> Reorganisation:
            return services.reorganisation_merge(
                sources=sources,  # type: ignore[arg-type]
                actor=actor,
                result=result,
                carry_over=carry_over,  # type: ignore[arg-type]
                **event,
            )[0]

    elif isinstance(payload, SplitIn):
        results = [{**r.dict(), "kind": choice_value(r.kind), "parent": unit.parent} for r in payload.results]

        def call() -> Reorganisation:
            return services.reorganisation_split(source=unit, actor=actor, results=results, **event)[0]

    elif isinstance(payload, RenameIn):

        def call() -> Reorganisation:
            return services.reorganisation_rename(
                unit=unit, actor=actor, name=payload.name, short_name=payload.short_name, **event
            )

    elif isinstance(payload, MoveIn):
        parent = refs.one(OPEN_UNITS, payload.parent_id, "parent_id")
        refs.check()

        def call() -> Reorganisation:
            return services.reorganisation_move(unit=unit, actor=actor, parent=parent, **event)

    elif isinstance(payload, DissolveIn):

        def call() -> Reorganisation:
            return services.reorganisation_dissolve(unit=unit, actor=actor, **event)

    else:
        # As the form offers: another unit than the one that has it now.
        to_unit = refs.one(OPEN_UNITS, payload.to_unit_id, "to_unit_id")
        refs.check()

        def call() -> Reorganisation:
            return services.reorganisation_transfer(
                responsibility=responsibility,
                to_unit=to_unit,
                actor=actor,
                **event,  # type: ignore[arg-type]
            )

    def call_with_steps() -> Reorganisation:
        reorganisation = call()
        for i, (step, body) in enumerate(steps):
            try:
                services.decision_step_add(
                    reorganisation=reorganisation,
                    actor=actor,
                    date=step.date,
                    description=step.description,
                    body=body,
                    actor_text=step.actor_text,
                    date_text=step.date_text,
                    reference=step.reference,
                )
            except ValidationError as exc:
                if not hasattr(exc, "error_dict"):
                    raise
                raise ValidationError(
                    {f"steps.{i}.{FIELD_NAMES.get(k, k)}": v for k, v in exc.message_dict.items()}
                ) from exc
        return reorganisation

    return perform(call_with_steps, refs.errors, names=FIELD_NAMES)


@reorganisations_router.post(
    "/reorganisations",
    url_name="reorganisations",
    response={201: ReorganisationOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Record a merger, split, rename, move, transfer or dissolution",
)
def reorganisation_create(request: HttpRequest, payload: ReorganisationIn) -> Any:
    """The same services and rules as the staff forms: ``kind`` says which change, and the
    rest of the body what it needs. The units it changes must not have ended."""
    reorganisation = _record(request, payload)
    return Status(201, _reorganisation_out(REORGANISATIONS.get(pk=reorganisation.pk)))


# Popolo --------------------------------------------------------------------------------------

popolo_router = Router(tags=["popolo"])


class PopoloOut(Schema):
    """A Popolo document (https://www.popoloproject.com/specs/): the same as
    ``radhus export-popolo TENANT`` writes."""

    meta: dict[str, Any]
    organizations: list[dict[str, Any]]
    persons: list[dict[str, Any]]
    posts: list[dict[str, Any]]
    memberships: list[dict[str, Any]]


@popolo_router.get(
    "/popolo/{tenant}",
    url_name="popolo",
    response={200: PopoloOut, **READ_ERRORS},
    summary="An organisation in Popolo",
)
def popolo_document(request: HttpRequest, tenant: TenantPath) -> Any:
    # Written as JSON directly: the document is the export's (with the fields an imported
    # document gave, areas and events too), and checking a town's thousands of objects
    # against the schema cost more than making them (issue 7). The schema documents it.
    document = popolo.export_document(tenant_by_slug(tenant))
    return HttpResponse(
        json.dumps(document, ensure_ascii=False, separators=(",", ":")),
        content_type="application/json; charset=utf-8",
    )


# Oversight and responsibilities (issue 8) ------------------------------------------------------

oversights_router = Router(tags=["oversight"])


@oversights_router.get(
    "/oversights",
    url_name="oversights",
    response={200: list[OversightOut], **READ_ERRORS},
    summary="The executive board's oversight of committees, companies and federations",
)
@paginate(Pagination)
def oversight_list(
    request: HttpRequest,
    tenant: TenantFilter = None,
    as_of: AsOfOptional = None,
    unit: Annotated[
        int | None, Query(None, ge=1, le=MAX_ID, description="Only where this unit oversees or is overseen.")
    ] = None,
) -> Any:
    """Oversight (uppsikt, KL 6 kap. 1 §) by id; with ``as_of``, only what applies that day."""
    queryset = OVERSIGHTS.order_by("id")
    if as_of is not None:
        queryset = queryset.filter(Oversight.valid_on_q(as_of))
    if tenant:
        queryset = queryset.filter(tenant=tenant_by_slug(tenant))
    if unit is not None:
        queryset = queryset.filter(Q(overseer_id=unit) | Q(overseen_id=unit))
    return LazyPage(
        queryset, lambda page: [_oversight_out(o) for o in page], counted=bool(tenant) or unit is not None
    )


@oversights_router.get(
    "/oversights/{oversight_id}",
    url_name="oversight",
    response={200: OversightOut, **READ_ERRORS},
    summary="An oversight",
)
def oversight_detail(request: HttpRequest, oversight_id: PathId) -> Any:
    return _oversight_out(get_or_404(OVERSIGHTS, oversight_id))


class OversightCreateIn(Input):
    overseer_id: Id = Field(description="The executive board.")
    overseen_id: Id
    kind: OversightKindValue | None = Field(  # type: ignore[valid-type]
        None, description="Default: from the overseen body's kind."
    )
    valid_from: IsoDate | None = None
    valid_to: IsoDate | None = None


@oversights_router.post(
    "/oversights",
    url_name="oversights",
    response={201: OversightOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Record the board's oversight of a body",
)
def oversight_create(request: HttpRequest, payload: OversightCreateIn) -> Any:
    overseer = anchor(
        request, Unit.objects.select_related("tenant"), payload.overseer_id, field="overseer_id"
    )
    refs = Refs(overseer.tenant)
    overseen = refs.one(Unit, payload.overseen_id, "overseen_id")
    refs.check()
    oversight = perform(
        lambda: services.oversight_create(
            overseer=overseer,
            overseen=overseen,  # type: ignore[arg-type]
            actor=request.auth,  # type: ignore[attr-defined]
            kind=choice_value(payload.kind) if payload.kind is not None else None,
            valid_from=payload.valid_from,
            valid_to=payload.valid_to,
        ),
        names=FIELD_NAMES,
    )
    return Status(201, _oversight_out(OVERSIGHTS.get(pk=oversight.pk)))


@oversights_router.patch(
    "/oversights/{oversight_id}",
    url_name="oversight",
    response={200: OversightOut, **WRITE_ERRORS},
    auth=bearer,
    summary="End an oversight",
)
def oversight_end(request: HttpRequest, oversight_id: PathId, payload: EndIn) -> Any:
    oversight = target(request, OVERSIGHTS, oversight_id)
    perform(
        lambda: services.oversight_end(
            oversight=oversight,
            actor=request.auth,  # type: ignore[attr-defined]
            valid_to=payload.valid_to,
        ),
        names=FIELD_NAMES,
    )
    return _oversight_out(OVERSIGHTS.get(pk=oversight.pk))


class ResponsibilityOut(Schema):
    id: int
    tenant: str
    unit_id: int
    name: str
    description: str
    sort_order: int
    valid_from: dt.date | None
    valid_to: dt.date | None


RESPONSIBILITIES = Responsibility.objects.select_related("tenant")


def _responsibility_out(r: Responsibility) -> dict[str, Any]:
    return {
        "id": r.pk,
        "tenant": r.tenant.slug,
        "unit_id": r.unit_id,
        "name": r.name,
        "description": r.description,
        "sort_order": r.sort_order,
        "valid_from": r.valid_from,
        "valid_to": r.valid_to,
    }


responsibilities_router = Router(tags=["responsibilities"])


@responsibilities_router.get(
    "/responsibilities",
    url_name="responsibilities",
    response={200: list[ResponsibilityOut], **READ_ERRORS},
    summary="Areas of responsibility",
)
@paginate(Pagination)
def responsibility_list(
    request: HttpRequest,
    tenant: TenantFilter = None,
    as_of: AsOfOptional = None,
    unit: Annotated[
        int | None, Query(None, ge=1, le=MAX_ID, description="Only this unit's, in order.")
    ] = None,
) -> Any:
    queryset = RESPONSIBILITIES.order_by("id")
    if as_of is not None:
        queryset = queryset.filter(Responsibility.valid_on_q(as_of))
    if tenant:
        queryset = queryset.filter(tenant=tenant_by_slug(tenant))
    if unit is not None:
        queryset = queryset.filter(unit_id=unit).order_by("sort_order", "name", "id")
    return LazyPage(
        queryset,
        lambda page: [_responsibility_out(r) for r in page],
        counted=bool(tenant) or unit is not None,
    )


@responsibilities_router.get(
    "/responsibilities/{responsibility_id}",
    url_name="responsibility",
    response={200: ResponsibilityOut, **READ_ERRORS},
    summary="An area of responsibility",
)
def responsibility_detail(request: HttpRequest, responsibility_id: PathId) -> Any:
    return _responsibility_out(get_or_404(RESPONSIBILITIES, responsibility_id))


class ResponsibilityCreateIn(Input):
    unit_id: Id
    name: Text = limited(max_length=200)
    description: Text = limited("", max_length=10_000)
    sort_order: Order = 0
    valid_from: IsoDate | None = None
    valid_to: IsoDate | None = None


class ResponsibilityUpdateIn(Input):
    """Only the fields given are changed; a move to another unit is a transfer."""

    name: Text = unset(max_length=200)
    description: Text = unset(max_length=10_000)
    sort_order: Order = unset()
    valid_from: IsoDate | None = None
    valid_to: IsoDate | None = None


@responsibilities_router.post(
    "/responsibilities",
    url_name="responsibilities",
    response={201: ResponsibilityOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Give a unit an area of responsibility",
)
def responsibility_create(request: HttpRequest, payload: ResponsibilityCreateIn) -> Any:
    unit = anchor(request, Unit.objects.select_related("tenant"), payload.unit_id, field="unit_id")
    responsibility = perform(
        lambda: services.responsibility_add(
            unit=unit,
            actor=request.auth,  # type: ignore[attr-defined]
            **payload.dict(exclude={"unit_id"}),
        ),
        names=FIELD_NAMES,
    )
    return Status(201, _responsibility_out(RESPONSIBILITIES.get(pk=responsibility.pk)))


@responsibilities_router.patch(
    "/responsibilities/{responsibility_id}",
    url_name="responsibility",
    response={200: ResponsibilityOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Change an area of responsibility",
)
def responsibility_update(
    request: HttpRequest, responsibility_id: PathId, payload: ResponsibilityUpdateIn
) -> Any:
    responsibility = target(request, RESPONSIBILITIES.select_related("unit"), responsibility_id)
    perform(
        lambda: services.responsibility_update(
            responsibility=responsibility,
            actor=request.auth,  # type: ignore[attr-defined]
            **payload.dict(exclude_unset=True),
        ),
        names=FIELD_NAMES,
    )
    return _responsibility_out(RESPONSIBILITIES.get(pk=responsibility.pk))


ROUTERS = [
    tenants_router,
    units_router,
    posts_router,
    people_router,
    appointments_router,
    memberships_router,
    contact_points_router,
    reorganisations_router,
    popolo_router,
    oversights_router,
    responsibilities_router,
]
