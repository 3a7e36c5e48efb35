"""Requests a second through a real server, next to a hello-world floor (issue 7).

Starts ``radhus serve`` (gunicorn, ``--workers`` processes, 2 by default) on a free port on
127.0.0.1 with ``benchmarks.server_settings``, which adds one URL, ``/bench-hello/``: a view
that answers "ok" through the same middleware. Then, with 1, 4 and 16 clients (threads on raw
sockets, each request on a new connection, as gunicorn's sync workers close it), it loads each page for
``--seconds`` after an untimed warm-up and prints requests a second and the ratio to the
floor measured in the same run. The load goes to loopback only and stops by itself. The
clients run on the same machine and take CPU from the server: the floor pays the same cost,
which is why the ratio, not the absolute figure, is the measure.

Targets at 4 clients: a unit page ≥ 1/10 of the floor, an API list page of 100 ≥ 1/5.

    .venv/bin/python benchmarks/server.py [--scale 1.0] [--db sqlite] [--db postgres://…] [--seconds 10]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.national import PROJECT_DIR, database_label, header, sqlite_url, verdict  # noqa: E402

CLIENTS = [1, 4, 16]
# name → (label, target as a share of the floor at 4 clients)
PAGES = {
    "hello": ("hello-world floor (`/bench-hello/`)", None),
    "unit_big": ("unit page, deep leaf in jattestad", 1 / 10),
    "unit_small": ("unit page, deep leaf in smastad", 1 / 10),
    "home_small": ("start page, smastad", None),
    "api_units_big": ("`GET /api/v1/units?tenant=jattestad&page_size=100`", 1 / 5),
    "api_people_big": ("`GET /api/v1/people?tenant=jattestad&page_size=100`", 1 / 5),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def paths_for(scale: float, url: str, count: int) -> dict[str, list[str]]:
    """Sample paths for each page, drawn in a child process (Django set up on ``url``)."""
    code = (
        "import sys, json, random; sys.path.insert(0, {root!r});"
        "from benchmarks.national import open_registry; open_registry({scale!r}, {url!r}, quiet=True);"
        "from benchmarks.pages import page_paths; rnd = random.Random(7);"
        "print(json.dumps({{n: page_paths(n, {count}, rnd) for n in {names!r}}}))"
    ).format(
        root=str(PROJECT_DIR), scale=scale, url=url, count=count, names=[n for n in PAGES if n != "hello"]
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    import json

    paths = json.loads(out.stdout.strip().splitlines()[-1])
    paths["hello"] = ["/bench-hello/"]
    return paths


def fetch(port: int, path: str) -> bool:
    """One GET on a new connection, read to the end; whether it answered 200. Raw sockets, so
    that the client, which shares the machine's CPU with the server, costs as little as it can."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
            sock.sendall(f"GET {quote(path, safe='/?&=:%')} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
            first = sock.recv(65536)
            while sock.recv(65536):
                pass
    except OSError:
        return False
    return first.startswith((b"HTTP/1.0 200", b"HTTP/1.1 200"))


def load(port: int, paths: list[str], clients: int, seconds: float, limit: int) -> tuple[float, int]:
    """Requests a second over ``seconds`` (or until ``limit`` requests), and how many failed."""
    done, failed = [0], [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(seed: int) -> None:
        rnd = random.Random(seed)
        while time.perf_counter() < stop_at:
            with lock:
                if done[0] + failed[0] >= limit:
                    return
            ok = fetch(port, rnd.choice(paths))
            with lock:
                if ok:
                    done[0] += 1
                else:
                    failed[0] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done[0] / (time.perf_counter() - started), failed[0]


def serve(
    url: str, port: int, workers: int, log: Path, settings: str = "benchmarks.server_settings"
) -> subprocess.Popen:
    """``radhus serve`` (gunicorn) on ``port`` with ``settings``, once it answers ``/bench-hello/``."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": settings,
        "PYTHONPATH": os.pathsep.join([str(PROJECT_DIR), str(PROJECT_DIR / "src")]),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
    }
    radhus = Path(sys.executable).with_name("radhus")
    with log.open("w") as out:
        server = subprocess.Popen([str(radhus), "serve"], env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/bench-hello/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"the server did not answer within a minute; see {log}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--db", action="append", help="a DATABASE_URL, or 'sqlite'; give it twice to compare")
    parser.add_argument("--seconds", type=float, default=10, help="load per page and number of clients")
    parser.add_argument("--max-requests", type=int, default=20_000, help="stop a load after this many")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, help="the port to serve on (default: a free one)")
    parser.add_argument("--pages", default=",".join(PAGES))
    args = parser.parse_args()
    names = ["hello", *[n for n in args.pages.split(",") if n and n != "hello"]]
    urls = [sqlite_url(args.scale) if u in (None, "sqlite") else u for u in (args.db or ["sqlite"])]

    rows: dict[str, dict[tuple[str, int], tuple[float, int]]] = {}
    for url in urls:
        label = database_label(url)
        print(f"# {label}: drawing sample paths (builds the registry if needed)", flush=True)
        paths = paths_for(args.scale, url, 200)
        port = args.port or free_port()
        log = PROJECT_DIR / "var" / f"bench-server-{label.lower()}.log"
        print(f"# {label}: radhus serve on 127.0.0.1:{port}, {args.workers} workers (log: {log})", flush=True)
        server = serve(url, port, args.workers, log)
        try:
            rows[label] = {}
            for name in names:
                load(port, paths[name], 4, 1.5, 200)  # warm-up, not counted
                for clients in CLIENTS:
                    rate, failed = load(port, paths[name], clients, args.seconds, args.max_requests)
                    rows[label][(name, clients)] = (rate, failed)
                    print(
                        f"  {name:<16} {clients:>2} clients  {rate:8.1f} req/s  {failed} failed", flush=True
                    )
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    report(rows, urls, names, args)


def report(rows: dict, urls: list[str], names: list[str], args: argparse.Namespace) -> None:
    header(f"Through `radhus serve` (gunicorn, {args.workers} workers) at scale {args.scale:g}", urls)
    print(
        "Requests a second with 1, 4 and 16 clients, and the share of the hello-world floor of the "
        f"same server and run ({args.seconds:g} s a cell).\n"
    )
    for label, cells in rows.items():
        print(f"**{label}**\n")
        print(
            "| page |"
            + "".join(f" {c} client{'s' if c > 1 else ''} |" for c in CLIENTS)
            + " target at 4 clients |"
        )
        print("|---" * (2 + len(CLIENTS)) + "|")
        for name in names:
            text, share = PAGES[name]
            row = f"| {text} |"
            for clients in CLIENTS:
                rate, failed = cells[(name, clients)]
                floor = cells[("hello", clients)][0]
                row += f" {rate:,.0f} req/s" + (
                    "" if name == "hello" else f" (1/{floor / max(rate, 1e-9):.0f})"
                )
                row += f", {failed} failed |" if failed else " |"
            if share is None:
                row += " |"
            else:
                rate, floor = cells[(name, 4)][0], cells[("hello", 4)][0]
                row += f" ≥ 1/{round(1 / share)}: {verdict(rate >= share * floor)} |"
            print(row)
        print()


if __name__ == "__main__":
    main()
