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
import random
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.national import DEFAULT_DB, getter, measure, open_registry  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 290 municipalities")
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--popolo-samples", type=int, default=20)
    parser.add_argument("--db", default=str(DEFAULT_DB))
    args = parser.parse_args()

    open_registry(args.db, args.scale)
    from django.test import Client

    from radhus.core.models import Tenant
    from radhus.organisation import popolo
    from radhus.organisation.models import Unit

    rnd = random.Random(20261123)
    slugs = list(Tenant.objects.values_list("slug", flat=True))
    unit_ids = list(Unit.objects.values_list("pk", flat=True))
    dates = ["2018-06-01", "2020-01-01", dt.date.today().isoformat()]
    client = Client()
    n = args.samples

    def get(path: str) -> Callable[[], object]:
        return getter(client, path)

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
