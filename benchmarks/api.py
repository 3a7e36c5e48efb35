"""How fast the API answers at national size (issue 3).

Uses the national-size registry of ``benchmarks/national.py`` (290 municipalities, ≈60,000
units, ≈200,000 people, ≈300,000 appointments and memberships), built once in a SQLite file
that ``benchmarks/organisation.py`` shares, and prints p50/p95 for whole requests through
Django's test client (routing, middleware, queries, JSON):

- ``GET /api/v1/units?tenant=…`` (one municipality's units as of a date; target p95 ≤ 30 ms),
- ``GET /api/v1/units/{id}`` and ``GET /api/v1/posts?tenant=…``, for comparison,
- the Popolo export of one municipality (``/api/v1/popolo/{tenant}``; target ≤ 2 s).

Prints figures; asserts nothing.

    .venv/bin/python benchmarks/api.py [--scale 1.0] [--samples 300] [--db var/bench-organisation.sqlite3]
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
    return f"p50 {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms   (n={len(ms)})"


def measure(label: str, calls: list[Callable[[], object]]) -> None:
    for call in calls[:5]:  # warm caches
        call()
    samples = []
    for call in calls:
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    print(f"{label:<44} {percentiles(samples)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 290 municipalities")
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--popolo-samples", type=int, default=20)
    parser.add_argument("--db", default=str(PROJECT_DIR / "var" / "bench-organisation.sqlite3"))
    args = parser.parse_args()

    db = Path(args.db).with_suffix(f".{args.scale:g}.sqlite3")
    db.parent.mkdir(parents=True, exist_ok=True)
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
    from radhus.organisation import popolo
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
        f"Database: {connection.vendor}, {Tenant.objects.count():,} organisations, "
        f"{Unit.objects.count():,} units, {Person.objects.count():,} people, "
        f"{Appointment.objects.count() + Membership.objects.count():,} appointments and memberships"
    )

    rnd = random.Random(20261123)
    slugs = list(Tenant.objects.values_list("slug", flat=True))
    unit_ids = list(Unit.objects.values_list("pk", flat=True))
    dates = ["2018-06-01", "2020-01-01", dt.date.today().isoformat()]
    client = Client()
    n = args.samples

    def get(path: str) -> Callable[[], object]:
        def call() -> object:
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            return response

        return call

    print()
    measure(
        "GET /api/v1/units?tenant=…&as_of=…",
        [get(f"/api/v1/units?tenant={rnd.choice(slugs)}&as_of={rnd.choice(dates)}") for _ in range(n)],
    )
    measure(
        "GET /api/v1/units?tenant=… (today)",
        [get(f"/api/v1/units?tenant={rnd.choice(slugs)}") for _ in range(n)],
    )
    measure("GET /api/v1/units/{id}", [get(f"/api/v1/units/{rnd.choice(unit_ids)}") for _ in range(n)])
    measure(
        "GET /api/v1/posts?tenant=…", [get(f"/api/v1/posts?tenant={rnd.choice(slugs)}") for _ in range(n)]
    )
    measure(
        "GET /api/v1/units?page=… (all organisations)",
        [get(f"/api/v1/units?page={rnd.randint(1, 50)}") for _ in range(n)],
    )

    def exporter(tenant: Tenant) -> Callable[[], object]:
        return lambda: popolo.export_document(tenant)

    k = args.popolo_samples
    tenants = list(Tenant.objects.all())
    measure(
        "Popolo export of one municipality (function)",
        [exporter(rnd.choice(tenants)) for _ in range(k)],
    )
    measure("GET /api/v1/popolo/{tenant}", [get(f"/api/v1/popolo/{rnd.choice(slugs)}") for _ in range(k)])
    document = popolo.export_document(tenants[0])
    print(
        f"\nOne municipality's Popolo document: {len(document['organizations'])} organizations, "
        f"{len(document['persons'])} persons, {len(document['posts'])} posts, "
        f"{len(document['memberships'])} memberships, {len(popolo.dumps(document)) / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    main()
