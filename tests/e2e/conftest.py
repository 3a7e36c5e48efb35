"""The browser harness: Debian's Chromium driven by Playwright against pytest-django's live
server, the demo data, and an axe-core check for WCAG 2.1 AA.

Playwright's own browser builds are never downloaded: the tests launch /usr/bin/chromium (the
Makefile's ``browser`` target installs it) and take axe-core from node_modules (``npm ci``).
"""

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread

PROJECT_DIR = Path(__file__).resolve().parents[2]
AXE_SCRIPT = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("RADHUS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# WCAG 2.1 level A and AA, as the law asks of public-sector websites (see LAW.md).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

Axe = Callable[..., None]


class OneRequestAtATimeServer(WSGIServer):
    """The live server, answering one request at a time.

    Django's live server shares the test's database connection with its threads (the test data
    lives in the test's transaction). Its threaded server lets two requests (a page and its
    chart image) run on that one connection at once, and SQLite calling our Python collation
    ``sv`` from one thread while another waits on the connection can deadlock. Served one at a
    time, with
    ``Connection: close`` after each answer (Django sends it when the server is not threaded),
    the browser gets everything in turn.
    """

    def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
        # LiveServerThread itself puts the shared connections on the thread that serves.
        super().__init__(*args, **kwargs)


LiveServerThread.server_class = OneRequestAtATimeServer


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Debian Chromium for the whole run."""
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browser` (it installs Debian's chromium).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; Django refuses ORM calls
    # from such a thread unless told that it is safe, which it is here (no real async code runs).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def demo(transactional_db: None) -> None:
    """The five seed systems, loaded by ``radhus load_demo`` into the test database."""
    call_command("load_demo", verbosity=0)


@pytest.fixture
def page(browser: Any, live_server: Any, transactional_db: None) -> Iterator[Any]:
    """A fresh browser tab on the live server, in Swedish, with relative URLs allowed."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="sv-SE",
        timezone_id="Europe/Stockholm",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def format_violations(url: str, violations: list[dict[str, Any]]) -> str:
    """axe-core's violations as a list a person can act on."""
    lines = [f"{len(violations)} accessibility violation(s) (WCAG 2.1 AA) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} [{violation.get('impact') or 'unknown'}]: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}")
            if node.get("failureSummary"):
                summary = " ".join(node["failureSummary"].split())
                lines.append(f"       {summary}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    … and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


@pytest.fixture
def axe() -> Axe:
    """``axe(page)`` runs axe-core on the page as it is and fails on any WCAG 2.1 A/AA violation."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `npm ci` (or `make browser`).")

    def check(page: Any) -> None:
        page.wait_for_load_state("load")
        if not page.evaluate("() => typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol, not as a <script> tag: the pages'
            # Content-Security-Policy forbids inline scripts, and rightly so.
            page.evaluate(AXE_SCRIPT.read_text())
        result = page.evaluate(
            """tags => window.axe.run(document, {
                runOnly: {type: "tag", values: tags},
                resultTypes: ["violations"],
            })""",
            AXE_TAGS,
        )
        violations = result["violations"]
        if violations:
            raise AssertionError(format_violations(page.url, violations))

    return check
