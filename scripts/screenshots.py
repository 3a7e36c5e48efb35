"""Screenshots for the README, taken in Debian's Chromium.

Starts nothing itself: point it at a running server with the demo data, for example
`make run` in one terminal and `make screenshots` (or this script) in another:

    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000
    .venv/bin/python scripts/screenshots.py --only 'phone-*' http://127.0.0.1:8000

It walks the pages the way a visitor does, following links by their visible text from the
addresses the README names, and writes PNG files to docs/screenshots/: the registry's pages
whole on a 1280 px screen; the work of the system (the case register, the notice board, the
meetings and their minutes, the follow-up, the goals, the policy documents) as the first part
of each page on a 1280 px screen, the staff pages logged in as the demo's editor; the first page
of the notice and of the minutes as PDF, rendered by poppler's `pdftoppm`; and the first screen
of a 390 px phone.
"""

from __future__ import annotations

import argparse
import fnmatch
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from PIL import Image
from playwright.sync_api import BrowserContext, FloatRect, Page, sync_playwright

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

# The demo's editor, with a role in every demo organisation (radhus.demo.loader.DEMO_USERS;
# not imported, since that needs Django's settings and this script needs only a browser).
DEMO_USER = ("demo", "demo-radhus")
PDFTOPPM = "pdftoppm"  # poppler-utils


def follow(page: Page, name: str) -> None:
    """Click the first link whose accessible name is ``name``, as a visitor would."""
    page.get_by_role("link", name=name, exact=True).first.click()
    page.wait_for_load_state("load")


def click(page: Page, selector: str) -> None:
    """Click the first link that ``selector`` finds (a link whose text is a date or a number)."""
    page.locator(selector).first.click()
    page.wait_for_load_state("load")


def close_notices(page: Page) -> None:
    """Close the site notice, as a visitor who has read it does."""
    for button in page.get_by_role("button", name="Stäng").all():
        button.click()


def visit(page: Page, url: str) -> None:
    """Open an address the README names, with the site notice read and closed."""
    page.goto(url)
    close_notices(page)


def pdf_link(page: Page) -> str:
    """The address of the page's PDF (“… som PDF”)."""
    href = page.locator("main a[href$='.pdf']").first.get_attribute("href")
    if not href:
        raise RuntimeError(f"no PDF link on {page.url}")
    return urljoin(page.url, href)


def log_in(context: BrowserContext, base_url: str) -> None:
    """Log in on the login page as the demo's editor; the context keeps the session."""
    page = context.new_page()
    page.goto(base_url + "konto/logga-in/")
    page.fill("#id_username", DEMO_USER[0])
    page.fill("#id_password", DEMO_USER[1])
    page.locator("main button[type=submit]:not([name=language])").click()
    page.wait_for_load_state("load")
    if "/konto/logga-in/" in page.url:
        raise RuntimeError("the demo user could not log in: is the demo loaded (radhus load_demo)?")
    page.close()


# The organisation registry (whole pages).


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


# The case register: Hässleholm's decision chain of S1.1 (the demo's cases).


def diarium_register(page: Page, base_url: str) -> None:
    visit(page, base_url + "hassleholm/diarium/")


def diarium_case(page: Page, base_url: str) -> None:
    diarium_register(page, base_url)
    follow(page, "KS 2008/1")  # Nytt kommunledningskontor: four records, one of them secret


# Meetings: Munkedal's board, a week back, and its management team's year.


def notice_board(page: Page, base_url: str) -> None:
    visit(page, base_url + "munkedal/anslagstavla/")


def meeting_plan(page: Page, base_url: str) -> None:
    visit(page, base_url + "munkedal/sammantraden/")
    follow(page, "Kommunchefens ledningsgrupp")  # every second and fourth Tuesday


def minutes(page: Page, base_url: str) -> None:
    notice_board(page, base_url)
    click(page, ".board-postings h3 a")


def minutes_pdf(page: Page, base_url: str) -> str:
    minutes(page, base_url)
    return pdf_link(page)


def notice_pdf(page: Page, base_url: str) -> str:
    visit(page, base_url + "munkedal/sammantraden/")
    follow(page, "Kommunstyrelsen")
    click(page, "main a[href*='/kallelse/']")
    return pdf_link(page)


def staff_meeting(page: Page, base_url: str) -> None:
    """The secretary's page of the board's next meeting: the agenda, with the late
    assignment's deviation on it, and the tools to send the notice, call and write the §§."""
    visit(page, base_url + "munkedal/redigera/sammantraden/")
    click(page, "section[aria-labelledby=coming-title] tr:has(td:text-is('Kommunstyrelsen')) a")


# The follow-up of decisions, goals and policy documents.


def followup_overview(page: Page, base_url: str) -> None:
    visit(page, base_url + "munkedal/redigera/uppfoljning/")


def execution_report(page: Page, base_url: str) -> None:
    visit(page, base_url + "munkedal/redigera/uppfoljning/rapporter/verkstallighet/")


def goal_tree(page: Page, base_url: str) -> None:
    visit(page, base_url + "umearegionen/mal/")


def goal_page(page: Page, base_url: str) -> None:
    goal_tree(page, base_url)
    follow(page, "En växande region")  # the residents, as a chart and a table


def policy_documents(page: Page, base_url: str) -> None:
    visit(page, base_url + "munkedal/styrdokument/")


def to_do(page: Page, base_url: str) -> None:
    visit(page, base_url + "konto/att-gora/")


def goal_chart_on_a_phone(page: Page, base_url: str) -> None:
    """The first indicator of the goal at the top of the screen: its facts and its chart."""
    goal_page(page, base_url)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    page.locator("section.indicator h3").first.evaluate("h => h.scrollIntoView({block: 'start'})")


def blurred(walk: Callable[[Page, str], Any]) -> Callable[[Page, str], None]:
    """``walk`` with no focus ring left on the link it followed (a phone has no pointer)."""

    def walk_and_blur(page: Page, base_url: str) -> None:
        walk(page, base_url)
        page.evaluate("() => document.activeElement && document.activeElement.blur()")

    return walk_and_blur


@dataclass(frozen=True)
class Shot:
    walk: Callable[[Page, str], Any]
    phone: bool = False  # the first screen of a 390 × 844 CSS px phone
    height: int | None = None  # on a screen: the page's first ``height`` px; None, the whole page
    staff: bool = False  # logged in as the demo's editor
    pdf: bool = False  # ``walk`` returns a PDF's address; the picture is its first page


WORK = 1200  # px of a page of the system's work: its heading, its facts and the first rows

SHOTS: dict[str, Shot] = {
    # The registry, whole pages.
    "tenant-start-page.png": Shot(tenant_start_page),
    "unit-page-ornskoldsvik.png": Shot(ornskoldsvik_unit_page),
    "unit-page-hassleholm.png": Shot(hassleholm_office_page),
    "person-page.png": Shot(person_page),
    # The work of the system, public.
    "diarium-register-hassleholm.png": Shot(diarium_register, height=WORK),
    "diarium-case-hassleholm.png": Shot(diarium_case, height=1360),
    "notice-board-munkedal.png": Shot(notice_board, height=WORK),
    "meeting-plan-munkedal.png": Shot(meeting_plan, height=WORK),
    "minutes-munkedal.png": Shot(minutes, height=1400),
    "goals-umearegionen.png": Shot(goal_tree, height=WORK),
    "goal-umearegionen.png": Shot(goal_page, height=1400),
    "policy-documents-munkedal.png": Shot(policy_documents, height=WORK),
    # PDFs: the first page at 60 dpi.
    "notice-pdf-munkedal.png": Shot(notice_pdf, pdf=True),
    "minutes-pdf-munkedal.png": Shot(minutes_pdf, pdf=True),
    # Logged in.
    "staff-meeting-munkedal.png": Shot(staff_meeting, height=1370, staff=True),
    "followup-overview-munkedal.png": Shot(followup_overview, height=WORK, staff=True),
    "execution-report-munkedal.png": Shot(execution_report, height=WORK, staff=True),
    "to-do.png": Shot(to_do, height=WORK, staff=True),
    # The first screen on a phone: the header, and the contacts before the text.
    "phone-unit-page-ornskoldsvik.png": Shot(ornskoldsvik_unit_page_on_a_phone, phone=True),
    "phone-history-hassleholm.png": Shot(hassleholm_history_on_a_phone, phone=True),
    "phone-diarium-case-hassleholm.png": Shot(blurred(diarium_case), phone=True),
    "phone-notice-board-munkedal.png": Shot(notice_board, phone=True),
    "phone-goal-chart-umearegionen.png": Shot(goal_chart_on_a_phone, phone=True),
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


def capture(page: Page, path: Path, shot: Shot) -> None:
    page.evaluate(IMAGES_LOADED)
    if shot.phone:
        page.screenshot(path=str(path))
        return
    if shot.height is None:
        page.screenshot(path=str(path), full_page=True)
        return
    # Playwright trims the clip to the page, so a shorter page is taken whole.
    width = page.viewport_size["width"] if page.viewport_size else 1280
    clip: FloatRect = {"x": 0, "y": 0, "width": width, "height": shot.height}
    page.screenshot(path=str(path), full_page=True, clip=clip)


def pdf_first_page(context: BrowserContext, url: str, path: Path) -> None:
    """The PDF's first page as poppler renders it at 60 dpi (an A4 page is 496 × 702 px)."""
    response = context.request.get(url)
    if not response.ok or not response.body().startswith(b"%PDF"):
        raise RuntimeError(f"{url} answered {response.status}, not a PDF")
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "document.pdf"
        pdf.write_bytes(response.body())
        root = Path(tmp) / "page"
        subprocess.run(
            [PDFTOPPM, "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(root)],
            check=True,
        )
        shutil.move(root.with_suffix(".png"), path)


def take(
    base_url: str, out: Path, width: int = 1280, height: int = 900, only: list[str] | None = None
) -> list[Path]:
    """Take the screenshots in SHOTS (those whose file name matches a pattern of ``only``, when
    given); return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    base_url = base_url.rstrip("/") + "/"
    chosen = {
        name: shot
        for name, shot in SHOTS.items()
        if not only or any(fnmatch.fnmatch(name, pattern) for pattern in only)
    }
    if any(shot.pdf for shot in chosen.values()) and shutil.which(PDFTOPPM) is None:
        print(f"{PDFTOPPM} is missing (Debian: apt-get install poppler-utils): no PDF pictures")
        chosen = {name: shot for name, shot in chosen.items() if not shot.pdf}
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, env={**os.environ, **CHROMIUM_ENV}, headless=True
        )
        contexts: dict[tuple[bool, bool], BrowserContext] = {}

        def context_for(shot: Shot) -> BrowserContext:
            """One browser per kind of screen and login, so the login and the closed site
            notice carry from page to page."""
            key = (shot.phone, shot.staff)
            if key not in contexts:
                viewport: Any = PHONE if shot.phone else {"width": width, "height": height}
                context = browser.new_context(
                    locale="sv-SE", timezone_id="Europe/Stockholm", viewport=viewport
                )
                context.set_default_timeout(15_000)
                if shot.staff:
                    log_in(context, base_url)
                contexts[key] = context
            return contexts[key]

        for filename, shot in chosen.items():
            context = context_for(shot)
            page = context.new_page()
            found = shot.walk(page, base_url)
            path = out / filename
            if shot.pdf:
                pdf_first_page(context, found, path)
            else:
                capture(page, path, shot)
            shrink(path)
            shown = path.relative_to(PROJECT_DIR) if path.is_relative_to(PROJECT_DIR) else path
            print(f"{shown}: {found if shot.pdf else page.url}")
            written.append(path)
            page.close()
        for context in contexts.values():
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
    parser.add_argument(
        "--only", action="append", metavar="PATTERN", help="only the files matching it (e.g. 'phone-*')"
    )
    args = parser.parse_args(argv)
    take(args.base_url, args.out, width=args.width, only=args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
