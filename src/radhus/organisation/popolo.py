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
- A seat held by a whole group (the staff inside the management group, S2.4) is a membership
  of the group's organization (``organization_id``) whose ``member`` is the included group,
  ``{"@type": "Organization", "id": …}``: Popolo's own form for an organization that is a
  member, the one a collaboration's member municipalities use, rather than a second id field
  no reader knows. It reads back as ``member_group``. A seat's ``extras`` say ``is_member``
  when it differs from what the role says (a secretary who is a member) and ``attendance``
  when it is not ``regular`` (``optional``, ``when_needed``).
- A post's ``extras`` name the unit that employs its holder (``employed_by_id``) and the post
  that deputises (``deputy_id``); its rank is ``sort_order``.
- A unit's ``extras.responsibilities`` list its areas in their order, each with ``name``,
  ``description``, ``sort_order`` and its period.
- Oversight (KL 6 kap. 1 §) has no Popolo name, and it is not a membership: a company is not a
  member of the executive board, and a reader that lists a board's memberships must not show
  the committees it oversees as members. It is written on the overseen organization as
  ``extras.overseen_by``, a list of ``{"organization_id": <the board>, "kind": "committee" |
  "company" | "federation", "start_date", "end_date"}``, next to ``responsible_body_id``, so
  that a reader that knows it finds it where it finds the other bodies a unit answers to, and
  one that does not ignores it.
- Only public data is written: no hidden contact point, no protected person.

Reading takes documents other tools wrote too, and keeps what they say: optional fields may be
missing, ids may follow any scheme, dates may be partial (``2009`` or ``2009-01``). What the
registry shows is read into its own fields (a person's given, family and sort names, gender,
summary, biography and image; a role it knows; a phone number read in the organisation's
region). Everything else, and every field the registry would write otherwise (the document's
ids, identifiers of other schemes, other names, links, sources, a role such as “Mayor”, a date
given as a year, a phone number as written), is kept in a ``PopoloRecord`` per object, and
what belongs to no object of the registry (areas, events, a membership of the whole town) in
one per document: the export gives each field back as it was given while the registry still
says what it said at the import, and as the registry has it once it was changed there. Our own
documents differ in nothing and leave no record. A party is never matched by its name.

A document with any problem is refused whole, every problem named with its JSON path; an
accepted one is written in one transaction through the services, so the audit trail records
it; what can be kept but not shown is a warning (a phone number no region reads, a kind of
contact Rådhus does not show, a role it does not know). Problems
include a value of the wrong type anywhere Rådhus reads, a date outside 1800–2200 (the
registry's range, ``radhus.core.validators``), a document over ``MAX_DOCUMENT_BYTES`` or nested
deeper than ``MAX_DEPTH``, and text no database stores (NUL, lone surrogates).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

import phonenumbers
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from radhus.core import audit
from radhus.core import services as core_services
from radhus.core.audit import Actor
from radhus.core.collector import fewer_collections
from radhus.core.formats import normalise_municipality_code, normalise_organisation_number
from radhus.core.models import CollaborationMember, Tenant
from radhus.core.reads import PlannedEachTime, read_together
from radhus.core.validators import EARLIEST_DATE, LATEST_DATE, normalise_line
from radhus.organisation import services
from radhus.organisation.models import (
    MEMBER_ROLES,
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
    PopoloRecord,
    Post,
    Responsibility,
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


@functools.lru_cache(maxsize=4096)
def _slug(text: str, fallback: str) -> str:
    """``text`` as an address part. Kept for the titles last seen: a town's posts share a few
    hundred titles, and slugify was a tenth of the export (issue 7)."""
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


# The columns the export reads, in the order ``_derive`` unpacks its rows (plain tuples).
UNIT_COLUMNS = (
    "pk",
    "slug",
    "name",
    "kind",
    "short_name",
    "purpose",
    "parent_id",
    "place",
    "responsible_body_id",
    "page_owner_id",
    "sort_order",
    "valid_from",
    "valid_to",
)
POST_COLUMNS = (
    "pk",
    "unit_id",
    "title",
    "reports_to_id",
    "single_holder",
    "is_contact",
    "sort_order",
    "valid_from",
    "valid_to",
    "employed_by_id",
    "deputy_id",
)
SEAT_COLUMNS = (
    "pk",
    "group_id",
    "person_id",
    "post_id",
    "member_group_id",
    "is_member",
    "attendance",
    "on_behalf_of_id",
    "role",
    "sort_order",
    "valid_from",
    "valid_to",
)
PERSON_COLUMNS = (
    "pk",
    "tenant_id",
    "slug",
    "first_name",
    "last_name",
    "party_id",
    "party__abbreviation",
    "party__name",
    "sort_name",
    "gender",
    "summary",
    "biography",
    "image",
)

# What the export writes for one object, and whose object it is: ("unit", pk), ("person", pk)…
# (the owner names of ``PopoloRecord``), so that what a document said about it can be given back.
Owner = tuple[str, int | None]
Tagged = list[tuple[str, Owner, dict[str, Any]]]

SECTIONS = ("organizations", "persons", "posts", "memberships")
# Fields that refer to another object of the document: (path to the field, the section it names).
REFERENCES: dict[str, list[tuple[tuple[str, ...], str]]] = {
    "organizations": [
        (("parent_id",), "organizations"),
        (("extras", "responsible_body_id"), "organizations"),
        (("extras", "page_owner_id"), "persons"),
        (("extras", "overseen_by", "*", "organization_id"), "organizations"),
    ],
    "persons": [],
    "posts": [
        (("organization_id",), "organizations"),
        (("extras", "reports_to_id"), "posts"),
        (("extras", "employed_by_id"), "organizations"),
        (("extras", "deputy_id"), "posts"),
    ],
    "memberships": [
        (("person_id",), "persons"),
        (("post_id",), "posts"),
        (("organization_id",), "organizations"),
        (("on_behalf_of_id",), "organizations"),
        (("member", "id"), "organizations"),
    ],
}


def export_document(tenant: Tenant) -> dict[str, Any]:
    """``tenant``'s organisation, people, posts and seats as a Popolo document (public data),
    with what imported documents said that the registry has no field for (``PopoloRecord``).

    It never fails on what is stored: a post in, or a seat held by a post of, another
    organisation's unit (which only data from before the tenant checks can hold) is left out,
    and a unit under another organisation's unit is shown at the top."""
    # A city's document is a few hundred thousand dicts and lists, all alive until it is
    # written: the cycle collector's passes over them cost a third of its time.
    with fewer_collections():
        doc, tagged, stored = _derive(tenant)
    records: dict[Owner, dict[str, Any]] = {}
    document: dict[str, Any] = {}
    for record in stored:
        if record.owner_key[0] == "document":
            document = record.data
        else:
            records[record.owner_key] = record.data
    return _apply(doc, tagged, records, document)


def _between(owner: str, pks: Collection[int]) -> dict[str, int]:
    """Filter arguments that keep ``{owner}_id`` between the first and the last of ``pks`` (not
    empty): with the owner's tenant they change no answer, and they let the database read only
    that stretch of the index on ``{owner}_id`` rather than all of it or the whole table."""
    return {f"{owner}_id__gte": min(pks), f"{owner}_id__lte": max(pks)}


def _derive(
    tenant: Tenant, recorded: set[Owner] | None = None
) -> tuple[dict[str, Any], Tagged, list[PopoloRecord]]:
    """The document as the registry alone would write it, each object tagged with its owner,
    and what imported documents said of the organisation (``PopoloRecord``, read here with the
    rest unless ``recorded`` is given). Organisations and parties an imported document named
    are in it even when nothing in the registry refers to them (``recorded``: their owners).

    Issue 7: a town's document is a few thousand rows, and what it cost was Python, not the
    queries. So rows are plain tuples of the columns written (not model instances), the
    statements join as little as they can (the organisation's own units, posts and public
    people are known once read, so what belongs to them is picked in Python from rows read by
    the organisation alone), and each object is built without its empty fields rather than
    cleaned of them afterwards:
    Popolo readers expect a missing field rather than null, and a field is left out when it
    is None, "" or an empty list or object (a ``False`` or a ``0`` is written).

    The statements go to the database in three rounds (``read_together``; on PostgreSQL each
    round is one wait): what the organisation holds; then what depends on it (other
    organisations' public people, the contact points, the former names); then the other
    organisations and parties named."""
    slug = tenant.slug
    # The organisation's own people, and (below) the few public ones of other organisations who
    # hold its posts, sit in its groups or own its pages, by their ids: not an OR of three
    # subqueries over every person, which PostgreSQL answered by reading the whole table
    # (issue 7). No ORDER BY: the people are sorted by their address below, and ordering by
    # name would cost the collation of every name (on SQLite a Python function). The own
    # people are read with whether they are public, so that a protected one is known as such
    # (not looked for among other organisations' people) and left out at once: ``people``
    # holds only public people, and a holder or a seat of anyone else is left out below. The
    # own people's addresses start with the organisation's: no join to read it for each.
    (
        stored,
        units,
        post_rows,
        appointment_rows,
        seat_rows,
        own,
        links,
        responsibility_rows,
        oversight_rows,
    ) = read_together(
        PopoloRecord.objects.filter(tenant=tenant) if recorded is None else PopoloRecord.objects.none(),
        Unit.objects.filter(tenant=tenant).order_by("pk").values_list(*UNIT_COLUMNS),
        Post.objects.filter(tenant=tenant).order_by("pk").values_list(*POST_COLUMNS),
        Appointment.objects.filter(post__tenant=tenant)
        .order_by("pk")
        .values_list("pk", "post_id", "person_id", "acting", "valid_from", "valid_to"),
        # Planned for this organisation each time: PostgreSQL's plan for any organisation read
        # every seat of the country (6.4 ms against 0.2 for a 200-unit town, issue 7).
        PlannedEachTime(
            Membership.objects.filter(group__tenant=tenant).order_by("pk").values_list(*SEAT_COLUMNS)
        ),
        Person.objects.filter(tenant=tenant).order_by().values_list(*PERSON_COLUMNS, "is_public"),
        CollaborationMember.objects.filter(Q(collaboration=tenant) | Q(municipality=tenant))
        .order_by("pk")
        .values_list(
            "pk",
            "collaboration_id",
            "municipality_id",
            "collaboration__slug",
            "municipality__slug",
            "valid_from",
            "valid_to",
        ),
        Responsibility.objects.filter(tenant=tenant)
        .order_by()
        .values_list("unit_id", "name", "description", "sort_order", "valid_from", "valid_to"),
        Oversight.objects.filter(tenant=tenant)
        .order_by()
        .values_list("overseen_id", "overseer_id", "kind", "valid_from", "valid_to"),
    )
    if recorded is None:
        recorded = {r.owner_key for r in stored if r.owner_key[0] != "document"}
    unit_ids = {u[0]: f"{slug}/unit/{u[1]}" for u in units}
    unit_slugs = {u[0]: u[1] for u in units}
    # A post in another organisation's unit (which only data from before the tenant checks
    # can hold) is left out, and with it what refers to it.
    posts = [p for p in post_rows if p[1] in unit_ids]
    post_pks = {p[0] for p in posts}
    appointments = [a for a in appointment_rows if a[1] in post_pks]
    # pk, group, person, post, member group, …: a seat held by a post of, or by a group of,
    # another organisation is left out.
    seats = [
        m for m in seat_rows if (m[3] is None or m[3] in post_pks) and (m[4] is None or m[4] in unit_ids)
    ]
    people: dict[int, tuple[Any, ...]] = {}
    protected: set[int] = set()
    tenant_slugs = {tenant.pk: slug}
    for row in own:
        if row[-1]:
            people[row[0]] = row[:-1]
        else:
            protected.add(row[0])
    wanted = {a[2] for a in appointments} | {m[2] for m in seats} | {u[9] for u in units}
    wanted -= people.keys() | protected | {None}

    # Contact points as ``contact_details``, by owner, in one statement: a UNION ALL of one
    # query per kind of owner that joins one table, not an OR across three LEFT JOINs (issue
    # 7: on PostgreSQL that scanned four tables and spilled to disk). Each is bounded by the
    # first and the last of the organisation's owners of that kind too, which changes no answer
    # but lets the database read only that stretch of the owner's index: without it PostgreSQL
    # read the whole table for a city's posts (48 ms), the index of every person's contact
    # points from its start (11 ms for the last municipality in the benchmark, 0.1 for the
    # first), and planned the UNION in parallel workers that cost more to start than the query.
    # Sorted in Python: the order of each owner's points is all that matters. Only public ones
    # are read, and only those of public people are written: those of the other organisations'
    # people wanted are read with the people, before it is known which of them are public.
    columns = ("sort_order", "pk", "kind", "value", "label", "unit_id", "post_id", "person_id")
    public = ContactPoint.objects.filter(is_public=True).order_by()
    branches = [
        public.filter(**{f"{owner}__tenant": tenant}, **_between(owner, pks)).values_list(*columns)
        for owner, pks in (("unit", unit_ids), ("post", post_pks), ("person", list(people)))
        if pks
    ]
    if wanted:
        branches.append(public.filter(person_id__in=wanted).values_list(*columns))
    # Former names, bounded as the contact points are: else PostgreSQL reads every unit's changes.
    renames = UnitChange.objects.none()
    if unit_ids:
        renames = UnitChange.objects.filter(
            unit__tenant=tenant, field=UnitChange.Field.NAME, **_between("unit", unit_ids)
        )
    others_public, rows, rename_rows = read_together(
        Person.objects.filter(pk__in=wanted, is_public=True)
        .order_by()
        .values_list(*PERSON_COLUMNS, "tenant__slug"),
        branches[0].union(*branches[1:], all=True) if branches else ContactPoint.objects.none(),
        renames.order_by("reorganisation__effective_date", "pk").values_list(
            "unit_id", "old_text", "reorganisation__effective_date"
        ),
    )
    for row in others_public:
        people[row[0]] = row[:-1]
        tenant_slugs[row[1]] = row[-1]
    appointments = [a for a in appointments if a[2] in people]
    seats = [m for m in seats if m[2] is None or m[2] in people]

    details_of: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for _order, _pk, kind, value, label, unit_pk, post_pk, person_pk in sorted(rows):
        popolo_type, note = CONTACT_TYPES[kind]
        detail = {"type": popolo_type}
        if label:
            detail["label"] = label
        if value:
            detail["value"] = value
        if note:
            detail["note"] = note
        if unit_pk:
            details_of[("unit", unit_pk)].append(detail)
        elif post_pk:
            details_of[("post", post_pk)].append(detail)
        else:
            details_of[("person", person_pk)].append(detail)

    former_names: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    for unit_pk, old_text, effective in rename_rows:
        former_names[unit_pk].append((old_text, effective))

    # Responsibilities (S1.4) and oversight (KL 6 kap. 1 §), by unit: in a fixed order of
    # what they say, so that a document read back gives them in the same order. Those of
    # another organisation's units are left out.
    responsibilities: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for unit_pk, name, description, order, valid_from, valid_to in sorted(
        (r for r in responsibility_rows if r[0] in unit_ids),
        key=lambda r: (r[3], r[1], r[4] or dt.date.min, r[5] or dt.date.max),
    ):
        responsibility: dict[str, Any] = {"name": name} if name else {}
        if description:
            responsibility["description"] = description
        if order:
            responsibility["sort_order"] = order
        if valid_from:
            responsibility["start_date"] = valid_from.isoformat()
        if valid_to:
            responsibility["end_date"] = valid_to.isoformat()
        responsibilities[unit_pk].append(responsibility)
    overseen_by: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for overseen_pk, overseer_pk, kind, valid_from, valid_to in sorted(
        (o for o in oversight_rows if o[0] in unit_ids and o[1] in unit_ids),
        key=lambda o: (o[3] or dt.date.min, o[1], o[2], o[4] or dt.date.max),
    ):
        oversight: dict[str, Any] = {"organization_id": unit_ids[overseer_pk]}
        if kind:
            oversight["kind"] = kind
        if valid_from:
            oversight["start_date"] = valid_from.isoformat()
        if valid_to:
            oversight["end_date"] = valid_to.isoformat()
        overseen_by[overseen_pk].append(oversight)

    # Posts: named by unit and title; posts of one unit with the same title are numbered.
    post_ids: dict[int, str] = {}
    post_order: dict[int, tuple[str, str, int]] = {}
    seen: dict[tuple[int, str], int] = defaultdict(int)
    for post in posts:
        post_pk, unit_pk, title = post[0], post[1], _slug(post[2], "post")
        seen[(unit_pk, title)] += 1
        n = seen[(unit_pk, title)]
        post_ids[post_pk] = f"{slug}/post/{unit_slugs[unit_pk]}/{title}" + (f"/{n}" if n > 1 else "")
        post_order[post_pk] = (unit_slugs[unit_pk], title, n)

    # The organisations: this one, its units, the other organisations referred to, parties.
    other_ids = {p[1] for p in people.values()} | {m[7] for m in seats}
    other_ids |= {pk for kind, pk in recorded if kind == "organisation"}
    for link in links:
        other_ids |= {link[1], link[2]}
    other_ids -= {None, tenant.pk}
    party_rows = {p[5]: (p[6], p[7]) for p in people.values() if p[5]}  # one per party, not per person
    parties = {
        pk: Party(pk=pk, abbreviation=abbreviation, name=name)
        for pk, (abbreviation, name) in party_rows.items()
    }
    named = {pk for kind, pk in recorded if kind == "party"} - set(parties)
    other_tenants, named_parties = read_together(
        Tenant.objects.filter(pk__in=other_ids), Party.objects.filter(pk__in=named)
    )
    others = {t.pk: t for t in other_tenants}
    tenant_keys = {tenant.pk: tenant_key(tenant), **{pk: tenant_key(t) for pk, t in others.items()}}
    parties.update((p.pk, p) for p in named_parties)
    party_keys = {pk: party_key(p) for pk, p in parties.items()}
    keys = {pk: f"{tenant_slugs[p[1]]}/person/{p[2]}" for pk, p in people.items()}
    no_details: list[dict[str, Any]] = []

    tagged: Tagged = [("organizations", ("organisation", tenant.pk), _tenant_organization(tenant))]
    top = tenant_key(tenant)
    for unit in sorted(units, key=lambda u: u[1]):
        (pk, _unit_slug, name, kind, short_name, purpose, parent_pk, place, body_pk, owner_pk, order,
         valid_from, valid_to) = unit  # fmt: skip
        uid = unit_ids[pk]
        org: dict[str, Any] = {"id": uid}
        if name:
            org["name"] = name
        if kind:
            org["classification"] = kind
        org["identifiers"] = [{"scheme": SCHEME, "identifier": uid}]
        org["parent_id"] = unit_ids.get(parent_pk, top)
        other_names = [{"name": short_name, "note": ABBREVIATION}] if short_name else []
        for old_name, effective in former_names.get(pk, ()):
            other_names.append(
                {"name": old_name, "end_date": _date(_day_before(effective)), "note": FORMER_NAME}
            )
        if other_names:
            org["other_names"] = other_names
        if purpose:
            org["description"] = purpose
        if valid_from:
            org["founding_date"] = valid_from.isoformat()
        if valid_to:
            org["dissolution_date"] = valid_to.isoformat()
        details = details_of.get(("unit", pk), no_details)
        if details:
            org["contact_details"] = details
        extras: dict[str, Any] = {"place": place} if place else {}
        if order:
            extras["sort_order"] = order
        if body_pk in unit_ids:
            extras["responsible_body_id"] = unit_ids[body_pk]
        if owner_pk in keys:
            extras["page_owner_id"] = keys[owner_pk]
        if pk in responsibilities:
            extras["responsibilities"] = responsibilities[pk]
        if pk in overseen_by:
            extras["overseen_by"] = overseen_by[pk]
        if extras:
            org["extras"] = extras
        tagged.append(("organizations", ("unit", pk), org))
    for other in sorted(others.values(), key=lambda t: t.slug):
        tagged.append(("organizations", ("organisation", other.pk), _tenant_organization(other)))
    for party in sorted(parties.values(), key=lambda p: p.abbreviation):
        tagged.append(
            (
                "organizations",
                ("party", party.pk),
                {
                    "id": party_keys[party.pk],
                    "name": party.name,
                    "classification": PARTY,
                    "identifiers": [{"scheme": SCHEME, "identifier": party_keys[party.pk]}],
                    "other_names": [{"name": party.abbreviation, "note": ABBREVIATION}],
                },
            )
        )

    people_in_order = sorted(people.values(), key=lambda p: keys[p[0]])
    for person in people_in_order:
        pk, first_name, last_name = person[0], person[3], person[4]
        key = keys[pk]
        obj: dict[str, Any] = {"id": key}
        full_name = f"{first_name} {last_name}".strip()
        if full_name:
            obj["name"] = full_name
        if first_name:
            obj["given_name"] = first_name
        if last_name:
            obj["family_name"] = last_name
        for field_name, value in zip(PERSON_TEXT_FIELDS, person[8:], strict=True):
            if value:
                obj[field_name] = value
        obj["identifiers"] = [{"scheme": SCHEME, "identifier": key}]
        details = details_of.get(("person", pk), no_details)
        if details:
            obj["contact_details"] = details
        tagged.append(("persons", ("person", pk), obj))

    post_by_pk = {p[0]: p for p in posts}
    for post in sorted(posts, key=lambda p: post_order[p[0]]):
        (pk, unit_pk, title, reports_to_pk, single_holder, is_contact, order, valid_from, valid_to,
         employer_pk, deputy_pk) = post  # fmt: skip
        obj = {"id": post_ids[pk]}
        if title:
            obj["label"] = title
        obj["organization_id"] = unit_ids[unit_pk]
        if valid_from:
            obj["start_date"] = valid_from.isoformat()
        if valid_to:
            obj["end_date"] = valid_to.isoformat()
        details = details_of.get(("post", pk), no_details)
        if details:
            obj["contact_details"] = details
        extras = {"reports_to_id": post_ids[reports_to_pk]} if reports_to_pk in post_ids else {}
        if not single_holder:
            extras["single_holder"] = False
        if is_contact:
            extras["is_contact"] = True
        if order:
            extras["sort_order"] = order
        if employer_pk in unit_ids:
            extras["employed_by_id"] = unit_ids[employer_pk]
        if deputy_pk in post_ids:
            extras["deputy_id"] = post_ids[deputy_pk]
        if extras:
            obj["extras"] = extras
        tagged.append(("posts", ("post", pk), obj))

    # Holders of posts, numbered within each post.
    held: dict[int, list[Any]] = defaultdict(list)
    for a in appointments:
        held[a[1]].append(a)
    for post_pk in sorted(held, key=lambda pk: post_order[pk]):
        post = post_by_pk[post_pk]
        title, post_id, organization_id = post[2], post_ids[post_pk], unit_ids[post[1]]
        for n, (pk, _post_pk, person_pk, acting, valid_from, valid_to) in enumerate(held[post_pk], start=1):
            obj = {"id": f"{post_id}/holder/{n}", "person_id": keys[person_pk], "post_id": post_id}
            obj["organization_id"] = organization_id
            if title:
                obj["role"] = title
            if acting:
                obj["label"] = f"{ACTING_LABEL} {title}"
            if valid_from:
                obj["start_date"] = valid_from.isoformat()
            if valid_to:
                obj["end_date"] = valid_to.isoformat()
            tagged.append(("memberships", ("appointment", pk), obj))
    # Seats in groups, numbered within each group.
    by_group: dict[int, list[Any]] = defaultdict(list)
    for m in seats:
        by_group[m[1]].append(m)
    for group_pk in sorted(by_group, key=lambda pk: unit_slugs[pk]):
        prefix, organization_id = f"{slug}/membership/{unit_slugs[group_pk]}/", unit_ids[group_pk]
        for n, seat in enumerate(by_group[group_pk], start=1):
            (pk, _group_pk, person_pk, post_pk, member_group_pk, is_member, attendance, on_behalf_of_pk,
             role, order, valid_from, valid_to) = seat  # fmt: skip
            obj = {"id": f"{prefix}{n}"}
            if person_pk:
                obj["person_id"] = keys[person_pk]
            if post_pk:
                obj["post_id"] = post_ids[post_pk]
            if member_group_pk:
                obj["member"] = {"@type": "Organization", "id": unit_ids[member_group_pk]}
            obj["organization_id"] = organization_id
            if role:
                obj["role"] = role
            if on_behalf_of_pk:
                obj["on_behalf_of_id"] = tenant_keys[on_behalf_of_pk]
            elif person_pk and people[person_pk][5]:
                obj["on_behalf_of_id"] = party_keys[people[person_pk][5]]
            if valid_from:
                obj["start_date"] = valid_from.isoformat()
            if valid_to:
                obj["end_date"] = valid_to.isoformat()
            extras = {"sort_order": order} if order else {}
            # Written when they differ from what the role says.
            if is_member is not None and is_member != (role in MEMBER_ROLES):
                extras["is_member"] = is_member
            if attendance != Attendance.REGULAR and attendance not in (None, ""):
                extras["attendance"] = attendance
            if extras:
                obj["extras"] = extras
            tagged.append(("memberships", ("membership", pk), obj))
    # Party affiliations.
    for person in people_in_order:
        if person[5]:
            key = keys[person[0]]
            tagged.append(
                (
                    "memberships",
                    ("person:party", person[0]),
                    {
                        "id": f"{key}/party",
                        "person_id": key,
                        "organization_id": party_keys[person[5]],
                        "role": "member",
                    },
                )
            )
    # A collaboration's member municipalities (S3.1).
    for (
        pk,
        _collaboration,
        _municipality,
        collaboration_slug,
        municipality_slug,
        valid_from,
        valid_to,
    ) in sorted(links, key=lambda x: (x[3], x[4])):
        obj = {
            "id": f"{collaboration_slug}/member/{municipality_slug}",
            "member": {"@type": "Organization", "id": municipality_slug},
            "organization_id": collaboration_slug,
        }
        if valid_from:
            obj["start_date"] = valid_from.isoformat()
        if valid_to:
            obj["end_date"] = valid_to.isoformat()
        tagged.append(("memberships", ("collaboration_member", pk), obj))

    doc: dict[str, Any] = {"meta": {"generator": "Rådhus", "tenant": top}}
    for section in SECTIONS:
        doc[section] = []
    for section, _owner, obj in tagged:
        doc[section].append(obj)
    return doc, tagged, stored


def _remap(section: str, obj: dict[str, Any], ids: dict[str, dict[Any, Any]]) -> None:
    """Point ``obj``'s references at the ids the objects they name are written with."""
    for path, target in REFERENCES[section]:
        holders: list[Any] = [obj]
        for key in path[:-1]:
            if key == "*":  # each object of a list (an organization's oversights)
                holders = [item for h in holders if isinstance(h, list) for item in h]
            else:
                holders = [h.get(key) for h in holders if isinstance(h, dict)]
        for holder in holders:
            if isinstance(holder, dict) and isinstance(holder.get(path[-1]), str | int):
                value = holder[path[-1]]
                if value in ids[target]:
                    holder[path[-1]] = ids[target][value]


def _same(now: dict[str, Any], key: str, then: dict[str, Any]) -> bool:
    """Whether the registry writes ``key`` as it did when the record was made (``d``)."""
    return ("d" in then and key in now and now[key] == then["d"]) or ("d" not in then and key not in now)


def _given(obj: dict[str, Any], key: str, then: dict[str, Any]) -> None:
    if "g" in then:
        obj[key] = then["g"]
    else:
        obj.pop(key, None)


def _apply(
    doc: dict[str, Any], tagged: Tagged, records: dict[Owner, dict[str, Any]], document: dict[str, Any]
) -> dict[str, Any]:
    """Give back what imported documents said: each field as the document gave it while the
    registry still writes what it wrote then, then what belongs to no object of the registry."""
    if not records and not document:
        return doc  # nothing was imported: the registry's document as it is
    ids: dict[str, dict[Any, Any]] = {s: {} for s in SECTIONS}
    for section, owner, obj in tagged:
        then = records.get(owner, {}).get("id")
        if then is not None and _same(obj, "id", then):
            if "g" in then:
                ids[section][obj["id"]] = then["g"]
            _given(obj, "id", then)
    if any(ids.values()):
        for section, _owner, obj in tagged:
            _remap(section, obj, ids)
    dropped: set[int] = set()
    for _section, owner, obj in tagged:
        data = records.get(owner)
        if not data:
            continue
        if "$absent" in data and data["$absent"] == obj:
            dropped.add(id(obj))  # the document had no such object (a party membership)
            continue
        now = dict(obj)
        changes = [
            (key, then)
            for key, then in data.items()
            if key not in ("id", "$absent")
            and _same(now, key, then)
            and all(_same(now, k, t) for k, t in then.get("with", {}).items())
        ]
        for key, then in changes:
            _given(obj, key, then)
        # The registry's fields in its order, then the others in the order of their names.
        order = [k for k in now if k in obj] + sorted(k for k in obj if k not in now)
        reordered = {k: obj[k] for k in order}
        obj.clear()
        obj.update(reordered)
    if dropped:
        for section in SECTIONS:
            doc[section] = [obj for obj in doc[section] if id(obj) not in dropped]

    # Objects the registry has no place for, as the document gave them, while what they refer
    # to is still written (never a hidden person).
    known = {s: {o["id"] for o in doc[s] if isinstance(o.get("id"), str | int)} for s in SECTIONS}
    for section in ("organizations", "persons", "posts", "memberships"):
        for obj in document.get(section, []):
            if all(
                value is None or (isinstance(value, str | int) and value in known[target])
                for path, target in REFERENCES[section]
                if (value := _lookup(obj, path)) is not _ABSENT
            ):
                doc[section].append(obj)
                if isinstance(obj.get("id"), str | int):
                    known[section].add(obj["id"])
    for key, value in sorted(document.get("top", {}).items()):
        if key not in doc:
            doc[key] = value
    return doc


_ABSENT = object()


def _lookup(obj: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if key == "*" or not isinstance(obj, dict) or key not in obj:
            return _ABSENT
        obj = obj[key]
    return obj


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
    # A phone number is read in the organisation's region once that is known (``_phones``);
    # one that cannot be read there is kept only in the document's record.
    phone: bool = False
    kept: bool = True


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
    responsibilities: list[ResponsibilityIn] = field(default_factory=list)
    overseen_by: list[OversightIn] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass
class ResponsibilityIn:
    path: str
    name: str
    description: str = ""
    sort_order: int = 0
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


@dataclass
class OversightIn:
    path: str
    overseer_id: str
    kind: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


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
    fields: dict[str, str] = field(default_factory=dict)  # sort_name, gender, summary…
    raw: dict[str, Any] = field(default_factory=dict)


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
    employed_by_id: str | None = None
    deputy_id: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)


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
    role_text: str = ""
    is_member: bool | None = None
    attendance: str = Attendance.REGULAR
    raw: dict[str, Any] = field(default_factory=dict)


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

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

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
            self.date(detail, "valid_from", here)
            self.date(detail, "valid_until", here, end=True)
            kind = CONTACT_KINDS.get(_words(kind_text))
            if kind is None:
                self.warn(
                    f"{here}.type",
                    _("“%(type)s” is not a kind of contact Rådhus shows; kept only for the exchange.")
                    % {"type": kind_text},
                )
                continue
            if kind == ContactKind.PHONE and ("switchboard" in note or "växel" in note):
                kind = ContactKind.SWITCHBOARD
            if kind == ContactKind.VISITING_ADDRESS and "post" in note:
                kind = ContactKind.POSTAL_ADDRESS
            if kind in PHONE_KINDS:
                out.append(ContactIn(here, kind, value, label, phone=True))
            else:
                out.append(ContactIn(here, kind, self._contact_value(kind, value, f"{here}.value"), label))
        return out

    def phone(self, contact: ContactIn, region: str) -> None:
        """Read a phone number in ``region`` (a number written with its country code is read
        anywhere) as E.164; one that cannot be read is kept as text in the document's record,
        with a warning, not refused."""
        try:
            number = phonenumbers.parse(contact.value, region)
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            contact.kept = False
            self.warn(
                f"{contact.path}.value",
                _("“%(value)s” is not a phone number in %(region)s; kept as text only for the exchange.")
                % {"value": contact.value, "region": region},
            )
            return
        mobile_types = {
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        }
        if contact.kind == ContactKind.MOBILE and phonenumbers.number_type(number) not in mobile_types:
            # The registry keeps mobiles as mobiles only; a number the document calls a mobile
            # that is not one in this region is kept as a phone number, with a warning.
            contact.kind = ContactKind.PHONE
            self.warn(
                f"{contact.path}.value",
                _("“%(value)s” is not a mobile number in %(region)s; kept as a phone number.")
                % {"value": contact.value, "region": region},
            )
        contact.value = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def _contact_value(self, kind: str, value: str, path: str) -> str:
        try:
            if kind == ContactKind.EMAIL:
                validate_email(value.removeprefix("mailto:"))
                return value.removeprefix("mailto:")
            if kind == ContactKind.WEB:
                URLValidator()(value)
        except ValidationError:
            message = (
                _("Enter a valid e-mail address.")
                if kind == ContactKind.EMAIL
                else _("Enter a valid web address.")
            )
            self.error(path, message)
        return value


def _split_name(name: str, sort_name: str | None) -> tuple[str, str]:
    """The given and family names when the document gives neither: from ``sort_name`` when it
    has the family name first (“Lindberg, Lisa A”), else the last word of the name is the
    family name (“Lisa A Lindberg”). The document's own fields are never guessed over, and the
    export leaves a guess out while it stands (``PopoloRecord``)."""
    if sort_name and "," in sort_name:
        family, given = (part.strip() for part in sort_name.split(",", 1))
        if family:
            return given, family
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
            raw=obj,
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
            abbreviation = normalise_line(name)[:10] if len(normalise_line(name)) <= 10 else ""
            abbreviation = abbreviation or "".join(w[0] for w in name.split() if w).upper()[:10]
        return OrgIn(path, org_id, name, "party", key=key, abbreviation=abbreviation, raw=obj)

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
        raw=obj,
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
    for i, item in enumerate(r.array(extras, "responsibilities", f"{path}.extras")):
        here = f"{path}.extras.responsibilities[{i}]"
        if not isinstance(item, dict):
            r.error(here, _("Must be an object."))
            continue
        area = r.text(item, "name", here, required=True)
        description = r.text(item, "description", here) or ""
        sort_order = r.integer(item, "sort_order", here)
        valid_from, valid_to = r.period(item, here)
        if area is not None:
            org.responsibilities.append(
                ResponsibilityIn(here, area, description, sort_order, valid_from, valid_to)
            )
    for i, item in enumerate(r.array(extras, "overseen_by", f"{path}.extras")):
        here = f"{path}.extras.overseen_by[{i}]"
        if not isinstance(item, dict):
            r.error(here, _("Must be an object."))
            continue
        overseer_id = r.ref(item, "organization_id", here)
        if overseer_id is None:
            r.error(f"{here}.organization_id", _("This field is required."))
        kind = r.text(item, "kind", here)
        if kind is not None and kind not in OversightKind.values:
            r.error(
                f"{here}.kind",
                _("“%(value)s” is not a kind of oversight Rådhus knows: committee, company or federation.")
                % {"value": kind},
            )
            kind = None
        valid_from, valid_to = r.period(item, here)
        if overseer_id is not None:
            org.overseen_by.append(OversightIn(here, overseer_id, kind, valid_from, valid_to))
    return org


# Popolo fields of a person that are fields of ``Person`` of the same name.
PERSON_TEXT_FIELDS = ("sort_name", "gender", "summary", "biography", "image")


def _read_person(r: _Reader, path: str, obj: dict[str, Any]) -> PersonIn | None:
    person_id = r.ref(obj, "id", path)
    if person_id is None:
        r.error(f"{path}.id", _("This field is required."))
    given = r.text(obj, "given_name", path)
    family = r.text(obj, "family_name", path)
    name = r.text(obj, "name", path)
    sort_name = r.text(obj, "sort_name", path)
    if family is None and name is None:
        r.error(f"{path}.name", _("A person needs a name."))
        return None
    if family is None:
        guessed_given, family = _split_name(name, sort_name)  # type: ignore[arg-type]
        if given and name and name.startswith(given + " "):
            family = name[len(given) :].strip()
        given = given or guessed_given
    elif given is None and name and name.endswith(" " + family):
        given = name[: -len(family)].strip()
    key = r.radhus_key(obj, path)
    match = KEY_PERSON.match(key) if key else None
    contacts = r.contacts(obj, path)
    email = r.text(obj, "email", path)
    if email:
        value = r._contact_value(ContactKind.EMAIL, email, f"{path}.email")
        # The same address as an e-mail of contact_details is one contact point, not two.
        if not any(c.kind == ContactKind.EMAIL and c.value.lower() == value.lower() for c in contacts):
            contacts.append(ContactIn(f"{path}.email", ContactKind.EMAIL, value, ""))
    fields = {}
    for key_name in PERSON_TEXT_FIELDS:
        value = r.text(obj, key_name, path)
        if value is not None:
            fields[key_name] = value
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
        fields=fields,
        raw=obj,
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
        employed_by_id=r.ref(extras, "employed_by_id", here),
        deputy_id=r.ref(extras, "deputy_id", here),
        raw=obj,
    )


def _read_membership(r: _Reader, path: str, obj: dict[str, Any]) -> MembershipIn | None:
    r.ref(obj, "id", path)  # optional, but an id when given
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
        role_text=role,
        raw=obj,
    )
    if "is_member" in extras:
        m.is_member = r.boolean(extras, "is_member", f"{path}.extras", True)
    attendance = r.text(extras, "attendance", f"{path}.extras")
    if attendance is not None and attendance not in Attendance.values:
        r.error(
            f"{path}.extras.attendance",
            _("“%(value)s” is not an attendance Rådhus knows: regular, optional or when_needed.")
            % {"value": attendance},
        )
    elif attendance is not None:
        m.attendance = attendance
    if member_id is not None:
        m.kind = "collaboration"  # or a whole group in a group: told apart once all are read
    elif person_id is not None and post_id is not None:
        m.kind = "appointment"
        m.acting = label.lower().startswith("vik") or _words(role) in {"acting", "vik.", "vikarierande"}
    elif person_id is None and post_id is None:
        r.error(path, _("A membership needs a person_id or a post_id."))
        return None
    else:
        _seat_role(r, m)
    return m


def _seat_role(r: _Reader, m: MembershipIn) -> None:
    """The role of a seat: one Rådhus knows, else member with a warning (kept as given)."""
    words = _words(m.role_text)
    m.role = ROLES.get(words, MembershipRole.MEMBER)
    if m.role_text and words not in ROLES:
        r.warn(
            f"{m.path}.role",
            _("“%(value)s” is not a role Rådhus knows: shown as member, kept as given for the exchange.")
            % {"value": m.role_text},
        )


# Import: checking references and writing -------------------------------------------------------


@dataclass
class _Document:
    tenant_org: OrgIn | None
    orgs: dict[str, OrgIn]
    persons: dict[str, PersonIn]
    posts: dict[str, PostIn]
    memberships: list[MembershipIn]
    # What the registry has no place for, kept as given: the document's other top-level fields
    # (areas, events, sources…) and posts and memberships of a whole organisation or a party.
    top: dict[str, Any] = field(default_factory=dict)
    verbatim: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {"posts": [], "memberships": []}
    )


def _unstorable(r: _Reader, data: Any) -> None:
    """Refuse, with its path, any text no database stores (NUL, a lone surrogate) and any
    number JSON cannot write back (NaN, infinity), anywhere in the document: what the registry
    has no field for is kept too."""
    seen = {p.path for p in r.problems}
    stack: list[tuple[Any, str]] = [(data, "$")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict):
            for key, child in value.items():
                here = f"{path}.{key}"
                if UNSTORABLE.search(key) and here not in seen:
                    r.error(here, _("Contains a character that cannot be stored (NUL or a lone surrogate)."))
                stack.append((child, here))
        elif isinstance(value, list):
            stack.extend((child, f"{path}[{i}]") for i, child in enumerate(value))
        elif isinstance(value, str) and UNSTORABLE.search(value) and path not in seen:
            r.error(path, _("Contains a character that cannot be stored (NUL or a lone surrogate)."))
        elif isinstance(value, float) and not math.isfinite(value) and path not in seen:
            r.error(path, _("Must be a finite number."))


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
        top={k: v for k, v in data.items() if k not in (*SECTIONS, "meta")},
    )
    _unstorable(r, data)

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
        for oversight in org.overseen_by:
            if oversight.overseer_id not in units:
                r.error(
                    f"{oversight.path}.organization_id",
                    _("No organization with this id among the units."),
                )
    for org in units.values():
        seen, node = set(), org
        while node is not None and node.parent_id in units:
            if node.id in seen:
                r.error(f"{org.path}.parent_id", _("The organizations' parents go round in a circle."))
                break
            seen.add(node.id)
            node = units[node.parent_id]  # type: ignore[index]
    verbatim_posts: set[str] = set()
    for post in list(doc.posts.values()):
        if post.organization_id in doc.orgs and post.organization_id not in units:
            # A post of the whole organisation or of a party (a mayor of the city, a party
            # leader): Rådhus keeps posts in units, so it is kept only as given.
            r.warn(
                post.path,
                _(
                    "A post of the whole organisation or of a party; Rådhus keeps posts in units: kept as given for the exchange."
                ),
            )
            doc.verbatim["posts"].append(post.raw)
            verbatim_posts.add(post.id)
            del doc.posts[post.id]
        elif post.organization_id not in units:
            r.error(f"{post.path}.organization_id", _("No organization with this id among the units."))
        if post.reports_to_id is not None and post.reports_to_id not in doc.posts:
            r.error(f"{post.path}.extras.reports_to_id", _("No post with this id."))
        if post.deputy_id is not None and post.deputy_id not in doc.posts:
            r.error(f"{post.path}.extras.deputy_id", _("No post with this id."))
        if post.employed_by_id is not None and post.employed_by_id not in units:
            r.error(f"{post.path}.extras.employed_by_id", _("No organization with this id among the units."))
    # Each person's parties: (starts, ends, membership, party, whether a membership of the party).
    parties: dict[str, list[tuple[dt.date, dt.date, MembershipIn, OrgIn, bool]]] = defaultdict(list)
    for m in doc.memberships:
        if m.post_id in verbatim_posts:
            m.kind = "verbatim"
            doc.verbatim["memberships"].append(m.raw)
            if m.person_id is not None and m.person_id not in doc.persons:
                r.error(f"{m.path}.person_id", _("No person with this id."))
            continue
        if m.person_id is not None and m.person_id not in doc.persons:
            r.error(f"{m.path}.person_id", _("No person with this id."))
        if m.post_id is not None and m.post_id not in doc.posts:
            r.error(f"{m.path}.post_id", _("No post with this id."))
        org = doc.orgs.get(m.organization_id) if m.organization_id else None
        if m.organization_id is not None and org is None:
            r.error(f"{m.path}.organization_id", _("No organization with this id."))
        if m.kind == "collaboration" and m.member_id in units:
            # A whole group included in a group (S2.4): a seat held by the group.
            m.kind = "seat"
            _seat_role(r, m)
            if m.person_id is not None or m.post_id is not None:
                r.error(m.path, _("A membership is held by one person, one post or one group."))
            if org is not None and org.role != "unit":
                r.error(
                    f"{m.path}.organization_id",
                    _("A group is included in a group: give the id of one among the units."),
                )
        if m.kind == "collaboration":
            member = doc.orgs.get(m.member_id)  # type: ignore[arg-type]
            if member is None:
                r.error(f"{m.path}.member.id", _("No organization with this id."))
            elif member.role != "tenant":
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
                    _(
                        "A membership of the whole organisation; Rådhus keeps seats in units: kept as "
                        "given for the exchange."
                    ),
                )
                m.kind = "verbatim"
                doc.verbatim["memberships"].append(m.raw)
            elif org is None and m.organization_id is None:
                r.error(f"{m.path}.organization_id", _("A seat belongs to a group: give its id."))
        if m.kind == "seat" and m.role == MembershipRole.MEMBER and m.is_member is False:
            r.error(f"{m.path}.extras.is_member", _("A seat with the role member is a member."))
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
            parties[m.person_id].append(
                (m.valid_from or EARLIEST_DATE, m.valid_to or LATEST_DATE, m, party, m.kind == "party")
            )
    # A person has one party in Rådhus: that of the party membership that lasts longest (the
    # present one), else that of the latest seat held for a party. Parties are never merged:
    # the document's other party memberships are kept as given.
    for person_id, candidates in parties.items():
        memberships = [c for c in candidates if c[4]]
        chosen = max(memberships or candidates, key=lambda c: (c[1], c[0]))
        if person_id in doc.persons:
            doc.persons[person_id].party_id = chosen[3].id
        for c in memberships:
            if c is not chosen:
                c[2].kind = "verbatim"
                doc.verbatim["memberships"].append(c[2].raw)
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
    "employed_by": "extras.employed_by_id",
    "deputy": "extras.deputy_id",
    "sort_order": "extras.sort_order",
}
RESPONSIBILITY_FIELDS = {"valid_from": "start_date", "valid_to": "end_date"}
OVERSIGHT_FIELDS = {
    "overseer": "organization_id",
    "overseen": "kind",
    "valid_from": "start_date",
    "valid_to": "end_date",
}
MEMBERSHIP_FIELDS = {
    "valid_from": "start_date",
    "valid_to": "end_date",
    "person": "person_id",
    "post": "post_id",
    "group": "organization_id",
    "on_behalf_of": "on_behalf_of_id",
    "member_group": "member.id",
    "is_member": "extras.is_member",
    "attendance": "extras.attendance",
    "sort_order": "extras.sort_order",
}
PERSON_FIELDS = {
    "first_name": "given_name",
    "last_name": "family_name",
    **{name: name for name in PERSON_TEXT_FIELDS},
}
CONTACT_FIELDS = {"value": "value", "kind": "type", "label": "label"}


def region_of(tenant: Tenant | None) -> str:
    """The region phone numbers are read in: the organisation's country (Sweden unless it says
    otherwise). The one place that reads it."""
    return getattr(tenant, "country", "SE") or "SE"


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


def import_document(
    data: Any,
    *,
    actor: Actor = None,
    tenant_slug: str | None = None,
    create: bool = False,
    tenant_name: str | None = None,
    region: str | None = None,
) -> ImportResult:
    """Check the whole document, then write it in one transaction through the services. Raises
    ``PopoloError`` with every problem (and writes nothing) when anything is wrong; what can be
    read but not shown (a phone number of no known region, a role Rådhus does not know) is a
    warning of the result, and kept for the export.

    ``tenant_slug`` names the organisation to import into; with ``create`` it is created when
    there is none (named ``tenant_name``, else as the document names it). Phone numbers are
    read in ``region`` (a country code such as ``FI``), else in the organisation's."""
    r = _Reader()
    doc = _read(r, data, tenant_slug)
    main: Tenant | None = None
    if region is not None and region.upper() not in phonenumbers.SUPPORTED_REGIONS:
        r.error("$", _("“%(region)s” is not a country code such as SE or FI.") % {"region": region})
    if tenant_slug is not None:
        main = Tenant.objects.filter(slug=tenant_slug).first()
        if main is None and not create:
            r.error("$", _("No organisation with the address “%(slug)s”.") % {"slug": tenant_slug})
        if main is None and create and not (tenant_name or doc.tenant_org):
            r.error("$", _("Name the new organisation (--name): the document does not."))
    elif doc.tenant_org is not None:
        org = doc.tenant_org
        main = Tenant.objects.filter(slug=org.slug or _slug(org.name, "x")).first()
        if main is None and org.municipality_code:
            main = Tenant.objects.filter(municipality_code=org.municipality_code).first()
    _check(r, doc, main)
    if r.problems:
        raise PopoloError(r.problems)
    with transaction.atomic():
        writer = _Writer(r, doc, actor, region.upper() if region else None)
        if main is None and tenant_slug is not None:
            main = writer.attempt(
                "$",
                {"slug": "id", "name": "name"},
                lambda: core_services.tenant_create(
                    actor=actor,
                    name=tenant_name or doc.tenant_org.name,  # type: ignore[union-attr]
                    slug=tenant_slug,
                    kind=doc.tenant_org.tenant_kind if doc.tenant_org else Tenant.Kind.MUNICIPALITY,
                ),
            )
            writer.counts["organisations"] += main is not None
        result = writer.write(main, data) if not r.problems else None
        if r.problems:
            transaction.set_rollback(True)
    if r.problems or result is None:
        raise PopoloError(r.problems)
    return result


class _Writer:
    """Writes a checked document through the services, in the order references need: the
    organisations and parties, people, units, posts, then holders and seats; then what the
    document said that the registry has no field for (``PopoloRecord``). A rule broken on the
    way is noted with the path of what broke it, and what depends on it is skipped."""

    def __init__(self, r: _Reader, doc: _Document, actor: Actor, region: str | None = None) -> None:
        self.r = r
        self.doc = doc
        self.actor = actor
        self.region = region
        self.counts: dict[str, int] = defaultdict(int)
        self.tenants: dict[str, Tenant] = {}  # by document id
        self.tenant_slugs: dict[str, Tenant] = {}  # by the slug in a Rådhus id
        self.parties: dict[str, Party] = {}
        self.people: dict[str, Person] = {}
        self.units: dict[str, Unit] = {}
        self.posts: dict[str, Post] = {}
        self.owners: dict[str, Owner] = {}  # the path of each object read → what it became

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

    def write(self, main: Tenant | None, data: dict[str, Any]) -> ImportResult | None:
        main = self.organisations(main)
        if main is None:
            self.r.error(
                "$.organizations", _("Cannot tell which organisation this is: name it with --tenant.")
            )
            return None
        region = self.region or region_of(main)
        for item in [*self.doc.orgs.values(), *self.doc.persons.values(), *self.doc.posts.values()]:
            for c in getattr(item, "contacts", []):
                if c.phone:
                    self.r.phone(c, region)
        self.write_parties(main)
        self.write_people(main)
        self.write_units(main)
        self.write_unit_relations()
        self.write_posts()
        self.write_memberships()
        if self.r.problems:
            return None
        self.write_records(main, data)
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
            if org.id in self.tenants:
                self.owners[org.path] = ("organisation", self.tenants[org.id].pk)
                if org.slug:
                    self.tenant_slugs[org.slug] = self.tenants[org.id]
        if main is None and self.doc.tenant_org is not None:
            main = self.tenants.get(self.doc.tenant_org.id)
        if main is not None and self.doc.tenant_org and self.doc.tenant_org.slug:
            self.tenant_slugs[self.doc.tenant_org.slug] = main
        return main

    def write_parties(self, main: Tenant) -> None:
        """A party is the same as one in the registry only by its Rådhus id (``party/S``), by an
        identifier of another scheme, or by the id an earlier document of this organisation gave
        it; never by its name, and an existing party is never renamed. A new party whose
        abbreviation another party has gets one of its own (the document's is given back)."""
        known: dict[tuple[Any, ...], int] = {}
        for record in PopoloRecord.objects.filter(party__isnull=False).only("tenant_id", "party_id", "data"):
            data = record.data
            given_id = data.get("id", {}).get("g")
            if isinstance(given_id, str | int):
                known[("id", record.tenant_id, given_id)] = record.party_id  # type: ignore[assignment]
            for scheme, value in _other_identifiers(data.get("identifiers", {}).get("g")):
                known[("identifier", scheme, value)] = record.party_id  # type: ignore[assignment]
        for org in self.doc.orgs.values():
            if org.role != "party":
                continue
            party = None
            if org.key and KEY_PARTY.match(org.key):
                party = Party.objects.filter(abbreviation=org.abbreviation).first()
            else:
                candidates = [("id", main.pk, org.id)] + [
                    ("identifier", scheme, value)
                    for scheme, value in _other_identifiers(org.raw.get("identifiers"))
                ]
                pk = next((known[c] for c in candidates if c in known), None)
                party = Party.objects.filter(pk=pk).first() if pk else None
            if party is None:
                abbreviation = self.free_abbreviation(org)
                party = self.attempt(
                    org.path,
                    {"abbreviation": "other_names", "name": "name"},
                    lambda o=org, a=abbreviation: services.party_create(
                        tenant=main, actor=self.actor, abbreviation=a, name=o.name
                    ),
                )
            if party is not None:
                self.parties[org.id] = party
                self.owners[org.path] = ("party", party.pk)

    def free_abbreviation(self, org: OrgIn) -> str:
        wanted = org.abbreviation[:10] or "?"
        taken = set(
            Party.objects.filter(abbreviation__startswith=wanted[:7]).values_list("abbreviation", flat=True)
        )
        if wanted not in taken:
            return wanted
        n = 2
        while f"{wanted[:7]}-{n}" in taken:
            n += 1
        self.r.warn(
            f"{org.path}.other_names",
            _("Another party is called %(abbreviation)s in Rådhus; this one is %(new)s there.")
            % {"abbreviation": wanted, "new": f"{wanted[:7]}-{n}"},
        )
        return f"{wanted[:7]}-{n}"

    def write_people(self, main: Tenant) -> None:
        """A Rådhus person already in the database (the same address in the same organisation)
        is the same person; everyone else is added."""
        for p in self.doc.persons.values():
            owner = self.tenant_slugs.get(p.tenant_slug or "", main)
            if p.slug:
                existing = Person.objects.filter(tenant=owner, slug=p.slug).first()
                if existing is not None:
                    self.people[p.id] = existing
                    self.owners[p.path] = ("person", existing.pk)
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
            self.owners[p.path] = ("person", person.pk)
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
            self.owners[org.path] = ("unit", unit.pk)
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

    def write_unit_relations(self) -> None:
        """Each unit's responsibilities in the document's order, then oversight, once every
        unit is there."""
        for org in self.doc.orgs.values():
            unit = self.units.get(org.id)
            if unit is None:
                continue
            for item in org.responsibilities:
                created = self.attempt(
                    item.path,
                    RESPONSIBILITY_FIELDS,
                    lambda unit=unit, item=item: services.responsibility_add(
                        unit=unit,
                        actor=self.actor,
                        name=item.name,
                        description=item.description,
                        sort_order=item.sort_order,
                        valid_from=item.valid_from,
                        valid_to=item.valid_to,
                    ),
                )
                self.counts["responsibilities"] += created is not None
        for org in self.doc.orgs.values():
            unit = self.units.get(org.id)
            for item in org.overseen_by if unit is not None else []:
                overseer = self.units.get(item.overseer_id)
                if overseer is None:
                    continue  # a unit that failed; that problem is already noted
                created = self.attempt(
                    item.path,
                    OVERSIGHT_FIELDS,
                    lambda unit=unit, item=item, overseer=overseer: services.oversight_create(
                        overseer=overseer,
                        overseen=unit,
                        actor=self.actor,
                        kind=item.kind,
                        valid_from=item.valid_from,
                        valid_to=item.valid_to,
                    ),
                )
                self.counts["oversights"] += created is not None

    def write_posts(self) -> None:
        """In the document's order; superiors and deputies once all posts are there."""
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
                    employed_by=self.units.get(p.employed_by_id) if p.employed_by_id else None,
                ),
            )
            if post is None:
                continue
            self.posts[p.id] = post
            self.owners[p.path] = ("post", post.pk)
            self.counts["posts"] += 1
            for c in p.contacts:
                self.contact_add(post, c)
        for p in self.doc.posts.values():
            fields = {
                name: self.posts[ref]
                for name, ref in (("reports_to", p.reports_to_id), ("deputy", p.deputy_id))
                if ref in self.posts
            }
            if p.id in self.posts and fields:
                self.attempt(
                    p.path,
                    POST_FIELDS,
                    lambda p=p, fields=fields: services.post_update(
                        post=self.posts[p.id], actor=self.actor, **fields
                    ),
                )

    def write_memberships(self) -> None:
        """Holders of posts, seats in groups and a collaboration's members, in the document's
        order (a party membership was read as the person's party)."""
        for m in self.doc.memberships:
            person = self.people.get(m.person_id) if m.person_id else None
            post = self.posts.get(m.post_id) if m.post_id else None
            included = self.units.get(m.member_id) if m.kind == "seat" and m.member_id else None
            if (m.person_id and person is None) or (m.post_id and post is None):
                continue  # a person or post that failed, or one kept only as given
            if m.kind == "seat" and m.member_id and included is None:
                continue  # a group that failed
            if m.kind == "party" and person is not None:
                self.owners[m.path] = ("person:party", person.pk)
            elif m.kind == "appointment":
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
                if created is not None:
                    self.owners[m.path] = ("appointment", created.pk)
            elif m.kind == "seat" and m.organization_id in self.units:
                group = self.units[m.organization_id]  # type: ignore[index]
                behalf = self.tenants.get(m.on_behalf_of_id) if m.on_behalf_of_id else None
                created = self.attempt(
                    m.path,
                    MEMBERSHIP_FIELDS,
                    lambda m=m, group=group, person=person, post=post, behalf=behalf, included=included: (
                        services.membership_create(
                            group=group,
                            actor=self.actor,
                            role=m.role,
                            person=person,
                            post=post,
                            member_group=included,
                            is_member=m.is_member,
                            attendance=m.attendance,
                            on_behalf_of=behalf,
                            valid_from=m.valid_from,
                            valid_to=m.valid_to,
                            sort_order=m.sort_order,
                        )
                    ),
                )
                self.counts["memberships"] += created is not None
                if created is not None:
                    self.owners[m.path] = ("membership", created.pk)
            elif m.kind == "collaboration":
                collaboration = self.tenants.get(m.organization_id)  # type: ignore[arg-type]
                municipality = self.tenants.get(m.member_id)  # type: ignore[arg-type]
                if collaboration is None or municipality is None:
                    continue
                link = CollaborationMember.objects.filter(
                    collaboration=collaboration, municipality=municipality
                ).first()
                if link is None:
                    link = self.attempt(
                        m.path,
                        MEMBERSHIP_FIELDS,
                        lambda m=m, c=collaboration, mu=municipality: _collaboration_member_add(
                            c, mu, m, self.actor
                        ),
                    )
                if link is not None:
                    self.owners[m.path] = ("collaboration_member", link.pk)

    def contact_add(self, owner: Unit | Post | Person, c: ContactIn) -> None:
        if not c.kept:
            return
        created = self.attempt(
            c.path,
            CONTACT_FIELDS,
            lambda: services.contact_point_add(
                owner=owner, actor=self.actor, kind=c.kind, value=c.value, label=c.label
            ),
        )
        self.counts["contact points"] += created is not None

    def write_records(self, main: Tenant, data: dict[str, Any]) -> None:
        """Compare what the export now writes for each object read with what the document gave,
        and keep every difference (``PopoloRecord``): fields the registry has no place for,
        and fields it writes otherwise (an id of another scheme, ``Mayor`` for a role, a date
        given as a year). Our own documents differ in nothing and leave no record."""
        recorded = {o for o in self.owners.values() if o[0] in ("organisation", "party")}
        _derived, tagged, _stored = _derive(main, recorded)
        by_owner = {owner: obj for _section, owner, obj in tagged}
        given: list[tuple[str, Owner, dict[str, Any]]] = []
        for section in SECTIONS:
            for i, obj in enumerate(data.get(section) or []):
                owner = self.owners.get(f"$.{section}[{i}]")
                if owner is not None and owner in by_owner and isinstance(obj, dict):
                    given.append((section, owner, obj))
        records: dict[Owner, dict[str, Any]] = {}
        ids: dict[str, dict[Any, Any]] = {s: {} for s in SECTIONS}
        for section, owner, obj in given:
            now = by_owner[owner]
            if now.get("id") != obj.get("id", _ABSENT):
                records.setdefault(owner, {})["id"] = _then(now, obj, "id")
                if "id" in obj:
                    ids[section][now["id"]] = obj["id"]
        for section, _owner, obj in tagged:
            _remap(section, obj, ids)
        party_of = {owner for _s, owner, _o in given if owner[0] == "person:party"}
        for section, owner, obj in given:
            now = by_owner[owner]
            data_of = records.setdefault(owner, {})
            for key in [*now, *(k for k in obj if k not in now)]:
                if key != "id" and now.get(key, _ABSENT) != obj.get(key, _ABSENT):
                    data_of[key] = _then(now, obj, key)
            if section == "persons" and "email" in data_of and "contact_details" in now:
                data_of["email"]["with"] = {"contact_details": {"d": now["contact_details"]}}
            elif section == "persons" and "email" in data_of:
                data_of["email"]["with"] = {"contact_details": {}}
        # A party the registry gives a person of the document, which it gave as no membership
        # (only as the party a seat was held for): left out while the person's party stands.
        people = {p.pk for p in self.people.values()}
        for _section, owner, obj in tagged:
            if owner[0] == "person:party" and owner not in party_of and owner[1] in people:
                records.setdefault(owner, {})["$absent"] = obj
        records = {owner: d for owner, d in records.items() if d}
        document = {"top": self.doc.top, **self.doc.verbatim}
        existing = PopoloRecord.objects.filter(tenant=main)
        old = existing.filter(**{f: None for f in PopoloRecord.OWNERS}).first()
        if old is not None:
            document = {
                "top": {**old.data.get("top", {}), **document["top"]},
                **{s: [*old.data.get(s, []), *document[s]] for s in ("posts", "memberships")},
            }
            old.delete()
        rows = [PopoloRecord(tenant=main, data=document)] if any(document.values()) else []
        replace = existing.exists()  # what an earlier document said of the same objects
        for (kind, pk), record_data in records.items():
            name, _sep, part = kind.partition(":")
            if replace:
                existing.filter(part=part, **{f"{name}_id": pk}).delete()
            rows.append(PopoloRecord(tenant=main, part=part, data=record_data, **{f"{name}_id": pk}))
        PopoloRecord.objects.bulk_create(rows)


def _other_identifiers(identifiers: Any) -> list[tuple[str, str]]:
    """(scheme, identifier) of each identifier of another scheme than Rådhus' own."""
    return [
        (i["scheme"], i["identifier"])
        for i in (identifiers if isinstance(identifiers, list) else [])
        if isinstance(i, dict)
        and isinstance(i.get("scheme"), str)
        and isinstance(i.get("identifier"), str)
        and i["scheme"] != SCHEME
    ]


def _then(now: dict[str, Any], given: dict[str, Any], key: str) -> dict[str, Any]:
    """What the registry writes for ``key`` (``d``) and what the document gave (``g``)."""
    out = {}
    if key in now:
        out["d"] = now[key]
    if key in given:
        out["g"] = given[key]
    return out


def _person_create(p: PersonIn, tenant: Tenant, party: Party | None, actor: Actor) -> Person:
    # Keep the person's address from the document, so links to the page stay the same.
    return services.person_create(
        tenant=tenant,
        actor=actor,
        first_name=p.first_name,
        last_name=p.last_name,
        party=party,
        slug=p.slug or "",
        **p.fields,
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
