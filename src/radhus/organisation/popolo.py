"""Popolo exchange (https://www.popoloproject.com/specs/): one organisation as a JSON document
of ``organizations``, ``persons``, ``posts`` and ``memberships``, written and read.

What is written, and how it reads back:

- The organisation itself is an organization classified ``municipality`` or ``collaboration``;
  its units are organizations classified by their kind (``executive_board``, ``department``…)
  whose top ones have the organisation as ``parent_id``. Other organisations the document
  refers to (where a member comes from, a person's own organisation, a collaboration's
  members) are there too, and parties are organizations classified ``party``.
- Ids are Rådhus' own and stable: built from addresses (``ornskoldsvik/unit/kommunstyrelsen``,
  ``ornskoldsvik/person/magnus-haglund``), never from database ids, and carried in
  ``identifiers`` with the scheme ``radhus`` as well, so they survive a tool that re-keys the
  document. Export, import into an empty database and export again gives the same document.
- A holder of a post is a membership with ``person_id`` and ``post_id`` (``label`` "vik. …" for
  an acting holder); a seat in a group is a membership with ``role`` (chair, member…) and either
  ``person_id`` (S3.3) or only ``post_id`` (whoever holds the post, S2.2); ``on_behalf_of_id``
  is the organisation a member represents or, for a politician, the party; a person's party is
  also a membership of the party; a collaboration's member municipalities are memberships whose
  ``member`` is an organization. Former names are ``other_names`` with an ``end_date``.
  Rådhus' own facts with no Popolo name (a unit's place, a post's superior…) are in ``extras``.
- Only public data is written: no hidden contact point, no protected person.

Reading takes documents other tools wrote too: unknown fields are ignored, optional ones may be
missing, ids may follow any scheme, dates may be partial (``2009`` or ``2009-01``). A document
with any problem is refused whole, every problem named with its JSON path; an accepted one is
written in one transaction through the services, so the audit trail records it. Problems
include a value of the wrong type anywhere Rådhus reads, a date outside 1800–2200 (the
registry's range, ``radhus.core.validators``), a document over ``MAX_DOCUMENT_BYTES`` or nested
deeper than ``MAX_DEPTH``, and text no database stores (NUL, lone surrogates).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from radhus.core import audit
from radhus.core import services as core_services
from radhus.core.audit import Actor
from radhus.core.formats import normalise_municipality_code, normalise_organisation_number, normalise_phone
from radhus.core.models import CollaborationMember, Tenant
from radhus.core.validators import EARLIEST_DATE, LATEST_DATE, normalise_line
from radhus.organisation import services
from radhus.organisation.models import (
    Appointment,
    ContactKind,
    ContactPoint,
    Membership,
    MembershipRole,
    Party,
    Person,
    Post,
    Unit,
    UnitChange,
    UnitKind,
)

SCHEME = "radhus"
SCHEME_MUNICIPALITY_CODE = "kommunkod"
SCHEME_ORGANISATION_NUMBER = "orgnr"
# A Finnish tenant's identifiers, under Finland's own names: the municipality number
# (kuntanumero, three digits) and the business id (Y-tunnus). Their scheme tells the importer
# the tenant's country.
SCHEME_MUNICIPALITY_CODE_FI = "kuntanumero"
SCHEME_ORGANISATION_NUMBER_FI = "ytunnus"
PARTY = "party"
ABBREVIATION = "abbreviation"
FORMER_NAME = "former name"
ACTING_LABEL = "vik."

# Rådhus kinds of contact point as Popolo types (with a note where one type serves two kinds).
CONTACT_TYPES: dict[str, tuple[str, str]] = {
    ContactKind.PHONE: ("voice", ""),
    ContactKind.MOBILE: ("cell", ""),
    ContactKind.SWITCHBOARD: ("voice", "switchboard"),
    ContactKind.FAX: ("fax", ""),
    ContactKind.EMAIL: ("email", ""),
    ContactKind.WEB: ("url", ""),
    ContactKind.VISITING_ADDRESS: ("address", "visiting address"),
    ContactKind.POSTAL_ADDRESS: ("address", "postal address"),
}


# Export ----------------------------------------------------------------------------------------


def _slug(text: str, fallback: str) -> str:
    return slugify(text)[:100] or fallback


def tenant_key(tenant: Tenant) -> str:
    return tenant.slug


def unit_key(tenant_slug: str, unit_slug: str) -> str:
    return f"{tenant_slug}/unit/{unit_slug}"


def person_key(person: Person) -> str:
    return f"{person.tenant.slug}/person/{person.slug}"


def party_key(party: Party) -> str:
    return f"party/{party.abbreviation}"


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _day_before(value: dt.date) -> dt.date:
    """The day before ``value``; the same day for the first date there is, which only data
    stored before dates were limited can hold, so that the export never fails on it."""
    return value - dt.timedelta(days=1) if value > dt.date.min else value


def _clean(obj: dict[str, Any]) -> dict[str, Any]:
    """Leave out what is empty: Popolo readers expect a missing field rather than null."""
    return {k: v for k, v in obj.items() if v not in (None, "", [], {})}


def _contact_details(points: Iterable[ContactPoint]) -> list[dict[str, Any]]:
    details = []
    for point in points:
        kind, note = CONTACT_TYPES[point.kind]
        details.append(_clean({"type": kind, "label": point.label, "value": point.value, "note": note}))
    return details


def _tenant_organization(tenant: Tenant) -> dict[str, Any]:
    identifiers = [{"scheme": SCHEME, "identifier": tenant_key(tenant)}]
    finnish = getattr(tenant, "country", "SE") == "FI"
    if tenant.municipality_code:
        scheme = SCHEME_MUNICIPALITY_CODE_FI if finnish else SCHEME_MUNICIPALITY_CODE
        identifiers.append({"scheme": scheme, "identifier": tenant.municipality_code})
    if tenant.organisation_number:
        scheme = SCHEME_ORGANISATION_NUMBER_FI if finnish else SCHEME_ORGANISATION_NUMBER
        identifiers.append({"scheme": scheme, "identifier": tenant.organisation_number})
    return {
        "id": tenant_key(tenant),
        "name": tenant.name,
        "classification": tenant.kind,
        "identifiers": identifiers,
    }


def _others(people: dict[int, Person], tenant: Tenant) -> list[int]:
    """The people in the document whose records another organisation keeps (few)."""
    return [pk for pk, p in people.items() if p.tenant_id != tenant.pk]


def export_document(tenant: Tenant) -> dict[str, Any]:
    """``tenant``'s organisation, people, posts and seats as a Popolo document (public data).

    It never fails on what is stored: a post in, or a seat held by a post of, another
    organisation's unit (which only data from before the tenant checks can hold) is left out,
    and a unit under another organisation's unit is shown at the top."""
    slug = tenant.slug
    units = list(Unit.objects.filter(tenant=tenant).order_by("pk"))
    unit_ids = {u.pk: unit_key(slug, u.slug) for u in units}
    own_post = Q(post__tenant=tenant, post__unit__tenant=tenant)
    posts = list(Post.objects.filter(tenant=tenant, unit__tenant=tenant).order_by("pk"))
    appointments = list(Appointment.objects.filter(own_post, person__is_public=True).order_by("pk"))
    seats = list(
        Membership.objects.filter(group__tenant=tenant)
        .filter(Q(person__isnull=True) | Q(person__is_public=True))
        .filter(Q(post__isnull=True) | own_post)
        .select_related("on_behalf_of")
        .order_by("pk")
    )
    people = {
        p.pk: p
        for p in Person.objects.filter(is_public=True)
        .filter(
            Q(tenant=tenant)
            | Q(pk__in=Appointment.objects.filter(post__tenant=tenant).values("person_id"))
            | Q(
                pk__in=Membership.objects.filter(group__tenant=tenant, person__isnull=False).values(
                    "person_id"
                )
            )
            | Q(pk__in=Unit.objects.filter(tenant=tenant, page_owner__isnull=False).values("page_owner_id"))
        )
        .select_related("tenant", "party")
    }
    links = list(
        CollaborationMember.objects.filter(Q(collaboration=tenant) | Q(municipality=tenant))
        .select_related("collaboration", "municipality")
        .order_by("pk")
    )

    points = ContactPoint.objects.filter(is_public=True).filter(
        Q(unit__tenant=tenant)
        | Q(post__tenant=tenant)
        | Q(person__tenant=tenant)
        | Q(person__in=_others(people, tenant))
    )
    points_of: dict[tuple[str, int], list[ContactPoint]] = defaultdict(list)
    for point in points.order_by("sort_order", "pk"):
        if point.unit_id:
            points_of[("unit", point.unit_id)].append(point)
        elif point.post_id:
            points_of[("post", point.post_id)].append(point)
        else:
            points_of[("person", point.person_id)].append(point)  # type: ignore[index]

    former_names: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    for change in (
        UnitChange.objects.filter(unit__tenant=tenant, field=UnitChange.Field.NAME)
        .select_related("reorganisation")
        .order_by("reorganisation__effective_date", "pk")
    ):
        former_names[change.unit_id].append((change.old_text, change.reorganisation.effective_date))

    # Posts: named by unit and title; posts of one unit with the same title are numbered.
    post_ids: dict[int, str] = {}
    post_order: dict[int, tuple[str, str, int]] = {}
    seen: dict[tuple[int, str], int] = defaultdict(int)
    unit_slugs = {u.pk: u.slug for u in units}
    for post in posts:
        title = _slug(post.title, "post")
        seen[(post.unit_id, title)] += 1
        n = seen[(post.unit_id, title)]
        post_ids[post.pk] = f"{slug}/post/{unit_slugs[post.unit_id]}/{title}" + (f"/{n}" if n > 1 else "")
        post_order[post.pk] = (unit_slugs[post.unit_id], title, n)

    # The organisations: this one, its units, the other organisations referred to, parties.
    others: dict[int, Tenant] = {}
    for person in people.values():
        if person.tenant_id != tenant.pk:
            others[person.tenant_id] = person.tenant
    for seat in seats:
        if seat.on_behalf_of_id and seat.on_behalf_of_id != tenant.pk:
            others[seat.on_behalf_of_id] = seat.on_behalf_of  # type: ignore[assignment]
    for link in links:
        for side in (link.collaboration, link.municipality):
            if side.pk != tenant.pk:
                others[side.pk] = side
    parties = {p.party.pk: p.party for p in people.values() if p.party_id}

    organizations = [_tenant_organization(tenant)]
    for unit in sorted(units, key=lambda u: u.slug):
        other_names = []
        if unit.short_name:
            other_names.append({"name": unit.short_name, "note": ABBREVIATION})
        for old_name, effective in former_names.get(unit.pk, []):
            other_names.append(
                {"name": old_name, "end_date": _date(_day_before(effective)), "note": FORMER_NAME}
            )
        owner = people.get(unit.page_owner_id) if unit.page_owner_id else None
        extras = _clean(
            {
                "place": unit.place,
                "sort_order": unit.sort_order or None,
                "responsible_body_id": unit_ids.get(unit.responsible_body_id),  # type: ignore[arg-type]
                "page_owner_id": person_key(owner) if owner else None,
            }
        )
        organizations.append(
            _clean(
                {
                    "id": unit_ids[unit.pk],
                    "name": unit.name,
                    "classification": unit.kind,
                    "identifiers": [{"scheme": SCHEME, "identifier": unit_ids[unit.pk]}],
                    "parent_id": unit_ids.get(unit.parent_id, tenant_key(tenant)),  # type: ignore[arg-type]
                    "other_names": other_names,
                    "description": unit.purpose,
                    "founding_date": _date(unit.valid_from),
                    "dissolution_date": _date(unit.valid_to),
                    "contact_details": _contact_details(points_of.get(("unit", unit.pk), [])),
                    "extras": extras,
                }
            )
        )
    organizations += [_tenant_organization(t) for t in sorted(others.values(), key=lambda t: t.slug)]
    for party in sorted(parties.values(), key=lambda p: p.abbreviation):
        organizations.append(
            {
                "id": party_key(party),
                "name": party.name,
                "classification": PARTY,
                "identifiers": [{"scheme": SCHEME, "identifier": party_key(party)}],
                "other_names": [{"name": party.abbreviation, "note": ABBREVIATION}],
            }
        )

    persons = []
    for person in sorted(people.values(), key=person_key):
        persons.append(
            _clean(
                {
                    "id": person_key(person),
                    "name": person.name,
                    "given_name": person.first_name,
                    "family_name": person.last_name,
                    "identifiers": [{"scheme": SCHEME, "identifier": person_key(person)}],
                    "contact_details": _contact_details(points_of.get(("person", person.pk), [])),
                }
            )
        )

    post_by_pk = {p.pk: p for p in posts}
    popolo_posts = []
    for post in sorted(posts, key=lambda p: post_order[p.pk]):
        extras = _clean(
            {
                "reports_to_id": post_ids.get(post.reports_to_id),  # type: ignore[arg-type]
                "single_holder": None if post.single_holder else False,
                "is_contact": True if post.is_contact else None,
                "sort_order": post.sort_order or None,
            }
        )
        popolo_posts.append(
            _clean(
                {
                    "id": post_ids[post.pk],
                    "label": post.title,
                    "organization_id": unit_ids[post.unit_id],
                    "start_date": _date(post.valid_from),
                    "end_date": _date(post.valid_to),
                    "contact_details": _contact_details(points_of.get(("post", post.pk), [])),
                    "extras": extras,
                }
            )
        )

    memberships: list[dict[str, Any]] = []
    # Holders of posts, numbered within each post.
    held: dict[int, list[Appointment]] = defaultdict(list)
    for a in appointments:
        held[a.post_id].append(a)
    for post_pk in sorted(held, key=lambda pk: post_order[pk]):
        post = post_by_pk[post_pk]
        for n, a in enumerate(held[post_pk], start=1):
            memberships.append(
                _clean(
                    {
                        "id": f"{post_ids[post_pk]}/holder/{n}",
                        "person_id": person_key(people[a.person_id]),
                        "post_id": post_ids[post_pk],
                        "organization_id": unit_ids[post.unit_id],
                        "role": post.title,
                        "label": f"{ACTING_LABEL} {post.title}" if a.acting else None,
                        "start_date": _date(a.valid_from),
                        "end_date": _date(a.valid_to),
                    }
                )
            )
    # Seats in groups, numbered within each group.
    by_group: dict[int, list[Membership]] = defaultdict(list)
    for m in seats:
        by_group[m.group_id].append(m)
    for group_pk in sorted(by_group, key=lambda pk: unit_slugs[pk]):
        for n, m in enumerate(by_group[group_pk], start=1):
            person = people.get(m.person_id) if m.person_id else None  # type: ignore[arg-type]
            if m.on_behalf_of_id:
                on_behalf_of = tenant_key(m.on_behalf_of)  # type: ignore[arg-type]
            elif person is not None and person.party_id:
                on_behalf_of = party_key(person.party)  # type: ignore[arg-type]
            else:
                on_behalf_of = None
            memberships.append(
                _clean(
                    {
                        "id": f"{slug}/membership/{unit_slugs[group_pk]}/{n}",
                        "person_id": person_key(person) if person else None,
                        "post_id": post_ids[m.post_id] if m.post_id else None,
                        "organization_id": unit_ids[group_pk],
                        "role": m.role,
                        "on_behalf_of_id": on_behalf_of,
                        "start_date": _date(m.valid_from),
                        "end_date": _date(m.valid_to),
                        "extras": _clean({"sort_order": m.sort_order or None}),
                    }
                )
            )
    # Party affiliations.
    for person in sorted(people.values(), key=person_key):
        if person.party_id:
            memberships.append(
                {
                    "id": f"{person_key(person)}/party",
                    "person_id": person_key(person),
                    "organization_id": party_key(person.party),  # type: ignore[arg-type]
                    "role": "member",
                }
            )
    # A collaboration's member municipalities (S3.1).
    for link in sorted(links, key=lambda x: (x.collaboration.slug, x.municipality.slug)):
        memberships.append(
            _clean(
                {
                    "id": f"{tenant_key(link.collaboration)}/member/{link.municipality.slug}",
                    "member": {"@type": "Organization", "id": tenant_key(link.municipality)},
                    "organization_id": tenant_key(link.collaboration),
                    "start_date": _date(link.valid_from),
                    "end_date": _date(link.valid_to),
                }
            )
        )

    return {
        "meta": {"generator": "Rådhus", "tenant": tenant_key(tenant)},
        "organizations": organizations,
        "persons": persons,
        "posts": popolo_posts,
        "memberships": memberships,
    }


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# Import: reading and checking ------------------------------------------------------------------


@dataclass
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class PopoloError(Exception):
    """The document was refused; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class ImportResult:
    tenant: Tenant
    counts: dict[str, int]
    warnings: list[Problem]


# The largest document read: a big city's registry is a few megabytes.
MAX_DOCUMENT_BYTES = 100 * 1024 * 1024
# Popolo nests a few levels (document, list, object, list, object); deeper nesting is refused
# before anything is read, so that no reader recurses without end.
MAX_DEPTH = 20


def _too_deep() -> str:
    return _("Nested deeper than %(depth)s levels; a Popolo document never is.") % {"depth": MAX_DEPTH}


def load_json(text: str | bytes) -> Any:
    """Parse a document, refusing one that is too large, too deep or not JSON at all."""
    if len(text) > MAX_DOCUMENT_BYTES:
        raise PopoloError(
            [
                Problem(
                    "$",
                    _("The document is larger than %(size)s MB.") % {"size": MAX_DOCUMENT_BYTES // 2**20},
                )
            ]
        )
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise PopoloError([Problem("$", _too_deep())]) from exc
    except ValueError as exc:  # not JSON, not UTF-8, or a number too long to read
        where = (
            _(" (line %(line)s, column %(column)s)") % {"line": exc.lineno, "column": exc.colno}
            if isinstance(exc, json.JSONDecodeError)
            else ""
        )
        raise PopoloError([Problem("$", _("This is not valid JSON%(where)s.") % {"where": where})]) from exc


def _deepest(data: Any) -> str | None:
    """The path of the first value nested deeper than ``MAX_DEPTH``, or None; without
    recursion, so a document of any depth is measured."""
    stack: list[tuple[Any, str, int]] = [(data, "$", 0)]
    while stack:
        value, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            return path
        if isinstance(value, dict):
            stack.extend(
                (v, f"{path}.{k}", depth + 1) for k, v in value.items() if isinstance(v, dict | list)
            )
        elif isinstance(value, list):
            stack.extend(
                (v, f"{path}[{i}]", depth + 1) for i, v in enumerate(value) if isinstance(v, dict | list)
            )
    return None


@dataclass
class ContactIn:
    path: str
    kind: str
    value: str
    label: str


@dataclass
class OrgIn:
    path: str
    id: str
    name: str
    role: str  # "tenant", "party" or "unit"
    key: str | None = None
    parent_id: str | None = None
    unit_kind: str = UnitKind.UNIT
    tenant_kind: str = Tenant.Kind.MUNICIPALITY
    country: str = "SE"
    slug: str | None = None
    short_name: str = ""
    purpose: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    former_names: list[tuple[str, dt.date, str]] = field(default_factory=list)
    contacts: list[ContactIn] = field(default_factory=list)
    place: str = ""
    sort_order: int = 0
    responsible_body_id: str | None = None
    page_owner_id: str | None = None
    municipality_code: str = ""
    organisation_number: str = ""
    abbreviation: str = ""


@dataclass
class PersonIn:
    path: str
    id: str
    first_name: str
    last_name: str
    key: str | None = None
    tenant_slug: str | None = None
    slug: str | None = None
    contacts: list[ContactIn] = field(default_factory=list)
    party_id: str | None = None


@dataclass
class PostIn:
    path: str
    id: str
    title: str
    organization_id: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    contacts: list[ContactIn] = field(default_factory=list)
    reports_to_id: str | None = None
    single_holder: bool = True
    is_contact: bool = False
    sort_order: int = 0


@dataclass
class MembershipIn:
    path: str
    kind: str  # "appointment", "seat", "party" or "collaboration"
    person_id: str | None = None
    post_id: str | None = None
    organization_id: str | None = None
    member_id: str | None = None
    role: str = MembershipRole.MEMBER
    acting: bool = False
    on_behalf_of_id: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    sort_order: int = 0


KEY_TENANT = re.compile(r"^(?P<tenant>[-a-zA-Z0-9_]+)$")
KEY_UNIT = re.compile(r"^(?P<tenant>[-a-zA-Z0-9_]+)/unit/(?P<slug>[-a-zA-Z0-9_]+)$")
KEY_PERSON = re.compile(r"^(?P<tenant>[-a-zA-Z0-9_]+)/person/(?P<slug>[-a-zA-Z0-9_]+)$")
KEY_PARTY = re.compile(r"^party/(?P<abbreviation>[^/]{1,10})$")
DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[0-9:.+\-Z]*)?$", re.ASCII)
# What no database stores: the NUL character and lone surrogates.
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _words(value: str) -> str:
    return re.sub(r"[\s\-]+", "_", value.strip().lower())


TENANT_CLASSIFICATIONS = {
    "municipality": Tenant.Kind.MUNICIPALITY,
    "kommun": Tenant.Kind.MUNICIPALITY,
    "local_authority": Tenant.Kind.MUNICIPALITY,
    "collaboration": Tenant.Kind.COLLABORATION,
    "samverkan": Tenant.Kind.COLLABORATION,
    "samverkansorganisation": Tenant.Kind.COLLABORATION,
}
PARTY_CLASSIFICATIONS = {"party", "political_party", "parti"}
UNIT_CLASSIFICATIONS: dict[str, str] = {
    **{k.value: k.value for k in UnitKind},
    "legislature": UnitKind.COUNCIL,
    "kommunfullmäktige": UnitKind.COUNCIL,
    "fullmäktige": UnitKind.COUNCIL,
    "executive": UnitKind.EXECUTIVE_BOARD,
    "kommunstyrelsen": UnitKind.EXECUTIVE_BOARD,
    "kommunstyrelse": UnitKind.EXECUTIVE_BOARD,
    "utskott": UnitKind.BOARD_COMMITTEE,
    "nämnd": UnitKind.COMMITTEE,
    "förvaltning": UnitKind.ADMINISTRATION,
    "avdelning": UnitKind.DEPARTMENT,
    "stab": UnitKind.STAFF_UNIT,
    "sektor": UnitKind.SECTOR,
    "enhet": UnitKind.UNIT,
    "bolag": UnitKind.COMPANY,
    "kommunalt_bolag": UnitKind.COMPANY,
    "kommunalförbund": UnitKind.FEDERATION,
    "förbund": UnitKind.FEDERATION,
    "ledningsgrupp": UnitKind.MANAGEMENT_TEAM,
    "arbetsgrupp": UnitKind.WORKING_GROUP,
    "kansli": UnitKind.SECRETARIAT,
}
ROLES: dict[str, str] = {
    **{k.value: k.value for k in MembershipRole},
    "chairman": MembershipRole.CHAIR,
    "chairperson": MembershipRole.CHAIR,
    "chairwoman": MembershipRole.CHAIR,
    "president": MembershipRole.CHAIR,
    "ordförande": MembershipRole.CHAIR,
    "vice_chairman": MembershipRole.VICE_CHAIR,
    "deputy_chair": MembershipRole.VICE_CHAIR,
    "vice_president": MembershipRole.VICE_CHAIR,
    "vice_ordförande": MembershipRole.VICE_CHAIR,
    "sekreterare": MembershipRole.SECRETARY,
    "nämndsekreterare": MembershipRole.SECRETARY,
    "ledamot": MembershipRole.MEMBER,
    "medlem": MembershipRole.MEMBER,
    "alternate": MembershipRole.SUBSTITUTE,
    "deputy_member": MembershipRole.SUBSTITUTE,
    "ersättare": MembershipRole.SUBSTITUTE,
    "may_attend": MembershipRole.OPTIONAL_ATTENDEE,
    "adjungerad": MembershipRole.OPTIONAL_ATTENDEE,
}
CONTACT_KINDS: dict[str, str] = {
    "voice": ContactKind.PHONE,
    "phone": ContactKind.PHONE,
    "tel": ContactKind.PHONE,
    "telephone": ContactKind.PHONE,
    "cell": ContactKind.MOBILE,
    "mobile": ContactKind.MOBILE,
    "switchboard": ContactKind.SWITCHBOARD,
    "fax": ContactKind.FAX,
    "email": ContactKind.EMAIL,
    "e_mail": ContactKind.EMAIL,
    "url": ContactKind.WEB,
    "web": ContactKind.WEB,
    "website": ContactKind.WEB,
    "homepage": ContactKind.WEB,
    "address": ContactKind.VISITING_ADDRESS,
    "visiting_address": ContactKind.VISITING_ADDRESS,
    "postal_address": ContactKind.POSTAL_ADDRESS,
}
PHONE_KINDS = {ContactKind.PHONE, ContactKind.MOBILE, ContactKind.SWITCHBOARD, ContactKind.FAX}


class _Reader:
    """Reads a parsed JSON document, noting each problem with its JSON path."""

    def __init__(self, region: str = "SE") -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        # Phone numbers without a country code are read in the tenant's country.
        self.region = region

    def error(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def warn(self, path: str, message: str) -> None:
        self.warnings.append(Problem(path, message))

    def objects(self, doc: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
        """The objects of a top-level list that may be missing, each with its path."""
        out = []
        for i, item in enumerate(self.array(doc, key, "$")):
            path = f"$.{key}[{i}]"
            if isinstance(item, dict):
                out.append((path, item))
            else:
                self.error(path, _("Must be an object."))
        return out

    def text(self, obj: dict[str, Any], key: str, path: str, *, required: bool = False) -> str | None:
        value = obj.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(f"{path}.{key}", _("This field is required."))
            return None
        if not isinstance(value, str):
            self.error(f"{path}.{key}", _("Must be a string."))
            return None
        if UNSTORABLE.search(value):
            self.error(
                f"{path}.{key}", _("Contains a character that cannot be stored (NUL or a lone surrogate).")
            )
            return None
        return value.strip()

    def ref(self, obj: dict[str, Any], key: str, path: str) -> str | None:
        """An id: other tools may write numbers."""
        value = obj.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            if not -(2**63) <= value < 2**63:
                self.error(f"{path}.{key}", _("An id that is a number must be smaller than 2^63."))
                return None
            return str(value)
        return self.text(obj, key, path)

    def array(self, obj: dict[str, Any], key: str, path: str) -> list[Any]:
        """A list that may be missing."""
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(f"{path}.{key}", _("Must be a list."))
            return []
        return value

    def date(self, obj: dict[str, Any], key: str, path: str, *, end: bool = False) -> dt.date | None:
        value = obj.get(key)
        if value is None or value == "":
            return None
        match = DATE.match(value) if isinstance(value, str) else None
        if match is None:
            self.error(f"{path}.{key}", _("Must be a date: YYYY-MM-DD (or YYYY-MM, YYYY)."))
            return None
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            month = month or (12 if end else 1)
            day = day or (calendar.monthrange(year, month)[1] if end else 1)  # type: ignore[arg-type]
            date = dt.date(year, month, day)  # type: ignore[arg-type]
        except (ValueError, calendar.IllegalMonthError):
            self.error(f"{path}.{key}", _("“%(value)s” is not a date.") % {"value": value})
            return None
        if not EARLIEST_DATE <= date <= LATEST_DATE:
            self.error(
                f"{path}.{key}",
                _("Enter a date between %(earliest)s and %(latest)s.")
                % {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
            )
            return None
        return date

    def period(
        self, obj: dict[str, Any], path: str, start: str = "start_date", end: str = "end_date"
    ) -> tuple[dt.date | None, dt.date | None]:
        valid_from = self.date(obj, start, path)
        valid_to = self.date(obj, end, path, end=True)
        if valid_from and valid_to and valid_to < valid_from:
            self.error(f"{path}.{end}", _("Ends before it starts."))
        return valid_from, valid_to

    def boolean(self, obj: dict[str, Any], key: str, path: str, default: bool) -> bool:
        value = obj.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(f"{path}.{key}", _("Must be true or false."))
            return default
        return value

    def integer(self, obj: dict[str, Any], key: str, path: str) -> int:
        value = obj.get(key)
        if value is None:
            return 0
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**31:
            self.error(f"{path}.{key}", _("Must be a whole number, 0 or more."))
            return 0
        return value

    def extras(self, obj: dict[str, Any], path: str) -> dict[str, Any]:
        value = obj.get("extras")
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.error(f"{path}.extras", _("Must be an object."))
            return {}
        return value

    def radhus_key(self, obj: dict[str, Any], path: str) -> str | None:
        """The Rådhus id in ``identifiers``; every identifier is checked on the way."""
        key = None
        for i, identifier in enumerate(self.array(obj, "identifiers", path)):
            here = f"{path}.identifiers[{i}]"
            if not isinstance(identifier, dict):
                self.error(here, _("Must be an object."))
                continue
            value = self.text(identifier, "identifier", here, required=True)
            if identifier.get("scheme") == SCHEME and key is None:
                key = value
        return key

    def identifier(self, obj: dict[str, Any], scheme: str) -> str:
        """The identifier in ``scheme`` (``radhus_key`` has checked them all)."""
        identifiers = obj.get("identifiers")
        for identifier in identifiers if isinstance(identifiers, list) else []:
            if isinstance(identifier, dict) and identifier.get("scheme") == scheme:
                value = identifier.get("identifier")
                return value.strip() if isinstance(value, str) else ""
        return ""

    def contacts(self, obj: dict[str, Any], path: str) -> list[ContactIn]:
        out: list[ContactIn] = []
        for i, detail in enumerate(self.array(obj, "contact_details", path)):
            here = f"{path}.contact_details[{i}]"
            if not isinstance(detail, dict):
                self.error(here, _("Must be an object."))
                continue
            kind_text = self.text(detail, "type", here, required=True)
            value = self.text(detail, "value", here, required=True)
            label = self.text(detail, "label", here) or ""
            note = (self.text(detail, "note", here) or "").lower()
            if kind_text is None or value is None:
                continue
            kind = CONTACT_KINDS.get(_words(kind_text))
            if kind is None:
                self.warn(
                    f"{here}.type",
                    _("“%(type)s” is not a kind of contact Rådhus keeps; left out.") % {"type": kind_text},
                )
                continue
            if kind == ContactKind.PHONE and ("switchboard" in note or "växel" in note):
                kind = ContactKind.SWITCHBOARD
            if kind == ContactKind.VISITING_ADDRESS and "post" in note:
                kind = ContactKind.POSTAL_ADDRESS
            out.append(ContactIn(here, kind, self._contact_value(kind, value, f"{here}.value"), label))
        return out

    def _contact_value(self, kind: str, value: str, path: str) -> str:
        try:
            if kind in PHONE_KINDS:
                return normalise_phone(value, self.region)
            if kind == ContactKind.EMAIL:
                validate_email(value.removeprefix("mailto:"))
                return value.removeprefix("mailto:")
            if kind == ContactKind.WEB:
                URLValidator()(value)
        except ValidationError as exc:
            message = (
                exc.messages[0]
                if kind in PHONE_KINDS
                else (
                    _("Enter a valid e-mail address.")
                    if kind == ContactKind.EMAIL
                    else _("Enter a valid web address.")
                )
            )
            self.error(path, message)
        return value


def _split_name(name: str) -> tuple[str, str]:
    """“Lisa A Lindberg” → (“Lisa A”, “Lindberg”): the last word is the family name."""
    words = name.split()
    if len(words) < 2:
        return "", name
    return " ".join(words[:-1]), words[-1]


def _read_organization(r: _Reader, path: str, obj: dict[str, Any]) -> OrgIn | None:
    org_id = r.ref(obj, "id", path)
    name = r.text(obj, "name", path, required=True)
    if org_id is None:
        r.error(f"{path}.id", _("This field is required."))
    classification = r.text(obj, "classification", path) or ""
    key = r.radhus_key(obj, path)
    if org_id is None or name is None:
        return None
    words = _words(classification)
    if words in TENANT_CLASSIFICATIONS or (key and KEY_TENANT.match(key)):
        tenant_kind = TENANT_CLASSIFICATIONS.get(words, Tenant.Kind.MUNICIPALITY)
        finnish = bool(
            r.identifier(obj, SCHEME_MUNICIPALITY_CODE_FI) or r.identifier(obj, SCHEME_ORGANISATION_NUMBER_FI)
        )
        country = "FI" if finnish else "SE"
        code = r.identifier(obj, SCHEME_MUNICIPALITY_CODE_FI if finnish else SCHEME_MUNICIPALITY_CODE)
        if code:
            try:
                code = normalise_municipality_code(code, country)
            except ValidationError as exc:
                r.error(f"{path}.identifiers", exc.messages[0])
                code = ""
        number = r.identifier(obj, SCHEME_ORGANISATION_NUMBER_FI if finnish else SCHEME_ORGANISATION_NUMBER)
        if number:
            try:
                number = normalise_organisation_number(number, country)
            except ValidationError as exc:
                r.error(f"{path}.identifiers", exc.messages[0])
        return OrgIn(
            path,
            org_id,
            name,
            "tenant",
            key=key,
            tenant_kind=tenant_kind,
            slug=(KEY_TENANT.match(key).group("tenant") if key and KEY_TENANT.match(key) else None),  # type: ignore[union-attr]
            municipality_code=code,
            organisation_number=number,
            country=country,
        )
    if words in PARTY_CLASSIFICATIONS or (key and KEY_PARTY.match(key)):
        abbreviation = ""
        if key and KEY_PARTY.match(key):
            abbreviation = normalise_line(KEY_PARTY.match(key).group("abbreviation"))  # type: ignore[union-attr]
        for i, other in enumerate(r.array(obj, "other_names", path)):
            here = f"{path}.other_names[{i}]"
            if not isinstance(other, dict):
                r.error(here, _("Must be an object."))
                continue
            other_name = r.text(other, "name", here, required=True)
            if other.get("note") == ABBREVIATION and other_name:
                abbreviation = abbreviation or normalise_line(other_name)[:10]
        if not abbreviation:
            abbreviation = name if len(name) <= 10 else "".join(w[0] for w in name.split()).upper()[:10]
        return OrgIn(path, org_id, name, "party", key=key, abbreviation=abbreviation)

    unit_kind = UNIT_CLASSIFICATIONS.get(words)
    if unit_kind is None:
        unit_kind = UnitKind.UNIT
        if classification:
            r.warn(
                f"{path}.classification",
                _("“%(value)s” is not a kind Rådhus knows; read as a unit.") % {"value": classification},
            )
    start = "founding_date" if "founding_date" in obj else "start_date"
    end = "dissolution_date" if "dissolution_date" in obj else "end_date"
    valid_from, valid_to = r.period(obj, path, start, end)
    org = OrgIn(
        path,
        org_id,
        name,
        "unit",
        key=key,
        parent_id=r.ref(obj, "parent_id", path),
        unit_kind=unit_kind,
        slug=(KEY_UNIT.match(key).group("slug") if key and KEY_UNIT.match(key) else None),  # type: ignore[union-attr]
        purpose=r.text(obj, "description", path) or "",
        valid_from=valid_from,
        valid_to=valid_to,
        contacts=r.contacts(obj, path),
    )
    for i, other in enumerate(r.array(obj, "other_names", path)):
        here = f"{path}.other_names[{i}]"
        if not isinstance(other, dict):
            r.error(here, _("Must be an object."))
            continue
        other_name = r.text(other, "name", here, required=True)
        note = (r.text(other, "note", here) or "").lower()
        ended = r.date(other, "end_date", here, end=True)
        if other_name is None:
            continue
        if note == ABBREVIATION and not ended:
            org.short_name = other_name
        elif ended:
            org.former_names.append((other_name, ended, here))
    org.former_names.sort(key=lambda f: f[1])
    extras = r.extras(obj, path)
    org.place = r.text(extras, "place", f"{path}.extras") or ""
    org.sort_order = r.integer(extras, "sort_order", f"{path}.extras")
    org.responsible_body_id = r.ref(extras, "responsible_body_id", f"{path}.extras")
    org.page_owner_id = r.ref(extras, "page_owner_id", f"{path}.extras")
    return org


def _read_person(r: _Reader, path: str, obj: dict[str, Any]) -> PersonIn | None:
    person_id = r.ref(obj, "id", path)
    if person_id is None:
        r.error(f"{path}.id", _("This field is required."))
    given = r.text(obj, "given_name", path)
    family = r.text(obj, "family_name", path)
    name = r.text(obj, "name", path)
    if family is None and name is None:
        r.error(f"{path}.name", _("A person needs a name."))
        return None
    if family is None:
        given, family = _split_name(name)  # type: ignore[arg-type]
    key = r.radhus_key(obj, path)
    match = KEY_PERSON.match(key) if key else None
    contacts = r.contacts(obj, path)
    email = r.text(obj, "email", path)
    if email:
        contacts.append(
            ContactIn(
                f"{path}.email",
                ContactKind.EMAIL,
                r._contact_value(ContactKind.EMAIL, email, f"{path}.email"),
                "",
            )
        )
    if person_id is None:
        return None
    return PersonIn(
        path,
        person_id,
        given or "",
        family,  # type: ignore[arg-type]
        key=key,
        tenant_slug=match.group("tenant") if match else None,
        slug=match.group("slug") if match else None,
        contacts=contacts,
    )


def _read_post(r: _Reader, path: str, obj: dict[str, Any]) -> PostIn | None:
    post_id = r.ref(obj, "id", path)
    if post_id is None:
        r.error(f"{path}.id", _("This field is required."))
    title = r.text(obj, "label", path) or r.text(obj, "role", path)
    if title is None:
        r.error(f"{path}.label", _("A post needs a label (its title)."))
    organization_id = r.ref(obj, "organization_id", path)
    if organization_id is None:
        r.error(f"{path}.organization_id", _("A post belongs to an organization: give its id."))
    valid_from, valid_to = r.period(obj, path)
    contacts = r.contacts(obj, path)
    extras = r.extras(obj, path)
    here = f"{path}.extras"
    if post_id is None or title is None or organization_id is None:
        return None
    return PostIn(
        path,
        post_id,
        title,
        organization_id,
        valid_from,
        valid_to,
        contacts,
        reports_to_id=r.ref(extras, "reports_to_id", here),
        single_holder=r.boolean(extras, "single_holder", here, True),
        is_contact=r.boolean(extras, "is_contact", here, False),
        sort_order=r.integer(extras, "sort_order", here),
    )


def _read_membership(r: _Reader, path: str, obj: dict[str, Any]) -> MembershipIn | None:
    person_id = r.ref(obj, "person_id", path)
    post_id = r.ref(obj, "post_id", path)
    organization_id = r.ref(obj, "organization_id", path)
    member_id = None
    member = obj.get("member")
    if member is not None and not isinstance(member, dict):
        r.error(f"{path}.member", _("Must be an object."))
    elif isinstance(member, dict):
        member_type = (r.text(member, "@type", f"{path}.member") or "").lower()
        if member_type == "organization":
            member_id = r.ref(member, "id", f"{path}.member")
        elif member_type == "person" and person_id is None:
            person_id = r.ref(member, "id", f"{path}.member")
    role = r.text(obj, "role", path) or ""
    label = r.text(obj, "label", path) or ""
    valid_from, valid_to = r.period(obj, path)
    extras = r.extras(obj, path)
    m = MembershipIn(
        path,
        "seat",
        person_id=person_id,
        post_id=post_id,
        organization_id=organization_id,
        member_id=member_id,
        on_behalf_of_id=r.ref(obj, "on_behalf_of_id", path),
        valid_from=valid_from,
        valid_to=valid_to,
        sort_order=r.integer(extras, "sort_order", f"{path}.extras"),
    )
    if member_id is not None:
        m.kind = "collaboration"
    elif person_id is not None and post_id is not None:
        m.kind = "appointment"
        m.acting = label.lower().startswith("vik") or _words(role) in {"acting", "vik.", "vikarierande"}
    elif person_id is None and post_id is None:
        r.error(path, _("A membership needs a person_id or a post_id."))
        return None
    else:
        words = _words(role)
        m.role = ROLES.get(words, MembershipRole.MEMBER)
        if role and words not in ROLES:
            r.warn(
                f"{path}.role", _("“%(value)s” is not a role Rådhus knows; read as member.") % {"value": role}
            )
    return m


# Import: checking references and writing -------------------------------------------------------


@dataclass
class _Document:
    tenant_org: OrgIn | None
    orgs: dict[str, OrgIn]
    persons: dict[str, PersonIn]
    posts: dict[str, PostIn]
    memberships: list[MembershipIn]


def _index(r: _Reader, items: list[Any], label: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in items:
        if item.id in out:
            r.error(
                f"{item.path}.id",
                _("The id “%(id)s” is used twice among the %(what)s.") % {"id": item.id, "what": label},
            )
        else:
            out[item.id] = item
    return out


def _read(r: _Reader, data: Any, tenant_slug: str | None) -> _Document:
    deepest = _deepest(data)
    if deepest is not None:
        r.error(deepest, _too_deep())
        return _Document(None, {}, {}, {}, [])
    if not isinstance(data, dict):
        r.error(
            "$", _("A Popolo document is a JSON object with persons, organizations, posts and memberships.")
        )
        return _Document(None, {}, {}, {}, [])
    orgs = [o for path, obj in r.objects(data, "organizations") if (o := _read_organization(r, path, obj))]
    persons = [p for path, obj in r.objects(data, "persons") if (p := _read_person(r, path, obj))]
    posts = [p for path, obj in r.objects(data, "posts") if (p := _read_post(r, path, obj))]
    memberships = [m for path, obj in r.objects(data, "memberships") if (m := _read_membership(r, path, obj))]
    doc = _Document(
        None,
        _index(r, orgs, "organizations"),
        _index(r, persons, "persons"),
        _index(r, posts, "posts"),
        memberships,
    )

    # Which organisation the document is about.
    tenants = [o for o in doc.orgs.values() if o.role == "tenant"]
    meta = data.get("meta")
    if meta is not None and not isinstance(meta, dict):
        r.error("$.meta", _("Must be an object."))
    wanted = r.text(meta, "tenant", "$.meta") if isinstance(meta, dict) else None
    tops = {o.parent_id for o in doc.orgs.values() if o.role == "unit"} & {t.id for t in tenants}
    if isinstance(wanted, str) and wanted in doc.orgs and doc.orgs[wanted].role == "tenant":
        doc.tenant_org = doc.orgs[wanted]
    elif len(tops) == 1:
        doc.tenant_org = doc.orgs[tops.pop()]
    elif len(tenants) == 1:
        doc.tenant_org = tenants[0]
    elif tenant_slug is None:
        r.error("$.organizations", _("Cannot tell which organisation this is: name it with --tenant."))
    return doc


def _check(r: _Reader, doc: _Document, tenant: Tenant | None) -> None:
    """References that point at nothing, cycles, and addresses already taken."""
    units = {k: o for k, o in doc.orgs.items() if o.role == "unit"}
    tenant_ids = {k for k, o in doc.orgs.items() if o.role == "tenant"}
    for org in units.values():
        if org.parent_id is not None and org.parent_id not in units and org.parent_id not in tenant_ids:
            r.error(f"{org.path}.parent_id", _("No organization with this id."))
        if org.responsible_body_id is not None and org.responsible_body_id not in units:
            r.error(f"{org.path}.extras.responsible_body_id", _("No organization with this id."))
        if org.page_owner_id is not None and org.page_owner_id not in doc.persons:
            r.error(f"{org.path}.extras.page_owner_id", _("No person with this id."))
        for _name, ended, path in org.former_names:
            if org.valid_from and ended < org.valid_from:
                r.error(f"{path}.end_date", _("A former name must end after the unit was founded."))
    for org in units.values():
        seen, node = set(), org
        while node is not None and node.parent_id in units:
            if node.id in seen:
                r.error(f"{org.path}.parent_id", _("The organizations' parents go round in a circle."))
                break
            seen.add(node.id)
            node = units[node.parent_id]  # type: ignore[index]
    for post in doc.posts.values():
        if post.organization_id not in units:
            r.error(f"{post.path}.organization_id", _("No organization with this id among the units."))
        if post.reports_to_id is not None and post.reports_to_id not in doc.posts:
            r.error(f"{post.path}.extras.reports_to_id", _("No post with this id."))
    parties: dict[str, tuple[str, str]] = {}
    for m in doc.memberships:
        if m.person_id is not None and m.person_id not in doc.persons:
            r.error(f"{m.path}.person_id", _("No person with this id."))
        if m.post_id is not None and m.post_id not in doc.posts:
            r.error(f"{m.path}.post_id", _("No post with this id."))
        org = doc.orgs.get(m.organization_id) if m.organization_id else None
        if m.organization_id is not None and org is None:
            r.error(f"{m.path}.organization_id", _("No organization with this id."))
        if m.kind == "collaboration":
            member = doc.orgs.get(m.member_id)  # type: ignore[arg-type]
            if member is None or member.role != "tenant":
                r.error(f"{m.path}.member.id", _("No municipality with this id."))
            if org is None or org.role != "tenant":
                r.error(f"{m.path}.organization_id", _("A member municipality belongs to a collaboration."))
            continue
        if org is not None and org.role == "party":
            m.kind = "party"
        elif m.kind == "seat" and (org is None or org.role != "unit"):
            if org is not None and org.role == "tenant" and m.person_id:
                r.warn(
                    m.path,
                    _("A membership of the whole organisation; Rådhus keeps seats in units: left out."),
                )
                m.kind = "skip"
            elif org is None and m.organization_id is None:
                r.error(f"{m.path}.organization_id", _("A seat belongs to a group: give its id."))
        if m.kind == "appointment" and m.post_id in doc.posts and m.organization_id is not None:
            if m.organization_id != doc.posts[m.post_id].organization_id:
                r.error(f"{m.path}.organization_id", _("Not the organization of the post."))
        behalf = doc.orgs.get(m.on_behalf_of_id) if m.on_behalf_of_id else None
        if m.on_behalf_of_id is not None and behalf is None:
            r.error(f"{m.path}.on_behalf_of_id", _("No organization with this id."))
        if behalf is not None and behalf.role == "unit":
            r.error(
                f"{m.path}.on_behalf_of_id", _("A member represents an organisation or a party, not a unit.")
            )
        party = (
            org if m.kind == "party" else behalf if behalf is not None and behalf.role == "party" else None
        )
        if party is not None and m.person_id is not None:
            earlier = parties.get(m.person_id)
            if earlier and earlier[0] != party.id:
                r.error(
                    m.path, _("The person is already in another party (%(path)s).") % {"path": earlier[1]}
                )
            else:
                parties[m.person_id] = (party.id, m.path)
                if m.person_id in doc.persons:
                    doc.persons[m.person_id].party_id = party.id
    # Addresses already taken: the same document imported twice is refused.
    if tenant is not None:
        taken = set(
            Unit.objects.filter(
                tenant=tenant, slug__in=[o.slug for o in units.values() if o.slug]
            ).values_list("slug", flat=True)
        )
        for org in units.values():
            if org.slug in taken:
                r.error(
                    f"{org.path}.id",
                    _("%(tenant)s already has a unit at the address “%(slug)s”.")
                    % {"tenant": tenant.name, "slug": org.slug},
                )


# Service field names → Popolo field names, for problems found while writing.
UNIT_FIELDS = {
    "name": "name",
    "kind": "classification",
    "parent": "parent_id",
    "valid_from": "founding_date",
    "valid_to": "dissolution_date",
    "purpose": "description",
    "short_name": "other_names",
    "slug": "id",
    "responsible_body": "extras.responsible_body_id",
    "page_owner": "extras.page_owner_id",
    "place": "extras.place",
    "effective_date": "other_names",
}
POST_FIELDS = {
    "title": "label",
    "unit": "organization_id",
    "valid_from": "start_date",
    "valid_to": "end_date",
    "reports_to": "extras.reports_to_id",
}
MEMBERSHIP_FIELDS = {
    "valid_from": "start_date",
    "valid_to": "end_date",
    "person": "person_id",
    "post": "post_id",
    "group": "organization_id",
    "on_behalf_of": "on_behalf_of_id",
}
PERSON_FIELDS = {"first_name": "given_name", "last_name": "family_name"}
CONTACT_FIELDS = {"value": "value", "kind": "type", "label": "label"}


def _tenant_create(org: OrgIn, slug: str, actor: Actor) -> Tenant:
    return core_services.tenant_create(
        actor=actor,
        name=org.name,
        slug=slug,
        kind=org.tenant_kind,
        country=org.country,
        municipality_code=org.municipality_code,
        organisation_number=org.organisation_number,
    )


def _topological(units: dict[str, OrgIn]) -> list[OrgIn]:
    """Units with each parent before its children."""
    done: set[str] = set()
    order: list[OrgIn] = []
    for org in units.values():
        chain = []
        node: OrgIn | None = org
        while node is not None and node.id not in done and node not in chain:
            chain.append(node)
            node = units.get(node.parent_id) if node.parent_id else None  # type: ignore[arg-type]
        for item in reversed(chain):
            done.add(item.id)
            order.append(item)
    return order


def import_document(data: Any, *, actor: Actor = None, tenant_slug: str | None = None) -> ImportResult:
    """Check the whole document, then write it in one transaction through the services. Raises
    ``PopoloError`` with every problem (and writes nothing) when anything is wrong."""
    known = Tenant.objects.filter(slug=tenant_slug).first() if tenant_slug is not None else None
    r = _Reader(region=getattr(known, "country", "SE"))
    doc = _read(r, data, tenant_slug)
    main: Tenant | None = None
    if tenant_slug is not None:
        main = Tenant.objects.filter(slug=tenant_slug).first()
        if main is None:
            r.error("$", _("No organisation with the address “%(slug)s”.") % {"slug": tenant_slug})
    elif doc.tenant_org is not None:
        org = doc.tenant_org
        main = Tenant.objects.filter(slug=org.slug or _slug(org.name, "x")).first()
        if main is None and org.municipality_code:
            main = Tenant.objects.filter(municipality_code=org.municipality_code).first()
    _check(r, doc, main)
    if r.problems:
        raise PopoloError(r.problems)
    with transaction.atomic():
        result = _Writer(r, doc, actor).write(main)
        if r.problems:
            transaction.set_rollback(True)
    if r.problems or result is None:
        raise PopoloError(r.problems)
    return result


class _Writer:
    """Writes a checked document through the services, in the order references need: the
    organisations and parties, people, units, posts, then holders and seats. A rule broken on
    the way is noted with the path of what broke it, and what depends on it is skipped."""

    def __init__(self, r: _Reader, doc: _Document, actor: Actor) -> None:
        self.r = r
        self.doc = doc
        self.actor = actor
        self.counts: dict[str, int] = defaultdict(int)
        self.tenants: dict[str, Tenant] = {}  # by document id
        self.tenant_slugs: dict[str, Tenant] = {}  # by the slug in a Rådhus id
        self.parties: dict[str, Party] = {}
        self.people: dict[str, Person] = {}
        self.units: dict[str, Unit] = {}
        self.posts: dict[str, Post] = {}

    def attempt(self, path: str, names: dict[str, str], call: Callable[[], Any]) -> Any:
        """Run one service in a savepoint; a broken rule becomes a problem at ``path``."""
        try:
            with transaction.atomic():
                return call()
        except DatabaseError:
            # A rule only the database knew of; the savepoint is rolled back.
            self.r.error(path, _("Could not be saved: it breaks a rule of the database."))
            return None
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for key, messages in exc.message_dict.items():
                    where = path if key == NON_FIELD_ERRORS else f"{path}.{names.get(key, key)}"
                    for message in messages:
                        self.r.error(where, message)
            else:
                for message in exc.messages:
                    self.r.error(path, message)
            return None

    def write(self, main: Tenant | None) -> ImportResult | None:
        main = self.organisations(main)
        if main is None:
            self.r.error(
                "$.organizations", _("Cannot tell which organisation this is: name it with --tenant.")
            )
            return None
        self.write_parties(main)
        self.write_people(main)
        self.write_units(main)
        self.write_posts()
        self.write_memberships()
        counts = dict(self.counts)
        audit.record(
            tenant=main,
            actor=self.actor,
            action="popolo.import",
            subject=main,
            summary=_("Imported a Popolo document: %(units)s units, %(people)s people, %(posts)s posts.")
            % {
                "units": counts.get("units", 0),
                "people": counts.get("people", 0),
                "posts": counts.get("posts", 0),
            },
            changes=counts,
        )
        return ImportResult(main, counts, self.r.warnings)

    def organisations(self, main: Tenant | None) -> Tenant | None:
        """The organisation the document is about, and the others it refers to: found by
        address or municipality code, else created."""
        for org in self.doc.orgs.values():
            if org.role != "tenant":
                continue
            if org is self.doc.tenant_org and main is not None:
                self.tenants[org.id] = main
            else:
                slug = org.slug or _slug(org.name, "organisation")
                found = Tenant.objects.filter(slug=slug).first()
                if found is None and org.municipality_code:
                    found = Tenant.objects.filter(municipality_code=org.municipality_code).first()
                if found is None:
                    found = self.attempt(
                        org.path,
                        {"slug": "id", "name": "name"},
                        lambda o=org, s=slug: _tenant_create(o, s, self.actor),
                    )
                    self.counts["organisations"] += found is not None
                if found is not None:
                    self.tenants[org.id] = found
            if org.id in self.tenants and org.slug:
                self.tenant_slugs[org.slug] = self.tenants[org.id]
        if main is None and self.doc.tenant_org is not None:
            main = self.tenants.get(self.doc.tenant_org.id)
        if main is not None and self.doc.tenant_org and self.doc.tenant_org.slug:
            self.tenant_slugs[self.doc.tenant_org.slug] = main
        return main

    def write_parties(self, main: Tenant) -> None:
        for org in self.doc.orgs.values():
            if org.role != "party":
                continue
            party = Party.objects.filter(abbreviation=org.abbreviation).first()
            if party is None:
                party = self.attempt(
                    org.path,
                    {"abbreviation": "other_names", "name": "name"},
                    lambda o=org: _party_create(o, main, self.actor),
                )
            if party is not None:
                self.parties[org.id] = party

    def write_people(self, main: Tenant) -> None:
        """A Rådhus person already in the database (the same address in the same organisation)
        is the same person; everyone else is added."""
        for p in self.doc.persons.values():
            owner = self.tenant_slugs.get(p.tenant_slug or "", main)
            if p.slug:
                existing = Person.objects.filter(tenant=owner, slug=p.slug).first()
                if existing is not None:
                    self.people[p.id] = existing
                    continue
            party = self.parties.get(p.party_id) if p.party_id else None
            person = self.attempt(
                p.path,
                PERSON_FIELDS,
                lambda p=p, owner=owner, party=party: _person_create(p, owner, party, self.actor),
            )
            if person is None:
                continue
            self.people[p.id] = person
            self.counts["people"] += 1
            for c in p.contacts:
                self.contact_add(person, c)

    def write_units(self, main: Tenant) -> None:
        """Parents first; a responsible body not made yet is set once all units are. Former
        names, oldest first, become renames from the day after each one ended."""
        units_in = {k: o for k, o in self.doc.orgs.items() if o.role == "unit"}
        later: list[OrgIn] = []
        for org in _topological(units_in):
            if org.parent_id in units_in and org.parent_id not in self.units:
                continue  # its parent failed; that problem is already noted
            body = self.units.get(org.responsible_body_id) if org.responsible_body_id else None
            if org.responsible_body_id and body is None:
                later.append(org)
            fields: dict[str, Any] = {
                "short_name": org.short_name,
                "purpose": org.purpose,
                "place": org.place,
                "valid_to": org.valid_to,
                "sort_order": org.sort_order,
                "responsible_body": body,
                "page_owner": self.people.get(org.page_owner_id) if org.page_owner_id else None,
            }
            if org.slug:
                fields["slug"] = org.slug
            unit = self.attempt(
                org.path,
                UNIT_FIELDS,
                lambda org=org, fields=fields: services.unit_create(
                    tenant=main,
                    actor=self.actor,
                    kind=org.unit_kind,
                    name=org.former_names[0][0] if org.former_names else org.name,
                    parent=self.units.get(org.parent_id) if org.parent_id else None,  # type: ignore[arg-type]
                    valid_from=org.valid_from,
                    **fields,
                ),
            )
            if unit is None:
                continue
            self.units[org.id] = unit
            self.counts["units"] += 1
            for c in org.contacts:
                self.contact_add(unit, c)
        for org in later:
            if org.id in self.units and org.responsible_body_id in self.units:
                self.attempt(
                    org.path,
                    UNIT_FIELDS,
                    lambda org=org: services.unit_update(
                        unit=self.units[org.id],
                        actor=self.actor,
                        responsible_body=self.units[org.responsible_body_id],  # type: ignore[index]
                    ),
                )
        for org in units_in.values():
            if org.id not in self.units or not org.former_names:
                continue
            names = [n for n, _e, _p in org.former_names[1:]] + [org.name]
            for new_name, (_old, ended, path) in zip(names, org.former_names, strict=True):
                self.attempt(
                    path,
                    {"effective_date": "end_date", "name": "name"},
                    lambda unit=self.units[org.id], new_name=new_name, ended=ended: (
                        services.reorganisation_rename(
                            unit=unit,
                            actor=self.actor,
                            effective_date=ended + dt.timedelta(days=1),
                            name=new_name,
                        )
                    ),
                )

    def write_posts(self) -> None:
        """In the document's order; superiors once all posts are there."""
        for p in self.doc.posts.values():
            unit = self.units.get(p.organization_id)
            if unit is None:
                continue
            post = self.attempt(
                p.path,
                POST_FIELDS,
                lambda p=p, unit=unit: services.post_create(
                    unit=unit,
                    actor=self.actor,
                    title=p.title,
                    single_holder=p.single_holder,
                    is_contact=p.is_contact,
                    valid_from=p.valid_from,
                    valid_to=p.valid_to,
                    sort_order=p.sort_order,
                ),
            )
            if post is None:
                continue
            self.posts[p.id] = post
            self.counts["posts"] += 1
            for c in p.contacts:
                self.contact_add(post, c)
        for p in self.doc.posts.values():
            if p.id in self.posts and p.reports_to_id in self.posts:
                self.attempt(
                    p.path,
                    POST_FIELDS,
                    lambda p=p: services.post_update(
                        post=self.posts[p.id],
                        actor=self.actor,
                        reports_to=self.posts[p.reports_to_id],  # type: ignore[index]
                    ),
                )

    def write_memberships(self) -> None:
        """Holders of posts, seats in groups and a collaboration's members, in the document's
        order (a party membership was read as the person's party)."""
        for m in self.doc.memberships:
            person = self.people.get(m.person_id) if m.person_id else None
            post = self.posts.get(m.post_id) if m.post_id else None
            if (m.person_id and person is None) or (m.post_id and post is None):
                continue  # a person or post that failed; already noted
            if m.kind == "appointment":
                created = self.attempt(
                    m.path,
                    MEMBERSHIP_FIELDS,
                    lambda m=m, post=post, person=person: services.appointment_create(
                        post=post,
                        person=person,
                        actor=self.actor,
                        valid_from=m.valid_from,
                        valid_to=m.valid_to,
                        acting=m.acting,
                    ),
                )
                self.counts["appointments"] += created is not None
            elif m.kind == "seat" and m.organization_id in self.units:
                group = self.units[m.organization_id]  # type: ignore[index]
                behalf = self.tenants.get(m.on_behalf_of_id) if m.on_behalf_of_id else None
                created = self.attempt(
                    m.path,
                    MEMBERSHIP_FIELDS,
                    lambda m=m, group=group, person=person, post=post, behalf=behalf: (
                        services.membership_create(
                            group=group,
                            actor=self.actor,
                            role=m.role,
                            person=person,
                            post=post,
                            on_behalf_of=behalf,
                            valid_from=m.valid_from,
                            valid_to=m.valid_to,
                            sort_order=m.sort_order,
                        )
                    ),
                )
                self.counts["memberships"] += created is not None
            elif m.kind == "collaboration":
                collaboration = self.tenants.get(m.organization_id)  # type: ignore[arg-type]
                municipality = self.tenants.get(m.member_id)  # type: ignore[arg-type]
                if collaboration is None or municipality is None:
                    continue
                if CollaborationMember.objects.filter(
                    collaboration=collaboration, municipality=municipality
                ).exists():
                    continue
                self.attempt(
                    m.path,
                    MEMBERSHIP_FIELDS,
                    lambda m=m, c=collaboration, mu=municipality: _collaboration_member_add(
                        c, mu, m, self.actor
                    ),
                )

    def contact_add(self, owner: Unit | Post | Person, c: ContactIn) -> None:
        created = self.attempt(
            c.path,
            CONTACT_FIELDS,
            lambda: services.contact_point_add(
                owner=owner, actor=self.actor, kind=c.kind, value=c.value, label=c.label
            ),
        )
        self.counts["contact points"] += created is not None


def _party_create(org: OrgIn, tenant: Tenant, actor: Actor) -> Party:
    return services.party_create(tenant=tenant, actor=actor, abbreviation=org.abbreviation, name=org.name)


def _person_create(p: PersonIn, tenant: Tenant, party: Party | None, actor: Actor) -> Person:
    # Keep the person's address from the document, so links to the page stay the same.
    return services.person_create(
        tenant=tenant,
        actor=actor,
        first_name=p.first_name,
        last_name=p.last_name,
        party=party,
        slug=p.slug or "",
    )


def _collaboration_member_add(
    collaboration: Tenant, municipality: Tenant, m: MembershipIn, actor: Actor
) -> CollaborationMember:
    return core_services.collaboration_member_add(
        collaboration=collaboration,
        municipality=municipality,
        actor=actor,
        valid_from=m.valid_from,
        valid_to=m.valid_to,
    )
