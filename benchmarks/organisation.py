"""How fast the organisation registry answers at national size (issue 2).

Builds 290 municipalities (≈60,000 units, ≈200,000 people, ≈300,000 appointments and
memberships) in a SQLite file, or another database given by DATABASE_URL, and prints p50/p95
for: one municipality's tree as of a date (selector), its start page, a unit page and a person
page (whole requests through Django's test client: URL routing, middleware, queries, template).
Targets: tree p95 ≤ 20 ms; a page p95 ≤ 50 ms, on SQLite. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/organisation.py [--scale 1.0] [--samples 300] [--db var/bench.sqlite3]

The database file is kept and reused by the next run with the same --db and --scale.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.national import DEFAULT_DB, getter, measure, open_registry  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--db", default=str(DEFAULT_DB))
    args = parser.parse_args()

    open_registry(args.db, args.scale)
    from django.test import Client

    from radhus.core.models import Tenant
    from radhus.organisation import selectors
    from radhus.organisation.models import Person, Unit

    rnd = random.Random(20261123)
    tenants = list(Tenant.objects.all())
    unit_refs = list(Unit.objects.values_list("tenant__slug", "slug"))
    person_refs = list(Person.objects.values_list("tenant__slug", "slug"))
    dates = [dt.date(2018, 6, 1), dt.date(2020, 1, 1), dt.date(2026, 11, 23)]
    client = Client()
    n = args.samples

    def tree(t: Tenant, d: dt.date) -> Callable[[], object]:
        return lambda: selectors.tree_as_of(t, d)

    def get(path: str) -> Callable[[], object]:
        return getter(client, path)

    print()
    measure("tree as of a date (selector)", [tree(rnd.choice(tenants), rnd.choice(dates)) for _ in range(n)])
    measure(
        "start page with the tree",
        [get(f"/{rnd.choice(tenants).slug}/?datum={rnd.choice(dates)}") for _ in range(n)],
    )
    measure("unit page", [get("/{}/enhet/{}/".format(*rnd.choice(unit_refs))) for _ in range(n)])
    measure("person page", [get("/{}/person/{}/".format(*rnd.choice(person_refs))) for _ in range(n)])


if __name__ == "__main__":
    main()
