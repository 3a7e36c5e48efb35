"""A unit's history and the site's header at the widths people use, in Debian's Chromium on the
demo data: on a 390 px phone each change of the history is a block (its date, then what
changed) with nothing cut at the screen's edge, for the public and for staff (who also see when
and by whom); on a 1280 px screen it stays a table; the header of a logged-in editor is one row
at 1280 px and three compact rows on a phone (WCAG 2.1, 1.4.10 Reflow).
"""

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo")]

PHONE = {"width": 390, "height": 844}
HISTORIES = [
    "/ornskoldsvik/enhet/kommunledningsforvaltningen/historik/",
    "/hassleholm/enhet/kommunledningskontoret/historik/",  # a merger: the longest texts
]

# Every cell of the history that reaches past the screen's edge or is wider than its content
# box shows (cut), and whether the table's box scrolls sideways.
CUT_CELLS = """table => {
  const edge = document.documentElement.clientWidth;
  const cut = [...table.querySelectorAll("tbody td")]
    .filter(td => {
      const r = td.getBoundingClientRect();
      return r.left < 0 || r.right > edge + 0.5 || td.scrollWidth > td.clientWidth + 1;
    })
    .map(td => `${td.textContent.trim().slice(0, 40)}: ${Math.round(td.getBoundingClientRect().right)} px`);
  const box = table.closest(".table-scroll");
  if (box.scrollWidth > box.clientWidth) cut.push(`the box scrolls: ${box.scrollWidth} > ${box.clientWidth} px`);
  return cut;
}"""


@pytest.fixture
def phone(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, locale="sv-SE", viewport=PHONE)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def log_in(page: Page, next_path: str) -> None:
    page.goto(f"/konto/logga-in/?next={next_path}")
    page.get_by_label("Användarnamn").fill("demo")
    page.get_by_label("Lösenord").fill("demo-radhus")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state("load")


def check_history_on_a_phone(phone: Page, address: str, columns: int) -> None:
    phone.goto(address)
    table = phone.locator("table.history")
    assert table.evaluate(CUT_CELLS) == [], address
    first = table.locator("tbody tr").first.locator("td")
    expect(first).to_have_count(columns)
    date, change = first.nth(0).bounding_box(), first.nth(1).bounding_box()
    assert change["y"] >= date["y"] + date["height"] - 1, "the change is not under its date"
    assert abs(change["x"] - date["x"]) < 1, "the change does not start where its date does"
    expect(first.nth(0)).to_have_attribute("data-label", "Gäller från")


def test_the_history_is_one_block_per_change_on_a_phone(phone: Page, page: Page, axe):
    for address in HISTORIES:
        check_history_on_a_phone(phone, address, columns=2)
        axe(phone)

    log_in(phone, HISTORIES[0])  # staff also see when and by whom: four cells a change
    for address in HISTORIES:
        check_history_on_a_phone(phone, address, columns=4)

    page.goto(HISTORIES[1])  # a wide screen keeps the table: a change beside its date
    first = page.locator("table.history tbody tr").first.locator("td")
    assert first.nth(0).bounding_box()["y"] == first.nth(1).bounding_box()["y"]
    expect(page.get_by_role("columnheader", name="Gäller från")).to_be_visible()


def test_a_logged_in_header_is_one_row_wide_and_compact_on_a_phone(phone: Page, page: Page, axe):
    log_in(page, "/ornskoldsvik/")
    expect(page.get_by_role("button", name="Logga ut", exact=True)).to_be_visible()
    header = page.locator(".site-header .header-row")
    parts = [".brand", ".site-header nav", ".language", ".search"]
    middles = [page.locator(p).bounding_box() for p in parts]
    middles = [box["y"] + box["height"] / 2 for box in middles]
    assert max(middles) - min(middles) < 4, f"the header's parts are not on one row: {middles}"
    assert header.bounding_box()["height"] < 70
    hint_fits = "el => { el.value = el.placeholder; return el.scrollWidth <= el.clientWidth; }"
    assert page.locator("#site-search").evaluate(hint_fits), "the search hint is cut off"
    axe(page)

    log_in(phone, "/ornskoldsvik/")
    expect(phone.get_by_role("button", name="Logga ut", exact=True)).to_be_visible()
    assert (
        phone.locator(".site-header").bounding_box()["height"] < 160
    )  # the name, two short rows of links, the search
    edge = phone.evaluate("() => document.documentElement.clientWidth")
    for part in parts + [".site-header nav li", "#site-search"]:
        for box in (element.bounding_box() for element in phone.locator(part).all()):
            assert 0 <= box["x"] and box["x"] + box["width"] <= edge + 0.5, (part, box)
    assert phone.evaluate(
        "() => document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth"
    )
    axe(phone)
