"""What a member of the public sees, in a real Chromium, on the demo data (issue 2, acceptance):
Örnsköldsvik's executive administration and its history (S0.1, S0.2, S0.5), the director's
posts across organisations (S3.3), search, the accessibility statement, and Hässleholm's new
executive office on the day before and the day of the merger (S1.1–S1.3).

Every public page visited is checked with axe-core for WCAG 2.1 A and AA: the Web Accessibility
Directive as the Swedish law on accessibility to digital public services (2018:1937) applies it.
"""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo")]

DEPARTMENTS = [
    "Ekonomiavdelningen",
    "Personalavdelningen",
    "Kommunikationsavdelningen",
    "Tillväxtavdelningen",
    "Utvecklingsavdelningen",
]


def follow(page: Page, name: str) -> None:
    """Click the link a visitor would click: the first one named exactly ``name``."""
    page.get_by_role("link", name=name, exact=True).first.click()
    page.wait_for_load_state("load")


def show_as_of(page: Page, day: str) -> None:
    """Choose a date in the page's own "as of" form and submit it."""
    form = page.locator("form.as-of")
    form.locator("input[name=datum]").fill(day)
    form.get_by_role("button").first.click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(re.compile(rf"[?&]datum={day}"))


def card(page: Page, name: str):
    """The contact card that starts with the person's name."""
    return page.locator(".card").filter(has=page.get_by_role("link", name=name, exact=True))


def test_a_visitor_finds_the_executive_administration_of_ornskoldsvik(page: Page, axe):
    page.goto("/")
    expect(page).to_have_title(re.compile("Rådhus"))
    axe(page)

    follow(page, "Örnsköldsviks kommun")
    expect(page.get_by_role("heading", level=1)).to_have_text("Örnsköldsviks kommun")
    axe(page)

    follow(page, "Kommunledningsförvaltningen")
    expect(page).to_have_url(re.compile(r"/ornskoldsvik/enhet/kommunledningsforvaltningen/$"))
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Kommunledningsförvaltningen")
    # S0.1: five departments and a staff unit, each a link to its own page.
    for name in [*DEPARTMENTS, "Staben"]:
        expect(main.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(main).to_contain_text("I kommunledningsförvaltningen finns fem avdelningar")
    # S0.5: the contact card of the director, the switchboard, the political committee.
    director = card(page, "Magnus Haglund")
    expect(director).to_contain_text("Kommundirektör")
    expect(director).to_contain_text("0660-883 00")
    expect(director.get_by_role("link", name=re.compile("e-post", re.IGNORECASE))).to_have_attribute(
        "href", re.compile(r"^mailto:")
    )
    expect(main).to_contain_text(re.compile(r"Växel:?\s*0660-880 00"))
    chair = card(page, "Per Nylén (S)")
    expect(chair).to_contain_text("Ordförande")
    expect(main.get_by_role("link", name="Kommunstyrelsen", exact=True).first).to_be_visible()
    expect(main).to_contain_text("Järnvägsgatan 6")
    expect(main).to_contain_text(re.compile(r"Sidan uppdaterades\s*2019-05-13"))
    axe(page)

    # The history: every change the registry made to the unit, newest first.
    main.locator("a[href$='/historik/']").first.click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(re.compile(r"/kommunledningsforvaltningen/historik/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kommunledningsförvaltningen")
    history = page.get_by_role("table")
    expect(history).to_contain_text("Tillsatte Magnus Haglund som ”Kommundirektör”")
    expect(history).to_contain_text("Lade till växel 0660-880 00")
    axe(page)

    # Back on the unit page, the director's name leads to every post he holds (S3.3).
    page.go_back()
    follow(page, "Magnus Haglund")
    expect(page.get_by_role("heading", level=1)).to_have_text("Magnus Haglund")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Kommundirektör")
    expect(main.get_by_role("link", name="Kommunledningsförvaltningen")).to_be_visible()
    expect(main.get_by_role("heading", name="Umeåregionen")).to_be_visible()
    expect(main.get_by_role("link", name="Kommunchefsgruppen")).to_be_visible()
    axe(page)

    # Search from the header, by surname.
    search = page.get_by_role("search")
    search.get_by_role("searchbox").fill("Haglund")
    search.get_by_role("button").click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(re.compile(r"/ornskoldsvik/sok/\?q=Haglund"))
    expect(page.get_by_role("main").get_by_role("link", name="Magnus Haglund")).to_be_visible()
    axe(page)

    # The accessibility statement, linked from every page, says how to report a problem.
    page.get_by_role("contentinfo").get_by_role("link").first.click()
    page.wait_for_load_state("load")
    expect(page).to_have_url(re.compile(r"/tillganglighet/(\?|$)"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tillgänglighet")
    statement = page.get_by_role("main")
    expect(statement).to_contain_text("2018:1937")
    expect(statement).to_contain_text("Myndigheten för digital förvaltning")
    expect(statement.locator("form textarea")).to_be_visible()
    axe(page)


def test_hassleholm_executive_office_before_and_after_the_merger(page: Page, axe):
    page.goto("/")
    follow(page, "Hässleholms kommun")

    # The day before: three offices, and no new one yet (S1.2).
    show_as_of(page, "2008-12-31")
    tree = page.get_by_role("main")
    for office in ["Kommunledningskontoret", "Ekonomikontoret", "Personalkontoret"]:
        expect(tree.get_by_role("link", name=office, exact=True)).to_be_visible()
    axe(page)

    # The first day: one office with its staff; the finance and HR offices are gone.
    show_as_of(page, "2009-01-01")
    tree = page.get_by_role("main")
    expect(tree.get_by_role("link", name="Kommunledningskontoret", exact=True)).to_have_count(1)
    staff = tree.get_by_role("link", name="Staben", exact=True, include_hidden=True)  # in a folded branch
    expect(staff).to_have_count(1)
    for office in ["Ekonomikontoret", "Personalkontoret"]:
        expect(tree.get_by_role("link", name=office, exact=True, include_hidden=True)).to_have_count(0)

    page.goto("/hassleholm/")
    follow(page, "Kommunledningskontoret")
    new_office_url = page.url.split("?")[0]

    page.goto(f"{new_office_url}?datum=2008-12-31")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Kommunledningskontoret")
    expect(main).to_contain_text("2009-01-01")
    # It did not exist yet: no staff, no departments, no contacts; the merger is announced.
    expect(main.get_by_role("link", name="Staben", exact=True, include_hidden=True)).to_have_count(0)
    expect(card(page, "Bengt-Arne Persson")).to_have_count(0)
    for office in ["Ekonomikontoret", "Personalkontoret"]:
        expect(main).to_contain_text(office)
    axe(page)

    page.goto(f"{new_office_url}?datum=2009-01-01")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("Kommunledningskontoret")
    # From the first day: the staff led by the chief, the citizen-service department, the new
    # deputy chief post held by the former head of finance (S1.3), public health (S1.4).
    expect(main.get_by_role("link", name="Staben", exact=True)).to_be_visible()
    expect(main.get_by_role("link", name="Avdelningen för medborgarservice", exact=True)).to_be_visible()
    expect(card(page, "Johan Eriksson")).to_contain_text("Kommunchef")
    expect(card(page, "Johan Eriksson")).to_contain_text("0451-26 83 42")
    expect(card(page, "Bengt-Arne Persson")).to_contain_text("Biträdande kommunchef")
    expect(main).to_contain_text("Folkhälsofrågor")
    axe(page)
