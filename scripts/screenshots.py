"""Screenshots of the public pages for the README, taken in Debian's Chromium.

Starts nothing itself: point it at a running server with the demo data, for example
`make run` in one terminal and `make screenshots` (or this script) in another:

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000

It walks the pages the way a visitor does, following links by their visible text, so it needs
no knowledge of addresses beyond the start page, and writes PNG files to docs/screenshots/:
whole pages on a 1280 px screen, and the first screen of a 390 px phone.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image
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


def close_notices(page: Page) -> None:
    """Close the site notice, as a visitor who has read it does."""
    for button in page.get_by_role("button", name="Stäng").all():
        button.click()


def ornskoldsvik_unit_page_on_a_phone(page: Page, base_url: str) -> None:
    ornskoldsvik_unit_page(page, base_url)
    close_notices(page)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")


def hassleholm_history_on_a_phone(page: Page, base_url: str) -> None:
    hassleholm_office_page(page, base_url)
    close_notices(page)
    page.locator("a[href$='/historik/']").first.click()
    page.wait_for_load_state("load")
    page.get_by_role("heading", name="Ändringar").scroll_into_view_if_needed()


SHOTS: dict[str, Callable[[Page, str], None]] = {
    "tenant-start-page.png": tenant_start_page,
    "unit-page-ornskoldsvik.png": ornskoldsvik_unit_page,
    "unit-page-hassleholm.png": hassleholm_office_page,
    "person-page.png": person_page,
}

# The first screen on a phone (390 × 844 CSS px): the header, and the contacts before the text.
PHONE_SHOTS: dict[str, Callable[[Page, str], None]] = {
    "phone-unit-page-ornskoldsvik.png": ornskoldsvik_unit_page_on_a_phone,
    "phone-history-hassleholm.png": hassleholm_history_on_a_phone,
}
PHONE = {"width": 390, "height": 844}


# Every picture on the page loaded, lazy ones too (a whole-page picture never scrolls to them).
IMAGES_LOADED = """() => Promise.all([...document.images].map(img => {
  img.loading = "eager";
  return img.complete ? null : new Promise(done => { img.onload = img.onerror = done; });
}))"""


def shrink(path: Path) -> None:
    """A page is text on a few colours: 256 of them lose nothing a reader sees and make the
    file a third of the size."""
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    small.save(path, optimize=True)


def take(base_url: str, out: Path, width: int = 1280, height: int = 900) -> list[Path]:
    """Take every screenshot in SHOTS; return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, env={**os.environ, **CHROMIUM_ENV}, headless=True
        )
        for shots, viewport, full_page in (
            (SHOTS, {"width": width, "height": height}, True),
            (PHONE_SHOTS, PHONE, False),
        ):
            context: Any = browser.new_context(
                locale="sv-SE", timezone_id="Europe/Stockholm", viewport=viewport
            )
            context.set_default_timeout(15_000)
            for filename, walk in shots.items():
                page = context.new_page()
                walk(page, base_url.rstrip("/") + "/")
                path = out / filename
                page.evaluate(IMAGES_LOADED)
                page.screenshot(path=str(path), full_page=full_page)
                shrink(path)
                shown = path.relative_to(PROJECT_DIR) if path.is_relative_to(PROJECT_DIR) else path
                print(f"{shown}: {page.url}")
                written.append(path)
                page.close()
            context.close()
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
