"""Reads that carry meaning: the organisation as of a date, who holds a post, who sits in a
group, what a unit's or a person's public page shows."""

from __future__ import annotations

import datetime as dt
import heapq
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    Model,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from radhus.core.audit import history_of
from radhus.core.collation import swedish_sort_key
from radhus.core.models import AuditEvent, CollaborationMember, Tenant
from radhus.core.reads import ProbedExists, read_together
from radhus.core.search import fold
from radhus.organisation.models import (
    ROLE_ORDER,
    Appointment,
    Attendance,
    ContactKind,
    ContactPoint,
    DecisionStep,
    Membership,
    MembershipRole,
    Oversight,
    Person,
    Post,
    PostDocument,
    PostDocumentVersion,
    Reorganisation,
    ReorganisationUnit,
    Responsibility,
    Unit,
    UnitChange,
)

M = TypeVar("M", bound=Model)

# Units -------------------------------------------------------------------------------------


def _apply_changes_before(units: dict[int, Unit], tenant: Tenant | None, on: dt.date) -> None:
    """Undo, in memory, the renames and moves that take effect after ``on``: the rows hold
    today's values and each change keeps the value it replaced. One query: for the whole of
    ``tenant`` when given, else for just the units in ``units``."""
    if not units:
        return
    scope = {"reorganisation__tenant": tenant} if tenant is not None else {"unit_id__in": list(units)}
    changes = (
        UnitChange.objects.filter(reorganisation__effective_date__gt=on, **scope)
        .order_by("-reorganisation__effective_date", "-id")
        .values_list("unit_id", "field", "old_text", "old_parent_id")
    )
    for unit_id, field_name, old_text, old_parent_id in changes:
        unit = units.get(unit_id)
        if unit is None:
            continue
        if field_name == UnitChange.Field.PARENT:
            unit.parent_id = old_parent_id
        else:
            setattr(unit, field_name, old_text)


def parent_on(on: dt.date) -> Case:
    """The id of a unit's parent on ``on``, as an SQL expression: the parent its first move
    after ``on`` took it from, else today's parent (the meaning of ``_apply_changes_before``)."""
    later = UnitChange.objects.filter(
        unit=OuterRef("pk"), field=UnitChange.Field.PARENT, reorganisation__effective_date__gt=on
    ).order_by("reorganisation__effective_date", "id")
    return Case(
        When(Exists(later), then=Subquery(later.values("old_parent_id")[:1])),
        default=F("parent_id"),
        output_field=IntegerField(),
    )


def under_on(parent_id: int, on: dt.date) -> Q:
    """A filter for the units right under ``parent_id`` on ``on``, on a queryset annotated
    with ``parent_on``. It names the candidates first (today's children, and the units a later
    move took away from it), as a UNION of two index lookups, so that the database reads only
    those and never the whole organisation (an OR of the two would)."""
    return under_any_on([parent_id], on)


def under_any_on(parent_ids: list[int], on: dt.date) -> Q:
    """Like ``under_on``, for the units right under any of ``parent_ids``."""
    today_under = Unit.objects.filter(parent_id__in=parent_ids).order_by().values("pk")
    moved_away = (
        UnitChange.objects.filter(
            field=UnitChange.Field.PARENT,
            old_parent_id__in=parent_ids,
            reorganisation__effective_date__gt=on,
        )
        .order_by()
        .values("unit_id")
    )
    return Q(pk__in=today_under.union(moved_away)) & Q(parent_on__in=parent_ids)


def holding_on(people: QuerySet[Person], on: dt.date) -> QuerySet[Person]:
    """Those of ``people`` who hold a post or a seat on ``on``. Each person's posts and seats
    are looked up by person (``ProbedExists``): what it costs grows with the people asked
    about, not with every appointment and seat of the country."""
    return people.filter(
        ProbedExists(Appointment.objects.filter(Appointment.valid_on_q(on), person=OuterRef("pk")))
        | ProbedExists(Membership.objects.filter(Membership.valid_on_q(on), person=OuterRef("pk")))
    )


def _break_cycles(units: dict[int, Unit]) -> None:
    """Make the tree walkable even if bad data put a unit under itself (the services refuse
    it; a row written around them may not): the lowest id of each cycle is shown at the top
    level, so every walk up or down ends."""
    parents = {pk: u.parent_id for pk, u in units.items()}
    for pk in break_cycles(parents):
        units[pk].parent_id = None


def break_cycles(parents: dict[int, int | None]) -> list[int]:
    """The units whose parent ``_break_cycles`` takes away (and sets to None in ``parents``)."""
    done: set[int] = set()
    broken: list[int] = []
    for start in parents:
        path: list[int] = []
        on_path: set[int] = set()
        node: int | None = start
        while node is not None and node in parents and node not in done and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = parents[node]
        if node is not None and node in on_path:
            lowest = min(path[path.index(node) :])
            parents[lowest] = None
            broken.append(lowest)
        done.update(path)
    return broken


def units_as_of(tenant: Tenant, on: dt.date) -> dict[int, Unit]:
    """Every unit of ``tenant`` that exists on ``on``, with its name and parent on that day."""
    # No ORDER BY: callers sort after the as-of names are applied, and sorting by the Swedish
    # collation in SQLite calls back into Python for every comparison.
    units = {
        u.pk: u for u in Unit.objects.filter(Unit.valid_on_q(on), tenant=tenant).defer("purpose").order_by()
    }
    _apply_changes_before(units, tenant, on)
    _break_cycles(units)
    return units


def units_on(units: list[Unit], on: dt.date) -> list[Unit]:
    """``units`` with their names and parents on ``on`` (changed in place; one query for the
    changes of just these units, not the whole organisation)."""
    _apply_changes_before({u.pk: u for u in units}, None, on)
    return units


def unit_as_of(unit: Unit, on: dt.date) -> Unit:
    """``unit`` with its name and parent on ``on`` (changed in place; one query)."""
    _apply_changes_before({unit.pk: unit}, None, on)
    return unit


def _unit_order(unit: Unit) -> tuple[int, str]:
    return (unit.sort_order, swedish_sort_key(unit.name))


@dataclass
class TreeNode:
    unit: Unit
    children: list[TreeNode] = field(default_factory=list)
    # How many units are right under this one when ``children`` was not loaded (a unit on the
    # last level of a partial tree); None when ``children`` holds them all.
    child_count: int | None = None

    @property
    def size(self) -> int:
        """The number of units right under this one."""
        return len(self.children) if self.child_count is None else self.child_count


def find_node(forest: list[TreeNode], pk: int) -> TreeNode | None:
    """The node of unit ``pk`` anywhere in ``forest``, or None."""
    stack = list(forest)
    while stack:
        node = stack.pop()
        if node.unit.pk == pk:
            return node
        stack.extend(node.children)
    return None


def tree_as_of(tenant: Tenant, on: dt.date) -> list[TreeNode]:
    """The organisation of ``tenant`` on ``on`` as a forest, siblings in Swedish order."""
    units = units_as_of(tenant, on)
    nodes = {pk: TreeNode(u) for pk, u in units.items()}
    roots: list[TreeNode] = []
    for node in nodes.values():
        parent = nodes.get(node.unit.parent_id) if node.unit.parent_id else None
        (parent.children if parent else roots).append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: _unit_order(n.unit))
    roots.sort(key=lambda n: _unit_order(n.unit))
    return roots


def _levels_within(children: dict[int | None, list[int]], budget: int) -> list[list[int]]:
    """The levels of the tree from the top (each a list of ids) that fit in ``budget`` units:
    whole levels, as many as fit, and at least the top one."""
    levels: list[list[int]] = []
    shown = 0
    level = children.get(None, [])
    while level:
        if levels and shown + len(level) > budget:
            break
        levels.append(level)
        shown += len(level)
        level = [child for pk in level for child in children.get(pk, [])]
    return levels


@dataclass
class PartialTree:
    forest: list[TreeNode]
    levels: int | None  # how many levels ``forest`` holds; None: the whole tree


def tree_top_as_of(tenant: Tenant, on: dt.date, budget: int) -> PartialTree:
    """The organisation of ``tenant`` on ``on`` as ``tree_as_of`` gives it, but only as many
    whole levels from the top as fit in ``budget`` units (at least the top level); a unit on
    the last level holds the number of units under it instead of them. Three queries whatever
    the size: the shape of the tree (ids and parents only), the changes after ``on``, and the
    units drawn."""
    rows = Unit.objects.filter(Unit.valid_on_q(on), tenant=tenant).order_by().values_list("pk", "parent_id")
    parents: dict[int, int | None] = dict(rows)
    changes = list(
        UnitChange.objects.filter(reorganisation__tenant=tenant, reorganisation__effective_date__gt=on)
        .order_by("-reorganisation__effective_date", "-id")
        .values_list("unit_id", "field", "old_text", "old_parent_id")
    )
    for unit_id, field_name, _old_text, old_parent_id in changes:
        if field_name == UnitChange.Field.PARENT and unit_id in parents:
            parents[unit_id] = old_parent_id
    break_cycles(parents)
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in parents.items():
        children[parent_id if parent_id in parents else None].append(pk)
    levels = _levels_within(children, budget)
    drawn = [pk for level in levels for pk in level]
    units = {u.pk: u for u in Unit.objects.filter(pk__in=drawn).defer("purpose").order_by()}
    for unit_id, field_name, old_text, _old_parent_id in changes:
        unit = units.get(unit_id)
        if unit is not None and field_name != UnitChange.Field.PARENT:
            setattr(unit, field_name, old_text)
    for pk, unit in units.items():
        unit.parent_id = parents[pk]
    whole = sum(len(level) for level in levels) == len(parents)
    last = set(levels[-1]) if levels and not whole else set()
    nodes = {
        pk: TreeNode(u, child_count=len(children.get(pk, [])) if pk in last else None)
        for pk, u in units.items()
    }
    roots: list[TreeNode] = []
    for pk, node in nodes.items():
        parent = nodes.get(parents[pk]) if parents[pk] in parents else None  # type: ignore[arg-type]
        (parent.children if parent else roots).append(node)
    for node in nodes.values():
        node.children.sort(key=lambda n: _unit_order(n.unit))
    roots.sort(key=lambda n: _unit_order(n.unit))
    return PartialTree(roots, None if whole else len(levels))


def children_as_nodes(unit: Unit, on: dt.date) -> list[TreeNode] | None:
    """The units right under ``unit`` on ``on`` as nodes of the tree, in Swedish order, each
    with the number of units under it (not the units); None when ``unit`` does not exist on
    ``on``. Two queries whatever the size of the organisation, and one for their names of
    that day."""
    if not unit.is_valid_on(on):
        return None
    columns = Unit.objects.annotate(parent_on=parent_on(on)).defer("purpose").order_by()
    found = [
        u
        for u in columns.filter(Unit.valid_on_q(on) & under_on(unit.pk, on))
        if u.tenant_id == unit.tenant_id and u.pk != unit.pk
    ]
    counts: dict[int, int] = defaultdict(int)
    if found:
        below = (
            Unit.objects.annotate(parent_on=parent_on(on))
            .filter(Unit.valid_on_q(on) & under_any_on([u.pk for u in found], on))
            .order_by()
            .values_list("pk", "parent_on", "tenant_id")
        )
        for _pk, parent_id, tenant_id in below:
            if tenant_id == unit.tenant_id:
                counts[parent_id] += 1
    units_on(found, on)
    for u in found:
        u.parent_id = unit.pk
    return [TreeNode(u, child_count=counts[u.pk]) for u in sorted(found, key=_unit_order)]


# Deeper than any real organisation; a walk up stops here whatever the data.
MAX_DEPTH = 50


def _parent_sql(alias: str) -> str:
    """``parent_on`` in SQL for the unit row ``alias`` (one date parameter), with one
    subquery: the parent its first move after the date took it from (0 standing for none, as
    no id is 0), else today's parent."""
    change, reorg = UnitChange._meta.db_table, Reorganisation._meta.db_table
    return (
        f"NULLIF(COALESCE((SELECT COALESCE(c.old_parent_id, 0) FROM {change} c"
        f" JOIN {reorg} r ON r.id = c.reorganisation_id"
        f" WHERE c.unit_id = {alias}.id AND c.field = 'parent' AND r.effective_date > %s"
        f" ORDER BY r.effective_date, c.id LIMIT 1), {alias}.parent_id), 0)"
    )


def _chain_ids(unit: Unit, on: dt.date) -> RawSQL:
    """The ids of ``unit`` and the units above it on ``on``, as a subquery: one recursive walk
    up through units that exist on ``on``, stopping after ``MAX_DEPTH`` steps, so that it ends
    on a cycle too."""
    table = Unit._meta.db_table
    date = connection.ops.adapt_datefield_value(on)
    # The organisation is carried up the chain from ``unit`` rather than given as a value: as a
    # value, the plan PostgreSQL keeps for the statement (one for every organisation) read
    # every unit of the organisation at each step up (issue 7: 25 ms in a city of 5,000).
    sql = (
        f"WITH RECURSIVE chain(id, parent_id, tenant_id, depth) AS ("
        f" SELECT u.id, {_parent_sql('u')}, u.tenant_id, 0 FROM {table} u WHERE u.id = %s"
        f" UNION ALL"
        f" SELECT u.id, {_parent_sql('u')}, u.tenant_id, chain.depth + 1"
        f" FROM chain JOIN {table} u ON u.id = chain.parent_id AND u.tenant_id = chain.tenant_id"
        f" WHERE chain.depth < %s"
        f" AND (u.valid_from IS NULL OR u.valid_from <= %s) AND (u.valid_to IS NULL OR u.valid_to >= %s)"
        f") SELECT id FROM chain"
    )
    params = [date, unit.pk, date, MAX_DEPTH, date, date]
    return RawSQL(sql, params)


def _ancestor_ids(path: list[int]) -> tuple[list[int], int | None]:
    """The ids above the first unit of ``path`` (a walk up, which goes round a cycle until it
    has taken ``MAX_DEPTH`` steps), from the nearest up, and the unit whose parent is taken away
    to break a cycle on the way (as ``_break_cycles`` does: the lowest id of the cycle goes to
    the top level), if there is one."""
    for i, pk in enumerate(path):
        if pk in path[:i]:
            cycle = path[path.index(pk) : i]
            broken = min(cycle)
            return path[1 : path.index(broken) + 1], broken
    return path[1 : MAX_DEPTH + 1], None


def _text_sql(alias: str, field_name: str) -> str:
    """The name or short name (``field_name``) of the unit row ``alias`` on a date, in SQL (one
    date parameter): the text its first change of that field after the date replaced, else
    today's (the meaning of ``_apply_changes_before``; a change always keeps the old text)."""
    change, reorg = UnitChange._meta.db_table, Reorganisation._meta.db_table
    return (
        f"COALESCE((SELECT c.old_text FROM {change} c JOIN {reorg} r ON r.id = c.reorganisation_id"
        f" WHERE c.unit_id = {alias}.id AND c.field = '{field_name}' AND r.effective_date > %s"
        f" ORDER BY r.effective_date, c.id LIMIT 1), {alias}.{field_name})"
    )


def _as_of_columns(on: dt.date) -> QuerySet[Unit]:
    """Units with their parent, name and short name on ``on`` as ``parent_on``, ``name_on``
    and ``short_name_on`` (put in place by ``_take_day``), written as SQL: the meaning of
    ``parent_on``, without the ORM putting three pairs of subqueries together each time."""
    table = Unit._meta.db_table
    date = connection.ops.adapt_datefield_value(on)
    return (
        Unit.objects.annotate(
            parent_on=RawSQL(_parent_sql(table), [date], output_field=IntegerField()),
            name_on=RawSQL(_text_sql(table, "name"), [date], output_field=models.CharField()),
            short_name_on=RawSQL(_text_sql(table, "short_name"), [date], output_field=models.CharField()),
        )
        .defer("purpose")
        .order_by()
    )


def _take_day(unit: Unit, row: Unit) -> None:
    """Put on ``unit`` the parent, name and short name of its day from ``row`` (a row of
    ``_as_of_columns``)."""
    unit.parent_id = row.parent_on  # type: ignore[attr-defined]
    unit.name = row.name_on  # type: ignore[attr-defined]
    unit.short_name = row.short_name_on  # type: ignore[attr-defined]


@dataclass
class Neighbourhood:
    ancestors: list[Unit]  # from the top down
    children: list[Unit]  # in Swedish order


def neighbourhood_as_of(unit: Unit, on: dt.date) -> Neighbourhood:
    """The units above ``unit`` and right under it on ``on``, with their names of that day,
    and ``unit`` itself as of that day: one query, however big the organisation. It reads
    ``unit`` and the units above it (a recursive walk up) and the candidates to be right under
    it, each with its parent and names of the day; the walk up is then followed here."""
    return _neighbourhood(unit, on, _neighbourhood_rows(unit, on))


def _neighbourhood_rows(unit: Unit, on: dt.date) -> QuerySet[Unit]:
    """The rows ``neighbourhood_as_of`` reads (for ``_neighbourhood``)."""
    columns = _as_of_columns(on)
    # A UNION of two queries that each use an index (an OR of the two has the database read
    # every unit).
    return columns.filter(pk__in=_chain_ids(unit, on)).union(
        columns.filter(Unit.valid_on_q(on) & under_on(unit.pk, on)).exclude(pk=unit.pk), all=True
    )


def _neighbourhood(unit: Unit, on: dt.date, rows: Iterable[Unit]) -> Neighbourhood:
    units: dict[int, Unit] = {}
    for row in rows:
        target = unit if row.pk == unit.pk else row
        _take_day(target, row)
        units[row.pk] = target
    # The walk up, as the query took it: through units of the organisation that exist that day.
    path = [unit.pk]
    node = unit.parent_id
    while node is not None and len(path) <= MAX_DEPTH:
        above = units.get(node)
        if above is None or above.tenant_id != unit.tenant_id or not above.is_valid_on(on):
            break
        path.append(node)
        node = above.parent_id
    ancestor_ids, broken = _ancestor_ids(path)
    if broken is not None and broken in units:
        units[broken].parent_id = None
    ancestors = [units[pk] for pk in ancestor_ids if pk in units]
    # Filtered here rather than in SQL, where it would have the database read the whole
    # organisation by its tenant index instead of just the candidates.
    children = sorted(
        (
            u
            for u in units.values()
            if u.parent_id == unit.pk
            and u.pk != unit.pk
            and u.tenant_id == unit.tenant_id
            and u.is_valid_on(on)
        ),
        key=_unit_order,
    )
    return Neighbourhood(ancestors=ancestors[::-1], children=children)


def ancestors_as_of(unit: Unit, on: dt.date) -> list[Unit]:
    """The units above ``unit`` on ``on``, from the top down (for breadcrumbs)."""
    return neighbourhood_as_of(unit, on).ancestors


def children_as_of(unit: Unit, on: dt.date) -> list[Unit]:
    """The units right under ``unit`` on ``on``, in Swedish order."""
    return neighbourhood_as_of(unit, on).children


# Holders and members -----------------------------------------------------------------------


def holders_on(post: Post, on: dt.date) -> list[Appointment]:
    """Who holds ``post`` on ``on``: the holder(s) first, then any acting holder."""
    return list(
        post.appointments.filter(Appointment.valid_on_q(on))
        .select_related("person__party")
        .order_by("acting", "id")
    )


@dataclass
class Seat:
    """One seat in a group on a date, resolved to the person who holds it (or vacant)."""

    membership: Membership
    person: Person | None
    acting: bool = False

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def post(self) -> Post | None:
        return self.membership.post


def _holders(post_ids: list[int], on: dt.date) -> dict[int, list[Appointment]]:
    """Who holds each of ``post_ids`` on ``on`` (the holder(s) first, then any acting holder),
    with each person's party and organisation: one query, none when there are no posts."""
    if not post_ids:
        return defaultdict(list)
    return _by_post(_holder_rows(on, post_id__in=post_ids))


def _holder_rows(on: dt.date, *posts: Q, **post_ids: object) -> QuerySet[Appointment]:
    """The appointments valid on ``on`` to the posts ``posts`` and ``post_ids`` filter on, as
    ``_holders`` reads them."""
    return (
        Appointment.objects.filter(Appointment.valid_on_q(on), *posts, **post_ids)
        .select_related("person__party", "person__tenant")
        .order_by("acting", "id")
    )


def _by_post(*appointments: Iterable[Appointment]) -> dict[int, list[Appointment]]:
    """``appointments`` by post, in the order read, each once (a post can be read twice: one of
    the unit's own that also has a seat in its body)."""
    holders: dict[int, list[Appointment]] = defaultdict(list)
    seen: set[int] = set()
    for a in (a for read in appointments for a in read):
        if a.pk not in seen:
            seen.add(a.pk)
            holders[a.post_id].append(a)
    return holders


def _memberships_on(group: Unit, on: dt.date, roles: tuple[str, ...] = ()) -> list[Membership]:
    """The memberships of ``group`` valid on ``on`` (only those of ``roles`` when given)."""
    return list(_membership_rows(group, on, roles))


def _membership_rows(group: Unit | None, on: dt.date, roles: tuple[str, ...] = ()) -> QuerySet[Membership]:
    """What ``_memberships_on`` reads; nothing (and no statement) without a group."""
    if group is None:
        return Membership.objects.none()
    memberships = group.memberships.filter(Membership.valid_on_q(on))
    if roles:
        memberships = memberships.filter(role__in=roles)
    return memberships.select_related("person__party", "post__unit", "on_behalf_of", "member_group")


def _seats(memberships: list[Membership], holders: dict[int, list[Appointment]]) -> list[Seat]:
    """The seats of ``memberships``, a seat held by a post going to its ``holders``."""
    seats: list[Seat] = []
    for m in memberships:
        if m.person_id:
            seats.append(Seat(m, m.person))
        elif holders.get(m.post_id):  # type: ignore[arg-type]
            seats.extend(Seat(m, a.person, a.acting) for a in holders[m.post_id])  # type: ignore[index]
        else:
            seats.append(Seat(m, None))
    seats.sort(key=lambda s: (ROLE_ORDER[s.role], s.membership.sort_order, s.acting))
    return seats


def members_on(group: Unit, on: dt.date) -> list[Seat]:
    """The seats of ``group`` on ``on``. A seat held by a post goes to whoever holds the post
    that day (S2.2); a vacant post gives a seat with no person."""
    memberships = _memberships_on(group, on)
    return _seats(memberships, _holders([m.post_id for m in memberships if m.post_id], on))


def seat_with_role(group: Unit, role: str, on: dt.date) -> Seat | None:
    return next((s for s in members_on(group, on) if s.role == role), None)


# Contacts ----------------------------------------------------------------------------------


def contact_points(public_only: bool, **owner: object) -> list[ContactPoint]:
    qs = ContactPoint.objects.filter(**owner)
    if public_only:
        qs = qs.filter(is_public=True)
    return list(qs)


@dataclass
class ContactCard:
    """A person (or vacant post) with title and ways to reach them, as on S0.5's page."""

    title: str
    person: Person | None
    acting: bool
    points: list[ContactPoint]
    note: str = ""

    @property
    def phones(self) -> list[ContactPoint]:
        return [p for p in self.points if p.is_phone]

    @property
    def email(self) -> ContactPoint | None:
        return next((p for p in self.points if p.kind == ContactKind.EMAIL), None)


def _points_by_owner(
    public_only: bool, posts: list[Post], people: list[Person], unit: Unit | None = None
) -> tuple[dict, dict]:
    """The contact points of ``posts`` and of ``people`` (and of ``unit``, under the key None
    of the first), by owner, in one query; none when there is no owner."""
    return _points_split(_point_rows(public_only, posts, people, unit))


def _point_rows(
    public_only: bool, posts: list[Post], people: list[Person], unit: Unit | None = None
) -> QuerySet[ContactPoint]:
    """What ``_points_by_owner`` reads; nothing (and no statement) when there is no owner."""
    if not (posts or people or unit is not None):
        return ContactPoint.objects.none()
    owners = Q(post__in=posts) | Q(person__in=people)
    if unit is not None:
        owners |= Q(unit=unit)
    qs = ContactPoint.objects.filter(owners)
    return qs.filter(is_public=True) if public_only else qs


def _points_split(points: Iterable[ContactPoint]) -> tuple[dict, dict]:
    """``points`` by post (the unit's own under the key None) and by person."""
    by_post: dict[int | None, list[ContactPoint]] = defaultdict(list)
    by_person: dict[int, list[ContactPoint]] = defaultdict(list)
    for p in points:
        if p.post_id:
            by_post[p.post_id].append(p)
        elif p.person_id:
            by_person[p.person_id].append(p)
        else:
            by_post[None].append(p)
    return by_post, by_person


def _post_cards(
    posts: list[Post],
    holders: dict[int, list[Appointment]],
    by_post: dict,
    by_person: dict,
    public_only: bool,
) -> list[ContactCard]:
    cards: list[ContactCard] = []
    for post in posts:
        held = holders.get(post.pk) or []
        if not held:
            cards.append(ContactCard(post.title, None, False, by_post.get(post.pk, [])))
        for a in held:
            if public_only and not a.person.is_public:
                cards.append(ContactCard(post.title, None, a.acting, by_post.get(post.pk, [])))
                continue
            cards.append(
                ContactCard(
                    post.title, a.person, a.acting, by_post.get(post.pk, []) + by_person.get(a.person_id, [])
                )
            )
    return cards


def cards_for_posts(posts: list[Post], on: dt.date, public_only: bool) -> list[ContactCard]:
    """One card per holder of each post: the post's own numbers first, then the person's."""
    holders = _holders([p.pk for p in posts], on)
    people = [a.person for apps in holders.values() for a in apps]
    by_post, by_person = _points_by_owner(public_only, posts, people)
    return _post_cards(posts, holders, by_post, by_person, public_only)


def _seat_cards(seats: list[Seat], by_post: dict, by_person: dict, public_only: bool) -> list[ContactCard]:
    cards = []
    for s in seats:
        if s.membership.member_group_id:
            title = s.membership.member_group.name  # type: ignore[union-attr]
        else:
            title = s.post.title if s.post else s.membership.get_role_display()
        person = s.person if s.person and (s.person.is_public or not public_only) else None
        points = (by_post.get(s.post.pk, []) if s.post else []) + (
            by_person.get(person.pk, []) if person else []
        )
        note = s.membership.on_behalf_of.name if s.membership.on_behalf_of else ""
        cards.append(ContactCard(title, person, s.acting, points, note))
    return cards


def cards_for_seats(seats: list[Seat], on: dt.date, public_only: bool) -> list[ContactCard]:
    people = [s.person for s in seats if s.person]
    posts = [s.post for s in seats if s.post]
    by_post, by_person = _points_by_owner(public_only, posts, people)
    return _seat_cards(seats, by_post, by_person, public_only)


@dataclass
class HistoryRow:
    """A change in a unit's history: when it took effect (``effective``: the day the
    appointment, unit or reorganisation starts, or ends for an ending; the day it was recorded
    for a correction, which takes effect at once; None for something registered with no start
    date, which has been so as far back as the register knows) and when it was recorded."""

    event: AuditEvent
    effective: dt.date | None
    recorded: dt.datetime


_DATED_SUBJECTS: dict[str, tuple[type[models.Model], str, str]] = {
    "organisation.unit": (Unit, "valid_from", "valid_to"),
    "organisation.post": (Post, "valid_from", "valid_to"),
    "organisation.appointment": (Appointment, "valid_from", "valid_to"),
    "organisation.membership": (Membership, "valid_from", "valid_to"),
    "organisation.responsibility": (Responsibility, "valid_from", "valid_to"),
    "organisation.reorganisation": (Reorganisation, "effective_date", "effective_date"),
    "organisation.decisionstep": (DecisionStep, "date", "date"),
}


def _snapshot_date(changes: dict[str, Any], key: str) -> tuple[bool, dt.date | None]:
    """(found, date) of ``key`` in an audit event's changes: a value of a snapshot, or the new
    value of a diff's [old, new]."""
    if key not in changes:
        return False, None
    value = changes[key]
    if isinstance(value, list) and len(value) == 2:
        value = value[1]
    try:
        return True, dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return True, None


def dated_history(events: list[AuditEvent]) -> list[HistoryRow]:
    """``events`` with the day each change took effect, newest first by that day (then by when
    it was recorded). One query for each kind of dated thing among them, at most seven."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for e in events:
        if e.subject_type in _DATED_SUBJECTS:
            wanted[e.subject_type].add(e.subject_id)
    dates: dict[tuple[str, int], tuple[dt.date | None, dt.date | None]] = {}
    for subject_type, pks in wanted.items():
        model, start, end = _DATED_SUBJECTS[subject_type]
        for pk, first, last in model.objects.filter(pk__in=pks).values_list("pk", start, end):  # type: ignore[attr-defined]
            dates[(subject_type, pk)] = (first, last)
    rows = []
    for e in events:
        recorded = timezone.localdate(e.at)
        ending = e.action.endswith((".end", ".remove", ".dissolve"))
        found, effective = _snapshot_date(e.changes or {}, "valid_to" if ending else "valid_from")
        starting = e.action.endswith((".create", ".add"))
        if not found and (ending or starting or "reorganisation" in e.action):
            first, last = dates.get((e.subject_type, e.subject_id), (None, None))
            effective = last if ending else first
        if effective is None and not (starting and e.subject_type in _DATED_SUBJECTS):
            effective = recorded  # a correction, or an ending with no date: from when it was made
        rows.append(HistoryRow(e, effective, e.at))
    # Something with no start date has been so since before anything dated: last of all.
    rows.sort(key=lambda r: (r.effective or dt.date.min, r.recorded), reverse=True)
    return rows


# Pages -------------------------------------------------------------------------------------


def with_page_sections(units: QuerySet[Unit]) -> QuerySet[Unit]:
    """``units``, each read with whether it has areas of responsibility, oversight (either way)
    and reorganisations at all: a unit page then sends no statement for a section the unit has
    none of. Each statement is a round trip on PostgreSQL (issue 7), and most units have none
    of these; the flags are index lookups in the row the page reads anyway."""
    return units.annotate(
        any_responsibility=Exists(Responsibility.objects.filter(unit=OuterRef("pk"))),
        any_oversees=Exists(Oversight.objects.filter(overseer=OuterRef("pk"))),
        any_overseen=Exists(Oversight.objects.filter(overseen=OuterRef("pk"))),
        any_reorganisation=Exists(ReorganisationUnit.objects.filter(unit=OuterRef("pk"))),
    )


def _none_of(obj: Model, *flags: str) -> bool:
    """Whether ``obj`` was read with ``flags`` (``with_page_sections``, ``_posts_of``) and each
    says there is none; False when it was read without them."""
    return all(getattr(obj, flag, None) is False for flag in flags)


@dataclass
class UnitPage:
    unit: Unit
    on: dt.date
    ancestors: list[Unit]
    children: list[Unit]
    contacts: list[ContactCard]
    unit_points: dict[str, list[ContactPoint]]
    body: Unit | None
    body_chair: ContactCard | None
    body_secretary: ContactCard | None
    seats: list[tuple[str, list[ContactCard]]]
    responsibilities: list[Responsibility]
    reorganisations: list[Reorganisation]
    documents: list[PostDocument]  # of the unit's posts on the date, in one query
    updated: dt.datetime
    exists: bool
    # The unit's posts in rank (``posts_in_rank``), its reorganisations with what their
    # summaries show, and a group's seats with their cards: read once for the whole page.
    posts: list[PostPlace] = field(default_factory=list)
    history: ReorganisationHistory | None = None
    member_seats: list[tuple[Seat, ContactCard]] = field(default_factory=list)
    oversees: list[Oversight] = field(default_factory=list)  # KL 6 kap. 1 §
    overseen_by: list[Oversight] = field(default_factory=list)


BODY_ROLES = (MembershipRole.CHAIR, MembershipRole.SECRETARY)


def unit_page(unit: Unit, on: dt.date, *, public_only: bool = True) -> UnitPage:
    """Everything a unit's page shows on ``on`` (S0.5), in a number of queries that does not
    grow with the organisation: the neighbourhood, the posts, the seats of the responsible body
    (and of the group itself), every holder of them, every contact point, the documents, the
    areas of responsibility, the oversight and the reorganisations, each read once. What the
    unit was read knowing it has none of (``with_page_sections``) is not asked for; the rest
    goes to the database in two rounds (``read_together``), the second with what depends on the
    first: the contact points of the holders, the documents and the posts deputised for."""
    body = unit.responsible_body
    seats: list[Q] = []  # the seats whose holders the page shows: the body's chair and
    if body is not None:  # secretary, and a group's own
        seats.append(Q(group=body, role__in=BODY_ROLES))
    if unit.is_group:
        seats.append(Q(group=unit))
    seat_holder_rows = (
        _holder_rows(
            on,
            post_id__in=Membership.objects.filter(reduce(or_, seats), Membership.valid_on_q(on)).values(
                "post_id"
            ),
        )
        if seats
        else Appointment.objects.none()
    )
    link_rows, step_rows, change_rows = _reorganisation_rows(unit)
    (
        rows,
        posts,
        body_memberships,
        group_memberships,
        unit_holders,
        seat_holders,
        responsibilities,
        oversight,
        links,
        steps,
        changes,
    ) = read_together(
        _neighbourhood_rows(unit, on),
        _post_rows(unit, on),
        _membership_rows(body, on, BODY_ROLES),
        _membership_rows(unit if unit.is_group else None, on),
        _holder_rows(on, Post.valid_on_q(on, "post__"), post__unit=unit),
        seat_holder_rows,
        _responsibility_rows(unit, on),
        _oversight_rows(unit, on),
        link_rows,
        step_rows,
        change_rows,
    )
    around = _neighbourhood(unit, on, rows)  # also puts ``unit`` itself as of ``on``
    holders = _by_post(unit_holders, seat_holders)
    contact_posts = [p for p in posts if p.is_contact]
    body_seats = _seats(body_memberships, holders)
    group_seats_ = _seats(group_memberships, holders)
    people = [a.person for p in contact_posts for a in holders.get(p.pk, [])]
    people += [s.person for s in body_seats + group_seats_ if s.person]
    principals, points, documents = read_together(
        _principal_rows(posts, on),
        _point_rows(
            public_only, contact_posts + [s.post for s in body_seats + group_seats_ if s.post], people, unit
        ),
        _document_rows(posts),
    )
    deputy_for = _deputy_for(principals)
    by_post, by_person = _points_split(points)
    unit_points: dict[str, list[ContactPoint]] = defaultdict(list)
    for p in by_post.get(None, []):
        unit_points[p.kind].append(p)
    chair = secretary = None
    for seat, card in zip(body_seats, _seat_cards(body_seats, by_post, by_person, public_only), strict=True):
        if seat.role == MembershipRole.CHAIR and chair is None:
            chair = card
        elif seat.role == MembershipRole.SECRETARY and secretary is None:
            secretary = card
    member_seats = list(
        zip(group_seats_, _seat_cards(group_seats_, by_post, by_person, public_only), strict=True)
    )
    by_role: dict[str, list[ContactCard]] = defaultdict(list)
    for seat, card in member_seats:
        by_role[seat.role].append(card)
    seats = [(str(MembershipRole(r).label), by_role[r]) for r in MembershipRole.values if by_role.get(r)]
    updated = unit.updated_at  # services touch it on every change to the page
    history = _history_of(links, steps, changes)
    oversees, overseen_by = _oversight_split(unit, oversight)
    return UnitPage(
        unit=unit,
        on=on,
        ancestors=around.ancestors,
        children=around.children,
        contacts=_post_cards(contact_posts, holders, by_post, by_person, public_only),
        unit_points=dict(unit_points),
        body=body,
        body_chair=chair,
        body_secretary=secretary,
        seats=seats,
        responsibilities=responsibilities,
        reorganisations=history.reorganisations,
        documents=_documents_placed(documents, posts),
        updated=updated,
        exists=unit.is_valid_on(on),
        posts=_places(posts, holders, deputy_for, public_only),
        history=history,
        member_seats=member_seats,
        oversees=oversees,
        overseen_by=overseen_by,
    )


def _responsibility_rows(unit: Unit, on: dt.date) -> QuerySet[Responsibility]:
    """The areas of responsibility of ``unit`` on ``on``; nothing (and no statement) when
    ``unit`` was read knowing it has none (``with_page_sections``)."""
    if _none_of(unit, "any_responsibility"):
        return Responsibility.objects.none()
    return unit.responsibilities.filter(Responsibility.valid_on_q(on))


def _document_rows(posts: list[Post]) -> QuerySet[PostDocument]:
    """The documents of ``posts``, each with its author; nothing (and no statement) when each
    post was read knowing it has none (``_posts_of``)."""
    with_documents = [p.pk for p in posts if not _none_of(p, "any_document")]
    if not with_documents:
        return PostDocument.objects.none()
    return PostDocument.objects.filter(post_id__in=with_documents).select_related("adopted_by")


def _documents_placed(documents: list[PostDocument], posts: list[Post]) -> list[PostDocument]:
    """``documents`` each with its post (one of ``posts``), and the earlier versions of those
    saved more than once."""
    by_pk = {p.pk: p for p in posts}
    for d in documents:
        d.post = by_pk[d.post_id]
    revised = [d for d in documents if d.version > 1]
    prefetch_related_objects(
        revised, Prefetch("versions", PostDocumentVersion.objects.select_related("adopted_by"))
    )
    return documents


@dataclass
class PersonRole:
    """One current post or seat of a person, in any organisation."""

    tenant: Tenant
    title: str
    unit: Unit
    acting: bool = False
    via_post: Post | None = None


def _appointments_of(person: Person, on: dt.date) -> list[Appointment]:
    """The appointments of ``person`` on ``on`` to posts that exist that day, each read with
    whether its post has a seat in any group at all (``any_seat``: ``person_roles``)."""
    return list(
        _held(person, on)
        .annotate(any_seat=Exists(Membership.objects.filter(post=OuterRef("post_id"))))
        .select_related("post__unit", "post__tenant")
    )


def _held(person: Person, on: dt.date) -> QuerySet[Appointment]:
    """The appointments of ``person`` on ``on`` to posts that exist that day."""
    return person.appointments.filter(Appointment.valid_on_q(on)).filter(Post.valid_on_q(on, "post__"))


def with_seat_flag(people: QuerySet[Person]) -> QuerySet[Person]:
    """``people``, each read with whether it has a seat of its own in any group at all
    (``any_seat``) and whether a post it holds or has held has one (``any_post_seat``): a
    person page then sends no statement for seats it cannot have, as most people have none
    (each statement costs PostgreSQL a round trip; issue 7)."""
    return people.annotate(
        any_seat=Exists(Membership.objects.filter(person=OuterRef("pk"))),
        any_post_seat=Exists(Membership.objects.filter(post__appointments__person=OuterRef("pk"))),
    )


def person_roles(
    person: Person, on: dt.date, appointments: list[Appointment] | None = None
) -> list[PersonRole]:
    """Every post and seat ``person`` holds on ``on``, across all organisations (S3.3).
    ``appointments``: those of ``_appointments_of``, when already read."""
    if appointments is None:
        appointments = _appointments_of(person, on)
    seats: QuerySet[Membership] | list[Membership] = []
    if not (_none_of(person, "any_seat") and all(_none_of(a, "any_seat") for a in appointments)):
        seats = _seat_rows(on, Q(person=person) | Q(post_id__in=[a.post_id for a in appointments]))
    return _roles(person, on, appointments, seats)


def _seat_rows(on: dt.date, *seats: Q, **filters: object) -> QuerySet[Membership]:
    """The seats on ``on`` that ``seats`` and ``filters`` pick, as a person's roles show them."""
    return Membership.objects.filter(Membership.valid_on_q(on), *seats, **filters).select_related(
        "group__tenant", "post"
    )


def _roles(
    person: Person, on: dt.date, appointments: list[Appointment], seats: Iterable[Membership]
) -> list[PersonRole]:
    roles: list[PersonRole] = []
    for a in appointments:
        roles.append(PersonRole(a.post.tenant, a.post.title, a.post.unit, a.acting))
    for m in seats:
        if m.group.is_valid_on(on):
            roles.append(
                PersonRole(m.group.tenant, str(m.get_role_display()).capitalize(), m.group, via_post=m.post)
            )
    roles.sort(
        key=lambda r: (
            r.tenant.pk != person.tenant_id,
            swedish_sort_key(r.tenant.name),
            r.via_post is not None,
        )
    )
    return roles


def person_points(person: Person, public_only: bool) -> list[ContactPoint]:
    return contact_points(public_only, person=person)


# Search ------------------------------------------------------------------------------------


@dataclass
class SearchResults:
    units: list[Unit]
    posts: list[tuple[Post, list[Appointment]]]
    people: list[Person]

    def __len__(self) -> int:
        return len(self.units) + len(self.posts) + len(self.people)


def search(
    tenant: Tenant | None, query: str, on: dt.date, *, public_only: bool = True, limit: int = 50
) -> SearchResults:
    """Units, posts and people whose name contains every word of ``query``, with or without
    its accents and capitals ("nylen" finds "Nylén"): each word is folded and looked for in
    the folded copy of the names (``radhus.core.search``)."""
    words = [w for w in fold(query).split() if w][:6]
    if not words:
        return SearchResults([], [], [])
    scope: dict[str, object] = {"tenant": tenant} if tenant else {}
    units_qs: QuerySet[Unit] = Unit.objects.filter(Unit.valid_on_q(on), **scope)
    posts_qs: QuerySet[Post] = Post.objects.filter(Post.valid_on_q(on), **scope).filter(
        Unit.valid_on_q(on, "unit__")
    )
    people_qs: QuerySet[Person] = Person.objects.filter(**scope)
    if public_only:
        people_qs = people_qs.filter(is_public=True)
    for w in words:
        units_qs = units_qs.filter(search_text__contains=w)
        posts_qs = posts_qs.filter(search_text__contains=w)
        people_qs = people_qs.filter(search_text__contains=w)
    # The page's rows are read again by their ids alone (the hidden people still left out):
    # with every search condition repeated, PostgreSQL's generic plan for the prepared
    # statement scanned the whole organisation's posts for 50 ids (7.4 ms against 2, issue 7).
    # Two rounds (``read_together``): the names of every hit of the three kinds, then the rows
    # of the first ``limit`` of each and the holders of those posts.
    post_hits, unit_hits, people_hits = read_together(
        posts_qs.order_by().values_list("pk", "title"),
        units_qs.order_by().values_list("pk", "name"),
        people_qs.order_by().values_list("pk", "last_name", "first_name"),
    )
    post_ids = _first_in_order(post_hits, limit)
    unit_ids = _first_in_order(unit_hits, limit)
    people_ids = _first_in_order(people_hits, limit)
    people_rows = Person.objects.filter(is_public=True) if public_only else Person.objects.all()
    posts, holders, units, people = read_together(
        Post.objects.select_related("unit", "tenant").filter(pk__in=post_ids).order_by(),
        Appointment.objects.filter(Appointment.valid_on_q(on), post_id__in=post_ids)
        .select_related("person__party", "person__tenant")
        .order_by("acting", "id"),
        Unit.objects.select_related("tenant").filter(pk__in=unit_ids).order_by(),
        people_rows.select_related("party", "tenant").filter(pk__in=people_ids).order_by(),
    )
    held: dict[int, list[Appointment]] = defaultdict(list)
    for a in holders:
        if a.person.is_public or not public_only:
            held[a.post_id].append(a)
    return SearchResults(
        units=_in_order(unit_ids, units),
        posts=[(p, held.get(p.pk, [])) for p in _in_order(post_ids, posts)],
        people=_in_order(people_ids, people),
    )


def _first_in_order(hits: list[tuple[Any, ...]], limit: int) -> list[int]:
    """The ids of the first ``limit`` of ``hits`` (rows of an id and the names to order by) in
    Swedish order of the names, sorted here by a key computed once a row. Sorting a common
    word's thousands of hits in the database by the Swedish collation calls back into Python
    for every comparison on SQLite (170 ms for 1,700 posts). PostgreSQL does the same: sorting
    them itself by the columns' ICU collation and sending only the first ``limit`` cost more (a
    common word in the 20,000-unit municipality 61 → 80 ms, issue 7)."""
    # Each hit as one flat tuple (the names' keys, the names, the id), compared as tuples are
    # in C: a third of the time of sorting the rows by a key function (issue 7).
    keyed = [(*map(swedish_sort_key, names), *names, pk) for pk, *names in hits]
    return [row[-1] for row in heapq.nsmallest(limit, keyed)]


def _in_order(ids: list[int], rows: list[M]) -> list[M]:
    """``rows`` in the order of ``ids`` (a row not read, such as a hidden person's, left out)."""
    by_pk = {row.pk: row for row in rows}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def recent_history(unit: Unit, limit: int = 100) -> list[AuditEvent]:
    return list(history_of(unit)[:limit])


# Public pages ------------------------------------------------------------------------------


def collaboration_members(collaboration: Tenant, on: dt.date) -> list[Tenant]:
    """The municipalities taking part in ``collaboration`` on ``on`` (S3.1), in Swedish order."""
    return collaboration_links(collaboration, on)[0]


def collaborations_of(municipality: Tenant, on: dt.date) -> list[Tenant]:
    """The collaborations ``municipality`` takes part in on ``on``."""
    return collaboration_links(municipality, on)[1]


def collaboration_links(tenant: Tenant, on: dt.date) -> tuple[list[Tenant], list[Tenant]]:
    """The members of ``tenant`` on ``on`` when it is a collaboration, and the collaborations it
    takes part in when it is a municipality, each in Swedish order: one query for both."""
    members: list[Tenant] = []
    collaborations: list[Tenant] = []
    for link in (
        CollaborationMember.objects.filter(CollaborationMember.valid_on_q(on))
        .filter(Q(collaboration=tenant) | Q(municipality=tenant))
        .select_related("municipality", "collaboration")
    ):
        if link.collaboration_id == tenant.pk:
            members.append(link.municipality)
        if link.municipality_id == tenant.pk:
            collaborations.append(link.collaboration)
    members.sort(key=lambda t: swedish_sort_key(t.name))
    collaborations.sort(key=lambda t: swedish_sort_key(t.name))
    return members, collaborations


@dataclass
class GroupSeat:
    """A seat in a group as the public page shows it: the card, and the post it is held by.
    A seat that includes a whole group (S2.4) names it in ``included`` and lists that group's
    own seats on the date in ``included_seats``, without repeating them as this group's."""

    role: str
    card: ContactCard
    post: Post | None
    vacant: bool
    is_member: bool = True
    attendance: str = Attendance.REGULAR
    included: Unit | None = None
    included_seats: list[GroupSeat] = field(default_factory=list)

    @property
    def role_label(self) -> str:
        return str(MembershipRole(self.role).label)

    @property
    def member_note(self) -> bool:
        """Whether to say “also a member”: a secretary (or substitute) whose seat is a member."""
        return self.is_member and self.role not in (
            MembershipRole.CHAIR,
            MembershipRole.VICE_CHAIR,
            MembershipRole.MEMBER,
        )


WHEN_NEEDED = Attendance.WHEN_NEEDED.value
SEAT_HEADINGS = [*MembershipRole.values, WHEN_NEEDED]


def _seats_of(
    group: Unit,
    on: dt.date,
    public_only: bool,
    seen: frozenset[int],
    carded: list[tuple[Seat, ContactCard]] | None = None,
) -> list[GroupSeat]:
    """The seats of ``group`` as ``group_seats`` shows them; ``carded``: its seats with their
    cards when already read (by ``unit_page``)."""
    if carded is None:
        seats = members_on(group, on)
        carded = list(zip(seats, cards_for_seats(seats, on, public_only), strict=True))
    out: list[GroupSeat] = []
    for seat, card in carded:
        m = seat.membership
        shown = GroupSeat(
            seat.role,
            card,
            seat.post,
            vacant=seat.person is None,
            is_member=m.is_member,
            attendance=m.attendance,
        )
        if m.member_group_id:
            if m.member_group_id in seen:  # bad data: a group inside itself is shown once
                continue
            inner = m.member_group
            assert inner is not None
            shown.included = inner
            shown.vacant = False
            if inner.is_valid_on(on):
                shown.included_seats = _seats_of(inner, on, public_only, seen | {inner.pk})
        elif card.person is None and seat.post is None:
            continue
        out.append(shown)
    return out


def group_seats(group: Unit, on: dt.date, *, public_only: bool = True) -> list[tuple[str, list[GroupSeat]]]:
    """The seats of ``group`` on ``on`` by role (chair, vice chair, secretary, member, …), and
    last those called when needed. A seat held by a post shows the post title (S2.2); a
    person's seat names the municipality they represent (S3.3); an included group is named with
    its own seats under it (S2.4). A person's own seat whose holder is not public is left out
    altogether."""
    return _group_seats(group, on, public_only, None)


def _group_seats(
    group: Unit, on: dt.date, public_only: bool, carded: list[tuple[Seat, ContactCard]] | None
) -> list[tuple[str, list[GroupSeat]]]:
    by_heading: dict[str, list[GroupSeat]] = defaultdict(list)
    for seat in _seats_of(group, on, public_only, frozenset({group.pk}), carded):
        heading = WHEN_NEEDED if seat.attendance == Attendance.WHEN_NEEDED else seat.role
        by_heading[heading].append(seat)
    people: list[Person] = []
    stack = [s for seats_ in by_heading.values() for s in seats_]
    while stack:
        seat = stack.pop()
        if seat.card.person:
            people.append(seat.card.person)
        stack.extend(seat.included_seats)
    _load_tenants(people, _own_tenant(group))
    return [(heading, by_heading[heading]) for heading in SEAT_HEADINGS if by_heading.get(heading)]


@dataclass
class EffectiveMember:
    """Someone who sits in a group on a date, directly or through included groups (``via``,
    outermost first)."""

    person: Person | None
    post: Post | None
    role: str
    is_member: bool
    attendance: str
    acting: bool
    via: list[Unit]


def effective_members_on(group: Unit, on: dt.date) -> list[EffectiveMember]:
    """Everyone who sits in ``group`` on ``on``: its own seats, and the seats of every group it
    includes that day, however deep, each group once (cycle-safe even on bad data). A post or
    person already seated is not repeated: the chief who chairs both the management group and
    the staff inside it sits once, with the outer seat."""
    out: list[EffectiveMember] = []
    seated: set[tuple[str, int]] = set()

    def walk(unit: Unit, via: list[Unit], seen: frozenset[int]) -> None:
        for seat in members_on(unit, on):
            m = seat.membership
            if m.member_group_id:
                inner = m.member_group
                if inner is not None and inner.pk not in seen and inner.is_valid_on(on):
                    walk(inner, [*via, inner], seen | {inner.pk})
                continue
            keys = {("post", seat.post.pk)} if seat.post is not None else set()
            if seat.person is not None:
                keys.add(("person", seat.person.pk))
            if keys & seated:
                continue
            seated.update(keys)
            out.append(
                EffectiveMember(
                    seat.person, seat.post, seat.role, m.is_member, m.attendance, seat.acting, via
                )
            )

    walk(group, [], frozenset({group.pk}))
    return out


def _load_tenants(people: list[Person], known: list[Tenant] | None = None) -> None:
    """Load each person's tenant: links to a person's page need its address. Those of the
    ``known`` organisations (the page's own) are put in place as they are; the others are
    read in one query, none when there are none."""
    by_pk = {t.pk: t for t in known or []}
    tenant = Person._meta.get_field("tenant")
    for person in people:
        if person.tenant_id in by_pk and not tenant.is_cached(person):
            tenant.set_cached_value(person, by_pk[person.tenant_id])
    prefetch_related_objects(people, "tenant")


def _own_tenant(unit: Unit) -> list[Tenant]:
    """``unit``'s organisation when it is already loaded (for ``_load_tenants``)."""
    return [unit.tenant] if Unit._meta.get_field("tenant").is_cached(unit) else []


def view_date(unit: Unit, today: dt.date) -> dt.date | None:
    """The date to show ``unit`` on when linking to it: None while it exists today, else its
    last day (or its first, for a unit that is yet to come)."""
    if unit.is_valid_on(today):
        return None
    if unit.valid_to and unit.valid_to < today:
        return unit.valid_to
    return unit.valid_from


@dataclass
class LinkedUnit:
    unit: Unit
    on: dt.date | None  # the date to show it on; None: today


@dataclass
class ReorganisationSummary:
    """A reorganisation as a unit's page tells it (S1.1–S1.4): the decision, its chain of
    steps, the units before and after, and what was renamed or moved."""

    reorganisation: Reorganisation
    steps: list[DecisionStep]
    before: list[LinkedUnit]
    after: list[LinkedUnit]
    changes: list[UnitChange]
    upcoming: bool


@dataclass
class ReorganisationHistory:
    """The reorganisations that affected a unit (oldest first) with what their summaries
    show, by reorganisation: the units before and after, the decision steps, the changes."""

    reorganisations: list[Reorganisation]
    links: dict[int, list[ReorganisationUnit]]
    steps: dict[int, list[DecisionStep]]
    changes: dict[int, list[UnitChange]]


def reorganisation_history(unit: Unit) -> ReorganisationHistory:
    """Every reorganisation that affected ``unit``: three queries, one when there is none (the
    units of each, which bring the reorganisations with them; then the steps and the changes,
    sent together), none when ``unit`` was read knowing it has none (``with_page_sections``)."""
    link_rows, step_rows, change_rows = _reorganisation_rows(unit)
    links = list(link_rows)
    steps, changes = read_together(step_rows, change_rows) if links else ([], [])
    return _history_of(links, steps, changes)


def _reorganisation_rows(
    unit: Unit,
) -> tuple[QuerySet[ReorganisationUnit], QuerySet[DecisionStep], QuerySet[UnitChange]]:
    """What ``reorganisation_history`` reads: the units of each reorganisation that affected
    ``unit`` (which bring the reorganisations with them), their steps and their changes; nothing
    (and no statement) when ``unit`` was read knowing it has none (``with_page_sections``)."""
    if _none_of(unit, "any_reorganisation"):
        return ReorganisationUnit.objects.none(), DecisionStep.objects.none(), UnitChange.objects.none()
    linked = ReorganisationUnit.objects.filter(unit=unit).values("reorganisation_id")
    return (
        ReorganisationUnit.objects.filter(reorganisation_id__in=linked)
        .select_related("reorganisation__decided_by", "unit")
        .order_by("id"),
        DecisionStep.objects.filter(reorganisation_id__in=linked).select_related("body"),
        UnitChange.objects.filter(reorganisation_id__in=linked)
        .select_related("unit", "old_parent", "new_parent")
        .order_by("id"),
    )


def _history_of(
    found: Iterable[ReorganisationUnit],
    found_steps: Iterable[DecisionStep],
    found_changes: Iterable[UnitChange],
) -> ReorganisationHistory:
    links: dict[int, list[ReorganisationUnit]] = defaultdict(list)
    reorganisations: dict[int, Reorganisation] = {}
    for link in found:
        links[link.reorganisation_id].append(link)
        reorganisations.setdefault(link.reorganisation_id, link.reorganisation)
    steps: dict[int, list[DecisionStep]] = defaultdict(list)
    for step in found_steps:
        steps[step.reorganisation_id].append(step)
    changes: dict[int, list[UnitChange]] = defaultdict(list)
    for change in found_changes:
        changes[change.reorganisation_id].append(change)
    return ReorganisationHistory(
        sorted(reorganisations.values(), key=lambda r: (r.effective_date, r.pk)), links, steps, changes
    )


def reorganisation_summaries(history: ReorganisationHistory, today: dt.date) -> list[ReorganisationSummary]:
    summaries = []
    for r in history.reorganisations:
        links = sorted(history.links.get(r.pk, []), key=lambda link: swedish_sort_key(link.unit.name))
        summaries.append(
            ReorganisationSummary(
                reorganisation=r,
                steps=sorted(history.steps.get(r.pk, []), key=lambda s: (s.date, s.pk)),
                before=[
                    LinkedUnit(link.unit, view_date(link.unit, today))
                    for link in links
                    if link.role == ReorganisationUnit.Role.SOURCE
                ],
                after=[
                    LinkedUnit(link.unit, view_date(link.unit, today))
                    for link in links
                    if link.role == ReorganisationUnit.Role.RESULT
                ],
                changes=history.changes.get(r.pk, []),
                upcoming=r.effective_date > today,
            )
        )
    return summaries


def unit_reorganisations(unit: Unit, today: dt.date) -> list[ReorganisationSummary]:
    """Every reorganisation that affected ``unit``, oldest first."""
    return reorganisation_summaries(reorganisation_history(unit), today)


@dataclass
class PublicUnitPage:
    """What the public unit page shows (S0.5), on top of ``unit_page``."""

    page: UnitPage
    seat_groups: list[tuple[str, list[GroupSeat]]]
    reorganisations: list[ReorganisationSummary]
    documents: list[PostDocument]
    page_owner: Person | None
    relations: UnitRelations | None = None


def public_unit_page(unit: Unit, on: dt.date, today: dt.date) -> PublicUnitPage:
    """The public page of ``unit`` as of ``on``: nothing that is not public (no hidden contact
    point, no protected person)."""
    page = unit_page(unit, on, public_only=True)
    owner = unit.page_owner if unit.page_owner and unit.page_owner.is_public else None
    people = [c.person for c in page.contacts if c.person]
    people += [c.person for c in (page.body_chair, page.body_secretary) if c and c.person]
    people += [owner] if owner is not None else []
    _load_tenants(people, _own_tenant(unit))
    assert page.history is not None
    return PublicUnitPage(
        page=page,
        seat_groups=_group_seats(unit, on, True, page.member_seats) if unit.is_group else [],
        reorganisations=reorganisation_summaries(page.history, today),
        documents=page.documents,
        page_owner=owner,
        relations=UnitRelations(page.posts, page.oversees, page.overseen_by),
    )


# The ways a visitor can reach someone at once; an address or a web page is not one of them.
REACH_KINDS = (ContactKind.SWITCHBOARD, ContactKind.PHONE, ContactKind.EMAIL, ContactKind.MOBILE)


@dataclass
class ContactRoute:
    """Where to turn when a unit has no contact of its own: the unit above it whose public
    switchboard, phone or e-mail is the nearest, or else the organisation's switchboard (the
    one nearest the top of the tree) with ``organisation`` set."""

    unit: Unit
    points: list[ContactPoint]
    organisation: bool = False


def nearest_contact_route(
    unit: Unit, on: dt.date, ancestors: list[Unit] | None = None
) -> ContactRoute | None:
    """The nearest unit above ``unit`` on ``on`` that the public can reach, with those ways
    (switchboard first); None when no unit above has any. One query beside the ancestors."""
    above = list(reversed(ancestors if ancestors is not None else ancestors_as_of(unit, on)))
    order = {kind: i for i, kind in enumerate(REACH_KINDS)}
    by_unit: dict[int, list[ContactPoint]] = defaultdict(list)
    for p in ContactPoint.objects.filter(
        is_public=True, unit_id__in=[u.pk for u in above], kind__in=REACH_KINDS
    ).order_by("sort_order", "id"):
        by_unit[p.unit_id].append(p)  # type: ignore[index]
    for candidate in above:
        if by_unit.get(candidate.pk):
            return ContactRoute(candidate, sorted(by_unit[candidate.pk], key=lambda p: order[p.kind]))
    return organisation_switchboard(unit, on)


def organisation_switchboard(unit: Unit, on: dt.date) -> ContactRoute | None:
    """The organisation's switchboard on ``on``: the public switchboard of a unit of the same
    organisation, those at the top of the tree first (one query). None when it has none."""
    found = (
        ContactPoint.objects.filter(
            is_public=True, kind=ContactKind.SWITCHBOARD, unit__tenant_id=unit.tenant_id
        )
        .filter(Unit.valid_on_q(on, "unit__"))
        .exclude(unit_id=unit.pk)
        .select_related("unit")
        .order_by(
            F("unit__parent_id").asc(nulls_first=True), "unit__sort_order", "unit_id", "sort_order", "id"
        )
        .first()
    )
    if found is None or found.unit is None:
        return None
    return ContactRoute(unit_as_of(found.unit, on), [found], organisation=True)


def fallback_contact_route(page: UnitPage) -> ContactRoute | None:
    """The route a unit page offers instead of its own contacts, when it has none that reach
    anyone (no contact person with a number or an address, no switchboard, phone or e-mail)."""
    if not page.exists:
        return None
    if any(card.points for card in page.contacts):
        return None
    if any(page.unit_points.get(kind) for kind in REACH_KINDS):
        return None
    return nearest_contact_route(page.unit, page.on, page.ancestors)


def tenants_shown(public: PublicUnitPage) -> set[int]:
    """The organisations whose people ``public`` shows (a person may be kept by another one)."""
    page = public.page
    people = [c.person for c in page.contacts if c.person]
    people += [c.person for c in (page.body_chair, page.body_secretary) if c and c.person]
    people += [s.card.person for _role, seats in public.seat_groups for s in seats if s.card.person]
    for _label, cards in page.seats:
        people += [c.person for c in cards if c.person]
    if public.page_owner is not None:
        people.append(public.page_owner)
    return {p.tenant_id for p in people}


@dataclass
class PostContacts:
    """A post a person holds, with the post's own public contact points."""

    post: Post
    acting: bool
    points: list[ContactPoint]


@dataclass
class PersonPage:
    person: Person
    on: dt.date
    roles: list[tuple[Tenant, list[PersonRole]]]
    points: list[ContactPoint]
    posts: list[PostContacts]


def person_page(person: Person, on: dt.date) -> PersonPage:
    """Everything the public page of ``person`` shows: every post and seat across all
    organisations (S3.3), grouped by organisation, and the public ways to reach them. Sent
    together (``read_together``): the appointments, the seats of the person and those of the
    posts it holds (each only when ``person`` was read with ``with_seat_flag`` saying it may
    have some), and the public contact points of the person and of those posts."""
    held = _held(person, on)
    posts_held = held.values("post_id")
    appointments, own_seats, post_seats, own_points, post_points = read_together(
        held.select_related("post__unit", "post__tenant"),
        Membership.objects.none() if _none_of(person, "any_seat") else _seat_rows(on, person=person),
        Membership.objects.none()
        if _none_of(person, "any_post_seat")
        else _seat_rows(on, post_id__in=posts_held),
        ContactPoint.objects.filter(person=person, is_public=True),
        ContactPoint.objects.filter(post_id__in=posts_held, is_public=True),
    )
    grouped: dict[int, list[PersonRole]] = defaultdict(list)
    tenants: dict[int, Tenant] = {}
    for role in _roles(person, on, appointments, own_seats + post_seats):  # each held by one
        grouped[role.tenant.pk].append(role)
        tenants[role.tenant.pk] = role.tenant
    by_post, by_person = _points_split(own_points + post_points)
    return PersonPage(
        person=person,
        on=on,
        roles=[(tenants[pk], roles) for pk, roles in grouped.items()],
        points=by_person.get(person.pk, []),
        posts=[
            PostContacts(a.post, a.acting, by_post[a.post_id]) for a in appointments if by_post.get(a.post_id)
        ],
    )


# Audit events of these kinds name a person or a contact point in their summary; the public
# sees them only when that person or point is public.
_PERSONAL_SUBJECTS = {
    "organisation.appointment": (Appointment, "person"),
    "organisation.membership": (Membership, "person"),
    "organisation.person": (Person, None),
    "organisation.contactpoint": (ContactPoint, None),
}


def unit_history(unit: Unit, *, public_only: bool = True, limit: int = 100) -> list[AuditEvent]:
    """The audit trail shown as the unit's history. For the public it leaves out every event
    that would tell something that is not public: the appointment or seat of a protected
    person, and hidden (or since removed) contact points."""
    events = recent_history(unit, limit)
    if not public_only:
        return events
    wanted: dict[str, set[int]] = defaultdict(set)
    for e in events:
        if e.subject_type in _PERSONAL_SUBJECTS:
            wanted[e.subject_type].add(e.subject_id)
    public: dict[str, set[int]] = {}
    for subject_type, pks in wanted.items():
        model, person_field = _PERSONAL_SUBJECTS[subject_type]
        qs = model.objects.filter(pk__in=pks)
        if model is ContactPoint:
            qs = qs.filter(is_public=True)
        elif model is Person:
            qs = qs.filter(is_public=True)
        else:
            qs = qs.filter(Q(**{f"{person_field}__isnull": True}) | Q(**{f"{person_field}__is_public": True}))
        public[subject_type] = set(qs.values_list("pk", flat=True))
    return [
        e
        for e in events
        if e.subject_type not in _PERSONAL_SUBJECTS or e.subject_id in public[e.subject_type]
    ]


# Posts in rank, employers, deputies and oversight (issue 8, item 3) ----------------------------


@dataclass
class PostPlace:
    """A post as the unit page lists it: in rank order, with its holders on the date, whom it
    reports to, who employs it (KL 7 kap. 1 §) and who deputises for it (S1.3)."""

    post: Post
    holders: list[Appointment]
    deputy_for: list[Post]


@dataclass
class UnitRelations:
    posts: list[PostPlace]
    oversees: list[Oversight]  # what this body has oversight of (KL 6 kap. 1 §)
    overseen_by: list[Oversight]  # the board that has oversight of this body


def _posts_of(unit: Unit, on: dt.date) -> tuple[list[Post], dict[int, list[Post]]]:
    """The posts of ``unit`` on ``on`` by rank (the director first), then title, and for each
    the posts it deputises for that day: two queries, one when no post is any post's deputy.
    (As one UNION the two cost PostgreSQL more to plan than a second round trip.) Each post is
    read with whether it deputises for any post and has documents at all (``any_principal``,
    ``any_document``), so that what most posts lack costs no statement (``_document_rows``)."""
    posts = list(_post_rows(unit, on))
    return posts, _deputy_for(_principal_rows(posts, on))


def _post_rows(unit: Unit, on: dt.date) -> QuerySet[Post]:
    return (
        unit.posts.filter(Post.valid_on_q(on))
        .annotate(
            any_principal=Exists(Post.objects.filter(deputy=OuterRef("pk"))),
            any_document=Exists(PostDocument.objects.filter(post=OuterRef("pk"))),
        )
        .select_related("reports_to__unit", "employed_by", "deputy")
        .order_by("sort_order", "title", "id")
    )


def _principal_rows(posts: list[Post], on: dt.date) -> QuerySet[Post]:
    """The posts on ``on`` whose deputy is one of ``posts``; nothing (and no statement) when
    none of them deputises for any post."""
    deputies = [p for p in posts if not _none_of(p, "any_principal")]
    if not deputies:
        return Post.objects.none()
    return Post.objects.filter(Post.valid_on_q(on), deputy__in=deputies).order_by("sort_order", "title", "id")


def _deputy_for(principals: Iterable[Post]) -> dict[int, list[Post]]:
    deputy_for: dict[int, list[Post]] = defaultdict(list)
    for principal in principals:
        deputy_for[principal.deputy_id].append(principal)  # type: ignore[index]
    return deputy_for


def _places(
    posts: list[Post],
    holders: dict[int, list[Appointment]],
    deputy_for: dict[int, list[Post]],
    public_only: bool,
) -> list[PostPlace]:
    return [
        PostPlace(
            p,
            [a for a in holders.get(p.pk, []) if a.person.is_public or not public_only],
            deputy_for.get(p.pk, []),
        )
        for p in posts
    ]


def posts_in_rank(unit: Unit, on: dt.date, *, public_only: bool = True) -> list[PostPlace]:
    """The posts of ``unit`` on ``on`` by rank (the director first), then title, in two
    queries whatever their number. A holder who is not public is left out; the post stays."""
    posts, deputy_for = _posts_of(unit, on)
    return _places(posts, _holders([p.pk for p in posts], on), deputy_for, public_only)


def oversight_of(unit: Unit, on: dt.date) -> tuple[list[Oversight], list[Oversight]]:
    """What ``unit`` has oversight of on ``on``, and who has oversight of it (one query, none
    when ``unit`` was read knowing it has no oversight either way: ``with_page_sections``)."""
    return _oversight_split(unit, _oversight_rows(unit, on))


def _oversight_rows(unit: Unit, on: dt.date) -> QuerySet[Oversight]:
    if _none_of(unit, "any_oversees", "any_overseen"):
        return Oversight.objects.none()
    return (
        Oversight.objects.filter(Oversight.valid_on_q(on))
        .filter(Q(overseer=unit) | Q(overseen=unit))
        .select_related("overseer", "overseen")
        .order_by("kind", "overseen__name", "id")
    )


def _oversight_split(unit: Unit, found: Iterable[Oversight]) -> tuple[list[Oversight], list[Oversight]]:
    """``found`` as what ``unit`` has oversight of, and who has oversight of it."""
    oversees: list[Oversight] = []
    overseen_by: list[Oversight] = []
    for o in found:
        if o.overseer_id == unit.pk:
            oversees.append(o)
        if o.overseen_id == unit.pk:
            overseen_by.append(o)
    return oversees, overseen_by


def unit_relations(unit: Unit, on: dt.date, *, public_only: bool = True) -> UnitRelations:
    oversees, overseen_by = oversight_of(unit, on)
    return UnitRelations(posts_in_rank(unit, on, public_only=public_only), oversees, overseen_by)
