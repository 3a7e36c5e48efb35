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
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]


def percentiles(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"p50 {statistics.median(ms):6.1f} ms   p95 {p95:6.1f} ms   (n={len(ms)})"


def measure(label: str, calls: list[Callable[[], object]]) -> None:
    for call in calls[:5]:  # warm caches and the template loader
        call()
    samples = []
    for call in calls:
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    print(f"{label:<34} {percentiles(samples)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--db", default=str(PROJECT_DIR / "var" / "bench-organisation.sqlite3"))
    args = parser.parse_args()

    db = Path(args.db).with_suffix(f".{args.scale:g}.sqlite3")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{db}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "radhus.settings"
    sys.path.insert(0, str(PROJECT_DIR / "src"))
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from benchmarks.national import build
    from radhus.core.models import Tenant
    from radhus.organisation import selectors
    from radhus.organisation.models import Appointment, Membership, Person, Unit

    call_command("migrate", verbosity=0)
    if not Tenant.objects.exists():
        print(f"Building the registry at scale {args.scale} in {connection.settings_dict['NAME']} …")
        registry = build(scale=args.scale)
        print(
            f"Built in {registry.seconds:.0f} s: "
            + ", ".join(f"{n:,} {k}" for k, n in registry.counts.items())
        )
    print(
        f"Database: {connection.vendor}, {Tenant.objects.count():,} municipalities, "
        f"{Unit.objects.count():,} units, {Person.objects.count():,} people, "
        f"{Appointment.objects.count() + Membership.objects.count():,} appointments and memberships"
    )

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
        def call() -> object:
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            return response

        return call

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
