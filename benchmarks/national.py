"""A national-size registry for benchmarks: 290 municipalities with their organisation, posts,
people, appointments, memberships and contact points, written with bulk_create.

At ``scale=1.0``: 290 municipalities, ≈60,000 units, ≈200,000 people, ≈300,000 appointments
and memberships. Used by the benchmark scripts; never by tests.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MUNICIPALITIES = 290
# Per municipality, at scale 1.0: 1 council + 1 board + 10 committees + 12 administrations,
# each administration with a staff unit and 6 departments of 1–3 units (≈ 207 units).
COMMITTEES = 10
ADMINISTRATIONS = 12
DEPARTMENTS = 6
FIRST_NAMES = [
    "Anna",
    "Björn",
    "Cecilia",
    "David",
    "Elin",
    "Fredrik",
    "Greta",
    "Håkan",
    "Ingrid",
    "Johan",
    "Karin",
    "Lars",
    "Maria",
    "Nils",
    "Åsa",
    "Örjan",
    "Ärla",
    "Zacharias",
]
LAST_NAMES = [
    "Andersson",
    "Berg",
    "Carlsson",
    "Dahl",
    "Eriksson",
    "Fors",
    "Gustafsson",
    "Holm",
    "Isaksson",
    "Johansson",
    "Karlsson",
    "Lindberg",
    "Nylén",
    "Persson",
    "Åberg",
    "Öberg",
    "Ärlig",
    "Sandlin",
    "Wallin",
]


@dataclass
class Registry:
    tenants: list
    seconds: float
    counts: dict[str, int]


def build(scale: float = 1.0, seed: int = 290) -> Registry:
    """Write the registry into the configured database (which should be empty)."""
    from radhus.core.models import Tenant
    from radhus.organisation.models import (
        Appointment,
        ContactPoint,
        Membership,
        MembershipRole,
        Party,
        Person,
        Post,
        Unit,
        UnitKind,
    )

    rnd = random.Random(seed)
    started = time.perf_counter()
    count = max(1, round(MUNICIPALITIES * scale))
    parties = [
        Party.objects.get_or_create(abbreviation=a, defaults={"name": n})[0]
        for a, n in [
            ("S", "Socialdemokraterna"),
            ("M", "Moderaterna"),
            ("C", "Centerpartiet"),
            ("V", "Vänsterpartiet"),
            ("KD", "Kristdemokraterna"),
            ("L", "Liberalerna"),
        ]
    ]
    tenants = Tenant.objects.bulk_create(
        [
            Tenant(
                name=f"Kommun {i:03d}",
                slug=f"kommun-{i:03d}",
                kind=Tenant.Kind.MUNICIPALITY,
                municipality_code=f"{1000 + i:04d}",
            )
            for i in range(count)
        ]
    )
    serial = iter(range(1, 10**9))
    since = dt.date(2019, 1, 1)

    def units(tenant: Tenant, specs: list[tuple[str, str, Unit | None]]) -> list[Unit]:
        return Unit.objects.bulk_create(
            [
                Unit(tenant=tenant, kind=k, name=n, slug=f"u{next(serial)}", parent=p, valid_from=since)
                for k, n, p in specs
            ],
            batch_size=2000,
        )

    totals = {"units": 0, "posts": 0, "people": 0, "appointments": 0, "memberships": 0, "contact points": 0}
    for tenant in tenants:
        (council,) = units(tenant, [(UnitKind.COUNCIL, "Kommunfullmäktige", None)])
        (board,) = units(tenant, [(UnitKind.EXECUTIVE_BOARD, "Kommunstyrelsen", council)])
        committees = units(tenant, [(UnitKind.COMMITTEE, f"Nämnd {i}", council) for i in range(COMMITTEES)])
        political = [council, board, *committees]
        administrations = units(
            tenant,
            [
                (UnitKind.ADMINISTRATION, f"Förvaltning {i}", board if i == 0 else committees[i % COMMITTEES])
                for i in range(ADMINISTRATIONS)
            ],
        )
        staff = units(tenant, [(UnitKind.STAFF_UNIT, f"Stab {i}", a) for i, a in enumerate(administrations)])
        departments = units(
            tenant,
            [
                (UnitKind.DEPARTMENT, f"Avdelning {i}.{j}", a)
                for i, a in enumerate(administrations)
                for j in range(DEPARTMENTS)
            ],
        )
        leaves = units(
            tenant,
            [
                (UnitKind.UNIT, f"Enhet {d.name[10:]}.{k}", d)
                for d in departments
                for k in range(rnd.choice((1, 1, 2)))
            ],
        )
        offices = administrations + staff + departments + leaves
        posts = Post.objects.bulk_create(
            [
                Post(tenant=tenant, unit=u, title=f"Chef för {u.name}", is_contact=True, valid_from=since)
                for u in offices
            ],
            batch_size=2000,
        )
        people = Person.objects.bulk_create(
            [
                Person(
                    tenant=tenant,
                    first_name=rnd.choice(FIRST_NAMES),
                    last_name=rnd.choice(LAST_NAMES),
                    slug=f"p{next(serial)}",
                    party=rnd.choice(parties) if i >= len(posts) else None,
                )
                for i in range(len(posts) * 690 // 207)
            ],
            batch_size=2000,
        )
        officials, politicians = people[: len(posts)], people[len(posts) :]
        appointments = [
            Appointment(post=p, person=o, valid_from=since) for p, o in zip(posts, officials, strict=True)
        ]
        # A few past holders, so that "as of" matters.
        appointments += [
            Appointment(
                post=p,
                person=rnd.choice(officials),
                valid_from=dt.date(2010, 1, 1),
                valid_to=dt.date(2018, 12, 31),
            )
            for p in posts[::3]
        ]
        Appointment.objects.bulk_create(appointments, batch_size=2000)
        memberships = []
        for body in political:
            seats = rnd.sample(politicians, min(len(politicians), 61 if body is council else 11))
            for n, person in enumerate(seats):
                role = (
                    MembershipRole.CHAIR
                    if n == 0
                    else (MembershipRole.SUBSTITUTE if n % 3 == 0 else MembershipRole.MEMBER)
                )
                memberships.append(
                    Membership(group=body, person=person, role=role, valid_from=since, sort_order=n)
                )
        # The board's secretary is a post; the management team is defined by posts (S2.2).
        memberships.append(Membership(group=board, post=posts[0], role=MembershipRole.SECRETARY))
        while len(memberships) < 1034:
            memberships.append(
                Membership(
                    group=rnd.choice(political),
                    person=rnd.choice(politicians),
                    role=MembershipRole.SUBSTITUTE,
                    valid_from=since,
                )
            )
        Membership.objects.bulk_create(memberships, batch_size=2000)
        points = [
            ContactPoint(
                post=p, kind="phone", value=f"+46{rnd.randint(10, 99)}{rnd.randint(1000000, 9999999)}"
            )
            for p in posts
        ]
        points += [
            ContactPoint(unit=u, kind="switchboard", value="+4666088000") for u in offices[:ADMINISTRATIONS]
        ]
        ContactPoint.objects.bulk_create(points, batch_size=2000)
        for key, n in [
            ("units", 2 + len(committees) + len(offices)),
            ("posts", len(posts)),
            ("people", len(people)),
            ("appointments", len(appointments)),
            ("memberships", len(memberships)),
            ("contact points", len(points)),
        ]:
            totals[key] += n
    return Registry(tenants=tenants, seconds=time.perf_counter() - started, counts=totals)


# Shared by the benchmark scripts ------------------------------------------------------------

PROJECT_DIR = Path(__file__).resolve().parents[1]
DEFAULT_DB = PROJECT_DIR / "var" / "bench-organisation.sqlite3"


def open_registry(db: str, scale: float) -> None:
    """Set Django up on the benchmark database (``DATABASE_URL``, or a SQLite file per scale,
    kept for the next run), migrate it and build the registry if it is empty."""
    path = Path(db).with_suffix(f".{scale:g}.sqlite3")
    path.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{path}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "radhus.settings"
    sys.path.insert(0, str(PROJECT_DIR / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from radhus.core.models import Tenant
    from radhus.organisation.models import Appointment, Membership, Person, Unit

    call_command("migrate", verbosity=0)
    if not Tenant.objects.exists():
        print(f"Building the registry at scale {scale} in {connection.settings_dict['NAME']} …")
        registry = build(scale=scale)
        print(
            f"Built in {registry.seconds:.0f} s: "
            + ", ".join(f"{n:,} {k}" for k, n in registry.counts.items())
        )
    print(
        f"Database: {connection.vendor}, {Tenant.objects.count():,} organisations, "
        f"{Unit.objects.count():,} units, {Person.objects.count():,} people, "
        f"{Appointment.objects.count() + Membership.objects.count():,} appointments and memberships"
    )


def percentiles(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"p50 {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms   (n={len(ms)})"


def measure(label: str, calls: list[Callable[[], object]]) -> None:
    """Run each call once (after a few to warm caches) and print p50/p95 of their times."""
    for call in calls[:5]:
        call()
    samples = []
    for call in calls:
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    print(f"{label:<44} {percentiles(samples)}")


def getter(client: Any, path: str) -> Callable[[], object]:
    """A whole GET request through Django's test client; anything but 200 stops the run."""

    def call() -> object:
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        return response

    return call
