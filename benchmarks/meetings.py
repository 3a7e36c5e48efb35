"""Meetings at scale (issue 10): ten years of meetings of a municipality's bodies, on SQLite and
PostgreSQL.

Prints, per database:

- the time of the public PDF of approved minutes with 100 paragraphs (votes, dissents, notes),
  made afresh (the organisation's cache made stale first) cold (the first, with WeasyPrint's
  fonts loading) and warm (median of 3, with its CPU time), and cached, target ≤ 2 s;
- the notice board page (``/<org>/anslagstavla/``) and the board's iCalendar feed
  (``/<org>/sammantraden/<body>.ics``) and a member's (``/<org>/person/<slug>/sammantraden.ics``),
  p50/p95 over ``--samples`` requests in process (Django's test client), target p95 ≤ 30 ms,
  cached (as served between changes) and uncached (the organisation's cache made stale before
  each request), with the number of SQL statements an uncached request reads; for the feeds
  also uncached with no event's lines kept (``calendars._event_lines`` emptied: a process's
  first render);
- the same pages through a real server (``radhus serve``, gunicorn), requests a second with
  4 clients next to the hello-world floor of the same server (``benchmarks.server``).

At ``--scale 1`` the municipality ``motestad`` has 20 bodies of 20 members and substitutes
each, meeting twice a month for ten years (from seven years back to two years ahead): about
4,800 meetings, 96,000 attendances and 33,000 paragraphs; the approvals of the last weeks are on
the notice board. Written with bulk inserts into ``var/bench-meetings-<scale>.sqlite3`` or the
PostgreSQL database given; a database that already holds the same scale is reused. Each
database is measured in a worker process of its own (``national.run_worker``).

    .venv/bin/python benchmarks/meetings.py [--scale 1] [--db sqlite] [--db postgres://…] [--seconds 5]
    .venv/bin/python benchmarks/meetings.py --profile body_calendar --samples 50   # where the time goes

``--profile pdf|notice_board|body_calendar|person_calendar`` prints, instead of the figures, a
cProfile of ``--samples`` requests of that page with the render cache off (``RADHUS_CACHE=none``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import random
import signal
import statistics
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
from benchmarks.server import free_port, load, serve  # noqa: E402

TENANT = "motestad"
GENERATOR = "radhus-bench-meetings v1"
BODIES = 20
SEATS = 20  # 15 members (chair and vice chair among them) and 5 substitutes
PARAGRAPHS_PER_MEETING = 7
PDF_PARAGRAPHS = 100
BATCH = 2_000
TARGET_PDF = 2.0
TARGET_P95 = 0.030

WORDS = (
    "budget investering förskola detaljplan upphandling avtal yttrande remiss motion "
    "medborgarförslag tillsyn bidrag renovering utredning fastighet vägar vatten skola"
).split()


def bench_sqlite_url(scale: float) -> str:
    path = PROJECT_DIR / "var" / f"bench-meetings-{scale:g}.sqlite3"
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _key(scale: float) -> str:
    return f"{GENERATOR} scale {scale:g}"


def _built_key() -> str:
    from radhus.core.models import AuditEvent

    found = AuditEvent.objects.filter(action="bench.meetings.built").order_by("-id").first()
    return found.summary if found else ""


def open_meetings(scale: float, url: str) -> None:
    setup_django(url, "benchmarks.server_settings")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if _built_key() == _key(scale):
        print(f"# reusing the meetings ({_key(scale)})", flush=True)
        return
    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    n = build(scale)
    print(f"# built {n:,} meetings in {time.perf_counter() - started:.0f} s", flush=True)


def _text(rnd: random.Random, words: int) -> str:
    return " ".join(rnd.choice(WORDS) for _ in range(words)).capitalize() + "."


def build(scale: float, seed: int = 10) -> int:
    """The municipality, its bodies with their seats, ten years of meetings with attendance,
    paragraphs, decisions and postings (bulk inserts), and one meeting of 100 paragraphs taken
    through the services to approved minutes."""
    from django.db import connection, transaction
    from django.utils import timezone

    from radhus.core import audit
    from radhus.core.models import Tenant
    from radhus.meetings import law, services
    from radhus.meetings.models import (
        Attendance,
        AttendeeRole,
        Decision,
        Meeting,
        MeetingStatus,
        MinutesParagraph,
        ParagraphCounter,
        Posting,
        PostingKind,
    )
    from radhus.organisation.models import Membership, MembershipRole, Party, Person, Unit, UnitKind

    rnd = random.Random(seed)
    today = timezone.localdate()
    tenant = Tenant.objects.create(slug=TENANT, name="Mötesstads kommun")
    parties = [
        Party.objects.get_or_create(abbreviation=a, defaults={"name": a})[0] for a in "S M C V L KD".split()
    ]
    n_bodies = max(2, round(BODIES * scale))
    bodies = []
    with transaction.atomic():
        for b in range(n_bodies):
            kind = UnitKind.EXECUTIVE_BOARD if b == 0 else UnitKind.COMMITTEE
            name = "Kommunstyrelsen" if b == 0 else f"Nämnd {b:02d}"
            bodies.append(
                Unit.objects.create(
                    tenant=tenant,
                    kind=kind,
                    name=name,
                    short_name="KS" if b == 0 else f"N{b:02d}",
                    slug="ks" if b == 0 else f"namnd-{b:02d}",
                    valid_from=dt.date(2000, 1, 1),
                )
            )
        people = Person.objects.bulk_create(
            [
                Person(
                    tenant=tenant,
                    first_name=f"Förnamn{i}",
                    last_name=f"Efternamn{i}",
                    slug=f"person-{i}",
                    party=rnd.choice(parties),
                )
                for i in range(n_bodies * SEATS)
            ]
        )
        seats = []
        for b, body in enumerate(bodies):
            for s in range(SEATS):
                role = (
                    MembershipRole.CHAIR
                    if s == 0
                    else MembershipRole.VICE_CHAIR
                    if s == 1
                    else MembershipRole.MEMBER
                    if s < 15
                    else MembershipRole.SUBSTITUTE
                )
                seats.append(
                    Membership(
                        group=body, person=people[b * SEATS + s], role=role, valid_from=dt.date(2000, 1, 1)
                    )
                )
        Membership.objects.bulk_create(seats)
    role_of = {
        MembershipRole.CHAIR: AttendeeRole.CHAIR,
        MembershipRole.VICE_CHAIR: AttendeeRole.VICE_CHAIR,
        MembershipRole.MEMBER: AttendeeRole.MEMBER,
        MembershipRole.SUBSTITUTE: AttendeeRole.SUBSTITUTE,
    }
    first, last = today.year - 7, today.year + 2
    n_meetings = 0
    for b, body in enumerate(bodies):
        body_seats = [s for s in seats if s.group_id == body.pk]
        days = []
        for year in range(first, last + 1):
            for month in range(1, 13):
                for week in (1, 3):  # the second and fourth Tuesday
                    day = dt.date(year, month, 1)
                    day += dt.timedelta(days=(1 - day.weekday()) % 7 + 7 * week)
                    if day.month == month and not law.is_public_holiday(day):
                        days.append(day)
        with transaction.atomic():
            meetings = Meeting.objects.bulk_create(
                [
                    Meeting(
                        tenant=tenant,
                        body=body,
                        date=day,
                        start_time=dt.time(9 + b % 8, 0),
                        end_time=dt.time(12 + b % 8, 0),
                        place="Kommunhuset",
                        minutes_kept_at="Kommunkansliet",
                        status=MeetingStatus.APPROVED
                        if day < today - dt.timedelta(days=3)
                        else MeetingStatus.PLANNED,
                        approved_on=day + dt.timedelta(days=3)
                        if day < today - dt.timedelta(days=3)
                        else None,
                        approval_date=day + dt.timedelta(days=3),
                        approval_place="Kommunhuset",
                    )
                    for day in days
                ],
                batch_size=BATCH,
            )
            past = [m for m in meetings if m.status == MeetingStatus.APPROVED]
            Attendance.objects.bulk_create(
                [
                    Attendance(
                        meeting=m,
                        person_id=s.person_id,
                        role=role_of[s.role],
                        name=f"Förnamn{s.person_id} Efternamn{s.person_id}",
                        party="S",
                        sort_order=i,
                    )
                    for m in past
                    for i, s in enumerate(body_seats)
                ],
                batch_size=BATCH,
            )
            numbers: dict[int, int] = {}
            paragraphs = []
            for m in past:
                for _ in range(PARAGRAPHS_PER_MEETING):
                    numbers[m.date.year] = numbers.get(m.date.year, 0) + 1
                    paragraphs.append(
                        MinutesParagraph(
                            tenant=tenant,
                            meeting=m,
                            body=body,
                            year=m.date.year,
                            number=numbers[m.date.year],
                            title=_text(rnd, 4),
                            background=_text(rnd, 40),
                            decision_text=_text(rnd, 15),
                            is_decision=True,
                        )
                    )
            paragraphs = MinutesParagraph.objects.bulk_create(paragraphs, batch_size=BATCH)
            ParagraphCounter.objects.bulk_create(
                [ParagraphCounter(body=body, year=y, last_number=n) for y, n in numbers.items()]
            )
            code = body.short_name
            Decision.objects.bulk_create(
                [
                    Decision(
                        tenant=tenant,
                        paragraph=p,
                        body=body,
                        decided_on=p.meeting.date,
                        reference=f"{code} § {p.number}/{p.year}",
                        text=p.decision_text,
                    )
                    for p in paragraphs
                ],
                batch_size=BATCH,
            )
            Posting.objects.bulk_create(
                [
                    Posting(
                        tenant=tenant,
                        meeting=m,
                        kind=PostingKind.APPROVAL,
                        posted_on=m.approved_on,
                        taken_down_on=law.take_down_on(m.approved_on),
                    )
                    for m in past
                ],
                batch_size=BATCH,
            )
        n_meetings += len(meetings)
    # One meeting of 100 paragraphs, through the services, for the PDF.
    board = bodies[0]
    day = today - dt.timedelta(days=1)
    meeting = services.meeting_create(
        tenant=tenant, actor=None, body=board, date=day, start_time=dt.time(18, 30), place="Fullmäktigesalen"
    )
    called = services.attendance_draw(meeting=meeting, actor=None)
    deciding = [
        a for a in called if a.role in {AttendeeRole.CHAIR, AttendeeRole.VICE_CHAIR, AttendeeRole.MEMBER}
    ]
    for i in range(PDF_PARAGRAPHS):
        p = services.paragraph_create(
            meeting=meeting,
            actor=None,
            title=_text(rnd, 5),
            background="\n\n".join(_text(rnd, 60) for _ in range(2)),
            proposals=_text(rnd, 25),
            decision_text=_text(rnd, 20),
            is_decision=True,
        )
        if i % 10 == 0:
            services.vote_record(
                paragraph=p,
                actor=None,
                question="Bifall till ordförandens förslag?",
                yes_means="bifall",
                no_means="avslag",
                ballots={a: rnd.choice(["yes", "yes", "no"]) for a in deciding},
            )
            services.dissent_add(paragraph=p, actor=None, attendance=deciding[-1], reasons=_text(rnd, 30))
        if i % 25 == 0:
            services.note_add(paragraph=p, actor=None, attendance=deciding[2], text=_text(rnd, 20))
    services.approval_arrange(
        meeting=meeting,
        actor=None,
        chair=deciding[0],
        adjusters=deciding[1:3],
        place="Kommunhuset",
        date=today,
    )
    for signer in meeting.signers.all():
        services.minutes_sign(signer=signer, actor=None, system="benchmark", on=today)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    audit.record(
        tenant=tenant, actor=None, action="bench.meetings.built", subject=tenant, summary=_key(scale)
    )
    return n_meetings + 1


# Measuring (in the worker) -------------------------------------------------------------------


def _timed(call: Any, n: int) -> list[float]:
    call()  # warm
    out = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        out.append(time.perf_counter() - started)
    return out


def bench_paths() -> dict[str, str]:
    from django.db.models import Count

    from radhus.meetings.models import Meeting

    # The meeting of 100 paragraphs. (Not the paragraph numbered 100: numbers run through the
    # year per body, so that is an ordinary meeting's, of 7 paragraphs.)
    pdf_meeting = (
        Meeting.objects.filter(tenant__slug=TENANT)
        .annotate(paragraph_count=Count("paragraphs"))
        .filter(paragraph_count=PDF_PARAGRAPHS)
        .order_by("-id")
        .first()
    )
    assert pdf_meeting is not None
    return {
        "pdf": f"/{TENANT}/protokoll/{pdf_meeting.pk}.pdf",
        "notice_board": f"/{TENANT}/anslagstavla/",
        "body_calendar": f"/{TENANT}/sammantraden/ks.ics",
        "person_calendar": f"/{TENANT}/person/person-0/sammantraden.ics",
    }


def measure(scale: float, url: str, samples: int) -> dict[str, Any]:
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    open_meetings(scale, url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from radhus.core.cache import bump
    from radhus.core.models import Tenant
    from radhus.meetings import calendars
    from radhus.meetings.models import Attendance, Meeting, MinutesParagraph

    client = Client()
    paths = bench_paths()
    figures: dict[str, Any] = {
        "vendor": connection.vendor,
        "meetings": Meeting.objects.count(),
        "attendances": Attendance.objects.count(),
        "paragraphs": MinutesParagraph.objects.count(),
        "paths": paths,
    }

    def get(path: str) -> bytes:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response.content

    tenant_id = Tenant.objects.get(slug=TENANT).pk
    bump(tenant_id)
    started = time.perf_counter()
    pdf = get(paths["pdf"])
    cold = time.perf_counter() - started
    warm, cpu, kept = [], [], []
    for _ in range(3):
        bump(tenant_id)  # made afresh: the PDF is cached like the pages (views.minutes_pdf)
        started, used = time.perf_counter(), time.process_time()
        get(paths["pdf"])
        warm.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
        started = time.perf_counter()
        get(paths["pdf"])
        kept.append(time.perf_counter() - started)
    figures["pdf"] = {
        "cold": cold,
        "warm": statistics.median(warm),
        "cpu": statistics.median(cpu),
        "cached": statistics.median(kept),
        "bytes": len(pdf),
    }
    for name in ("notice_board", "body_calendar", "person_calendar"):
        bump(tenant_id)
        with CaptureQueriesContext(connection) as queries:
            body = get(paths[name])
        # Read now: every request clears the log (Django's reset_queries on request_started).
        count = len(queries.captured_queries)
        # Uncached: every change to the organisation makes its cached pages stale (core.cache).
        uncached = _timed(lambda p=paths[name]: (bump(tenant_id), get(p)), samples)
        timed = _timed(lambda p=paths[name]: get(p), samples)
        figures[name] = {
            "p50": percentile(timed, 0.5),
            "p95": percentile(timed, 0.95),
            "uncached_p50": percentile(uncached, 0.5),
            "uncached_p95": percentile(uncached, 0.95),
            "afresh_p50": None,
            "afresh_p95": None,
            "queries": count,
            "events": body.count(b"BEGIN:VEVENT"),
        }
        if name != "notice_board":
            # Uncached, and no event's lines kept either (a process's first render of a feed).
            afresh = _timed(
                lambda p=paths[name]: (bump(tenant_id), calendars._event_lines.cache_clear(), get(p)), samples
            )
            figures[name]["afresh_p50"] = percentile(afresh, 0.5)
            figures[name]["afresh_p95"] = percentile(afresh, 0.95)
    return figures


def profile(scale: float, url: str, name: str, samples: int) -> None:
    """Print where ``samples`` requests of one page spend their time (cProfile, in process),
    with the render cache off (``RADHUS_CACHE=none``, set by ``main``): the work of a page made
    afresh, as after every change to the organisation."""
    import cProfile
    import pstats

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    open_meetings(scale, url)
    from django.test import Client

    client = Client()
    path = bench_paths()[name]
    assert client.get(path).status_code == 200, path  # warm: imports, fonts, the URLconf
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(samples):
        client.get(path)
    profiler.disable()
    print(f"# {name}: {samples} requests of {path}, the cache off", flush=True)
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)


def worker(args: argparse.Namespace) -> None:
    url = os.environ["DATABASE_URL"]
    if args.profile:
        profile(args.scale, url, args.profile, args.samples)
        Path(args.out).write_text("{}")
        return
    Path(args.out).write_text(json.dumps(measure(args.scale, url, args.samples), default=str))


def through_server(url: str, paths: dict[str, str], seconds: float, workers: int) -> dict[str, Any]:
    """Requests a second with 4 clients for each page, next to the hello-world floor."""
    port = free_port()
    log = PROJECT_DIR / "var" / f"bench-meetings-server-{database_label(url).lower()}.log"
    server = serve(url, port, workers, log)
    out: dict[str, Any] = {}
    try:
        for name in ("hello", "notice_board", "body_calendar", "person_calendar"):
            path = "/bench-hello/" if name == "hello" else paths[name]
            load(port, [path], 4, 1.0, 100)  # warm-up, not counted
            rate, failed = load(port, [path], 4, seconds, 20_000)
            out[name] = {"rate": rate, "failed": failed}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return out


# Report --------------------------------------------------------------------------------------

LABELS = {
    "notice_board": "notice board page",
    "body_calendar": "the board's iCalendar feed",
    "person_calendar": "a member's iCalendar feed",
}


def report(rows: dict[str, dict[str, Any]], urls: list[str], args: argparse.Namespace) -> None:
    header(f"Meetings at scale {args.scale:g}", urls)
    for label, f in rows.items():
        print(
            f"**{label}**: {f['meetings']:,} meetings, {f['attendances']:,} attendances, "
            f"{f['paragraphs']:,} paragraphs.\n"
        )
        pdf = f["pdf"]
        print("| measure | figure | target |")
        print("|---|---|---|")
        print(
            f"| minutes PDF, {PDF_PARAGRAPHS} paragraphs ({pdf['bytes'] // 1024} KiB) | made afresh: cold {ms(pdf['cold'])}, "
            f"warm {ms(pdf['warm'])} ({ms(pdf['cpu'])} of CPU); cached {ms(pdf['cached'])} "
            f"| ≤ 2 s: afresh {verdict(pdf['warm'] <= TARGET_PDF)}, cached {verdict(pdf['cached'] <= TARGET_PDF)} |"
        )
        for name, text in LABELS.items():
            g = f[name]
            extra = f", {g['events']} events" if g["events"] else ""
            print(
                f"| {text} ({g['queries']} queries uncached{extra}) | cached: p50 {ms(g['p50'])}, "
                f"p95 {ms(g['p95'])}; uncached: p50 {ms(g['uncached_p50'])}, p95 {ms(g['uncached_p95'])} "
                f"| p95 ≤ 30 ms: cached {verdict(g['p95'] <= TARGET_P95)}, "
                f"uncached {verdict(g['uncached_p95'] <= TARGET_P95)} |"
            )
            if g.get("afresh_p95") is not None:
                print(
                    f"| {text}, uncached and no event's lines kept (a process's first render) | "
                    f"p50 {ms(g['afresh_p50'])}, p95 {ms(g['afresh_p95'])} | |"
                )
        served = f.get("server")
        if served:
            floor = served["hello"]["rate"]
            for name, text in LABELS.items():
                s = served[name]
                print(
                    f"| {text} through `radhus serve` ({args.workers} workers, 4 clients) | "
                    f"{s['rate']:,.0f} req/s (1/{floor / max(s['rate'], 1e-9):.0f} of the floor "
                    f"{floor:,.0f} req/s){', ' + str(s['failed']) + ' failed' if s['failed'] else ''} | |"
                )
        print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 20 bodies; 0.1 = 2")
    parser.add_argument("--db", action="append", help="a DATABASE_URL, or 'sqlite'; give it twice to compare")
    parser.add_argument("--samples", type=int, default=200, help="requests per page in process")
    parser.add_argument("--seconds", type=float, default=5, help="load per page through the server; 0: none")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--profile",
        choices=["pdf", "notice_board", "body_calendar", "person_calendar"],
        help="print where the requests of one page spend their time (cProfile), the cache off; no figures",
    )
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.out:
        worker(args)
        return
    urls = [bench_sqlite_url(args.scale) if u in (None, "sqlite") else u for u in (args.db or ["sqlite"])]
    if args.profile:
        os.environ["RADHUS_CACHE"] = "none"  # the worker renders every request afresh
        for url in urls:
            run_worker(
                __file__,
                ["--scale", str(args.scale), "--samples", str(args.samples), "--profile", args.profile],
                url,
            )
        return
    rows: dict[str, dict[str, Any]] = {}
    for url in urls:
        label = database_label(url)
        print(f"# {label}: building or reusing the meetings, then measuring", flush=True)
        figures = run_worker(__file__, ["--scale", str(args.scale), "--samples", str(args.samples)], url)
        if args.seconds > 0:
            print(f"# {label}: the pages through the server", flush=True)
            figures["server"] = through_server(url, figures["paths"], args.seconds, args.workers)
        rows[label] = figures
    report(rows, urls, args)


if __name__ == "__main__":
    main()
