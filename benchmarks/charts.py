"""How long an organisation chart of 2,000 units takes (issue 3; target: SVG ≤ 1 s).

Builds a municipality of 2,000 units in a throwaway SQLite database and prints the time of each
step and of whole requests for the SVG, PNG and PDF. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/charts.py [--units 2000] [--runs 7]
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]


def timed(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    """The median wall time of ``runs`` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    workdir = tempfile.TemporaryDirectory(prefix="radhus-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir.name}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "radhus.settings")
    sys.path.insert(0, str(PROJECT_DIR / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from radhus.core.models import Tenant
    from radhus.organisation import charts

    call_command("migrate", verbosity=0)
    tenant = Tenant.objects.create(name="Storstads kommun", slug="storstad", kind=Tenant.Kind.MUNICIPALITY)
    from radhus.demo.synthetic import build_organisation

    root = build_organisation(tenant, args.units)
    on = datetime.date.today()

    runs = args.runs
    read, tree = timed(lambda: charts.chart_tree(root, on), runs)
    place, layout = timed(lambda: charts.layout(tree), runs)
    draw, svg = timed(
        lambda: charts.render_svg(layout, title="Schema", description="", href=lambda n: f"/x/{n.slug}/"),
        runs,
    )
    paint, png = timed(lambda: charts.render_png(layout), max(1, runs // 2))

    client = Client()
    base = f"/{tenant.slug}/enhet/{root.slug}/schema"
    svg_request, response = timed(lambda: client.get(f"{base}.svg"), runs)
    if response.status_code != 200:
        sys.exit(f"schema.svg answered {response.status_code}: no figures")
    png_request, _ = timed(lambda: client.get(f"{base}.png"), max(1, runs // 2))
    pdf_request, pdf = timed(lambda: client.get(f"{base}.pdf"), 1)
    page_request, _ = timed(lambda: client.get(f"{base}/"), max(1, runs // 2))

    print(
        f"Organisation chart of {len(tree)} units ({len(layout.boxes)} boxes, {layout.width}×{layout.height} px)"
    )
    print(
        f"  font metrics: {'DejaVu Sans via Pillow' if charts.fonts_available() else 'fixed width per character'}"
    )
    print(f"  read from the database   {read * 1000:8.1f} ms   (median of {runs})")
    print(f"  layout                   {place * 1000:8.1f} ms")
    print(f"  draw SVG                 {draw * 1000:8.1f} ms   ({len(svg) / 1024:.0f} KiB)")
    print(f"  paint PNG                {paint * 1000:8.1f} ms   ({len(png) / 1024:.0f} KiB)")
    print(f"  GET schema.svg           {svg_request * 1000:8.1f} ms   target ≤ 1000 ms")
    print(f"  GET schema.png           {png_request * 1000:8.1f} ms")
    print(f"  GET schema/ (HTML page)  {page_request * 1000:8.1f} ms")
    print(
        f"  GET schema.pdf           {pdf_request * 1000:8.1f} ms   ({len(pdf.content) / 1024:.0f} KiB, one run)"
    )
    workdir.cleanup()


if __name__ == "__main__":
    main()
