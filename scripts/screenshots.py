"""Screenshots of the public pages for the README, taken in Debian's Chromium.

Starts nothing itself: point it at a running server with the demo data, for example
`make run` in one terminal and `make screenshots` (or this script) in another:

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000

It walks the pages the way a visitor does, following links by their visible text, so it needs
no knowledge of addresses beyond the start page, and writes PNG files to docs/screenshots/.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

PROJECT_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--lang=sv-SE",
]
# Date fields show Swedish dates (2026-11-23) only with Swedish browser UI, which needs Debian's
# chromium-l10n package (`make screenshots` installs it); without it they show 11/23/2026.
CHROMIUM_ENV = {"LANGUAGE": "sv", "LANG": "sv_SE.UTF-8"}


def follow(page: Page, name: str) -> None:
    """Click the first link whose accessible name is ``name``, as a visitor would."""
    page.get_by_role("link", name=name, exact=True).first.click()
    page.wait_for_load_state("load")


def tenant_start_page(page: Page, base_url: str) -> None:
    page.goto(base_url)
    follow(page, "Örnsköldsviks kommun")


def ornskoldsvik_unit_page(page: Page, base_url: str) -> None:
    tenant_start_page(page, base_url)
    follow(page, "Kommunledningsförvaltningen")


def hassleholm_office_page(page: Page, base_url: str) -> None:
    page.goto(base_url)
    follow(page, "Hässleholms kommun")
    follow(page, "Kommunledningskontoret")


def person_page(page: Page, base_url: str) -> None:
    ornskoldsvik_unit_page(page, base_url)
    follow(page, "Magnus Haglund")


SHOTS: dict[str, Callable[[Page, str], None]] = {
    "tenant-start-page.png": tenant_start_page,
    "unit-page-ornskoldsvik.png": ornskoldsvik_unit_page,
    "unit-page-hassleholm.png": hassleholm_office_page,
    "person-page.png": person_page,
}


def take(base_url: str, out: Path, width: int = 1280, height: int = 900) -> list[Path]:
    """Take every screenshot in SHOTS; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, env={**os.environ, **CHROMIUM_ENV}, headless=True
        )
        context: Any = browser.new_context(
            locale="sv-SE", timezone_id="Europe/Stockholm", viewport={"width": width, "height": height}
        )
        context.set_default_timeout(15_000)
        for filename, walk in SHOTS.items():
            page = context.new_page()
            walk(page, base_url.rstrip("/") + "/")
            path = out / filename
            page.screenshot(path=str(path), full_page=True)
            print(
                f"{path.relative_to(PROJECT_DIR) if path.is_relative_to(PROJECT_DIR) else path}: {page.url}"
            )
            written.append(path)
            page.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("base_url", nargs="?", default="http://127.0.0.1:8000", help="the running server")
    parser.add_argument(
        "--out", type=Path, default=PROJECT_DIR / "docs" / "screenshots", help="folder for PNGs"
    )
    parser.add_argument("--width", type=int, default=1280)
    args = parser.parse_args(argv)
    take(args.base_url, args.out, width=args.width)
    return 0


if __name__ == "__main__":
    sys.exit(main())
