"""The Content-Security-Policy (issue 6, item 7) in a real Chromium: a public page with a
notice and a chart, the login and a staff page with its htmx search, and the API docs (Swagger
UI) all work under it, and the browser reports no violation of it."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from radhus.core.models import SiteNotice

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo")]

# Chromium reports a blocked script, style, image or connection on the console and as a
# securitypolicyviolation event; both are collected.
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", e => {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@pytest.fixture
def watched(page: Page) -> Iterator[tuple[Page, list[str]]]:
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text) if message.type == "error" else None)
    page.add_init_script(WATCH_VIOLATIONS)
    yield page, console


def assert_no_violation(page: Page, console: list[str]) -> None:
    response_policy = page.evaluate("() => window.__cspViolations")
    assert response_policy == [], f"{page.url}: {response_policy}"
    assert not [m for m in console if "Content Security Policy" in m], console


def goto(page: Page, url: str) -> Any:
    response = page.goto(url)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    return response


def test_a_public_page_with_a_notice_and_a_chart_works_under_the_policy(watched):
    page, console = watched
    SiteNotice.objects.create(text="Kommunhuset har stängt i dag.")

    goto(page, "/hassleholm/enhet/kommunstyrelsen/?datum=2009-01-01")
    notice = page.locator(".notice").filter(has_text="Kommunhuset har stängt")
    notice.get_by_role("button", name="Stäng").click()  # the handler lives in radhus.js now
    expect(notice).to_be_hidden()
    picture = page.get_by_role("img", name=re.compile("Organisationsschema för Kommunstyrelsen"))
    picture.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 300", arg=picture.element_handle())
    assert_no_violation(page, console)

    goto(page, "/hassleholm/enhet/kommunstyrelsen/schema/?datum=2009-01-01")
    expect(page.locator(".chart-scroll svg")).to_be_visible()
    assert_no_violation(page, console)


def test_the_login_and_a_staff_page_with_its_htmx_search_work_under_the_policy(watched, axe):
    page, console = watched
    goto(page, "/konto/logga-in/?next=/ornskoldsvik/redigera/")
    page.get_by_label("Användarnamn").fill("demo")
    page.get_by_label("Lösenord").fill("demo-radhus")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(re.compile(r"/ornskoldsvik/redigera/$"))
    assert_no_violation(page, console)

    # Typing in the search asks htmx for the list, without pressing Enter.
    with page.expect_request(lambda request: request.headers.get("hx-request") == "true"):
        page.locator("#id_q").press_sequentially("Nylén")
    expect(page.locator("#people-list")).to_contain_text("Nylén")
    expect(page).to_have_url(re.compile(r"/ornskoldsvik/redigera/$"))
    assert_no_violation(page, console)

    page.get_by_role("link", name="Mitt konto").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mitt konto")
    axe(page)
    page.get_by_role("link", name="Ändra lösenord").click()
    page.wait_for_load_state("load")
    page.get_by_role("button", name="Ändra lösenord").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("alert")).to_contain_text("Lösenordet ändrades inte")
    axe(page)
    assert_no_violation(page, console)


def test_the_api_docs_work_under_the_policy(watched):
    page, console = watched
    goto(page, "/api/docs/")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Rådhus API")
    expect(page.locator(".opblock").first).to_be_visible()
    assert_no_violation(page, console)
