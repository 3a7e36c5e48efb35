"""The national registry the benchmarks run on, built once and kept, and what they share.

At ``--scale 1.0``: 290 municipalities, most of them small (80–600 units, a few up to 1,500),
among them four named ones the benchmarks compare:

- ``jattestad``, the extreme: 20,000 units, seven or eight levels deep;
- ``storstad``, a large city: 5,000 units;
- ``mellanstad``: 2,000 units, for the organisation charts;
- ``smastad``: a 200-unit town, the yardstick the large ones are compared to.

Every municipality has posts with present, past and acting holders, politicians with seats,
people with a protected identity (hidden), public and hidden contact points, post documents
and an audit event per unit and post, all from 2015-01-01 (``SINCE``). Reorganisations
(renames, moves, mergers) are made through the services, so that their history is real: a few
in each municipality, one per 200 units in the large ones, dated 2016–2021.

Bulk rows go in with bulk_create; the whole build takes a few minutes. The result is kept: a
SQLite file per scale and generator version under ``var/``, or, on PostgreSQL, the database
given by ``DATABASE_URL`` with the key in its comment. A later run with the same key reuses it;
another key empties the database and builds again. Never run this on a database you need.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parents[1]
# Raise when the generator changes what it writes: kept registries of another version are
# rebuilt.
GENERATOR_VERSION = 3
MUNICIPALITIES = 290
SINCE = dt.date(2015, 1, 1)
# Dates the benchmarks sample: every unit but those made by a later merger exists on each.
SAMPLE_DATES = [dt.date(2017, 6, 1), dt.date(2021, 6, 1), dt.date.today()]
NAMED = {"jattestad": 20_000, "storstad": 5_000, "mellanstad": 2_000, "smastad": 200}
BIG, CITY, CHART, SMALL = "jattestad", "storstad", "mellanstad", "smastad"


def sizes(scale: float, rnd: random.Random) -> dict[str, int]:
    """Slug → units. The named ones keep a floor at small scales, so a quick run still compares
    a big municipality to a small one."""
    named = {
        BIG: max(3_000, round(NAMED[BIG] * scale)),
        CITY: max(1_500, round(NAMED[CITY] * scale)),
        CHART: NAMED[CHART],
        SMALL: NAMED[SMALL],
    }
    others = {}
    for i in range(max(0, round(MUNICIPALITIES * scale) - len(named))):
        draw = rnd.random()
        low, high = (80, 250) if draw < 0.75 else (250, 600) if draw < 0.95 else (600, 1_500)
        others[f"kommun-{i:03d}"] = rnd.randint(low, high)
    return named | others


def registry_key(scale: float) -> str:
    return f"radhus-bench-national v{GENERATOR_VERSION} scale {scale:g}"


def sqlite_url(scale: float) -> str:
    path = PROJECT_DIR / "var" / f"bench-national-v{GENERATOR_VERSION}-{scale:g}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def setup_django(database_url: str, settings: str = "radhus.settings") -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    for path in (str(PROJECT_DIR / "src"), str(PROJECT_DIR)):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()


def _stored_key() -> str:
    from django.db import connection

    from radhus.core.models import Tenant

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                "WHERE datname = current_database()"
            )
            return cursor.fetchone()[0] or ""
    # A SQLite file is named by its key; it holds a registry once it has organisations.
    return "sqlite" if Tenant.objects.exists() else ""


def _store_key(key: str) -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            name = connection.ops.quote_name(connection.settings_dict["NAME"])
            # A utility statement takes no bound parameter: the key is quoted here.
            cursor.execute(connection.ops.compose_sql(f"COMMENT ON DATABASE {name} IS %s", [key]))


def open_registry(scale: float, database_url: str | None = None, *, quiet: bool = False) -> str:
    """Set Django up on the benchmark database, migrate it and build the registry unless the
    same scale and generator version is there already. Returns the database URL."""
    url = database_url or os.environ.get("DATABASE_URL") or sqlite_url(scale)
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    key = registry_key(scale)
    stored = _stored_key()
    wanted = "sqlite" if connection.vendor == "sqlite" else key
    if stored != wanted:
        if stored or _has_rows():
            print(f"Emptying {connection.settings_dict['NAME']} (it holds {stored or 'other data'!r}) …")
            call_command("flush", interactive=False, verbosity=0)
        print(f"Building the national registry ({key}) in {connection.vendor} …", flush=True)
        started = time.perf_counter()
        counts = build(scale)
        if connection.vendor == "postgresql":
            # What autovacuum does soon after a bulk load in production: statistics for the
            # planner and the visibility map for index-only scans.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        _store_key(key)
        print(
            f"Built in {time.perf_counter() - started:.0f} s: "
            + ", ".join(f"{n:,} {k}" for k, n in counts.items()),
            flush=True,
        )
    elif not quiet:
        print(f"Reusing the registry ({key}) in {connection.vendor} {connection.settings_dict['NAME']}")
    return url


def _has_rows() -> bool:
    from radhus.core.models import Tenant

    return Tenant.objects.exists()


def build(scale: float, seed: int = 290) -> dict[str, int]:
    """Write the registry into the configured database, which should be empty."""
    from radhus.core.models import Tenant
    from radhus.demo.synthetic import build_municipality, reorganise
    from radhus.organisation.models import Party

    rnd = random.Random(seed)
    parties = [
        Party.objects.get_or_create(abbreviation=a, defaults={"name": n})[0]
        for a, n in [
            ("S", "Socialdemokraterna"),
            ("M", "Moderaterna"),
            ("C", "Centerpartiet"),
            ("V", "Vänsterpartiet"),
            ("KD", "Kristdemokraterna"),
            ("L", "Liberalerna"),
            ("SD", "Sverigedemokraterna"),
            ("MP", "Miljöpartiet"),
        ]
    ]
    totals: dict[str, int] = {"municipalities": 0, "reorganisations": 0}
    names = {
        BIG: "Jättestads kommun",
        CITY: "Storstads kommun",
        CHART: "Mellanstads kommun",
        SMALL: "Småstads kommun",
    }
    for i, (slug, size) in enumerate(sizes(scale, rnd).items()):
        tenant = Tenant.objects.create(
            name=names.get(slug, f"Kommun {slug[-3:]}"),
            slug=slug,
            kind=Tenant.Kind.MUNICIPALITY,
            municipality_code=f"{1000 + i:04d}",
        )
        municipality = build_municipality(tenant, size, rnd=rnd, since=SINCE, parties=parties)
        totals["reorganisations"] += reorganise(municipality, max(3, size // 200), rnd=rnd, since=SINCE)
        totals["municipalities"] += 1
        for k, n in municipality.rows.items():
            totals[k] = totals.get(k, 0) + n
    return totals


# Shared by the benchmark scripts ------------------------------------------------------------


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def median(samples: list[float]) -> float:
    return statistics.median(samples) if samples else float("nan")


def ms(seconds: float | None) -> str:
    if seconds is None or seconds != seconds:
        return "–"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def verdict(ok: bool) -> str:
    return "ok" if ok else "**MISS**"


def database_label(url: str) -> str:
    return "PostgreSQL" if url.startswith(("postgres", "pgsql")) else "SQLite"


def machine(urls: list[str]) -> str:
    """One line about the machine and the software, for the head of a result."""
    import sqlite3

    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        memory = float("nan")
    parts = [
        f"{os.cpu_count()} cores ({platform.processor() or platform.machine()})",
        f"{memory:.0f} GiB RAM",
        f"Python {platform.python_version()}",
        f"SQLite {sqlite3.sqlite_version}",
    ]
    for url in urls:
        if database_label(url) == "PostgreSQL":
            parts.append(f"PostgreSQL {_postgres_version(url)}")
            break
    return ", ".join(parts)


def _postgres_version(url: str) -> str:
    try:
        out = subprocess.run(
            ["psql", url, "-Atc", "SHOW server_version"], capture_output=True, text=True, timeout=10
        )
        return out.stdout.strip() or "?"
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def header(title: str, urls: list[str]) -> None:
    print(f"\n## {title}\n")
    print(f"- command: `{' '.join([Path(sys.executable).name, *sys.argv])}`")
    print(f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"- machine: {machine(urls)}")
    print(f"- databases: {', '.join(database_label(u) for u in urls)}\n")


def dump(obj: Any) -> str:
    import json

    return json.dumps(obj, default=str)


def run_worker(script: str, args: list[str], url: str) -> dict[str, Any]:
    """Run ``script`` again as a fresh process on the database ``url`` (a cold start) and return
    the figures it wrote as JSON to ``--out``."""
    with tempfile.NamedTemporaryFile(suffix=".json") as handle:
        env = {**os.environ, "DATABASE_URL": url}
        subprocess.run([sys.executable, script, *args, "--out", handle.name], env=env, check=True)
        return json.loads(Path(handle.name).read_text())
