"""Every change to the organisation: keyword-only, one transaction, audited.

Rules live here (and in database constraints), so forms, the API and commands behave alike.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from radhus.core import audit
from radhus.core.audit import Actor
from radhus.core.collation import swedish_sort_key
from radhus.core.integrity import constraints_as_errors
from radhus.core.locking import lock, lock_tenant
from radhus.core.lookup import seat_people
from radhus.core.models import Tenant
from radhus.core.validators import check_date_in_range
from radhus.organisation.models import (
    MEMBER_ROLES,
    Appointment,
    Attendance,
    ContactPoint,
    DecisionStep,
    Membership,
    Oversight,
    OversightKind,
    Party,
    Person,
    Post,
    PostDocument,
    PostDocumentVersion,
    Reorganisation,
    ReorganisationKind,
    ReorganisationUnit,
    Responsibility,
    Unit,
    UnitChange,
)

DAY = dt.timedelta(days=1)

UNIT_FIELDS = [
    "kind",
    "name",
    "short_name",
    "purpose",
    "parent",
    "place",
    "responsible_body",
    "page_owner",
    "valid_from",
    "valid_to",
    "sort_order",
]
POST_FIELDS = [
    "title",
    "unit",
    "reports_to",
    "single_holder",
    "is_contact",
    "valid_from",
    "valid_to",
    "sort_order",
    "employed_by",
    "deputy",
]
# What Popolo says of a person besides the name (an import keeps it; issue 8).
PERSON_PROFILE_FIELDS = ["sort_name", "gender", "summary", "biography", "image"]
PERSON_FIELDS = ["first_name", "last_name", "party", "is_public", *PERSON_PROFILE_FIELDS]


def _unique_slug(model: type[models.Model], tenant: Tenant, text: str, exclude_pk: int | None = None) -> str:
    base = slugify(text.replace("å", "a").replace("ä", "a").replace("ö", "o"))[:100] or "x"
    slug, n = base, 2
    qs = model._default_manager.filter(tenant=tenant)  # type: ignore[attr-defined]
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check_same_tenant(tenant: Tenant, field: str, obj: Any, *, allowed: models.Q | None = None) -> None:
    """``obj`` must belong to ``tenant``; with ``allowed``, it must match that explicit rule
    instead (``lookup.seat_people``: a collaboration's seats, S3.3). A check for callers that
    did not resolve their ids through ``radhus.core.lookup``."""
    if obj is None:
        return
    if allowed is None:
        ok = obj.tenant_id == tenant.pk
    else:
        ok = type(obj)._default_manager.filter(allowed, pk=obj.pk).exists()
    if not ok:
        raise ValidationError({field: _("Must belong to the same organisation.")}, code="other_tenant")


def _cycle_error(field: str, obj: models.Model, on: dt.date | None) -> ValidationError:
    if on is None:
        message = _("This would make a cycle: “%(name)s” would be under itself.") % {"name": obj}
    else:
        message = _("This would make a cycle: “%(name)s” would be under itself on %(date)s.") % {
            "name": obj,
            "date": on.isoformat(),
        }
    return ValidationError({field: ValidationError(message, code="cycle")})


def _reaches(parents: dict[int, int | None], start: int) -> bool:
    """Whether walking up from ``start`` comes back to it. A cycle elsewhere stops the walk."""
    seen: set[int] = set()
    node = parents.get(start)
    while node is not None and node not in seen:
        if node == start:
            return True
        seen.add(node)
        node = parents.get(node)
    return False


def _check_unit_not_under_itself(unit: Unit, field: str = "parent") -> None:
    """No unit is under itself on any date. The rows hold the latest parents and each move the
    parent it replaced (as ``selectors.units_as_of`` reads them), so the tree is checked as it
    stands from the latest move on, and again before each move, back to the first: every date
    on which a parent changes is a boundary. Called after the write, under the tenant lock."""
    parents: dict[int, int | None] = dict(
        Unit.objects.filter(tenant_id=unit.tenant_id).values_list("pk", "parent_id")
    )
    moves = list(
        UnitChange.objects.filter(reorganisation__tenant_id=unit.tenant_id, field=UnitChange.Field.PARENT)
        .order_by("-reorganisation__effective_date", "-id")
        .values_list("reorganisation__effective_date", "unit_id", "old_parent_id")
    )
    latest = moves[0][0] if moves else None
    if _reaches(parents, unit.pk):
        raise _cycle_error(field, unit, latest)
    i = 0
    while i < len(moves):
        effective_date = moves[i][0]
        while i < len(moves) and moves[i][0] == effective_date:
            parents[moves[i][1]] = moves[i][2]
            i += 1
        if _reaches(parents, unit.pk):
            raise _cycle_error(field, unit, effective_date - DAY)


def _check_post_not_under_itself(post: Post) -> None:
    """No post reports to itself, however far up. Called after the write, under the tenant
    lock."""
    superiors: dict[int, int | None] = dict(
        Post.objects.filter(tenant_id=post.tenant_id).values_list("pk", "reports_to_id")
    )
    if _reaches(superiors, post.pk):
        raise _cycle_error("reports_to", post, None)


def _save(obj: models.Model) -> None:
    """Check ``obj`` as a form would and save it; a constraint broken at the last moment (by
    another writer) is refused in the same words (``radhus.core.integrity``)."""
    obj.full_clean()
    with constraints_as_errors():
        obj.save()


def _set_fields(
    obj: models.Model, fields: dict[str, Any], allowed: list[str], service: str
) -> dict[str, Any]:
    """Set ``fields`` on ``obj`` (only those a correction may change) and return the snapshot
    of the allowed fields from before, for the audit event."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{service} does not change {sorted(unknown)}")
    before = audit.snapshot(obj, allowed)
    for key, value in fields.items():
        setattr(obj, key, value)
    return before


def _audit_update(
    obj: models.Model,
    before: dict[str, Any],
    allowed: list[str],
    *,
    tenant: Tenant,
    actor: Actor,
    action: str,
    summary: Callable[[dict[str, Any]], str],
    page: models.Model | None = None,
) -> None:
    """Record what a correction changed, field by field; nothing when nothing changed."""
    changes = audit.diff(before, audit.snapshot(obj, allowed))
    if changes:
        audit.record(
            tenant=tenant,
            actor=actor,
            action=action,
            subject=obj,
            page=page,
            summary=summary(changes),
            changes=changes,
        )


def _touch(unit: Unit) -> None:
    Unit.objects.filter(pk=unit.pk).update(updated_at=timezone.now())


# Units -------------------------------------------------------------------------------------


@transaction.atomic
def unit_create(
    *,
    tenant: Tenant,
    actor: Actor,
    kind: str,
    name: str,
    parent: Unit | None = None,
    valid_from: dt.date | None = None,
    **fields: Any,
) -> Unit:
    """Add a unit. ``valid_from`` is its first day; ``None`` says it has existed as far back
    as the registry goes (the demo's and an import's units whose start nobody gave). A unit a
    person creates starts on a date: the staff form asks for one (today unless changed) and
    the API gives today when it is left out."""
    lock_tenant(tenant)
    unit = Unit(tenant=tenant, kind=kind, name=name.strip(), parent=parent, valid_from=valid_from, **fields)
    unit.slug = fields.get("slug") or _unique_slug(Unit, tenant, name)
    _validate_unit(unit)
    _save(unit)
    audit.record(
        tenant=tenant,
        actor=actor,
        action="unit.create",
        subject=unit,
        summary=_("Created the unit “%(name)s”.") % {"name": unit.name},
        changes=audit.snapshot(unit, UNIT_FIELDS),
    )
    return unit


def _validate_unit(unit: Unit) -> None:
    _check_same_tenant(unit.tenant, "parent", unit.parent)
    _check_same_tenant(unit.tenant, "responsible_body", unit.responsible_body)
    if unit.responsible_body is not None and not unit.responsible_body.is_political:
        raise ValidationError({"responsible_body": _("The responsible body must be a political body.")})


@transaction.atomic
def unit_update(*, unit: Unit, actor: Actor, **fields: Any) -> Unit:
    """Correct a unit's facts. A change that happens from a date is a reorganisation instead."""
    lock_tenant(unit.tenant_id)
    unit.refresh_from_db()  # the facts as another writer may just have left them
    before = _set_fields(unit, fields, UNIT_FIELDS, "unit_update")
    unit.updated_at = timezone.now()
    _validate_unit(unit)
    _save(unit)
    if "parent" in fields:
        _check_unit_not_under_itself(unit)
    _audit_update(
        unit,
        before,
        UNIT_FIELDS,
        tenant=unit.tenant,
        actor=actor,
        action="unit.update",
        summary=lambda changes: (
            _("Changed %(fields)s.")
            % {"fields": ", ".join(str(Unit._meta.get_field(f).verbose_name) for f in changes)}
        ),
    )
    return unit


# Parties, people and posts --------------------------------------------------------------------------


@transaction.atomic
def party_create(*, tenant: Tenant, actor: Actor, abbreviation: str, name: str) -> Party:
    """Parties are shared by every organisation; the audit event goes to the one that added it.
    An abbreviation is taken once: checked before the write, and by the database's unique
    index when two organisations add the same party at the same moment."""
    party = Party(abbreviation=abbreviation, name=name)
    party.full_clean()
    try:
        with transaction.atomic():
            party.save()
    except IntegrityError:
        raise ValidationError(
            {"abbreviation": _("A party with this abbreviation already exists.")}, code="unique"
        ) from None
    audit.record(
        tenant=tenant,
        actor=actor,
        action="party.create",
        subject=party,
        page=tenant,
        summary=_("Added the party %(name)s (%(abbreviation)s).")
        % {"name": name, "abbreviation": abbreviation},
    )
    return party


@transaction.atomic
def person_create(
    *,
    tenant: Tenant,
    actor: Actor,
    first_name: str,
    last_name: str,
    party: Party | None = None,
    is_public: bool = True,
    slug: str = "",
    **profile: str,
) -> Person:
    """Add a person. ``slug`` keeps an address given elsewhere (an import) when it is free;
    otherwise one is made from the name. The organisation is locked while the address is
    chosen, so two people added at once never get the same one. ``profile``: the fields of
    ``PERSON_PROFILE_FIELDS`` (sort name, gender, summary, biography, image)."""
    unknown = set(profile) - set(PERSON_PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"person_create does not set {sorted(unknown)}")
    lock_tenant(tenant)
    person = Person(
        tenant=tenant,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        party=party,
        is_public=is_public,
        **profile,
    )
    free = slug and not Person.objects.filter(tenant=tenant, slug=slug).exists()
    person.slug = slug if free else _unique_slug(Person, tenant, person.name)
    _save(person)
    audit.record(
        tenant=tenant,
        actor=actor,
        action="person.create",
        subject=person,
        summary=_("Added the person %(name)s.") % {"name": person.name},
    )
    return person


@transaction.atomic
def person_update(*, person: Person, actor: Actor, **fields: Any) -> Person:
    lock_tenant(person.tenant_id)
    person.refresh_from_db()
    before = _set_fields(person, fields, PERSON_FIELDS, "person_update")
    person.updated_at = timezone.now()
    _save(person)
    _audit_update(
        person,
        before,
        PERSON_FIELDS,
        tenant=person.tenant,
        actor=actor,
        action="person.update",
        summary=lambda _changes: _("Changed the person %(name)s.") % {"name": person.name},
    )
    return person


def _validate_post(post: Post) -> None:
    _check_same_tenant(post.tenant, "unit", post.unit)
    if post.reports_to is not None:
        _check_same_tenant(post.tenant, "reports_to", post.reports_to)
    _validate_employer_and_deputy(post)


@transaction.atomic
def post_create(*, unit: Unit, actor: Actor, title: str, **fields: Any) -> Post:
    lock_tenant(unit.tenant_id)
    post = Post(tenant=unit.tenant, unit=unit, title=title.strip(), **fields)
    _validate_post(post)
    _save(post)
    _touch(unit)
    audit.record(
        tenant=unit.tenant,
        actor=actor,
        action="post.create",
        subject=post,
        page=unit,
        summary=_("Created the post “%(title)s”.") % {"title": post.title},
        changes=audit.snapshot(post, POST_FIELDS),
    )
    return post


@transaction.atomic
def post_update(*, post: Post, actor: Actor, **fields: Any) -> Post:
    """Correct a post. Its holders are checked again over the whole period: a single-holder
    post keeps one holder at a time, and every appointment stays within the post's period."""
    lock_tenant(post.tenant_id)
    lock(post)
    post.refresh_from_db()  # the facts as another writer may just have left them
    before = _set_fields(post, fields, POST_FIELDS, "post_update")
    _validate_post(post)
    post.full_clean()
    moved_start = "valid_from" in fields and "valid_to" not in fields
    _check_holders(
        post, overlap_field="single_holder", outside_field="valid_from" if moved_start else "valid_to"
    )
    post.save()
    post.appointments.exclude(single_holder=post.single_holder).update(single_holder=post.single_holder)
    if "reports_to" in fields:
        _check_post_not_under_itself(post)
    _touch(post.unit)
    _audit_update(
        post,
        before,
        POST_FIELDS,
        tenant=post.tenant,
        actor=actor,
        action="post.update",
        page=post.unit,
        summary=lambda _changes: _("Changed the post “%(title)s”.") % {"title": post.title},
    )
    return post


@transaction.atomic
def post_document_add(
    *,
    post: Post,
    actor: Actor,
    title: str,
    body: str,
    adopted_by: Unit | None = None,
    adopted_on: dt.date | None = None,
) -> PostDocument:
    lock_tenant(post.tenant_id)
    _check_same_tenant(post.tenant, "adopted_by", adopted_by)
    doc = PostDocument(post=post, title=title, body=body, adopted_by=adopted_by, adopted_on=adopted_on)
    _save(doc)
    _save_document_version(doc, actor)
    _touch(post.unit)
    audit.record(
        tenant=post.tenant,
        actor=actor,
        action="post.document",
        subject=doc,
        page=post.unit,
        summary=_("Added the document “%(title)s” to the post “%(post)s”.") % {"title": title, "post": post},
    )
    return doc


def _period_text(obj: Any) -> str:
    """A period as people write it: “2009-01-01–2014-12-31”, “från 2009-01-01”."""
    start, end = obj.valid_from, obj.valid_to
    if start and end:
        return f"{start.isoformat()}–{end.isoformat()}"
    if start:
        return _("from %(date)s") % {"date": start.isoformat()}
    if end:
        return _("until %(date)s") % {"date": end.isoformat()}
    return _("without end dates")


def _check_holders(
    post: Post,
    candidate: Appointment | None = None,
    *,
    overlap_field: str = "valid_from",
    outside_field: str = "valid_to",
    candidate_field_by_end: bool = False,
) -> None:
    """The rules of a post's holders over its whole period, as they would be after the write
    (``post`` as changed, ``candidate`` new or changed, the other appointments as stored):
    every appointment lies within the post's own period, and a single-holder post never has
    two overlapping holders, nor two overlapping acting holders; an acting holder (vik.) may
    stand in beside the holder (S3.3). Called under the lock on the post, before the write.
    With ``candidate_field_by_end``, a candidate outside the post's period is refused on the
    end it breaks (its start or its end), with the post's dates."""
    appointments = [
        a
        for a in Appointment.objects.filter(post_id=post.pk)
        .select_related("person")
        .order_by("valid_from", "id")
        if candidate is None or a.pk != candidate.pk
    ]
    if candidate is not None:
        appointments.append(candidate)
    for appointment in appointments:
        starts_before = (
            post.valid_from is not None
            and appointment.valid_from is not None
            and appointment.valid_from < post.valid_from
        )
        ends_after = post.valid_to is not None and (
            appointment.valid_to is None or appointment.valid_to > post.valid_to
        )
        if starts_before or ends_after:
            message = _("The appointment must lie within the post's period %(period)s.") % {
                "period": _period_text(post)
            }
            field = outside_field
            if appointment is candidate and candidate_field_by_end:
                field = "valid_from" if starts_before else "valid_to"
            raise ValidationError({field: ValidationError(message, code="outside_post")})
    if not post.single_holder:
        return
    for i, appointment in enumerate(appointments):
        for other in appointments[i + 1 :]:
            if other.acting == appointment.acting and appointment.overlaps(other):
                message = _("“%(post)s” already has %(holder)s as %(what)s in this period.") % {
                    "post": post.title,
                    "holder": (other if appointment is candidate else appointment).person.name,
                    "what": _("acting holder") if appointment.acting else _("holder"),
                }
                raise ValidationError({overlap_field: ValidationError(message, code="overlapping_holder")})


@transaction.atomic
def appointment_create(
    *,
    post: Post,
    person: Person,
    actor: Actor,
    valid_from: dt.date | None,
    valid_to: dt.date | None = None,
    acting: bool = False,
) -> Appointment:
    """Appoint a holder. A single-holder post never has two overlapping holders, except that an
    acting holder (vik.) may stand in beside the holder."""
    _check_same_tenant(post.tenant, "person", person)
    lock_tenant(post.tenant_id)
    post = lock(post)  # serialise the holders of one post
    appointment = Appointment(
        post=post, person=person, valid_from=valid_from, valid_to=valid_to, acting=acting
    )
    appointment.full_clean()
    _check_holders(post, appointment, candidate_field_by_end=True)
    appointment.save()
    _touch(post.unit)
    audit.record(
        tenant=post.tenant,
        actor=actor,
        action="appointment.create",
        subject=appointment,
        page=post.unit,
        summary=_("Appointed %(person)s%(acting)s to “%(post)s”.")
        % {"person": person.name, "post": post.title, "acting": _(" (acting)") if acting else ""},
        changes=audit.snapshot(appointment, ["valid_from", "valid_to", "acting"]),
    )
    return appointment


@transaction.atomic
def appointment_create_with_person(
    *,
    post: Post,
    actor: Actor,
    first_name: str,
    last_name: str,
    party: Party | None = None,
    is_public: bool = True,
    valid_from: dt.date | None,
    valid_to: dt.date | None = None,
    acting: bool = False,
) -> Appointment:
    """Add a person and appoint them to ``post``, in one transaction: a refused appointment
    adds no person either."""
    person = person_create(
        tenant=post.tenant,
        actor=actor,
        first_name=first_name,
        last_name=last_name,
        party=party,
        is_public=is_public,
    )
    return appointment_create(
        post=post, person=person, actor=actor, valid_from=valid_from, valid_to=valid_to, acting=acting
    )


@transaction.atomic
def appointment_end(*, appointment: Appointment, actor: Actor, valid_to: dt.date) -> Appointment:
    """End an appointment, or move its end. The post's holders are checked again over the
    whole period: a later end may meet the next holder."""
    lock_tenant(appointment.post.tenant_id)
    post = lock(appointment.post)
    appointment.refresh_from_db(fields=["valid_from", "valid_to", "acting"])
    before = audit.snapshot(appointment, ["valid_to"])
    appointment.valid_to = valid_to
    appointment.full_clean()
    _check_holders(post, appointment, overlap_field="valid_to")
    appointment.save()
    _touch(post.unit)
    audit.record(
        tenant=post.tenant,
        actor=actor,
        action="appointment.end",
        subject=appointment,
        page=post.unit,
        summary=_("%(person)s leaves “%(post)s” after %(date)s.")
        % {"person": appointment.person.name, "post": post.title, "date": valid_to},
        changes=audit.diff(before, audit.snapshot(appointment, ["valid_to"])),
    )
    return appointment


# Groups ------------------------------------------------------------------------------------


@transaction.atomic
def membership_create(
    *,
    group: Unit,
    actor: Actor,
    role: str,
    person: Person | None = None,
    post: Post | None = None,
    member_group: Unit | None = None,
    is_member: bool | None = None,
    attendance: str = Attendance.REGULAR,
    on_behalf_of: Tenant | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    sort_order: int = 0,
) -> Membership:
    """A seat in a group, held by a person (who may come from another municipality, S3.3), by
    a post (whoever holds it is the member, S2.2) or by a whole group (its members on each
    date, S2.4; no group includes itself on any date). ``is_member`` defaults to what the role
    says (chair, vice chair and member are members; a secretary may be one too)."""
    lock_tenant(group.tenant_id)
    if post is not None:
        _check_same_tenant(group.tenant, "post", post)
    if member_group is not None:
        _check_same_tenant(group.tenant, "member_group", member_group)
        if not member_group.is_group:
            raise _field_error("member_group", _("Only a group can be included in a group."), "not_a_group")
    _check_same_tenant(group.tenant, "person", person, allowed=seat_people(group.tenant, on_behalf_of))
    if is_member is None:
        is_member = role in MEMBER_ROLES
    membership = Membership(
        group=group,
        role=role,
        person=person,
        post=post,
        member_group=member_group,
        is_member=is_member,
        attendance=attendance,
        on_behalf_of=on_behalf_of,
        valid_from=valid_from,
        valid_to=valid_to,
        sort_order=sort_order,
    )
    _save(membership)
    if member_group is not None:
        _check_included_once(membership)
        _check_no_group_cycle(group)
    _touch(group)
    who = person.name if person else post.title if post else member_group.name  # type: ignore[union-attr]
    audit.record(
        tenant=group.tenant,
        actor=actor,
        action="membership.create",
        subject=membership,
        page=group,
        summary=_("%(who)s is %(role)s of %(group)s.")
        % {"who": who, "role": membership.get_role_display(), "group": group.name},
    )
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, actor: Actor, valid_to: dt.date) -> Membership:
    lock_tenant(membership.group.tenant_id)
    membership.valid_to = valid_to
    _save(membership)
    if membership.member_group_id:
        _check_no_group_cycle(membership.group)
    _touch(membership.group)
    audit.record(
        tenant=membership.group.tenant,
        actor=actor,
        action="membership.end",
        subject=membership,
        page=membership.group,
        summary=_("Ended a membership after %(date)s.") % {"date": valid_to},
    )
    return membership


# Contact points ----------------------------------------------------------------------------


def _owner_page(owner: Unit | Post | Person) -> Unit | Person:
    return owner.unit if isinstance(owner, Post) else owner


@transaction.atomic
def contact_point_add(
    *,
    owner: Unit | Post | Person,
    actor: Actor,
    kind: str,
    value: str,
    label: str = "",
    is_public: bool = True,
    sort_order: int = 0,
) -> ContactPoint:
    field = {Unit: "unit", Post: "post", Person: "person"}[type(owner)]
    point = ContactPoint(
        kind=kind, value=value, label=label, is_public=is_public, sort_order=sort_order, **{field: owner}
    )
    _save(point)
    page = _owner_page(owner)
    if isinstance(page, Unit):
        _touch(page)
    audit.record(
        tenant=owner.tenant,
        actor=actor,
        action="contact.add",
        subject=point,
        page=page,
        summary=_("Added %(kind)s %(value)s to %(owner)s.")
        % {"kind": point.get_kind_display(), "value": point.display, "owner": owner},
    )
    return point


@transaction.atomic
def contact_point_remove(*, point: ContactPoint, actor: Actor) -> None:
    owner = point.unit or point.post or point.person
    assert owner is not None
    page = _owner_page(owner)
    audit.record(
        tenant=owner.tenant,
        actor=actor,
        action="contact.remove",
        subject=point,
        page=page,
        summary=_("Removed %(kind)s %(value)s from %(owner)s.")
        % {"kind": point.get_kind_display(), "value": point.display, "owner": owner},
    )
    point.delete()


CONTACT_POINT_FIELDS = ["kind", "value", "label", "is_public", "sort_order"]


@transaction.atomic
def contact_point_update(*, point: ContactPoint, actor: Actor, **fields: Any) -> ContactPoint:
    """Correct a contact point: a new number, a label, whether it is shown publicly. The value
    is checked for its kind as when it was added (a phone number is stored in E.164)."""
    owner = point.unit or point.post or point.person
    assert owner is not None
    lock_tenant(owner.tenant_id)
    point = lock(point)
    before = _set_fields(point, fields, CONTACT_POINT_FIELDS, "contact_point_update")
    _save(point)
    page = _owner_page(owner)
    if isinstance(page, Unit):
        _touch(page)
    _audit_update(
        point,
        before,
        CONTACT_POINT_FIELDS,
        tenant=owner.tenant,
        actor=actor,
        action="contact.update",
        page=page,
        summary=lambda _changes: (
            _("Changed %(kind)s %(value)s of %(owner)s.")
            % {"kind": point.get_kind_display(), "value": point.display, "owner": owner}
        ),
    )
    return point


# Reorganisations ---------------------------------------------------------------------------


def _new_reorganisation(
    *,
    tenant: Tenant,
    kind: str,
    title: str,
    effective_date: dt.date,
    decided_by: Unit | None = None,
    decision_date: dt.date | None = None,
    decision_reference: str = "",
    description: str = "",
) -> Reorganisation:
    reorganisation = Reorganisation(
        tenant=tenant,
        kind=kind,
        title=title,
        effective_date=effective_date,
        decided_by=decided_by,
        decision_date=decision_date,
        decision_reference=decision_reference,
        description=description,
    )
    _check_same_tenant(tenant, "decided_by", decided_by)
    _save(reorganisation)
    return reorganisation


def _check_not_ended(unit: Unit, last_day: dt.date) -> None:
    """``unit``, read again under the caller's lock, has not ended by ``last_day``."""
    unit.refresh_from_db(fields=["valid_from", "valid_to"])
    if unit.valid_to is not None and unit.valid_to <= last_day:
        raise ValidationError(
            _("“%(name)s” has already ended (%(date)s).")
            % {"name": unit.name, "date": unit.valid_to.isoformat()},
            code="already_ended",
        )


def _end_unit(unit: Unit, last_day: dt.date) -> None:
    """A unit ends with its open sub-units, posts and the appointments to them. A post or
    appointment that would only begin after the end is refused, not cut to nothing. A unit
    that has already ended by then is refused too: it is read again under the caller's lock,
    so of two reorganisations of one unit sent at once, the second is refused, not recorded
    twice."""
    _check_not_ended(unit, last_day)
    if unit.valid_from and unit.valid_from > last_day:
        raise ValidationError(
            _("“%(name)s” starts after the effective date.") % {"name": unit.name}, code="ends_before_start"
        )
    for child in unit.children.filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=last_day)):
        _end_unit(child, last_day)
    open_ = models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=last_day)
    later = models.Q(valid_from__gt=last_day)
    if (
        Post.objects.filter(later, unit=unit).exists()
        or Appointment.objects.filter(later, post__unit=unit).exists()
        or Membership.objects.filter(later, group=unit).exists()
        or Responsibility.objects.filter(later, unit=unit).exists()
    ):
        raise ValidationError(
            _("“%(name)s” has posts, holders or members that begin after the effective date.")
            % {"name": unit.name},
            code="begins_after_end",
        )
    Appointment.objects.filter(open_, post__unit=unit).update(valid_to=last_day)
    Post.objects.filter(open_, unit=unit).update(valid_to=last_day)
    Membership.objects.filter(open_, group=unit).update(valid_to=last_day)
    Responsibility.objects.filter(open_, unit=unit).update(valid_to=last_day)
    # An ended group is no longer included anywhere, nor is an ended body overseen (issue 8).
    Membership.objects.filter(open_, member_group=unit).update(valid_to=last_day)
    Oversight.objects.filter(open_).filter(models.Q(overseer=unit) | models.Q(overseen=unit)).update(
        valid_to=last_day
    )
    unit.valid_to = last_day
    unit.updated_at = timezone.now()
    _save(unit)


def _link(reorganisation: Reorganisation, units: Iterable[Unit], role: str) -> None:
    ReorganisationUnit.objects.bulk_create(
        [ReorganisationUnit(reorganisation=reorganisation, unit=u, role=role) for u in units]
    )


def _audit_reorganisation(reorganisation: Reorganisation, actor: Actor, units: Iterable[Unit]) -> None:
    for unit in units:
        audit.record(
            tenant=reorganisation.tenant,
            actor=actor,
            action=f"reorganisation.{reorganisation.kind}",
            subject=reorganisation,
            page=unit,
            summary=_("%(kind)s from %(date)s: %(title)s")
            % {
                "kind": reorganisation.get_kind_display().capitalize(),
                "date": reorganisation.effective_date.isoformat(),
                "title": reorganisation.title,
            },
        )


def merger_affected_posts(sources: Iterable[Unit], effective_date: dt.date) -> list[Post]:
    """The posts a merger of ``sources`` from ``effective_date`` ends, unless they are carried
    over: the open posts of the units and of their open sub-units (as ``_end_unit`` ends them),
    by unit and title. Each has ``holders``: the appointments that run past the day before
    (who would lose the post)."""
    last_day = effective_date - DAY
    open_ = models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=last_day)
    unit_ids: list[int] = []
    level = [u.pk for u in sources]
    while level:
        level = [pk for pk in level if pk not in unit_ids]
        unit_ids.extend(level)
        level = list(Unit.objects.filter(open_, parent_id__in=level).values_list("pk", flat=True))
    posts = list(
        Post.objects.filter(open_, unit_id__in=unit_ids)
        .select_related("unit", "reports_to")
        .prefetch_related(
            models.Prefetch(
                "appointments",
                Appointment.objects.filter(open_)
                .select_related("person__party")
                .order_by("acting", "valid_from"),
                to_attr="holders",
            )
        )
    )
    posts.sort(key=lambda p: (swedish_sort_key(p.unit.name), p.sort_order, swedish_sort_key(p.title), p.pk))
    return posts


def _carry_post_over(post: Post, new_unit: Unit, effective_date: dt.date, reports_to: Post | None) -> Post:
    """The post continues in ``new_unit`` from ``effective_date``: a post of the same facts,
    holders (with their own ends), seats held by the post and contact points. The old post
    and its rows have been ended the day before (``_end_unit``) and keep the history."""
    carried = Post(
        tenant=post.tenant,
        unit=new_unit,
        title=post.title,
        reports_to=reports_to,
        single_holder=post.single_holder,
        is_contact=post.is_contact,
        sort_order=post.sort_order,
        valid_from=effective_date,
        valid_to=post.valid_to if post.valid_to and post.valid_to >= effective_date else None,
    )
    _save(carried)
    for appointment in post.holders:  # type: ignore[attr-defined]
        Appointment(
            post=carried,
            person=appointment.person,
            acting=appointment.acting,
            valid_from=effective_date,
            valid_to=appointment.valid_to,
        ).save()
    # Copies of holders who kept the rules keep them; checked all the same, as every write is.
    _check_holders(carried, overlap_field="carry_over", outside_field="carry_over")
    last_day = effective_date - DAY
    open_ = models.Q(valid_to__isnull=True) | models.Q(valid_to__gt=last_day)
    for seat in Membership.objects.filter(open_, post=post).exclude(valid_from__gt=last_day):
        Membership.objects.create(
            group=seat.group,
            role=seat.role,
            post=carried,
            on_behalf_of=seat.on_behalf_of,
            valid_from=effective_date,
            valid_to=seat.valid_to,
            sort_order=seat.sort_order,
        )
        seat.valid_to = last_day
        seat.save(update_fields=["valid_to"])
    ContactPoint.objects.bulk_create(
        [
            ContactPoint(
                kind=p.kind,
                value=p.value,
                label=p.label,
                is_public=p.is_public,
                sort_order=p.sort_order,
                post=carried,
            )
            for p in post.contact_points.all()
        ]
    )
    return carried


@transaction.atomic
def reorganisation_merge(
    *,
    sources: list[Unit],
    actor: Actor,
    effective_date: dt.date,
    title: str,
    result: dict[str, Any],
    carry_over: Iterable[Post] = (),
    **decision: Any,
) -> tuple[Reorganisation, Unit]:
    """Several units become one new unit from ``effective_date`` (S1.2); the sources end the
    day before, with their sub-units. Each of their posts ends too, unless it is in
    ``carry_over``: then it continues in the new unit from the date, and its holders keep it
    (the holders on the day before whose appointments run on, each to its own end)."""
    if len({unit.pk for unit in sources}) != len(sources):
        raise ValidationError({"sources": _("Each unit may be named only once.")}, code="merge_twice")
    if len(sources) < 2:
        raise ValidationError(_("A merger needs at least two units."), code="merge_needs_two")
    check_date_in_range(effective_date, "effective_date")
    tenant = sources[0].tenant
    lock_tenant(tenant)
    for unit in sources:
        _check_same_tenant(tenant, "sources", unit)
        _check_not_ended(unit, effective_date - DAY)
    carried_ids = [post.pk for post in carry_over]
    if len(set(carried_ids)) != len(carried_ids):
        raise ValidationError({"carry_over": _("Each post may be named only once.")}, code="carry_twice")
    affected = merger_affected_posts(sources, effective_date)
    by_id = {post.pk: post for post in affected}
    strangers = [pk for pk in carried_ids if pk not in by_id]
    if strangers:
        stranger = Post.objects.filter(pk=strangers[0]).first()
        raise ValidationError(
            {
                "carry_over": _("“%(post)s” is not a post of the units that merge on %(date)s.")
                % {"post": stranger or strangers[0], "date": effective_date.isoformat()}
            },
            code="carry_stranger",
        )
    reorganisation = _new_reorganisation(
        tenant=tenant, kind=ReorganisationKind.MERGE, title=title, effective_date=effective_date, **decision
    )
    for unit in sources:
        _end_unit(unit, effective_date - DAY)
    new_unit = unit_create(tenant=tenant, actor=actor, valid_from=effective_date, **result)
    _link(reorganisation, sources, ReorganisationUnit.Role.SOURCE)
    _link(reorganisation, [new_unit], ReorganisationUnit.Role.RESULT)
    _audit_reorganisation(reorganisation, actor, [*sources, new_unit])
    new_posts: dict[int, Post] = {}
    for pk in carried_ids:
        post = by_id[pk]
        new_posts[pk] = _carry_post_over(post, new_unit, effective_date, reports_to=None)
    for pk, carried in new_posts.items():
        # The line of command follows the posts: to a carried post's continuation, to a post
        # outside the merger as before, to nobody when the superior ends.
        superior = by_id[pk].reports_to
        if superior is not None and (superior.pk in new_posts or superior.pk not in by_id):
            carried.reports_to = new_posts.get(superior.pk, superior)
            carried.save(update_fields=["reports_to"])
    for pk, carried in new_posts.items():
        Post.objects.filter(reports_to_id=pk, valid_to__isnull=True).exclude(pk__in=by_id).update(
            reports_to=carried
        )
    for post in affected:
        holders = ", ".join(a.person.name for a in post.holders) or "—"  # type: ignore[attr-defined]
        kept = post.pk in new_posts
        audit.record(
            tenant=tenant,
            actor=actor,
            action="post.carry_over" if kept else "post.end",
            subject=new_posts[post.pk] if kept else post,
            page=new_unit if kept else post.unit,
            summary=(
                _("“%(post)s” continues in “%(unit)s” from %(date)s, held by %(holders)s.")
                if kept
                else _("“%(post)s” ends after %(last_day)s with the merger; held by %(holders)s.")
            )
            % {
                "post": post.title,
                "unit": new_unit.name,
                "date": effective_date.isoformat(),
                "last_day": (effective_date - DAY).isoformat(),
                "holders": holders,
            },
            changes={"from_post": post.pk, "from_unit": post.unit_id} if kept else {},
        )
    return reorganisation, new_unit


@transaction.atomic
def reorganisation_split(
    *,
    source: Unit,
    actor: Actor,
    effective_date: dt.date,
    title: str,
    results: list[dict[str, Any]],
    **decision: Any,
) -> tuple[Reorganisation, list[Unit]]:
    """One unit becomes several new units from ``effective_date``."""
    if len(results) < 2:
        raise ValidationError(_("A split gives at least two units."), code="split_needs_two")
    lock_tenant(source.tenant_id)
    reorganisation = _new_reorganisation(
        tenant=source.tenant,
        kind=ReorganisationKind.SPLIT,
        title=title,
        effective_date=effective_date,
        **decision,
    )
    _end_unit(source, effective_date - DAY)
    new_units = [
        unit_create(tenant=source.tenant, actor=actor, valid_from=effective_date, **r) for r in results
    ]
    _link(reorganisation, [source], ReorganisationUnit.Role.SOURCE)
    _link(reorganisation, new_units, ReorganisationUnit.Role.RESULT)
    _audit_reorganisation(reorganisation, actor, [source, *new_units])
    return reorganisation, new_units


@transaction.atomic
def reorganisation_dissolve(
    *, unit: Unit, actor: Actor, effective_date: dt.date, title: str, **decision: Any
) -> Reorganisation:
    lock_tenant(unit.tenant_id)
    reorganisation = _new_reorganisation(
        tenant=unit.tenant,
        kind=ReorganisationKind.DISSOLVE,
        title=title,
        effective_date=effective_date,
        **decision,
    )
    _end_unit(unit, effective_date - DAY)
    _link(reorganisation, [unit], ReorganisationUnit.Role.SOURCE)
    _audit_reorganisation(reorganisation, actor, [unit])
    return reorganisation


def _check_latest_change(unit: Unit, field: str, effective_date: dt.date) -> None:
    check_date_in_range(effective_date, "effective_date")
    later = UnitChange.objects.filter(
        unit=unit, field=field, reorganisation__effective_date__gte=effective_date
    )
    if later.exists():
        raise ValidationError(
            {
                "effective_date": _("“%(name)s” already has a change of this kind from a later date.")
                % {"name": unit.name}
            },
            code="later_change_exists",
        )
    if unit.valid_from and effective_date <= unit.valid_from:
        raise ValidationError(
            {"effective_date": _("The date must come after the unit was created.")}, code="before_unit"
        )


@transaction.atomic
def reorganisation_rename(
    *,
    unit: Unit,
    actor: Actor,
    effective_date: dt.date,
    name: str,
    short_name: str | None = None,
    title: str = "",
    **decision: Any,
) -> Reorganisation:
    """The unit keeps its identity, posts and history, and has a new name from a date. One
    rename per unit and date: checked under the tenant lock, a second rename for the same date
    (a double submit, or two editors at once) is refused, not recorded twice."""
    lock_tenant(unit.tenant_id)
    _check_latest_change(unit, UnitChange.Field.NAME, effective_date)
    reorganisation = _new_reorganisation(
        tenant=unit.tenant,
        kind=ReorganisationKind.RENAME,
        effective_date=effective_date,
        title=title or _("“%(old)s” is renamed “%(new)s”") % {"old": unit.name, "new": name},
        **decision,
    )
    UnitChange.objects.create(
        reorganisation=reorganisation,
        unit=unit,
        field=UnitChange.Field.NAME,
        old_text=unit.name,
        new_text=name,
    )
    unit.name = name
    if short_name is not None and short_name != unit.short_name:
        UnitChange.objects.create(
            reorganisation=reorganisation,
            unit=unit,
            field=UnitChange.Field.SHORT_NAME,
            old_text=unit.short_name,
            new_text=short_name,
        )
        unit.short_name = short_name
    unit.updated_at = timezone.now()
    _save(unit)
    _link(reorganisation, [unit], ReorganisationUnit.Role.RESULT)
    _audit_reorganisation(reorganisation, actor, [unit])
    return reorganisation


@transaction.atomic
def reorganisation_move(
    *,
    unit: Unit,
    actor: Actor,
    effective_date: dt.date,
    parent: Unit | None,
    title: str = "",
    **decision: Any,
) -> Reorganisation:
    """The unit is placed under another unit from a date. No unit is under itself on any date:
    the whole timeline of moves is checked after the write, under the tenant lock."""
    lock_tenant(unit.tenant_id)
    _check_same_tenant(unit.tenant, "parent", parent)
    _check_latest_change(unit, UnitChange.Field.PARENT, effective_date)
    reorganisation = _new_reorganisation(
        tenant=unit.tenant,
        kind=ReorganisationKind.MOVE,
        effective_date=effective_date,
        title=title or _("“%(name)s” moves to “%(parent)s”") % {"name": unit.name, "parent": parent or "—"},
        **decision,
    )
    UnitChange.objects.create(
        reorganisation=reorganisation,
        unit=unit,
        field=UnitChange.Field.PARENT,
        old_parent=unit.parent,
        new_parent=parent,
    )
    unit.parent = parent
    unit.updated_at = timezone.now()
    _save(unit)
    _check_unit_not_under_itself(unit)
    _link(reorganisation, [unit], ReorganisationUnit.Role.RESULT)
    _audit_reorganisation(reorganisation, actor, [unit])
    return reorganisation


@transaction.atomic
def responsibility_add(
    *,
    unit: Unit,
    actor: Actor,
    name: str,
    description: str = "",
    sort_order: int = 0,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Responsibility:
    """A unit takes on an area of responsibility. A unit has an area once on any date."""
    lock_tenant(unit.tenant_id)
    responsibility = Responsibility(
        tenant=unit.tenant,
        unit=unit,
        name=name,
        description=description,
        sort_order=sort_order,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    # The timeline rule first: its message says more than the database constraint's.
    responsibility.full_clean(validate_constraints=False)
    _check_responsibility_once(responsibility)
    responsibility.validate_constraints()
    responsibility.save()
    _touch(unit)
    audit.record(
        tenant=unit.tenant,
        actor=actor,
        action="responsibility.add",
        subject=responsibility,
        page=unit,
        summary=_("“%(unit)s” is responsible for %(name)s.") % {"unit": unit.name, "name": name},
    )
    return responsibility


@transaction.atomic
def reorganisation_transfer(
    *,
    responsibility: Responsibility,
    to_unit: Unit,
    actor: Actor,
    effective_date: dt.date,
    title: str = "",
    **decision: Any,
) -> Reorganisation:
    """A responsibility moves from one body to another from a date (S1.4)."""
    check_date_in_range(effective_date, "effective_date")
    lock_tenant(responsibility.tenant_id)
    from_unit = responsibility.unit
    _check_same_tenant(from_unit.tenant, "to_unit", to_unit)
    if to_unit.pk == from_unit.pk:
        raise ValidationError(
            {
                "to_unit": _("“%(name)s” is already with “%(unit)s”.")
                % {"name": responsibility.name, "unit": to_unit.name}
            },
            code="transfer_to_itself",
        )
    if not responsibility.is_valid_on(effective_date - DAY):
        raise ValidationError(
            {
                "effective_date": _("“%(name)s” is not with “%(unit)s” the day before.")
                % {"name": responsibility.name, "unit": from_unit.name}
            },
            code="not_held",
        )
    reorganisation = _new_reorganisation(
        tenant=from_unit.tenant,
        kind=ReorganisationKind.TRANSFER,
        effective_date=effective_date,
        title=title
        or _("%(name)s moves from “%(from)s” to “%(to)s”")
        % {"name": responsibility.name, "from": from_unit.name, "to": to_unit.name},
        **decision,
    )
    responsibility.valid_to = effective_date - DAY
    _save(responsibility)
    moved = Responsibility(
        tenant=to_unit.tenant,
        unit=to_unit,
        name=responsibility.name,
        description=responsibility.description,
        sort_order=responsibility.sort_order,
        valid_from=effective_date,
    )
    _check_responsibility_once(moved, field="to_unit")
    moved.save()
    _link(reorganisation, [from_unit], ReorganisationUnit.Role.SOURCE)
    _link(reorganisation, [to_unit], ReorganisationUnit.Role.RESULT)
    _audit_reorganisation(reorganisation, actor, [from_unit, to_unit])
    return reorganisation


@transaction.atomic
def decision_step_add(
    *,
    reorganisation: Reorganisation,
    actor: Actor,
    date: dt.date,
    description: str,
    body: Unit | None = None,
    actor_text: str = "",
    date_text: str = "",
    reference: str = "",
) -> DecisionStep:
    """One step of the decision chain (S1.1): KF decides, a pre-study, an assignment, adoption."""
    _check_same_tenant(reorganisation.tenant, "body", body)
    if date > reorganisation.effective_date:
        raise ValidationError({"date": _("A decision step comes before the change takes effect.")})
    step = DecisionStep(
        reorganisation=reorganisation,
        date=date,
        description=description,
        body=body,
        actor_text=actor_text,
        date_text=date_text,
        reference=reference,
    )
    _save(step)
    for link in reorganisation.unit_links.select_related("unit"):
        audit.record(
            tenant=reorganisation.tenant,
            actor=actor,
            action="reorganisation.step",
            subject=step,
            page=link.unit,
            summary=_("Decision step: %(what)s") % {"what": description},
        )
    return step


# Organisations as real ones are built (issue 8, item 3) --------------------------------------


def _field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _boundaries(periods: Iterable[tuple[dt.date | None, dt.date | None]]) -> list[dt.date]:
    """The dates on which something in ``periods`` begins or has just ended: between two of
    them nothing changes, so a rule checked on each of them holds on every date."""
    dates = {dt.date.min}
    for start, end in periods:
        if start is not None:
            dates.add(start)
        if end is not None and end < dt.date.max:
            dates.add(end + DAY)
    return sorted(dates)


def _valid_on(start: dt.date | None, end: dt.date | None, on: dt.date) -> bool:
    return (start is None or start <= on) and (end is None or on <= end)


def _check_no_group_cycle(group: Unit) -> None:
    """No group includes itself, however deep, on any date (S2.4): the inclusions of the
    organisation are checked as they stand on every date on which one begins or ends. Called
    after the write, under the tenant lock."""
    edges = list(
        Membership.objects.filter(group__tenant_id=group.tenant_id, member_group__isnull=False).values_list(
            "group_id", "member_group_id", "valid_from", "valid_to"
        )
    )
    for on in _boundaries((e[2], e[3]) for e in edges):
        included: dict[int, set[int]] = defaultdict(set)
        for outer, inner, start, end in edges:
            if _valid_on(start, end, on):
                included[outer].add(inner)
        seen: set[int] = set()
        stack = list(included.get(group.pk, ()))
        while stack:
            node = stack.pop()
            if node == group.pk:
                message = _("“%(name)s” would include itself on %(date)s.") % {
                    "name": group.name,
                    "date": "—" if on == dt.date.min else on.isoformat(),
                }
                raise _field_error("member_group", message, "cycle")
            if node not in seen:
                seen.add(node)
                stack.extend(included.get(node, ()))


def _check_included_once(membership: Membership) -> None:
    """A group is included in another once on any date: its members are not counted twice.
    Called after the write, under the tenant lock."""
    others = Membership.objects.filter(
        group_id=membership.group_id, member_group_id=membership.member_group_id
    )
    if any(other.overlaps(membership) for other in others.exclude(pk=membership.pk)):
        raise _field_error(
            "member_group",
            _("“%(name)s” is already included in this period.") % {"name": membership.member_group},
            "included_twice",
        )


def _check_responsibility_once(responsibility: Responsibility, field: str = "name") -> None:
    """A unit has an area of responsibility once on any date: no two rows of the same unit and
    name overlap. Called under the tenant lock, before the write."""
    others = Responsibility.objects.filter(unit_id=responsibility.unit_id, name=responsibility.name).exclude(
        pk=responsibility.pk
    )
    for other in others:
        if other.overlaps(responsibility):
            raise _field_error(
                field,
                _("“%(unit)s” already has the responsibility “%(name)s” in this period.")
                % {"unit": responsibility.unit.name, "name": responsibility.name},
                "responsibility_twice",
            )


RESPONSIBILITY_FIELDS = ["name", "description", "sort_order", "valid_from", "valid_to"]


@transaction.atomic
def responsibility_update(*, responsibility: Responsibility, actor: Actor, **fields: Any) -> Responsibility:
    """Correct a responsibility: its name, description, order or period. A move to another
    unit from a date is a transfer (``reorganisation_transfer``)."""
    lock_tenant(responsibility.tenant_id)
    responsibility.refresh_from_db()
    before = _set_fields(responsibility, fields, RESPONSIBILITY_FIELDS, "responsibility_update")
    # The timeline rule first: its message says more than the database constraint's.
    responsibility.full_clean(validate_constraints=False)
    _check_responsibility_once(responsibility)
    responsibility.validate_constraints()
    responsibility.save()
    _touch(responsibility.unit)
    _audit_update(
        responsibility,
        before,
        RESPONSIBILITY_FIELDS,
        tenant=responsibility.unit.tenant,
        actor=actor,
        action="responsibility.update",
        page=responsibility.unit,
        summary=lambda _changes: _("Changed the responsibility “%(name)s”.") % {"name": responsibility.name},
    )
    return responsibility


def _overlaps_period(obj: Any, start: dt.date | None, end: dt.date | None) -> bool:
    lo = max(obj.valid_from or dt.date.min, start or dt.date.min)
    hi = min(obj.valid_to or dt.date.max, end or dt.date.max)
    return lo <= hi


def _validate_employer_and_deputy(post: Post) -> None:
    """The body that employs a post is a political body of the same organisation (the
    director is employed by the executive board, KL 7 kap. 1 §), and the deputy is another post
    of the same organisation; each must exist during the post's period."""
    employer = post.employed_by
    if employer is not None:
        _check_same_tenant(post.tenant, "employed_by", employer)
        if not employer.is_political:
            raise _field_error(
                "employed_by",
                _("A post is employed by a political body, e.g. the executive board."),
                "employer_not_political",
            )
        if not _overlaps_period(employer, post.valid_from, post.valid_to):
            raise _field_error(
                "employed_by",
                _("“%(name)s” does not exist during the post's period.") % {"name": employer},
                "employer_outside_period",
            )
    deputy = post.deputy
    if deputy is not None:
        _check_same_tenant(post.tenant, "deputy", deputy)
        if deputy.pk is not None and deputy.pk == post.pk:
            raise _field_error("deputy", _("A post cannot be its own deputy."), "own_deputy")
        if not _overlaps_period(deputy, post.valid_from, post.valid_to):
            raise _field_error(
                "deputy",
                _("“%(name)s” does not exist during the post's period.") % {"name": deputy},
                "deputy_outside_period",
            )


OVERSIGHT_KIND_OF_UNIT = {
    "committee": OversightKind.COMMITTEE,
    "board_committee": OversightKind.COMMITTEE,
    "political_council": OversightKind.COMMITTEE,
    "company": OversightKind.COMPANY,
    "federation": OversightKind.FEDERATION,
}


def _check_oversight(oversight: Oversight) -> None:
    """The executive board oversees committees, companies and federations (KL 6 kap. 1 §):
    the overseer is the executive board, the overseen body is of the kind the oversight says,
    both of the same organisation and existing during the oversight, and a body is overseen by
    the same board once on any date. Called under the tenant lock, before the write."""
    tenant = oversight.tenant
    _check_same_tenant(tenant, "overseer", oversight.overseer)
    _check_same_tenant(tenant, "overseen", oversight.overseen)
    if oversight.overseer.kind != "executive_board":
        raise _field_error(
            "overseer", _("Oversight is kept by the executive board (KL 6 kap. 1 §)."), "overseer_not_board"
        )
    if oversight.overseer_id == oversight.overseen_id:
        raise _field_error("overseen", _("A body cannot oversee itself."), "oversees_itself")
    expected = OVERSIGHT_KIND_OF_UNIT.get(oversight.overseen.kind)
    if expected != oversight.kind:
        raise _field_error(
            "overseen",
            _("The overseen body must be a committee, a company or a federation, as the kind says."),
            "overseen_kind",
        )
    for field in ("overseer", "overseen"):
        unit = getattr(oversight, field)
        if not _overlaps_period(unit, oversight.valid_from, oversight.valid_to):
            raise ValidationError(
                {field: _("“%(name)s” does not exist during this period.") % {"name": unit}},
                code="outside_period",
            )
    others = Oversight.objects.filter(
        overseer_id=oversight.overseer_id, overseen_id=oversight.overseen_id
    ).exclude(pk=oversight.pk)
    if any(other.overlaps(oversight) for other in others):
        raise _field_error(
            "valid_from", _("This oversight is already recorded for this period."), "oversight_twice"
        )


def _audit_oversight(oversight: Oversight, actor: Actor, action: str, summary: str, **extra: Any) -> None:
    for page in (oversight.overseer, oversight.overseen):
        audit.record(
            tenant=oversight.tenant,
            actor=actor,
            action=action,
            subject=oversight,
            page=page,
            summary=summary,
            **extra,
        )
        _touch(page)


OVERSIGHT_FIELDS = ["overseer", "overseen", "kind", "valid_from", "valid_to"]


@transaction.atomic
def oversight_create(
    *,
    overseer: Unit,
    overseen: Unit,
    actor: Actor,
    kind: str | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Oversight:
    """Record that the executive board oversees a committee, company or federation from a date
    (KL 6 kap. 1 §). ``kind`` follows from the overseen body's kind when not given."""
    lock_tenant(overseer.tenant_id)
    oversight = Oversight(
        tenant=overseer.tenant,
        overseer=overseer,
        overseen=overseen,
        kind=kind or OVERSIGHT_KIND_OF_UNIT.get(overseen.kind, ""),
        valid_from=valid_from,
        valid_to=valid_to,
    )
    oversight.full_clean(exclude=["kind"] if not oversight.kind else None, validate_constraints=False)
    _check_oversight(oversight)
    oversight.validate_constraints()
    oversight.save()
    _audit_oversight(
        oversight,
        actor,
        "oversight.create",
        _("“%(overseer)s” has oversight of “%(overseen)s”.")
        % {"overseer": overseer.name, "overseen": overseen.name},
        changes=audit.snapshot(oversight, OVERSIGHT_FIELDS),
    )
    return oversight


@transaction.atomic
def oversight_end(*, oversight: Oversight, actor: Actor, valid_to: dt.date) -> Oversight:
    """The oversight ends (a company sold, a federation left) after ``valid_to``."""
    lock_tenant(oversight.tenant_id)
    oversight.refresh_from_db()
    before = audit.snapshot(oversight, ["valid_to"])
    oversight.valid_to = valid_to
    oversight.full_clean(validate_constraints=False)
    _check_oversight(oversight)
    oversight.validate_constraints()
    oversight.save()
    _audit_oversight(
        oversight,
        actor,
        "oversight.end",
        _("The oversight of “%(overseen)s” by “%(overseer)s” ends after %(date)s.")
        % {
            "overseer": oversight.overseer.name,
            "overseen": oversight.overseen.name,
            "date": valid_to.isoformat(),
        },
        changes=audit.diff(before, audit.snapshot(oversight, ["valid_to"])),
    )
    return oversight


def _save_document_version(document: PostDocument, actor: Actor) -> PostDocumentVersion:
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    name = (user.get_full_name() or user.get_username()) if user is not None else "system"  # type: ignore[union-attr]
    return PostDocumentVersion.objects.create(
        document=document,
        number=document.version,
        title=document.title,
        body=document.body,
        adopted_by=document.adopted_by,
        adopted_on=document.adopted_on,
        saved_by=user,
        saved_by_name=name,
    )


POST_DOCUMENT_FIELDS = ["title", "body", "adopted_by", "adopted_on"]


@transaction.atomic
def post_document_update(*, document: PostDocument, actor: Actor, **fields: Any) -> PostDocument:
    """A new version of a post document (the director's instruction, KL 7 kap. 2 §): the public
    sees the current one, every earlier one is kept with who saved it and when. A save that
    changes nothing makes no version."""
    post = document.post
    lock_tenant(post.tenant_id)
    document = lock(document)
    raw = ["title", "body", "adopted_by_id", "adopted_on"]
    stored = [getattr(document, f) for f in raw]
    before = _set_fields(document, fields, POST_DOCUMENT_FIELDS, "post_document_update")
    _check_same_tenant(post.tenant, "adopted_by", document.adopted_by)
    if [getattr(document, f) for f in raw] == stored:
        return document
    changes = audit.diff(before, audit.snapshot(document, POST_DOCUMENT_FIELDS))
    document.version += 1
    _save(document)
    _save_document_version(document, actor)
    _touch(post.unit)
    audit.record(
        tenant=post.tenant,
        actor=actor,
        action="post.document.update",
        subject=document,
        page=post.unit,
        summary=_("Saved version %(number)s of the document “%(title)s” of the post “%(post)s”.")
        % {"number": document.version, "title": document.title, "post": post.title},
        # The texts themselves are in the versions; the event says that the text changed.
        changes={k: (["…", "…"] if k == "body" else v) for k, v in changes.items()},
    )
    return document
