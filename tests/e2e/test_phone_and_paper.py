"""The public pages as a citizen meets them on a phone and on paper (issue 8, item 5), in Debian's
Chromium on the demo data: no page kind scrolls sideways at 390 px (WCAG 2.1, 1.4.10 Reflow),
the contacts come first on a phone, the site notice closes and stays closed, and a unit page
prints without the site's navigation but with its contacts and its folded documents. axe-core
checks every page for WCAG 2.1 A and AA on the way.
"""

import io
import re

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo")]

PHONE = {"width": 390, "height": 844}
UNIT = "/ornskoldsvik/enhet/kommunledningsforvaltningen/"

# Every kind of public page, with the address a visitor would reach it by.
PAGE_KINDS = {
    "home": "/",
    "organisation": "/ornskoldsvik/",
    "unit": UNIT,
    "unit with a reorganisation": "/hassleholm/enhet/kommunledningskontoret/",
    "history": UNIT + "historik/",
    "history of a merger": "/hassleholm/enhet/kommunledningskontoret/historik/",
    "chart page": UNIT + "schema/",
    "person": "/ornskoldsvik/person/magnus-haglund/",
    "search": "/ornskoldsvik/sok/?q=avdelning",
    "accessibility statement": "/tillganglighet/",
    "API docs": "/api/docs/",
    "login": "/konto/logga-in/?next=/ornskoldsvik/",
    "not found": "/ornskoldsvik/finns-inte/",
}


@pytest.fixture
def phone(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, locale="sv-SE", viewport=PHONE)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def overflow(page: Page) -> tuple[int, int]:
    return page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )


WIDEST = """() => {
  const edge = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter(el => el.getBoundingClientRect().right > edge + 1)
    .slice(-3)
    .map(el => `${el.tagName.toLowerCase()}.${el.getAttribute("class") || ""}: ${Math.round(el.getBoundingClientRect().right)} px`);
}"""


def test_no_public_page_scrolls_sideways_on_a_phone(phone: Page, axe):
    too_wide = {}
    for kind, address in PAGE_KINDS.items():
        phone.goto(address)
        phone.wait_for_load_state("load")
        if kind == "API docs":
            phone.wait_for_selector(".opblock")  # Swagger UI draws the page after loading
            phone.locator(".opblock-summary").first.click()  # an operation open, with its tables
            phone.wait_for_selector(".opblock-body")
        axe(phone)
        width, viewport = overflow(phone)
        if width > viewport:
            too_wide[kind] = (address, width, phone.evaluate(WIDEST))
    assert not too_wide, f"wider than the {PHONE['width']} px screen: {too_wide}"


HINT_FITS = "el => { el.value = el.placeholder; return el.scrollWidth <= el.clientWidth; }"


def test_the_header_is_compact_and_the_search_hint_fits(phone: Page, page: Page):
    phone.goto("/ornskoldsvik/")
    header = phone.locator(".site-header").bounding_box()
    assert header["height"] < 150, header  # three short rows at most, not four tall ones
    assert phone.locator("#site-search").evaluate(HINT_FITS), "the search hint is cut off on a phone"

    page.goto("/ornskoldsvik/")  # a wide screen: one row, the whole hint
    assert page.locator(".site-header").bounding_box()["height"] < 70
    assert page.locator("#site-search").evaluate(HINT_FITS), "the search hint is cut off"


def test_contacts_come_before_the_text_on_a_phone(phone: Page, axe):
    phone.goto(UNIT)
    contacts = phone.get_by_role("heading", name="Kontakta oss", exact=True)
    purpose = phone.get_by_text("I kommunledningsförvaltningen finns fem avdelningar")
    expect(contacts).to_be_in_viewport()  # on the first screen (the notice closed or not)
    assert contacts.bounding_box()["y"] < purpose.bounding_box()["y"]

    # A department with no contacts of its own gives the nearest way to reach someone.
    phone.goto("/ornskoldsvik/enhet/ekonomiavdelningen/")
    panel = phone.locator("section.panel").filter(has=phone.get_by_role("heading", name="Kontakta oss"))
    expect(panel).to_contain_text("Ekonomiavdelningen har inga egna kontaktuppgifter.")
    expect(panel).to_contain_text("Närmaste kontaktväg: Kommunledningsförvaltningen")
    expect(panel).to_contain_text(re.compile(r"Växel:?\s*0660-880 00"))
    axe(phone)

    # In English the interface is English and the Swedish names are marked as Swedish.
    phone.get_by_role("button", name="In English").click()
    phone.wait_for_load_state("load")
    expect(phone.get_by_role("heading", level=1)).to_have_attribute("lang", "sv")
    expect(phone.get_by_role("heading", name="Contact us")).to_be_visible()
    expect(phone.locator("html")).to_have_attribute("lang", "en")
    axe(phone)


def test_the_site_notice_closes_and_stays_closed(page: Page, axe):
    page.goto(UNIT)
    notice = page.locator(".notice").first
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("covid-19")

    notice.get_by_role("button", name="Stäng").click()

    expect(notice).to_be_hidden()
    expect(page.get_by_role("region", name="Meddelanden")).to_be_hidden()
    expect(page.locator(".brand")).to_be_focused()  # the keyboard keeps a place on the page
    axe(page)
    page.get_by_role("link", name="Magnus Haglund", exact=True).first.click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text("Magnus Haglund")
    expect(page.locator(".notice").first).to_be_hidden()


def pdf_text(page: Page) -> str:
    page.emulate_media(media="print")
    return " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages
    )


def test_a_unit_page_prints_without_the_site_around_it(page: Page):
    page.goto(UNIT)
    text = pdf_text(page)

    # What the page is about: the organisation, the unit, its contacts and its documents.
    for expected in [
        "Örnsköldsviks kommun",
        "Kommunledningsförvaltningen",
        "Kontakta oss",
        "Magnus Haglund",
        "0660-883 00",
        "magnus.haglund@ornskoldsvik.example",  # the address behind "Skicka e-post"
        "Järnvägsgatan 6",
        "Instruktion för kommundirektören",
        "Mall: instruktionen nedan",  # a folded document prints whole
        "Utskrivet från",
    ]:
        assert expected in text, expected
    # What is for using the site: the notice, navigation, search, the date form, buttons.
    for absent in [
        "Till innehållet",
        "covid-19",
        "Stäng",
        "Alla organisationer",
        "Logga in",
        "In English",
        "Enhet, befattning eller person",
        "Visa sidan per datum",
        "Läs hela dokumentet",
        "Kontaktlista för enheten",
        "Tillgänglighetsredogörelse",
    ]:
        assert absent not in text, absent
