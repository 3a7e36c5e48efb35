"""What each public page and API list costs, cold and warm, on SQLite and PostgreSQL (issue 7).

Runs on the national registry of ``benchmarks/national.py`` (built on the first run and kept)
and times whole requests through Django's test client: routing, middleware, queries,
templates or JSON. For each page:

- **cold**: the first request for that page in a fresh process with Django's cache cleared
  (after one request to another page, so loading the URLconf and the apps is not counted);
  the median of ``--cold-runs`` processes;
- **warm, made**: p50 and p95 of ``--samples`` requests in one process a database (or shared by
  ``--processes`` processes: see ``warm_in_turns``), after warm-up
  requests that are not timed, on sampled units, people and dates that all have data, each with
  the render cache emptied just before it: what making the page costs, whichever organisation
  it is in. The pages take turns, one request each a round, and so do the processes of every
  database, one round each, so that noise from elsewhere and the machine's drift fall on all of
  them alike;
- **warm, from the cache**: the same request again at once, served from the render cache as a
  server serves every request after the first until the organisation changes (pages that are
  not cached, the API lists, cost the same both times);
- the number of queries (with an empty cache: what making the page costs) and the size of the
  answer.

With several ``--db`` the same set runs on each and the table shows PostgreSQL / SQLite. The
targets of issue 7 are printed next to the figures with ok or MISS. ``--explain`` prints the
plan of every query of the list pages (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY PLAN on
SQLite). Prints figures; asserts nothing.

    .venv/bin/python benchmarks/pages.py [--scale 1.0] [--db sqlite] [--db postgres://…] [--explain]

``--made /a/,/b/`` instead prints only what making each of those pages costs (statements, CPU
and wall time) on the database ``DATABASE_URL`` names, as it is, building nothing:

    RADHUS_CACHE=locmem DATABASE_URL=… .venv/bin/python benchmarks/pages.py --made /x/enhet/y/ [--show-sql]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.national import (  # noqa: E402
    BIG,
    CITY,
    SAMPLE_DATES,
    SMALL,
    database_label,
    header,
    median,
    ms,
    open_registry,
    percentile,
    run_worker,
    sqlite_url,
    verdict,
)

# name → what it shows; the paths are drawn by ``page_paths``.
PAGES = {
    "unit_big": f"unit page, deep leaf in {BIG} (20,000 units)",
    "unit_city": f"unit page, deep leaf in {CITY} (5,000 units)",
    "unit_small": f"unit page, deep leaf in {SMALL} (200 units)",
    "home_big": f"start page, {BIG}",
    "home_city": f"start page, {CITY}",
    "home_small": f"start page, {SMALL}",
    "person": f"person page ({CITY})",
    "search_big": f"search for a common word, {BIG}",
    "search_small": f"search for a common word, {SMALL}",
    "api_units_big": f"`GET /api/v1/units?tenant={BIG}&page_size=100`",
    "api_units_small": f"`GET /api/v1/units?tenant={SMALL}&page_size=100`",
    "api_people_big": f"`GET /api/v1/people?tenant={BIG}&page_size=100`",
    "api_people_all": "`GET /api/v1/people?page_size=100` (every organisation)",
    "api_holders_big": f"`GET /api/v1/people?tenant={BIG}&as_of=…&page_size=100` (holding a post that day)",
    "api_holders_small": f"`GET /api/v1/people?tenant={SMALL}&as_of=…&page_size=100`",
    "popolo_small": f"Popolo export of {SMALL} (`/api/v1/popolo/{SMALL}`)",
    "popolo_city": f"Popolo export of {CITY}",
}
# The pages whose queries ``--explain`` prints: the lists, and the unit page (children, people).
EXPLAINED = [
    "unit_big",
    "api_units_big",
    "api_people_big",
    "api_people_all",
    "search_big",
    "home_big",
    "popolo_city",
]
SEARCH_WORD = "förskola"


def page_paths(name: str, count: int, rnd: random.Random) -> list[str]:
    """``count`` paths for a page, each on a date on which what it shows exists."""
    from radhus.organisation.models import Appointment, Membership, Unit

    def dates_of(unit: Unit) -> list[str]:
        return [d.isoformat() for d in SAMPLE_DATES if unit.is_valid_on(d)]

    def deep_leaves(slug: str) -> list[Unit]:
        units = list(
            Unit.objects.filter(tenant__slug=slug).only("pk", "parent_id", "slug", "valid_from", "valid_to")
        )
        parents = {u.pk: u.parent_id for u in units}
        children = {u.parent_id for u in units}

        def depth(pk: int) -> int:
            n = 0
            while (pk := parents.get(pk)) is not None and n < 50:  # type: ignore[assignment]
                n += 1
            return n

        leaves = sorted((u for u in units if u.pk not in children), key=lambda u: -depth(u.pk))
        return leaves[: max(10, len(leaves) // 20)]

    def units(slug: str) -> list[str]:
        leaves = deep_leaves(slug)
        paths = []
        for _ in range(count):
            unit = rnd.choice(leaves)
            paths.append(f"/{slug}/enhet/{unit.slug}/?datum={rnd.choice(dates_of(unit))}")
        return paths

    def dated(path: str) -> list[str]:
        sep = "&" if "?" in path else "?"
        return [f"{path}{sep}datum={rnd.choice(SAMPLE_DATES).isoformat()}" for _ in range(count)]

    if name.startswith("unit_"):
        return units({"unit_big": BIG, "unit_city": CITY, "unit_small": SMALL}[name])
    if name.startswith("home_"):
        return dated(f"/{ {'home_big': BIG, 'home_city': CITY, 'home_small': SMALL}[name] }/")
    if name == "person":
        # A public person with a post or a seat on the date asked for.
        held = [
            (slug, [d for d in SAMPLE_DATES if (start is None or start <= d) and (end is None or d <= end)])
            for model in (Appointment, Membership)
            for slug, start, end in model.objects.filter(
                person__tenant__slug=CITY, person__is_public=True
            ).values_list("person__slug", "valid_from", "valid_to")[:2000]
        ]
        held = [(slug, dates) for slug, dates in held if dates]
        paths = []
        for _ in range(count):
            slug, dates = rnd.choice(held)
            paths.append(f"/{CITY}/person/{slug}/?datum={rnd.choice(dates).isoformat()}")
        return paths
    if name.startswith("search_"):
        return dated(f"/{BIG if name == 'search_big' else SMALL}/sok/?q={SEARCH_WORD}")
    if name.startswith("api_units_"):
        slug = BIG if name == "api_units_big" else SMALL
        return [
            f"/api/v1/units?tenant={slug}&page_size=100&as_of={rnd.choice(SAMPLE_DATES)}"
            for _ in range(count)
        ]
    if name == "api_people_big":
        return [f"/api/v1/people?tenant={BIG}&page_size=100&page={rnd.randint(1, 3)}" for _ in range(count)]
    if name.startswith("api_holders_"):
        slug = BIG if name == "api_holders_big" else SMALL
        return [
            f"/api/v1/people?tenant={slug}&as_of={rnd.choice(SAMPLE_DATES)}&page_size=100"
            for _ in range(count)
        ]
    if name == "api_people_all":
        return [f"/api/v1/people?page_size=100&page={rnd.randint(1, 20)}" for _ in range(count)]
    if name == "popolo_small":
        return [f"/api/v1/popolo/{SMALL}"] * count
    if name == "popolo_city":
        return [f"/api/v1/popolo/{CITY}"] * count
    raise KeyError(name)


def _client() -> Any:
    from django.test import Client

    return Client()


def _get(client: Any, path: str) -> Any:
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return response


def _queries(client: Any, path: str) -> tuple[int, int, list[str]]:
    """Queries of one request with an empty cache (what the page costs when it is made, not
    when it is served from the cache), the answer's size, and the SQL of each query."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = _get(client, path)
    return len(captured), len(response.content), [q["sql"] for q in captured.captured_queries]


def explain(sql_list: list[str]) -> None:
    """The plan of every distinct SELECT."""
    from django.db import connection

    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    shapes: dict[str, int] = {}
    for sql in sql_list:
        shape = re.sub(r"'[^']*'|\b\d+\b", "?", sql)
        shapes[shape] = shapes.get(shape, 0) + 1
    seen = set()
    for sql in sql_list:
        shape = re.sub(r"'[^']*'|\b\d+\b", "?", sql)
        if not sql.lstrip().upper().startswith("SELECT") or shape in seen:
            continue
        seen.add(shape)
        if shapes[shape] > 1:
            print(f"\n(this query runs {shapes[shape]} times in the request, with other values)")
        print(f"\n```sql\n{sql[:600]}{' …' if len(sql) > 600 else ''}\n```")
        try:
            with connection.cursor() as cursor:
                cursor.execute(prefix + sql)
                rows = cursor.fetchall()
        except Exception as exc:  # a query logged with its parameters may not run as text
            print(f"(no plan: {exc.__class__.__name__}: {str(exc)[:200]})")
            continue
        print("```")
        depth: dict[int, int] = {}
        for row in rows:
            if connection.vendor == "postgresql":
                print(row[0])
            else:  # (id, parent id, unused, detail): indent by the parent's depth
                depth[row[0]] = depth.get(row[1], -1) + 1
                print("  " * depth[row[0]] + str(row[3]))
        print("```")


def worker_cold(name: str, scale: float, out: Path) -> None:
    open_registry(scale, quiet=True)
    from django.core.cache import cache

    rnd = random.Random()
    (path,) = page_paths(name, 1, rnd)
    client = _client()
    _get(client, "/tillganglighet/")  # loads the URLconf and the apps
    cache.clear()
    started = time.perf_counter()
    _get(client, path)
    out.write_text(json.dumps({"cold": time.perf_counter() - started}))


class _Turn:
    """The warm workers of the databases compared take turns, one round of every page each,
    so that the machine's drift over the minutes of a run (other load, the clock of a shared
    host) falls on every database alike instead of on whichever ran last. The parent holds the
    other ends of two pipes: it writes a byte when it is this worker's turn, and reads one when
    the worker is ready and after each round. Without them (one worker run by hand) every
    round is this worker's."""

    def __init__(self, go: int | None, done: int | None) -> None:
        self._go, self._done = go, done

    @classmethod
    def from_environment(cls) -> _Turn:
        fds = os.environ.get("RADHUS_BENCH_TURNS")
        if not fds:
            return cls(None, None)
        go, done = (int(fd) for fd in fds.split(","))
        return cls(go, done)

    def ready(self) -> None:
        self.done()

    def wait(self) -> None:
        if self._go is not None and not os.read(self._go, 1):
            raise SystemExit("the benchmark stopped")

    def done(self) -> None:
        if self._done is not None:
            os.write(self._done, b"d")


def warm_in_turns(args: list[str], urls: list[str], samples: int, processes: int) -> list[dict[str, Any]]:
    """``processes`` warm workers per database in ``urls``, started together, each timing its
    share of the ``samples``; once every one has warmed up, they take turns (``_Turn``), the
    order reversed every other round. One process a database is the default: a process's median
    moves by 10–20 % from the next one's on this kind of machine (where its memory lands, which
    core it and the database server get), which more processes would average out, but each
    PostgreSQL process then waits longer for its turn and its statements cost 2–3× as much
    after the wait. Returns each database's figures, the samples of its processes pooled."""
    workers = []
    rounds = []
    for part in range(processes):
        rounds.append(len(range(part, samples, processes)))
        for url in urls:
            workers.append((url, [*args, "--part", f"{part},{processes}"]))
    started = []
    for url, worker_args in workers:
        go_read, go_write = os.pipe()
        done_read, done_write = os.pipe()
        out = tempfile.NamedTemporaryFile(suffix=".json")  # noqa: SIM115 (closed below)
        env = {**os.environ, "DATABASE_URL": url, "RADHUS_BENCH_TURNS": f"{go_read},{done_write}"}
        process = subprocess.Popen(
            [sys.executable, __file__, *worker_args, "--out", out.name],
            env=env,
            pass_fds=(go_read, done_write),
        )
        os.close(go_read)
        os.close(done_write)
        started.append((process, go_write, done_read, out))

    def wait_for(done_read: int) -> None:
        if not os.read(done_read, 1):
            raise SystemExit("a benchmark worker stopped; see its error above")

    for _, _, done_read, _ in started:
        wait_for(done_read)  # warmed up
    for i in range(max(rounds)):
        taking = [w for k, w in enumerate(started) if i < rounds[k // len(urls)]]
        for _, go_write, done_read, _ in taking if i % 2 == 0 else taking[::-1]:
            os.write(go_write, b"g")
            wait_for(done_read)
    pooled: dict[str, dict[str, dict[str, Any]]] = {url: {} for url in urls}
    for (url, _), (process, go_write, done_read, out) in zip(workers, started, strict=True):
        os.close(go_write)
        os.close(done_read)
        if process.wait() != 0:
            raise SystemExit(f"a benchmark worker failed ({process.returncode})")
        for name, figures in json.loads(Path(out.name).read_text()).items():
            into = pooled[url].setdefault(name, {"queries": figures["queries"], "bytes": figures["bytes"]})
            for key in ("times", "again", "in_sql", "statements"):
                into[key] = into.get(key, []) + figures[key]
        out.close()
    results = []
    for url in urls:
        results.append(
            {
                name: {
                    "p50": median(f["times"]),
                    "p95": percentile(f["times"], 0.95),
                    "cached_p50": median(f["again"]),
                    "sql_p50": median(f["in_sql"]),
                    "rest_p50": median([t - q for t, q in zip(f["times"], f["in_sql"], strict=True)]),
                    "statements": sum(f["statements"]) / len(f["statements"]),
                    "queries": f["queries"],
                    "bytes": f["bytes"],
                }
                for name, f in pooled[url].items()
            }
        )
    return results


def worker_warm(
    names: list[str], scale: float, samples: int, part: tuple[int, int], do_explain: bool, out: Path
) -> None:
    """Warm-up requests first (not timed), then the timed ones in rounds of one request a page,
    so that a burst of load from elsewhere on the machine spreads over every page instead of
    falling on one and skewing the ratios between them; with several databases, the workers
    take turns round by round (``_Turn``)."""
    open_registry(scale, quiet=True)
    from django.core.cache import cache
    from django.db import connection

    cache.clear()  # what an earlier run left (the same samples) is not served from the cache
    rnd = random.Random(20261129)
    client = _client()
    # The same samples for every database; this process times its share of them.
    index, parts = part
    timed = {name: page_paths(name, samples, rnd)[index::parts] for name in names}
    for name in names:
        for path in page_paths(name, 5, rnd):
            _get(client, path)
    times: dict[str, list[float]] = {name: [] for name in names}
    again: dict[str, list[float]] = {name: [] for name in names}
    in_sql: dict[str, list[float]] = {name: [] for name in names}
    statements: dict[str, list[int]] = {name: [] for name in names}
    spent = [0.0, 0]

    def timing(execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
        """The time of each statement from Django's call to its answer (the round trip,
        the server's work, reading the rows), summed for the request."""
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent[0] += time.perf_counter() - began
            spent[1] += 1

    turn = _Turn.from_environment()
    turn.ready()
    for i in range(len(timed[names[0]])):
        turn.wait()
        for name in names:
            cache.clear()  # not timed: the request below makes its page
            spent[:] = [0.0, 0]
            started = time.perf_counter()
            with connection.execute_wrapper(timing):
                _get(client, timed[name][i])
            times[name].append(time.perf_counter() - started)
            in_sql[name].append(spent[0])
            statements[name].append(spent[1])
            started = time.perf_counter()
            _get(client, timed[name][i])
            again[name].append(time.perf_counter() - started)
        turn.done()
    results: dict[str, Any] = {}
    for name in names:
        queries, size, sql = _queries(client, timed[name][0])
        results[name] = {
            "times": times[name],
            "again": again[name],
            "in_sql": in_sql[name],
            "statements": statements[name],
            "queries": queries,
            "bytes": size,
        }
        if do_explain and index == 0 and name in EXPLAINED:
            print(
                f"\n### {database_label(connection.vendor)}: {PAGES[name]}, {queries} queries: `{timed[name][0]}`"
            )
            explain(sql)
    out.write_text(json.dumps(results))


def made_afresh(paths: list[str], samples: int, show_sql: bool) -> None:
    """The statements of each of ``paths`` and the CPU time (``time.process_time``) and wall
    time of making it, the render cache emptied before every request (p50 of ``samples``
    after three that are not timed), on the database DATABASE_URL names, as it is: nothing is
    built, migrated or written (set ``RADHUS_CACHE=locmem`` to keep the file cache out of it)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "radhus.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client()
    print(f"# {database_label(connection.vendor)} {connection.settings_dict['NAME']}")
    for path in paths:
        for _ in range(3):
            cache.clear()
            _get(client, path)
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            _get(client, path)
        statements = captured.captured_queries  # read now: the next request empties the log
        cpu, wall = [], []
        for _ in range(samples):
            cache.clear()
            started, started_cpu = time.perf_counter(), time.process_time()
            _get(client, path)
            cpu.append(time.process_time() - started_cpu)
            wall.append(time.perf_counter() - started)
        print(f"{path}: {len(statements)} statements, CPU p50 {ms(median(cpu))}, wall p50 {ms(median(wall))}")
        if show_sql:
            for query in statements:
                print(f"    {float(query['time']) * 1000:6.2f} ms  {query['sql'][:150]}")
                if connection.vendor == "postgresql" and query["sql"].lstrip("( ").upper().startswith(
                    ("SELECT", "WITH")
                ):
                    with connection.cursor() as cursor:
                        cursor.execute("EXPLAIN (ANALYZE, SUMMARY) " + query["sql"])
                        summary = [
                            row[0]
                            for row in cursor.fetchall()
                            if row[0].startswith(("Planning", "Execution"))
                        ]
                    print("             " + ", ".join(summary))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 290 municipalities")
    parser.add_argument(
        "--db",
        action="append",
        help="a DATABASE_URL, or 'sqlite' for the kept SQLite file; give it twice to compare",
    )
    parser.add_argument("--samples", type=int, default=50, help="warm requests timed per page")
    parser.add_argument("--cold-runs", type=int, default=3, help="fresh processes per page for cold")
    parser.add_argument(
        "--processes", type=int, default=1, help="warm processes per database, sharing the samples"
    )
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated, of: " + ", ".join(PAGES))
    parser.add_argument("--explain", action="store_true", help="print the plans of the list pages' queries")
    parser.add_argument(
        "--made",
        help="comma-separated paths: only print each one's statements and CPU time when made afresh, "
        "on DATABASE_URL as it is (read-only; nothing is built); --samples requests each",
    )
    parser.add_argument(
        "--show-sql",
        action="store_true",
        help="with --made: each statement and its time (on PostgreSQL with its planning and execution time)",
    )
    parser.add_argument("--worker", choices=["cold", "warm"], help=argparse.SUPPRESS)
    parser.add_argument("--page", help=argparse.SUPPRESS)
    parser.add_argument("--part", default="0,1", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    names = [n for n in args.pages.split(",") if n]

    if args.made:
        return made_afresh([p for p in args.made.split(",") if p], args.samples, args.show_sql)
    if args.worker == "cold":
        return worker_cold(args.page, args.scale, args.out)
    if args.worker == "warm":
        index, parts = (int(n) for n in args.part.split(","))
        return worker_warm(names, args.scale, args.samples, (index, parts), args.explain, args.out)

    urls = [sqlite_url(args.scale) if u in (None, "sqlite") else u for u in (args.db or ["sqlite"])]
    common = ["--scale", str(args.scale)]
    for url in urls:
        print(f"# {database_label(url)}: preparing the registry", flush=True)
        subprocess.run(
            [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(Path(__file__).parents[1])!r});"
             f"from benchmarks.national import open_registry; open_registry({args.scale!r}, {url!r})"],
            check=True,
        )  # fmt: skip
    print(
        f"# warm, {args.samples} requests a page in {args.processes} processes a database, taking turns",
        flush=True,
    )
    warm_args = [*common, "--worker", "warm", "--pages", ",".join(names), "--samples", str(args.samples)]
    warm_args += ["--explain"] if args.explain else []
    warm = warm_in_turns(warm_args, urls, args.samples, max(1, min(args.processes, args.samples)))
    results: dict[str, dict[str, Any]] = {}
    for url, figures in zip(urls, warm, strict=True):
        label = database_label(url)
        print(f"# {label}: cold, {args.cold_runs} fresh processes a page", flush=True)
        for name in names:
            colds = [
                run_worker(__file__, [*common, "--worker", "cold", "--page", name], url)["cold"]
                for _ in range(args.cold_runs)
            ]
            figures[name]["cold"] = median(colds)
        results[label] = figures
    report(results, urls, names, args.scale)


def report(results: dict[str, dict[str, Any]], urls: list[str], names: list[str], scale: float) -> None:
    header(f"Pages and API lists at scale {scale:g}", urls)
    labels = list(results)
    head = "| page |" + "".join(
        f" {db} cold | {db} made p50 | p95 | from cache p50 | queries |" for db in labels
    )
    if len(labels) == 2:
        head += " PostgreSQL / SQLite (made p50) | (from cache p50) |"
    print(head)
    print("|---" * (1 + 5 * len(labels) + 2 * (len(labels) == 2)) + "|")
    for name in names:
        row = f"| {PAGES[name]} |"
        for db in labels:
            r = results[db][name]
            row += f" {ms(r['cold'])} | {ms(r['p50'])} | {ms(r['p95'])} | {ms(r['cached_p50'])} | {r['queries']} |"
        if len(labels) == 2:
            pg, lite = results["PostgreSQL"][name], results["SQLite"][name]
            for key in ("p50", "cached_p50"):
                ratio = pg[key] / lite[key]
                row += f" {ratio:.2f}× {verdict(ratio <= 1.2)} |"
        print(row)
    print(
        "\nWhere the time of a page made goes: p50 of the time in its statements (from Django's"
        " call to the answer, rows read), the statements a request on average, and the p50 of the"
        " rest (Python: the ORM, the templates):\n"
    )
    print("| page |" + "".join(f" {db} in statements | statements | rest |" for db in labels))
    print("|---" * (1 + 3 * len(labels)) + "|")
    for name in names:
        row = f"| {PAGES[name]} |"
        for db in labels:
            r = results[db][name]
            row += f" {ms(r['sql_p50'])} | {r['statements']:.1f} | {ms(r['rest_p50'])} |"
        print(row)
    checks = targets(names)
    if not checks:
        return
    print(
        "\nTargets of issue 7 (warm p50 of the page made; ratios compare the same page in two municipalities):\n"
    )
    print("| target | " + " | ".join(labels) + " |")
    print("|---" * (1 + len(labels)) + "|")
    for label, check in checks:
        print(f"| {label} | " + " | ".join(check(results[db]) for db in labels) + " |")


def targets(names: list[str]) -> list[tuple[str, Callable[[dict[str, Any]], str]]]:
    def ratio(a: str, b: str, limit: float) -> Callable[[dict[str, Any]], str]:
        def check(r: dict[str, Any]) -> str:
            value = r[a]["p50"] / r[b]["p50"]
            return f"{value:.2f}× {verdict(value <= limit)}"

        return check

    def queries(a: str, limit: int) -> Callable[[dict[str, Any]], str]:
        return lambda r: f"{r[a]['queries']} {verdict(r[a]['queries'] <= limit)}"

    def time_limit(a: str, limit: float) -> Callable[[dict[str, Any]], str]:
        return lambda r: f"{ms(r[a]['p50'])} {verdict(r[a]['p50'] <= limit)}"

    wanted = [
        (
            {"unit_big", "unit_small"},
            f"unit page {BIG} / {SMALL} ≤ 1.5×",
            ratio("unit_big", "unit_small", 1.5),
        ),
        (
            {"api_units_big", "api_units_small"},
            f"API page of 100 units {BIG} / {SMALL} ≤ 1.5×",
            ratio("api_units_big", "api_units_small", 1.5),
        ),
        ({"home_big", "home_small"}, f"start page {BIG} / {SMALL} ≤ 5×", ratio("home_big", "home_small", 5)),
        ({"search_big"}, "search ≤ 10 queries whatever the hits", queries("search_big", 10)),
        ({"popolo_small"}, "Popolo export of one municipality ≤ 100 ms", time_limit("popolo_small", 0.1)),
    ]
    return [(label, check) for needs, label, check in wanted if needs <= set(names)]


if __name__ == "__main__":
    main()
