"""What an organisation chart of 2,000 units costs, cold and warm, with peak memory (issue 7).

Runs on the national registry of ``benchmarks/national.py`` (its 2,000-unit municipality,
``mellanstad``, at every scale) on each database given, and times whole requests through
Django's test client for the chart of the whole municipality as SVG, PNG and PDF, the chart
page, and the unit page together with the SVG it embeds:

- **cold**: the first request of a fresh process with Django's cache cleared. The process
  loads the app as a server worker does (``import radhus.wsgi``, which also loads WeasyPrint
  and lays out a small PDF; its time is printed as "worker start") and answers one request to
  another page first; with the growth of the process's peak memory during that request
  (``ru_maxrss``, which sees Pillow's and WeasyPrint's memory too, unlike tracemalloc);
- **warm**: the median of ``--runs`` requests in one process after an untimed one.

Targets: SVG ≤ 1 s, PNG ≤ 1 s, PDF ≤ 2 s, peak memory ≤ 150 MB. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/charts.py [--scale 1.0] [--db sqlite] [--db postgres://…] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.national import (  # noqa: E402
    CHART,
    database_label,
    header,
    median,
    ms,
    open_registry,
    run_worker,
    sqlite_url,
    verdict,
)

# name → (label, path after /<tenant>/enhet/<council>/, target in seconds)
REQUESTS = {
    "svg": ("`schema.svg`", "schema.svg", 1.0),
    "png": ("`schema.png`", "schema.png", 1.0),
    "pdf": ("`schema.pdf`", "schema.pdf", 2.0),
    "page": ("chart page `schema/` (the chart as a list)", "schema/", None),
    "unit": ("unit page and the `schema.svg` it embeds", "", None),
}
PEAK_MB = 150


def _paths(name: str) -> list[str]:
    from radhus.organisation.models import Unit

    council = Unit.objects.get(tenant__slug=CHART, parent=None, kind="council")
    base = f"/{CHART}/enhet/{council.slug}/"
    return [base, f"{base}schema.svg"] if name == "unit" else [base + REQUESTS[name][1]]


def _request(client: Any, paths: list[str]) -> int:
    size = 0
    for path in paths:
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        size += len(response.content)
    return size


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(kind: str, name: str, scale: float, runs: int, out: Path) -> None:
    open_registry(scale, quiet=True)
    from django.core.cache import cache
    from django.test import Client

    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # a line per layout step

    started = time.perf_counter()
    import radhus.wsgi  # noqa: F401 - what a gunicorn worker does when it starts

    start = time.perf_counter() - started
    client = Client()
    paths = _paths(name)
    client.get("/tillganglighet/")  # loads the URLconf and the apps
    cache.clear()
    if kind == "cold":
        before = _max_rss_mb()
        started = time.perf_counter()
        size = _request(client, paths)
        elapsed = time.perf_counter() - started
        result = {"cold": elapsed, "peak_mb": _max_rss_mb() - before, "bytes": size, "start": start}
    else:
        _request(client, paths)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            _request(client, paths)
            times.append(time.perf_counter() - started)
        result = {"warm": median(times)}
    out.write_text(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--db", action="append", help="a DATABASE_URL, or 'sqlite'; give it twice to compare")
    parser.add_argument("--runs", type=int, default=3, help="warm requests timed per format")
    parser.add_argument("--worker", choices=["cold", "warm"], help=argparse.SUPPRESS)
    parser.add_argument("--name", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.worker, args.name, args.scale, args.runs, args.out)

    urls = [sqlite_url(args.scale) if u in (None, "sqlite") else u for u in (args.db or ["sqlite"])]
    results: dict[str, dict[str, dict[str, Any]]] = {}
    for url in urls:
        label = database_label(url)
        print(f"# {label}: preparing the registry", flush=True)
        subprocess.run(
            [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(Path(__file__).parents[1])!r});"
             f"from benchmarks.national import open_registry; open_registry({args.scale!r}, {url!r})"],
            check=True,
        )  # fmt: skip
        results[label] = {}
        common = ["--scale", str(args.scale), "--runs", str(args.runs)]
        for name in REQUESTS:
            print(f"# {label}: {name}", flush=True)
            cold = run_worker(__file__, [*common, "--worker", "cold", "--name", name], url)
            warm = run_worker(__file__, [*common, "--worker", "warm", "--name", name], url)
            results[label][name] = cold | warm
    report(results, urls, args)


def report(results: dict[str, dict[str, dict[str, Any]]], urls: list[str], args: argparse.Namespace) -> None:
    header(f"Organisation chart of {CHART}'s 2,000 units", urls)
    print("| request | database | worker start | cold | warm (median) | peak memory, cold | size | target |")
    print("|---|---|---|---|---|---|---|---|")
    for name, (label, _, limit) in REQUESTS.items():
        for db, rows in results.items():
            r = rows[name]
            checks = []
            if limit is not None:
                checks.append(f"≤ {ms(limit)}: {verdict(max(r['cold'], r['warm']) <= limit)}")
            if name in ("png", "pdf"):
                checks.append(f"≤ {PEAK_MB} MB: {verdict(r['peak_mb'] <= PEAK_MB)}")
            print(
                f"| {label} | {db} | {ms(r['start'])} | {ms(r['cold'])} | {ms(r['warm'])} | {r['peak_mb']:.0f} MB "
                f"| {r['bytes'] / 1024:,.0f} KiB | {'; '.join(checks)} |"
            )


if __name__ == "__main__":
    main()
