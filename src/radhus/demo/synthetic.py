"""A large made-up municipality, for the chart tests and benchmarks: real sizes, no real data."""

from __future__ import annotations

import random

from radhus.core.models import Tenant
from radhus.organisation.models import Unit, UnitKind


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
