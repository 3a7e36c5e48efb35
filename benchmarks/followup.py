"""The execution report to the board over ten years of decisions of a large municipality
(issue 11), on SQLite and PostgreSQL.

At ``--scale 1`` (the default) ``uppfoljningsstad`` has 15 deciding bodies (the council, the
board and 13 committees) meeting eleven times a year, 4,000 decisions a year for ten years
(40,000 decisions, each a paragraph of approved minutes), about 38,000 assignments to units,
posts and people (most older ones done; recent ones open; a few old ones forgotten), about
70,000 progress reports and a deviation on about one late assignment in six.

Prints, per database:

- the execution report's staff page (``/…/redigera/uppfoljning/rapporter/verkstallighet/``, a
  page of 100 rows), for the whole organisation and for one committee: the first request in a
  fresh process (cold) and p50/p95 of the following ones (warm), the number of queries, target
  p95 ≤ 100 ms;
- the report's PDF (WeasyPrint, every open assignment) for the whole organisation and for one
  committee, target ≤ 2 s;
- the streamed CSV of the whole report, for comparison;
- on PostgreSQL, the plan of the page's main query.

The data is written with bulk inserts into ``var/bench-followup-<scale>.sqlite3`` or the
PostgreSQL database given (``--db postgres://…``, or ``DATABASE_URL``); a database that
already holds the same scale is reused. Each database is measured in a worker process of its
own (``national.run_worker``).

    .venv/bin/python benchmarks/followup.py [--scale 1] [--db sqlite] [--db postgres://…] [--samples 100]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
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

TENANT = "uppfoljningsstad"
GENERATOR = "radhus-bench-followup v1"
END = dt.date(2026, 11, 27)  # the last meeting day in the data; the report is made as of ON
ON = dt.date(2026, 11, 30)
YEARS = 10
DECISIONS_PER_YEAR = 4_000
BATCH = 2_000
PAGE_TARGET = 0.100
PDF_TARGET = 2.0

BODIES = [
    ("council", "Kommunfullmäktige", "KF", 0.08),
    ("executive_board", "Kommunstyrelsen", "KS", 0.20),
    ("committee", "Barn- och utbildningsnämnden", "BUN", 0.09),
    ("committee", "Gymnasienämnden", "GYN", 0.05),
    ("committee", "Socialnämnden", "SN", 0.08),
    ("committee", "Vård- och omsorgsnämnden", "VON", 0.07),
    ("committee", "Kultur- och fritidsnämnden", "KFN", 0.05),
    ("committee", "Tekniska nämnden", "TN", 0.08),
    ("committee", "Miljö- och byggnadsnämnden", "MBN", 0.09),
    ("committee", "Samhällsbyggnadsnämnden", "SBN", 0.06),
    ("committee", "Arbetsmarknadsnämnden", "AMN", 0.04),
    ("committee", "Överförmyndarnämnden", "ÖFN", 0.02),
    ("committee", "Valnämnden", "VN", 0.01),
    ("committee", "Krisledningsnämnden", "KLN", 0.01),
    ("committee", "Revisionens beredning", "RB", 0.07),
]
ADMINISTRATIONS = [
    "Kommunledningsförvaltningen",
    "Barn- och utbildningsförvaltningen",
    "Socialförvaltningen",
    "Vård- och omsorgsförvaltningen",
    "Kultur- och fritidsförvaltningen",
    "Tekniska förvaltningen",
    "Miljö- och byggförvaltningen",
    "Samhällsbyggnadsförvaltningen",
    "Arbetsmarknadsförvaltningen",
    "Ekonomiavdelningen",
    "HR-avdelningen",
    "Digitaliseringsenheten",
]
POSTS = ["Förvaltningschef", "Avdelningschef", "Enhetschef", "Utredare", "Strateg"]
VERBS = [
    "Utred",
    "Genomför",
    "Ta fram förslag om",
    "Upphandla",
    "Återrapportera",
    "Revidera",
    "Inför",
    "Planera",
]
THINGS = [
    "ny förskola i Tyringe",
    "gång- och cykelväg till Vinslöv",
    "riktlinjer för hemtjänst",
    "renovering av simhallen",
    "digital ansökan om bygglov",
    "trafiksäkerhet vid skolor",
    "lokalförsörjningsplan",
    "äldreboende i Sösdala",
    "policy för upphandling",
    "taxa för vatten och avlopp",
    "handlingsplan mot klotter",
    "ny belysning i centrum",
    "utökad kollektivtrafik",
    "ungdomsgård i Bjärnum",
    "klimatanpassning av dagvatten",
    "bredband på landsbygden",
]
FIRST = ["Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Eva", "Per", "Sara", "Nils", "Lena", "Olof"]
LAST = ["Andersson", "Berg", "Lind", "Nilsson", "Holm", "Ek", "Ström", "Sjöberg", "Wallin", "Lund"]
SAMPLES = 100


def bench_sqlite_url(scale: float) -> str:
    path = PROJECT_DIR / "var" / f"bench-followup-{scale:g}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


# Building ------------------------------------------------------------------------------------


def _key(scale: float) -> str:
    return f"{GENERATOR} scale {scale:g}"


def _built_key() -> str:
    from radhus.core.models import AuditEvent

    found = AuditEvent.objects.filter(action="bench.followup.built").order_by("-id").first()
    return found.summary if found else ""


def open_data(scale: float, url: str) -> None:
    setup_django(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if _built_key() == _key(scale):
        print(f"# reusing the data ({_key(scale)})", flush=True)
        return
    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    counts = build(scale)
    print(
        f"# built in {time.perf_counter() - started:.0f} s: "
        + ", ".join(f"{n:,} {k}" for k, n in counts.items()),
        flush=True,
    )


def _meeting_days(year: int, rnd: random.Random) -> list[dt.date]:
    """Eleven meeting days a year (none in July), on a weekday in the third week."""
    days = []
    for month in (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12):
        day = dt.date(year, month, 15 + rnd.randint(0, 6))
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        days.append(day)
    return days


def build(scale: float, seed: int = 11) -> dict[str, int]:
    """Write the organisation, ten years of meetings, paragraphs and decisions, and the
    assignments, progress reports and deviations made from them."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    from radhus.core import audit
    from radhus.core.models import Role, TenantRole
    from radhus.core.services import tenant_create
    from radhus.followup.models import (
        Assignment,
        AssignmentStatus,
        Deviation,
        DeviationKind,
        ProgressReport,
        Source,
    )
    from radhus.meetings.models import Decision, Meeting, MeetingStatus, MinutesParagraph
    from radhus.organisation import services as org
    from radhus.organisation.models import UnitKind

    rnd = random.Random(seed)
    per_year = max(50, round(DECISIONS_PER_YEAR * scale))
    counts: dict[str, int] = {}
    with transaction.atomic():
        tenant = tenant_create(actor=None, name="Uppföljningsstads kommun", slug=TENANT)
        bodies = []
        board = None
        for kind, name, short, share in BODIES:
            unit = org.unit_create(
                tenant=tenant,
                actor=None,
                kind=kind,
                name=name,
                short_name=short,
                parent=board if board else None,
            )
            if kind == UnitKind.EXECUTIVE_BOARD:
                board = unit
            bodies.append((unit, share))
        admins = [
            org.unit_create(tenant=tenant, actor=None, kind=UnitKind.ADMINISTRATION, name=name, parent=board)
            for name in ADMINISTRATIONS
        ]
        people = [
            org.person_create(
                tenant=tenant, actor=None, first_name=rnd.choice(FIRST), last_name=rnd.choice(LAST)
            )
            for _ in range(300)
        ]
        posts = []
        for admin in admins:
            for title in POSTS:
                post = org.post_create(unit=admin, actor=None, title=title)
                # A holder for the first years, another from a change of holder on.
                change = dt.date(END.year - rnd.randint(1, YEARS), rnd.randint(1, 12), 1)
                org.appointment_create(
                    post=post,
                    person=rnd.choice(people),
                    actor=None,
                    valid_from=dt.date(END.year - YEARS - 1, 1, 1),
                    valid_to=change - dt.timedelta(days=1),
                )
                org.appointment_create(post=post, person=rnd.choice(people), actor=None, valid_from=change)
                posts.append(post)
        reader = get_user_model().objects.create_user(username="bench-revisor", password="bench-revisor")
        TenantRole.objects.create(tenant=tenant, user=reader, role=Role.READER)

    meetings, paragraphs, decisions = [], [], []
    for year in range(END.year - YEARS + 1, END.year + 1):
        for body, share in bodies:
            days = [d for d in _meeting_days(year, rnd) if d <= END]
            n_year = round(per_year * share)
            number = 0
            for i, day in enumerate(days):
                m = Meeting(
                    tenant=tenant,
                    body=body,
                    date=day,
                    start_time=dt.time(9),
                    status=MeetingStatus.APPROVED,
                    approved_on=day + dt.timedelta(days=7),
                )
                meetings.append(m)
                n_here = n_year // 11 + (1 if i < n_year % 11 else 0)
                for _ in range(n_here):
                    number += 1
                    title = f"{rnd.choice(VERBS)} {rnd.choice(THINGS)}"
                    paragraphs.append(
                        (
                            m,
                            MinutesParagraph(
                                tenant=tenant,
                                body=body,
                                year=year,
                                number=number,
                                title=title,
                                is_decision=True,
                                decision_text=f"{body.short_name} beslutar: {title.lower()}.",
                            ),
                        )
                    )
    with transaction.atomic():
        Meeting.objects.bulk_create(meetings, batch_size=BATCH)
        for m, p in paragraphs:
            p.meeting = m
        MinutesParagraph.objects.bulk_create([p for _m, p in paragraphs], batch_size=BATCH)
        for m, p in paragraphs:
            decisions.append(
                Decision(
                    tenant=tenant,
                    paragraph=p,
                    body=p.body,
                    decided_on=m.date,
                    reference=f"{p.body.short_name} {m.date.isoformat()} § {p.number}",
                    text=p.decision_text,
                )
            )
        Decision.objects.bulk_create(decisions, batch_size=BATCH)
    counts["meetings"], counts["decisions"] = len(meetings), len(decisions)

    assignments: list[Assignment] = []
    for d in decisions:
        draw = rnd.random()
        n = 0 if draw < 0.30 else 1 if draw < 0.80 else 2 if draw < 0.95 else 3
        for _ in range(n):
            due = min(d.decided_on + dt.timedelta(days=rnd.randint(30, 365)), dt.date(2200, 1, 1))
            span = (due - d.decided_on).days
            forgotten = rnd.random() < 0.02  # an old decision nobody finished
            done_on = d.decided_on + dt.timedelta(days=max(1, round(span * rnd.uniform(0.4, 1.5))))
            a = Assignment(
                tenant=tenant,
                source=Source.MINUTES,
                decision=d,
                body=d.body,
                decided_on=d.decided_on,
                reference=d.reference,
                title=d.paragraph.title,
                due_on=due,
            )
            who = rnd.random()
            if who < 0.4:
                a.assignee_unit = rnd.choice(admins)
            elif who < 0.7:
                a.assignee_post = rnd.choice(posts)
            else:
                a.assignee_person = rnd.choice(people)
            if not forgotten and done_on <= END:
                if rnd.random() < 0.03:
                    a.status = AssignmentStatus.CANCELLED
                else:
                    a.status, a.progress, a.completed_on = AssignmentStatus.DONE, 100, done_on
            else:
                a.progress = rnd.randint(0, 9) * 10
                a.status = AssignmentStatus.IN_PROGRESS if a.progress else AssignmentStatus.NOT_STARTED
            assignments.append(a)
    Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    counts["assignments"] = len(assignments)
    counts["open assignments"] = sum(
        1 for a in assignments if a.completed_on is None and a.status != "cancelled"
    )

    reports, deviations = [], []
    for a in assignments:
        last = a.completed_on or ON
        for k in range(rnd.randint(0, 3)):
            day = a.decided_on + dt.timedelta(days=round((last - a.decided_on).days * (k + 1) / 4))
            if day > END:
                break
            reports.append(
                ProgressReport(
                    tenant=tenant,
                    assignment=a,
                    reported_on=day,
                    progress=min(100, 25 * (k + 1)),
                    status=AssignmentStatus.IN_PROGRESS,
                    text="Arbetet pågår enligt plan.",
                )
            )
        late = (a.completed_on or ON) > a.due_on
        if late and a.due_on <= END and rnd.random() < 1 / 6:
            deviations.append(
                Deviation(
                    tenant=tenant,
                    assignment=a,
                    kind=DeviationKind.LATE,
                    reason="Resursbrist under hösten.",
                    alternative_measure="Arbetet slutförs med konsultstöd.",
                    proposed_due_on=a.due_on + dt.timedelta(days=rnd.choice([60, 120, 365])),
                    reported_on=a.due_on,
                )
            )
    ProgressReport.objects.bulk_create(reports, batch_size=BATCH)
    Deviation.objects.bulk_create(deviations, batch_size=BATCH)
    counts["progress reports"], counts["deviations"] = len(reports), len(deviations)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    audit.record(
        tenant=tenant, actor=None, action="bench.followup.built", subject=tenant, summary=_key(scale)
    )
    return counts


# Measuring (in the worker) -------------------------------------------------------------------


def _timed(call: Any, n: int) -> list[float]:
    out = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        out.append(time.perf_counter() - started)
    return out


def measure(scale: float, url: str, samples: int) -> dict[str, Any]:
    open_data(scale, url)
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from radhus.core.models import Tenant
    from radhus.followup.models import OPEN, Assignment
    from radhus.followup.reports.base import REGISTRY, Context, Filters
    from radhus.organisation.models import Unit

    tenant = Tenant.objects.get(slug=TENANT)
    committee = Unit.objects.get(tenant=tenant, short_name="BUN")
    client = Client()
    client.login(username="bench-revisor", password="bench-revisor")
    page = reverse("followup_report", kwargs={"tenant": TENANT, "report": "verkstallighet"})
    pdf = reverse("followup_report_pdf", kwargs={"tenant": TENANT, "report": "verkstallighet"})
    csv_path = reverse("followup_report_csv", kwargs={"tenant": TENANT, "report": "verkstallighet"})
    everything = {"datum": ON.isoformat()}
    one_body = {"datum": ON.isoformat(), "organ": str(committee.pk)}
    figures: dict[str, Any] = {"vendor": connection.vendor}
    figures["open_rows"] = Assignment.objects.filter(
        tenant=tenant, status__in=[s.value for s in OPEN]
    ).count()
    figures["open_rows_body"] = Assignment.objects.filter(
        tenant=tenant, body=committee, status__in=[s.value for s in OPEN]
    ).count()

    def get(path: str, params: dict[str, str]) -> bytes:
        response = client.get(path, params)
        assert response.status_code == 200, (path, response.status_code)
        return b"".join(response.streaming_content) if response.streaming else response.content

    # A floor measured in the same run: the list of reports, a staff page of the same site
    # with no rows (the machine is shared; the ratio tells more than the absolute figure).
    floor_path = reverse("followup_reports", kwargs={"tenant": TENANT})
    get(floor_path, {})
    floor = _timed(lambda: get(floor_path, {}), samples)
    figures["floor"] = {"p50": percentile(floor, 0.5), "p95": percentile(floor, 0.95)}
    for name, params in (("page_all", everything), ("page_body", one_body)):
        started = time.perf_counter()
        get(page, params)
        cold = time.perf_counter() - started
        # Counted by a wrapper: Django empties its own query log when a request starts.
        statements: list[str] = []

        def count(execute: Any, sql: str, *rest: Any, log: list[str] = statements) -> Any:
            log.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(count):
            get(page, params)
        warm = _timed(lambda p=params: get(page, p), samples)
        figures[name] = {
            "cold": cold,
            "p50": percentile(warm, 0.5),
            "p95": percentile(warm, 0.95),
            "queries": len(statements),
        }
    from django.core.cache import cache as renders

    renders.clear()  # no PDF kept from an earlier run: the link makes it or offers to
    for name, params in (("pdf_all", everything), ("pdf_body", one_body)):
        times = _timed(lambda p=params: get(pdf, p), 3)
        answer = get(pdf, params)
        figures[name] = {
            "p50": percentile(times, 0.5),
            "max": max(times),
            "bytes": len(answer),
            "is_pdf": answer.startswith(b"%PDF"),
        }
    # Above ``queue.SYNC_ROWS`` rows the PDF link answers at once with the offer to make the
    # PDF in the background; the worker's time to make the whole organisation's is this.
    from urllib.parse import urlencode

    from django.contrib.auth import get_user_model

    from radhus.followup.models import ReportFile
    from radhus.followup.reports.queue import make_report_file

    reader = get_user_model().objects.get(username="bench-revisor")
    times, cpu = [], []
    for _ in range(3):
        renders.clear()  # made afresh each time, not the copy kept from the run before
        made = ReportFile.objects.create(
            tenant=tenant, user=reader, report="verkstallighet", query=urlencode(everything), language="sv"
        )
        started, used = time.perf_counter(), time.process_time()
        make_report_file.func(made.pk)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    made.refresh_from_db()
    figures["pdf_worker"] = {
        "p50": percentile(times, 0.5),
        "max": max(times),
        "cpu": percentile(cpu, 0.5),
        "bytes": len(made.data or b""),
    }
    # The PDF made by the worker is kept (``reports.prepared``): the link now gives it at once,
    # to every reader with the same access, until the organisation changes.
    times = _timed(lambda: get(pdf, everything), samples)
    answer = get(pdf, everything)
    figures["pdf_kept"] = {
        "p50": percentile(times, 0.5),
        "p95": percentile(times, 0.95),
        "max": max(times),
        "bytes": len(answer),
        "is_pdf": answer.startswith(b"%PDF"),
    }
    times = _timed(lambda: get(csv_path, everything), 3)
    figures["csv_all"] = {"p50": percentile(times, 0.5), "max": max(times)}

    if connection.vendor == "postgresql":
        report = REGISTRY["verkstallighet"]
        qs = report.source(Context(tenant, False), Filters(on=ON))[:101]
        sql, params = qs.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + sql, params)
            figures["plan"] = "\n".join(r[0] for r in cursor.fetchall())
    return figures


def worker(args: argparse.Namespace) -> None:
    url = os.environ["DATABASE_URL"]
    Path(args.out).write_text(json.dumps(measure(args.scale, url, args.samples), default=str))


# Report --------------------------------------------------------------------------------------


def report(rows: dict[str, dict[str, Any]], urls: list[str], args: argparse.Namespace) -> None:
    per_year = max(50, round(DECISIONS_PER_YEAR * args.scale))
    header(
        f"The execution report at scale {args.scale:g}: 15 bodies, {per_year:,} decisions a year for {YEARS} years",
        urls,
    )
    for label, f in rows.items():
        print(
            f"**{label}** — {f['open_rows']:,} open assignments ({f['open_rows_body']:,} of one committee)\n"
        )
        print("| measure | cold | p50 | p95 / max | queries | target | |")
        print("|---|---|---|---|---|---|---|")
        c = f["floor"]
        print(f"| floor: the list of reports (no rows) | | {ms(c['p50'])} | {ms(c['p95'])} | | | |")
        for name, text in (
            ("page_all", "page of 100, whole organisation"),
            ("page_body", "page of 100, one committee"),
        ):
            c = f[name]
            print(
                f"| {text} | {ms(c['cold'])} | {ms(c['p50'])} | {ms(c['p95'])} | {c['queries']} | p95 ≤ 100 ms | "
                f"{verdict(c['p95'] <= PAGE_TARGET)} |"
            )
        for name, text in (
            ("pdf_all", "PDF link, whole organisation"),
            ("pdf_body", "PDF link, one committee"),
        ):
            c = f[name]
            what = (
                "the PDF, made in the request" if c.get("is_pdf") else "the offer to make it: too many rows"
            )
            print(
                f"| {text} ({what}, {c['bytes'] / 1024:,.0f} KiB) | | {ms(c['p50'])} | {ms(c['max'])} | | ≤ 2 s | "
                f"{verdict(c['max'] <= PDF_TARGET)} |"
            )
        c = f["pdf_worker"]
        print(
            f"| PDF, whole organisation, made by the worker ({c['bytes'] / 1024:,.0f} KiB) | | "
            f"{ms(c['p50'])} ({ms(c['cpu'])} of CPU) | {ms(c['max'])} | | | |"
        )
        c = f["pdf_kept"]
        what = "the PDF kept since it was made" if c["is_pdf"] else "not given: the offer again"
        print(
            f"| PDF link, whole organisation, after the worker made it ({what}, {c['bytes'] / 1024:,.0f} KiB) | | "
            f"{ms(c['p50'])} | {ms(c['p95'])} | | ≤ 2 s | {verdict(c['is_pdf'] and c['p95'] <= PDF_TARGET)} |"
        )
        c = f["csv_all"]
        print(f"| CSV, whole organisation (streamed) | | {ms(c['p50'])} | {ms(c['max'])} | | | |")
        print()
        if "plan" in f:
            print("Plan of the page's main query:\n\n```\n" + f["plan"] + "\n```\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--db", action="append", help="a DATABASE_URL, or 'sqlite'; give it twice to compare")
    parser.add_argument("--samples", type=int, default=SAMPLES, help="warm page requests measured")
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.out:
        worker(args)
        return
    default = os.environ.get("DATABASE_URL") or "sqlite"
    urls = [bench_sqlite_url(args.scale) if u in (None, "sqlite") else u for u in (args.db or [default])]
    rows: dict[str, dict[str, Any]] = {}
    for url in urls:
        label = database_label(url)
        print(f"# {label}: building or reusing the data, then measuring", flush=True)
        rows[label] = run_worker(__file__, ["--scale", str(args.scale), "--samples", str(args.samples)], url)
    report(rows, urls, args)


if __name__ == "__main__":
    main()
