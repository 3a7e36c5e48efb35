"""Made-up municipalities for the chart tests and the benchmarks: real sizes and shapes, no real
data."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from radhus.core.models import AuditEvent, Tenant
from radhus.organisation.models import (
    Appointment,
    ContactPoint,
    Membership,
    MembershipRole,
    Party,
    Person,
    Post,
    PostDocument,
    Unit,
    UnitKind,
)


def build_organisation(tenant: Tenant, count: int = 2000, seed: int = 7) -> Unit:
    """``count`` units written with bulk_create: the council, 8 committees with an
    administration and a staff unit each, 4–8 departments per administration, and units under
    the departments. Returns the council at the top."""
    rnd = random.Random(seed)
    serial = iter(range(1, 10**7))

    def make(kind: str, name: str, parents: list[tuple[Unit | None, object]]) -> list[Unit]:
        units = [
            Unit(tenant=tenant, kind=kind, name=f"{name} {n}".strip(), slug=f"enhet-{next(serial)}", parent=p)
            for p, n in parents
        ]
        return Unit.objects.bulk_create(units)

    (root,) = make(UnitKind.COUNCIL, "Kommunfullmäktige", [(None, "")])
    boards = make(UnitKind.COMMITTEE, "Nämnd", [(root, i) for i in range(1, 9)])
    administrations = make(UnitKind.ADMINISTRATION, "Förvaltning", [(b, i) for i, b in enumerate(boards, 1)])
    make(UnitKind.STAFF_UNIT, "Stab", [(a, i) for i, a in enumerate(administrations, 1)])
    departments = make(
        UnitKind.DEPARTMENT,
        "Avdelning",
        [(a, f"{i}.{j}") for i, a in enumerate(administrations, 1) for j in range(1, rnd.randint(5, 9))],
    )
    so_far = 1 + 3 * len(boards) + len(departments)
    make(UnitKind.UNIT, "Enhet", [(rnd.choice(departments), n) for n in range(1, count - so_far + 1)])
    return root


# A municipality of realistic shape, for the national benchmark registry ---------------------

PLACES = [
    "Ås", "Björkby", "Centrum", "Dalen", "Ekhagen", "Forsby", "Granö", "Haga", "Innerstaden",
    "Järnbrott", "Kvarnby", "Lövsta", "Mossen", "Norrby", "Åkern", "Östra Hamnen", "Älvsby",
    "Sandviken", "Tallbacken", "Vretstorp",
]  # fmt: skip
OFFICE_WORDS = [
    "Förskola", "Skola", "Hemtjänst", "Äldreboende", "Bibliotek", "Fritidsgård", "Gruppbostad",
    "Kök", "Park", "Vatten", "Bygglov", "Ekonomi", "Personal", "Kundtjänst", "Gymnasium",
]  # fmt: skip
FIRST_NAMES = [
    "Anna", "Björn", "Cecilia", "David", "Elin", "Fredrik", "Greta", "Håkan", "Ingrid", "Johan",
    "Karin", "Lars", "Maria", "Nils", "Åsa", "Örjan", "Ärla", "Zacharias",
]  # fmt: skip
LAST_NAMES = [
    "Andersson", "Berg", "Carlsson", "Dahl", "Eriksson", "Fors", "Gustafsson", "Holm", "Isaksson",
    "Johansson", "Karlsson", "Lindberg", "Nylén", "Persson", "Åberg", "Öberg", "Ärlig", "Sandlin",
]  # fmt: skip
DOCUMENT_TEXT = (
    "Denna instruktion anger befattningshavarens uppdrag, ansvar och befogenheter enligt "
    "kommunallagen 7 kap. 2 §. " * 20
)


@dataclass
class Municipality:
    """What ``build_municipality`` wrote, for the benchmark to pick samples from."""

    tenant: Tenant
    council: Unit
    units: list[Unit]
    deepest: Unit
    rows: dict[str, int] = field(default_factory=dict)


def _split(total: int, parts: int, rnd: random.Random) -> list[int]:
    """``total`` split into ``parts`` uneven shares (some large, some small), summing to it."""
    weights = [rnd.random() ** 2 + 0.05 for _ in range(parts)]
    scale = total / sum(weights)
    shares = [int(w * scale) for w in weights]
    for i in range(total - sum(shares)):
        shares[i % parts] += 1
    return shares


def build_municipality(
    tenant: Tenant, size: int, *, rnd: random.Random, since: dt.date, parties: list[Party]
) -> Municipality:
    """A municipality of about ``size`` units written with bulk_create: council, executive board
    and committees; an administration under each committee with a staff unit; below them
    departments, sections and units, 3–7 children a level, so a large city is deep as well as
    wide. Posts with holders (past and present, a few acting), politicians with seats, hidden
    people, public and hidden contact points, post documents and one audit event per unit and
    post, all from ``since``."""
    serial = iter(range(1, 10**9))
    rows: dict[str, int] = {}

    def units(specs: list[tuple[str, str, Unit | None]]) -> list[Unit]:
        made = Unit.objects.bulk_create(
            [
                Unit(tenant=tenant, kind=k, name=n, slug=f"u{next(serial)}", parent=p, valid_from=since)
                for k, n, p in specs
            ],
            batch_size=1000,
        )
        rows["units"] = rows.get("units", 0) + len(made)
        return made

    committees_count = max(6, min(20, 5 + size // 400))
    (council,) = units([(UnitKind.COUNCIL, "Kommunfullmäktige", None)])
    (board,) = units([(UnitKind.EXECUTIVE_BOARD, "Kommunstyrelsen", council)])
    committees = units(
        [(UnitKind.COMMITTEE, f"{w}nämnden", council) for w in _committee_words(committees_count)]
    )
    political = [council, board, *committees]
    administrations = units(
        [(UnitKind.EXECUTIVE_OFFICE, "Kommunledningskontoret", board)]
        + [(UnitKind.ADMINISTRATION, f"{c.name[: -len('nämnden')]}förvaltningen", c) for c in committees]
    )
    staff = units([(UnitKind.STAFF_UNIT, f"Stab {a.name}", a) for a in administrations])
    offices = [*administrations, *staff]
    budget = max(0, size - len(political) - len(offices))
    level = list(zip(administrations, _split(budget, len(administrations), rnd), strict=True))
    depth, deepest = 0, administrations[-1]
    kinds = [UnitKind.DEPARTMENT, UnitKind.SECTOR, UnitKind.UNIT]
    while level:
        specs, shares = [], []
        for parent, share in level:
            if share <= 0:
                continue
            count = min(share, rnd.randint(3, 7))
            for part in _split(share - count, count, rnd):
                word = rnd.choice(OFFICE_WORDS)
                specs.append((kinds[min(depth, 2)], f"{word} {rnd.choice(PLACES)} {next(serial)}", parent))
                shares.append(part)
        made = units(specs)
        offices += made
        if made:
            deepest = made[-1]
        level = list(zip(made, shares, strict=True))
        depth += 1

    posts = Post.objects.bulk_create(
        [
            Post(
                tenant=tenant,
                unit=u,
                title=f"{'Förvaltningschef' if u in administrations else 'Enhetschef'} {u.name}",
                is_contact=True,
                valid_from=since,
            )
            for u in offices
        ]
        + [
            Post(
                tenant=tenant, unit=u, title=f"Administratör {u.name}", single_holder=False, valid_from=since
            )
            for u in offices[::4]
        ],
        batch_size=1000,
    )
    seats = 61 + 11 * (len(political) - 1)
    people = Person.objects.bulk_create(
        [
            Person(
                tenant=tenant,
                first_name=rnd.choice(FIRST_NAMES),
                last_name=rnd.choice(LAST_NAMES),
                slug=f"p{next(serial)}",
                party=rnd.choice(parties) if i >= len(posts) else None,
                # One in thirty has a protected identity and is never shown.
                is_public=rnd.random() > 1 / 30,
            )
            for i in range(len(posts) + seats + len(posts) // 3)
        ],
        batch_size=1000,
    )
    officials, politicians = people[: len(posts)], people[len(posts) :]
    appointments = [
        Appointment(post=p, person=o, valid_from=since, single_holder=p.single_holder)
        for p, o in zip(posts, officials, strict=True)
    ]
    # Past holders, so that "as of" matters, and a few acting holders.
    earlier = dt.date(since.year - 6, 1, 1)
    appointments += [
        Appointment(
            post=p,
            person=rnd.choice(politicians),
            valid_from=earlier,
            valid_to=since - dt.timedelta(days=1),
            single_holder=p.single_holder,
        )
        for p in posts[::3]
    ]
    appointments += [
        Appointment(post=p, person=rnd.choice(officials), acting=True, valid_from=since, single_holder=False)
        for p in posts
        if not p.single_holder
    ]
    Appointment.objects.bulk_create(appointments, batch_size=1000)
    memberships = []
    for body in political:
        chosen = rnd.sample(politicians, min(len(politicians), 61 if body is council else 11))
        for n, person in enumerate(chosen):
            role = (
                MembershipRole.CHAIR
                if n == 0
                else MembershipRole.SUBSTITUTE
                if n % 3 == 0
                else MembershipRole.MEMBER
            )
            memberships.append(
                Membership(group=body, person=person, role=role, valid_from=since, sort_order=n)
            )
    memberships.append(
        Membership(group=board, post=posts[0], role=MembershipRole.SECRETARY, valid_from=since)
    )
    Membership.objects.bulk_create(memberships, batch_size=1000)
    points = [
        ContactPoint(post=p, kind="phone", value=f"+4660{rnd.randint(1000000, 9999999)}") for p in posts
    ]
    points += [ContactPoint(post=p, kind="email", value=f"post{p.pk}@kommun.example.se") for p in posts[::2]]
    points += [ContactPoint(unit=u, kind="switchboard", value="+4666088000") for u in offices[::2]]
    points += [
        ContactPoint(
            unit=u, kind="visiting_address", value=f"Storgatan {rnd.randint(1, 99)}, {rnd.choice(PLACES)}"
        )
        for u in offices[::3]
    ]
    points += [
        ContactPoint(
            person=p,
            kind="mobile",
            value=f"+4670{rnd.randint(1000000, 9999999)}",
            is_public=rnd.random() > 0.3,
        )
        for p in politicians[::2]
    ]
    ContactPoint.objects.bulk_create(points, batch_size=1000)
    documents = PostDocument.objects.bulk_create(
        [
            PostDocument(
                post=p,
                title=f"Instruktion för {p.title}",
                body=DOCUMENT_TEXT,
                adopted_by=board,
                adopted_on=since + dt.timedelta(days=rnd.randint(0, 2000)),
            )
            for p in posts[: len(administrations)] + posts[len(administrations) :: 5]
        ],
        batch_size=1000,
    )
    events = [
        AuditEvent(
            tenant=tenant,
            actor_name="system",
            at=timezone.make_aware(dt.datetime.combine(since, dt.time(8))),
            action="unit.create",
            subject_type="organisation.unit",
            subject_id=u.pk,
            page_type="organisation.unit",
            page_id=u.pk,
            summary=f"Skapade enheten “{u.name}”.",
        )
        for u in [*political, *offices]
    ] + [
        AuditEvent(
            tenant=tenant,
            actor_name="system",
            at=timezone.make_aware(dt.datetime.combine(since, dt.time(9))),
            action="post.create",
            subject_type="organisation.post",
            subject_id=p.pk,
            page_type="organisation.unit",
            page_id=p.unit_id,
            summary=f"Skapade befattningen “{p.title}”.",
        )
        for p in posts
    ]
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    rows.update(
        {
            "posts": len(posts),
            "people": len(people),
            "appointments": len(appointments),
            "memberships": len(memberships),
            "contact points": len(points),
            "post documents": len(documents),
            "audit events": len(events),
        }
    )
    return Municipality(
        tenant=tenant, council=council, units=[*political, *offices], deepest=deepest, rows=rows
    )


def _committee_words(count: int) -> list[str]:
    words = [
        "Barn- och utbildnings", "Social", "Vård- och omsorgs", "Kultur- och fritids", "Miljö- och bygg",
        "Teknik", "Gymnasie", "Arbetsmarknads", "Stadsbyggnads", "Fastighets", "Idrotts", "Park",
        "Trafik", "Överförmyndar", "Val", "Förskole", "Grundskole", "Äldre", "Funktionsstöds", "Hälso",
    ]  # fmt: skip
    return words[:count]


def reorganise(municipality: Municipality, count: int, *, rnd: random.Random, since: dt.date) -> int:
    """``count`` reorganisations through the services, so that history is real: renames, moves
    of a leaf to another section and mergers of two sibling leaves, each on a date in the six
    years after ``since``. Returns how many were made."""
    from radhus.organisation import services

    leaves = [u for u in municipality.units if u.kind in (UnitKind.UNIT, UnitKind.SECTOR)]
    rnd.shuffle(leaves)
    parents = [u for u in municipality.units if u.kind in (UnitKind.DEPARTMENT, UnitKind.SECTOR)]
    used: set[int] = set()
    made = 0

    def on() -> dt.date:
        return since + dt.timedelta(days=rnd.randint(400, 6 * 365))

    for i, unit in enumerate(leaves):
        if made >= count:
            break
        if unit.pk in used:
            continue
        kind = i % 5
        if kind in (0, 1, 2):
            services.reorganisation_rename(
                unit=unit, actor=None, effective_date=on(), name=f"{unit.name.rsplit(' ', 1)[0]} nya {i}"
            )
        elif kind == 3 and parents:
            target = rnd.choice(parents)
            if target.pk == unit.pk or target.parent_id == unit.pk or unit.kind != UnitKind.UNIT:
                continue
            services.reorganisation_move(unit=unit, actor=None, effective_date=on(), parent=target)
        else:
            siblings = [
                u
                for u in leaves
                if u.parent_id == unit.parent_id
                and u.pk not in used
                and u.pk != unit.pk
                and u.kind == UnitKind.UNIT
            ]
            if unit.kind != UnitKind.UNIT or not siblings or unit.children.exists():
                continue
            other = siblings[0]
            if other.children.exists():
                continue
            used.add(other.pk)
            services.reorganisation_merge(
                sources=[unit, other],
                actor=None,
                effective_date=on(),
                title=f"{unit.name} och {other.name} går samman",
                result={"kind": UnitKind.UNIT, "name": f"{unit.name} sammanslagen", "parent": unit.parent},
            )
        used.add(unit.pk)
        made += 1
    return made
