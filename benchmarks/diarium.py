"""The case register at scale (issue 9): 1,000,000 cases and 3,000,000 records with Swedish
text at ``--scale 1`` (the default), on SQLite and PostgreSQL.

Prints, per database:

- the case list (``GET /api/v1/diarium/search?tenant=…`` with no words: the newest cases, a page
  of 50; and ``GET /api/v1/cases`` when the branch has it) — p50/p95 against the targets
  (p50 ≤ 15 ms, p95 ≤ 40 ms), and whether any statement of a list COUNTs the whole table;
- search for a rare and a common word through the search service and through the API, next to
  the same SQL run by hand (the ratio, target ≤ 1.5; p95 target ≤ 50 ms on PostgreSQL, ≤ 100 ms
  on SQLite);
- the whole case in one call (``GET /api/v1/cases/{id}``: records, parties, referrals, history),
  target p95 ≤ 50 ms;
- registrations a second through ``POST /api/v1/cases`` (a registrar's API key) with 16 concurrent
  clients against a real server (``radhus serve``, gunicorn), target ≥ 200 on PostgreSQL, and
  whether the numbers given are gapless.
  The cases they made are then removed (their numbers given back to the series), so that
  each run lists and searches the register as it was built.

The data is written with bulk inserts (``executemany`` in batches, full-text indexes built after
the load), into ``var/bench-diarium-<scale>.sqlite3`` or the PostgreSQL database given
(``radhus_diarium2_bench`` by convention); a database that already holds the same scale is
reused. Each database is measured in a worker process of its own (``national.run_worker``).

    .venv/bin/python benchmarks/diarium.py [--scale 1] [--db sqlite] [--db postgres://…] [--seconds 10]
    .venv/bin/python benchmarks/diarium.py --scale 0.005 --db sqlite --profile 200 [--profile-top 25] [--profile-sql]

``--profile N`` measures instead, in this process, the CPU time and the statements of one request
of each kind (the lists, the whole case, a registration) against the kept register.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.national import (  # noqa: E402
    PROJECT_DIR,
    database_label,
    header,
    ms,
    percentile,
    run_worker,
    setup_django,
    verdict,
)
from benchmarks.server import free_port, serve  # noqa: E402

FULL_CASES = 1_000_000
RECORDS_PER_CASE = 3
BATCH = 5_000
TENANT = "diariestad"
GENERATOR = "radhus-bench-diarium v3"
RARE_WORD = "kvarnbacksskolan"  # about one case in 20,000
COMMON_WORD = "forskola"  # about one case in 8 (written “förskola”, found folded)
SAMPLES = 200
CLIENTS = 16

SUBJECTS = [
    "Detaljplan för",
    "Bygglov för",
    "Medborgarförslag om",
    "Motion om",
    "Yttrande över",
    "Avtal om",
    "Upphandling av",
    "Renovering av",
    "Remiss om",
    "Budget för",
    "Investering i",
    "Tillsyn av",
    "Ansökan om bidrag till",
    "Föreläggande om",
    "Utredning av",
    "Försäljning av",
]
OBJECTS = [
    "förskola",
    "skola",
    "äldreboende",
    "simhall",
    "idrottsplats",
    "gång- och cykelväg",
    "vattenverk",
    "bibliotek",
    "ungdomsgård",
    "parkering",
    "busshållplats",
    "vårdcentral",
    "återvinningscentral",
    "industriområde",
    "bostadsområde",
    "naturreservat",
    "hamn",
    "kulturhus",
    "badplats",
    "gatubelysning",
]
PLACES = [
    "Tyringe",
    "Vinslöv",
    "Sösdala",
    "Hästveda",
    "Bjärnum",
    "Vittsjö",
    "Ballingslöv",
    "Stoby",
    "Norra Sandby",
    "Ignaberga",
    "Finja",
    "Tormestorp",
    "Emmaljunga",
    "Mala",
    "Röke",
    "Hässleholm centrum",
]
RECORD_TITLES = [
    "Skrivelse",
    "Tjänsteskrivelse",
    "Protokollsutdrag",
    "Yttrande",
    "Beslut",
    "Kompletterande uppgifter",
    "Kartbilaga",
    "Minnesanteckningar",
    "Remissvar",
    "Underrättelse",
]
SENDERS = ["Länsstyrelsen Skåne", "Trafikverket", "Region Skåne", "Föreningen", "Bolaget AB", "Polisen"]
STATUSES = ["registered", "in_preparation", "on_referral", "ready", "decided", "being_carried_out", "closed"]


def bench_sqlite_url(scale: float) -> str:
    path = PROJECT_DIR / "var" / f"bench-diarium-{scale:g}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


# Building ------------------------------------------------------------------------------------


def _key(scale: float) -> str:
    return f"{GENERATOR} scale {scale:g}"


def _built_key() -> str:
    from radhus.core.models import AuditEvent

    found = AuditEvent.objects.filter(action="bench.diarium.built").order_by("-id").first()
    return found.summary if found else ""


def open_register(scale: float, url: str) -> None:
    setup_django(url, "benchmarks.diarium_settings")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if _built_key() == _key(scale):
        print(f"# reusing the register ({_key(scale)})", flush=True)
        return
    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    n = build(scale)
    print(
        f"# built {n:,} cases and {n * RECORDS_PER_CASE:,} records in {time.perf_counter() - started:.0f} s",
        flush=True,
    )


def _migration() -> Any:
    return importlib.import_module("radhus.diarium.migrations.0002_referrals_watches")


def _tsv_migration() -> Any:
    return importlib.import_module("radhus.diarium.migrations.0005_search_tsvector")


def build(scale: float, seed: int = 9) -> int:
    """Write the register of ``diariestad``: bodies, officers, classes, cases, records and the
    search documents; the full-text indexes are dropped during the load and built after it (the
    stored tsvectors of PostgreSQL are computed as the documents are written)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from radhus.core import audit
    from radhus.core.services import tenant_create
    from radhus.diarium import search, services
    from radhus.diarium.models import Classification, SeriesYear
    from radhus.organisation import services as org
    from radhus.organisation.models import UnitKind

    rnd = random.Random(seed)
    n_cases = max(100, round(FULL_CASES * scale))
    tenant = tenant_create(actor=None, name="Diariestads kommun", slug=TENANT)
    board = org.unit_create(tenant=tenant, actor=None, kind=UnitKind.EXECUTIVE_BOARD, name="Kommunstyrelsen")
    bodies = [board] + [
        org.unit_create(tenant=tenant, actor=None, kind=UnitKind.COMMITTEE, name=name, parent=board)
        for name in ("Barn- och utbildningsnämnden", "Miljö- och byggnadsnämnden", "Tekniska nämnden")
    ]
    series = [
        services.series_create(tenant=tenant, actor=None, body=b, code=c)
        for b, c in zip(bodies, ("KS", "BUN", "MBN", "TN"), strict=True)
    ]
    officers = [
        org.person_create(tenant=tenant, actor=None, first_name=f"Handläggare{i}", last_name="Andersson")
        for i in range(40)
    ]
    classes = [
        Classification.objects.create(tenant=tenant, code=f"{i // 10 + 1}.{i % 10 + 1}", title=f"Process {i}")
        for i in range(30)
    ]
    vendor = connection.vendor
    mig, tsv = _migration(), _tsv_migration()
    with connection.cursor() as cursor:
        for sql in tsv.TSV_INDEXES_DROP if vendor == "postgresql" else mig.FTS_SQLITE_DROP[:3]:
            cursor.execute(sql)  # the triggers (SQLite) or the GIN indexes (PostgreSQL) go for the load
    now = timezone.now()
    counters: dict[tuple[int, int], int] = {}
    case_sql = (
        "INSERT INTO diarium_case (id, tenant_id, series_id, year, sequence, number, title, title_secrecy, "
        "public_title, description, classification_id, responsible_unit_id, officer_id, origin, status, "
        "opened_on, decided_on, closed_on, created_at, updated_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, '', '', %s, %s, %s, %s, %s, %s, %s, NULL, NULL, %s, %s)"
    )
    record_sql = (
        "INSERT INTO diarium_record (id, tenant_id, case_id, sequence, number, direction, kind, title, "
        "description, document_date, registered_on, sender, recipient, counterpart_is_private, secrecy, "
        "secrecy_scope, is_final, finalised_at, created_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, 'other', %s, '', %s, %s, %s, %s, %s, '', 'record', %s, NULL, %s)"
    )
    doc_sql = (
        "INSERT INTO diarium_casesearch (case_id, tenant_id, public_text, full_text, year, sequence) "
        "VALUES (%s, %s, %s, %s, %s, %s)"
    )
    first_year, years = 2012, 15
    rare_every = min(20_000, max(2, n_cases // 5))  # about 50 in a million, at least 5 at any scale
    record_id = 0
    for start in range(0, n_cases, BATCH):
        cases, records, docs = [], [], []
        for i in range(start, min(n_cases, start + BATCH)):
            case_id = i + 1
            year = first_year + (i * years) // n_cases
            s = series[rnd.randrange(4)]
            counters[(s.pk, year)] = seq = counters.get((s.pk, year), 0) + 1
            obj = rnd.choice(OBJECTS)
            title = f"{rnd.choice(SUBJECTS)} {obj} i {rnd.choice(PLACES)}"
            if i % rare_every == 7:
                title += " vid Kvarnbacksskolan"
            description = f"Ärendet gäller {obj} och {rnd.choice(OBJECTS)}." if rnd.random() < 0.3 else ""
            opened = dt.date(year, 1, 1) + dt.timedelta(days=rnd.randrange(360))
            number = f"{s.code} {year}/{seq}"
            cases.append(
                (
                    case_id,
                    tenant.pk,
                    s.pk,
                    year,
                    seq,
                    number,
                    title,
                    description,
                    rnd.choice(classes).pk,
                    s.body_id,
                    rnd.choice(officers).pk,
                    "own_initiative",
                    rnd.choice(STATUSES),
                    opened,
                    now,
                    now,
                )
            )
            titles = []
            for r in range(1, RECORDS_PER_CASE + 1):
                record_id += 1
                direction = ("received", "drawn_up", "sent")[(r - 1) % 3]
                rtitle = f"{rnd.choice(RECORD_TITLES)} om {obj}"
                titles.append(rtitle)
                sender = rnd.choice(SENDERS) if direction == "received" else ""
                recipient = rnd.choice(SENDERS) if direction == "sent" else ""
                records.append(
                    (
                        record_id,
                        tenant.pk,
                        case_id,
                        r,
                        f"{number}-{r}",
                        direction,
                        rtitle,
                        opened,
                        opened,
                        sender,
                        recipient,
                        False,
                        False,
                        now,
                    )
                )
            text = search.fold(" ".join([number, title, description, *titles]))
            docs.append((case_id, tenant.pk, text, text, year, seq))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(case_sql, cases)
            cursor.executemany(record_sql, records)
            cursor.executemany(doc_sql, docs)
        if (start // BATCH) % 40 == 0:
            print(f"#   {start + len(cases):,} cases …", flush=True)
    SeriesYear.objects.bulk_create(
        [SeriesYear(series_id=s, year=y, last_number=n) for (s, y), n in counters.items()]
    )
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            for sql in tsv.TSV_INDEXES:
                cursor.execute(sql)
            for table in ("diarium_case", "diarium_record"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                )
            cursor.execute("ANALYZE")
        else:
            cursor.execute("INSERT INTO diarium_search_fts(diarium_search_fts) VALUES ('rebuild')")
            for sql in mig.FTS_SQLITE[1:]:
                cursor.execute(sql)
            cursor.execute("ANALYZE")
    audit.record(tenant=tenant, actor=None, action="bench.diarium.built", subject=tenant, summary=_key(scale))
    return n_cases


# Measuring (in the worker) -------------------------------------------------------------------


def _timed(call: Any, n: int = SAMPLES) -> list[float]:
    call()  # warm
    out = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        out.append(time.perf_counter() - started)
    return out


def measure(scale: float, url: str) -> dict[str, Any]:
    open_register(scale, url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from radhus.core.models import Tenant
    from radhus.diarium import search

    tenant = Tenant.objects.get(slug=TENANT)
    client = Client()
    figures: dict[str, Any] = {"vendor": connection.vendor}

    def api(path: str) -> None:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)

    lists = {
        "list_page": f"/{TENANT}/diarium/",
        "list_search_api": f"/api/v1/diarium/search?tenant={TENANT}&page_size=50",
    }
    if client.get(f"/api/v1/cases?tenant={TENANT}&page_size=50").status_code == 200:
        lists["list_cases_api"] = f"/api/v1/cases?tenant={TENANT}&page_size=50"
    for name, path in lists.items():
        with CaptureQueriesContext(connection) as queries:
            api(path)
        counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
        samples = _timed(lambda p=path: api(p))
        figures[name] = {"p50": percentile(samples, 0.5), "p95": percentile(samples, 0.95), "counts": counts}

    # The whole case in one call (records, parties, referrals, history), for cases spread over
    # the years.

    # The cases built (ids 1…n), as the profile reads them: the same cases in every run.
    top = max(100, round(FULL_CASES * scale))
    picks = random.Random(3).sample(range(1, top + 1), min(SAMPLES, top))
    paths = iter([f"/api/v1/cases/{pk}" for pk in picks] * 2)
    whole = _timed(lambda: api(next(paths)), n=len(picks) - 1)
    figures["whole_case"] = {"p50": percentile(whole, 0.5), "p95": percentile(whole, 0.95)}

    figures["api_key"] = registrar_key(tenant)
    vendor = connection.vendor
    for label, word in (("rare", RARE_WORD), ("common", COMMON_WORD)):
        results = search.search_cases(tenant=tenant, query=word)
        # The service's statements, run by hand in the same way: the walk over the newest
        # documents, then the full search if the walk did not fill the page.
        statements = search.plans(vendor=vendor, secrets=False, filters=search.Filters(), has_words=True)
        words = search.terms(word)
        values = {
            "tenant": tenant.pk,
            "match": search.fts_match(words, False)
            if vendor != "postgresql"
            else search.match_expression(words, vendor),
            "limit": search.PAGE_SIZE + 1,
            "offset": 0,
            "window": search.WALK_WINDOW,
        }

        def raw(
            statements: list[tuple[str, list[str]]] = statements, values: dict[str, Any] = values
        ) -> None:
            search.run_plans(statements, values)  # the cursor alone: no case is made

        service = _timed(lambda w=word: search.search_cases(tenant=tenant, query=w))
        through_api = _timed(lambda w=word: api(f"/api/v1/diarium/search?tenant={TENANT}&q={w}"))
        by_hand = _timed(raw)
        figures[f"search_{label}"] = {
            "word": word,
            "hits_on_page": len(results.cases),
            "service_p50": percentile(service, 0.5),
            "service_p95": percentile(service, 0.95),
            "api_p50": percentile(through_api, 0.5),
            "api_p95": percentile(through_api, 0.95),
            "raw_p50": percentile(by_hand, 0.5),
            "raw_p95": percentile(by_hand, 0.95),
        }
    return figures


def registrar_key(tenant: Any) -> str:
    """An API key of a registrar (the editor role in the benchmark's organisation), for the
    registrations through ``POST /api/v1/cases``."""
    from django.contrib.auth import get_user_model

    from radhus.core.models import Role, TenantRole
    from radhus.core.tokens import token_create

    user, _created = get_user_model().objects.get_or_create(username="bench-registrar")
    TenantRole.objects.get_or_create(user=user, tenant=tenant, defaults={"role": Role.EDITOR})
    _token, key = token_create(user=user, name="benchmarks/diarium.py", days=1)
    return key


def worker(args: argparse.Namespace) -> None:
    url = os.environ["DATABASE_URL"]
    Path(args.out).write_text(json.dumps(measure(args.scale, url), default=str))


# Registrations through a real server ---------------------------------------------------------


REGISTRATION = json.dumps(
    {"tenant": TENANT, "series": "KS", "title": "Ansökan om bidrag till föreningslokal i Tyringe"}
).encode()


def post(port: int, key: str) -> bool:
    """``POST /api/v1/cases`` on a new connection (as a client without keep-alive); True on 201."""
    head = (
        "POST /api/v1/cases HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {key}\r\nContent-Length: {len(REGISTRATION)}\r\n\r\n"
    )
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
            sock.sendall(head.encode() + REGISTRATION)
            first = sock.recv(65536)
            while sock.recv(65536):
                pass
    except OSError:
        return False
    return first.startswith((b"HTTP/1.0 201", b"HTTP/1.1 201"))


def registrations(url: str, seconds: float, workers: int, key: str) -> dict[str, Any]:
    """Registrations a second through ``POST /api/v1/cases`` with ``CLIENTS`` clients, each
    waiting for its answer before the next request."""
    port = free_port()
    log = PROJECT_DIR / "var" / f"bench-diarium-server-{database_label(url).lower()}.log"
    server = serve(url, port, workers, log, settings="benchmarks.diarium_settings")
    done, failed = [0], [0]
    lock = threading.Lock()
    try:
        if not post(port, key):  # warm, and a check that the API registers
            raise SystemExit(f"POST /api/v1/cases did not answer 201; see {log}")
        stop_at = time.perf_counter() + seconds

        def client() -> None:
            while time.perf_counter() < stop_at:
                ok = post(port, key)
                with lock:
                    if ok:
                        done[0] += 1
                    else:
                        failed[0] += 1

        started = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return {"rate": done[0] / elapsed, "done": done[0], "failed": failed[0]}


def gapless(url: str) -> bool:
    """Whether this year's KS numbers of the benchmark run 1…n with none missing or doubled."""
    code = (
        "import sys; sys.path[:0] = [{root!r}, {src!r}];"
        "from benchmarks.national import setup_django; setup_django({url!r}, 'benchmarks.diarium_settings');"
        "import datetime as dt; from radhus.diarium.models import Case;"
        "s = list(Case.objects.filter(tenant__slug='diariestad', series__code='KS', year=dt.date.today().year)"
        ".order_by('sequence').values_list('sequence', flat=True));"
        "print(s == list(range(1, len(s) + 1)))"
    ).format(root=str(PROJECT_DIR), src=str(PROJECT_DIR / "src"), url=url)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip().endswith("True")


def restore(url: str) -> int:
    """Remove the cases the registrations made (and give their numbers back to the series), so
    that the next run searches and lists the register as built, not a top of thousands of
    identical registrations. Returns how many were removed."""
    setup_django(url, "benchmarks.diarium_settings")
    from django.db import transaction
    from django.db.models import Max

    from radhus.diarium.models import Case, SeriesYear

    title = json.loads(REGISTRATION)["title"]
    with transaction.atomic():
        made = Case.objects.filter(tenant__slug=TENANT, title=title)
        removed = made.count()
        made.delete()
        for year in SeriesYear.objects.select_for_update().filter(series__tenant__slug=TENANT):
            top = Case.objects.filter(series_id=year.series_id, year=year.year).aggregate(n=Max("sequence"))[
                "n"
            ]
            SeriesYear.objects.filter(pk=year.pk).update(last_number=top or 0)
    return removed


# In-process profile -------------------------------------------------------------------------


def _load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def profile(args: argparse.Namespace, url: str) -> None:
    """The work of one request of each kind, in this process through Django's test client: the
    CPU time it takes (``time.process_time``, so the other sessions of a shared machine count
    little; PostgreSQL's own work is in its server and not counted, SQLite's is) and the
    statements it runs, against the kept register. With ``--profile-top N``, cProfile's N
    functions that took the most CPU time of their own, per kind of request. The code measured is
    the ``radhus`` first on the path: give another version's ``src`` in ``PYTHONPATH`` to
    compare two versions on the same register."""
    import cProfile
    import pstats

    open_register(args.scale, url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    import radhus
    from radhus.core.models import Tenant

    tenant = Tenant.objects.get(slug=TENANT)
    key = registrar_key(tenant)
    client = Client()
    # The cases built (ids 1…n, each with three records), not those registered by earlier runs,
    # so that every run reads the same cases.
    top = max(100, round(FULL_CASES * args.scale))
    picks = random.Random(3).sample(range(1, top + 1), min(SAMPLES, top))
    cases = iter(picks * (2 + 2 * args.profile // max(1, len(picks))))
    kinds: dict[str, tuple[int, Any]] = {
        "floor (`/bench-hello/`)": (200, lambda: client.get("/bench-hello/")),
        "newest 50, `GET /api/v1/cases`": (
            200,
            lambda: client.get(f"/api/v1/cases?tenant={TENANT}&page_size=50"),
        ),
        "newest 50, `GET /api/v1/diarium/search`": (
            200,
            lambda: client.get(f"/api/v1/diarium/search?tenant={TENANT}&page_size=50"),
        ),
        "whole case, `GET /api/v1/cases/{id}`": (200, lambda: client.get(f"/api/v1/cases/{next(cases)}")),
        "registration, `POST /api/v1/cases`": (
            201,
            lambda: client.post(
                "/api/v1/cases",
                REGISTRATION,
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {key}",
            ),
        ),
    }
    print(f"\n## In-process profile, {database_label(url)}, scale {args.scale:g}\n")
    print(f"- code: `{Path(radhus.__file__).parent}`")
    print(f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M:%S} UTC, load average {_load_average()}")
    print(f"- {args.profile} requests of each kind after 20 to warm up\n")
    print("| request | CPU p50 | CPU mean | statements |")
    print("|---|---|---|---|")
    profiles = {}
    for label, (status, call) in kinds.items():
        for _ in range(20):
            response = call()
            assert response.status_code == status, (label, response.status_code, response.content[:300])
        with CaptureQueriesContext(connection) as captured:
            call()
        statements = len(captured.captured_queries)  # before the next request resets the log
        cpu = []
        profiler = cProfile.Profile(time.process_time) if args.profile_top else None
        for _ in range(args.profile):
            started = time.process_time()
            if profiler is not None:
                profiler.enable()
            call()
            if profiler is not None:
                profiler.disable()
            cpu.append(time.process_time() - started)
        profiles[label] = profiler
        print(f"| {label} | {ms(percentile(cpu, 0.5))} | {ms(sum(cpu) / len(cpu))} | {statements} |")
    print(f"\n- load average at the end: {_load_average()}")
    for label, profiler in profiles.items():
        if profiler is not None:
            print(f"\n### {label}: the {args.profile_top} functions with the most time of their own\n")
            print("```")
            pstats.Stats(profiler).sort_stats("tottime").print_stats(args.profile_top)
            print("```")
    if args.profile_sql:
        for label, (_status, call) in kinds.items():
            with CaptureQueriesContext(connection) as captured:
                call()
            print(f"\n### {label}: statements\n")
            for query in captured.captured_queries:
                print(f"- `{query['sql'][:300]}`")


# Report --------------------------------------------------------------------------------------


def report(rows: dict[str, dict[str, Any]], urls: list[str], args: argparse.Namespace) -> None:
    n = max(100, round(FULL_CASES * args.scale))
    header(f"The case register at scale {args.scale:g}: {n:,} cases, {n * RECORDS_PER_CASE:,} records", urls)
    for label, f in rows.items():
        search_target = 0.05 if label == "PostgreSQL" else 0.1
        print(f"**{label}**\n")
        print("| measure | p50 | p95 | target | |")
        print("|---|---|---|---|---|")
        for name, text in (
            ("list_page", f"the public register page, newest first (`/{TENANT}/diarium/`)"),
            ("list_search_api", "case list, newest 50 (`GET /api/v1/diarium/search`, no words)"),
            ("list_cases_api", "case list API (`GET /api/v1/cases`, page of 50)"),
        ):
            if name in f:
                cell = f[name]
                ok = cell["p50"] <= 0.015 and cell["p95"] <= 0.040
                counts = "no COUNT" if not cell["counts"] else f"**{len(cell['counts'])} COUNT**"
                print(
                    f"| {text} | {ms(cell['p50'])} | {ms(cell['p95'])} | ≤ 15 / 40 ms, {counts} | {verdict(ok and not cell['counts'])} |"
                )
        if "whole_case" in f:
            cell = f["whole_case"]
            print(
                f"| the whole case in one call (`GET /api/v1/cases/{{id}}`) | {ms(cell['p50'])} | "
                f"{ms(cell['p95'])} | p95 ≤ 50 ms | {verdict(cell['p95'] <= 0.050)} |"
            )
        for kind in ("rare", "common"):
            cell = f[f"search_{kind}"]
            ratio = cell["service_p50"] / max(cell["raw_p50"], 1e-9)
            print(
                f"| search, {kind} word `{cell['word']}` ({cell['hits_on_page']} on the page): service | "
                f"{ms(cell['service_p50'])} | {ms(cell['service_p95'])} | p95 ≤ {search_target * 1000:.0f} ms | "
                f"{verdict(cell['service_p95'] <= search_target)} |"
            )
            print(f"| … the same through the API | {ms(cell['api_p50'])} | {ms(cell['api_p95'])} | | |")
            print(
                f"| … the same SQL by hand (ratio service/SQL {ratio:.2f}) | {ms(cell['raw_p50'])} | "
                f"{ms(cell['raw_p95'])} | ratio ≤ 1.5 | {verdict(ratio <= 1.5)} |"
            )
        reg = f.get("registrations")
        if reg:
            target = "≥ 200/s" if label == "PostgreSQL" else "–"
            ok = reg["rate"] >= 200 if label == "PostgreSQL" else True
            print(
                f"| registrations (`POST /api/v1/cases`), {CLIENTS} clients through `radhus serve` ({args.workers} workers): "
                f"{reg['done']:,} in {args.seconds:g} s, {reg['failed']} failed, numbers gapless: "
                f"{'yes' if reg['gapless'] else '**NO**'} | {reg['rate']:,.0f}/s | | {target} | {verdict(ok and reg['gapless'])} |"
            )
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--db", action="append", help="a DATABASE_URL, or 'sqlite'; give it twice to compare")
    parser.add_argument("--seconds", type=float, default=10, help="how long the registration load runs")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="instead of the benchmark: N requests of each kind in this process, with their CPU time "
        "and statements (one --db)",
    )
    parser.add_argument(
        "--profile-top", type=int, default=0, metavar="K", help="with --profile: cProfile's top K functions"
    )
    parser.add_argument("--profile-sql", action="store_true", help="with --profile: print each statement")
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--restore", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.out:
        worker(args)
        return
    if args.restore:
        print(f"# removed the {restore(args.restore):,} cases the registrations made", flush=True)
        return
    urls = [bench_sqlite_url(args.scale) if u in (None, "sqlite") else u for u in (args.db or ["sqlite"])]
    if args.profile:
        if len(urls) != 1:
            parser.error("--profile measures one database: give --db once")
        profile(args, urls[0])
        return
    rows: dict[str, dict[str, Any]] = {}
    for url in urls:
        label = database_label(url)
        print(f"# {label}: building or reusing the register, then measuring", flush=True)
        figures = run_worker(__file__, ["--scale", str(args.scale)], url)
        print(f"# {label}: registrations through the server", flush=True)
        reg = registrations(url, args.seconds, args.workers, figures.pop("api_key"))
        reg["gapless"] = gapless(url)
        subprocess.run([sys.executable, __file__, "--restore", url], check=True)
        figures["registrations"] = reg
        rows[label] = figures
    report(rows, urls, args)


if __name__ == "__main__":
    main()
