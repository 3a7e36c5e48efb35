"""A registrar's journey through the case register in a real Chromium, on the demo data
(issue 9, acceptance): register a case from a municipal company, add records with a file, be
refused by the preparation rule (S4.6) with the missing parts named, complete the case and pass,
and find it in the public register with its secret part hidden (OSL 5 kap. 5 §). axe-core checks
the public register for WCAG 2.1 AA."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo")]

MARKER = "AFFARSHEMLIGHET4411"


def submit(page: Page, name: str) -> None:
    page.get_by_role("main").get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state("load")


def add_record(page: Page, *, direction: str, kind: str, title: str, **extra: str) -> None:
    page.get_by_role("link", name="Lägg till en handling").click()
    page.wait_for_load_state("load")
    page.get_by_label("Riktning").select_option(label=direction.lower())
    page.get_by_label(re.compile(r"^Typ")).select_option(label=kind.lower())
    page.get_by_label(re.compile(r"^Rubrik")).fill(title)
    if "sender" in extra:
        page.get_by_label(re.compile(r"^Avsändare:")).fill(extra["sender"])
    if "secrecy" in extra:
        page.get_by_label(re.compile(r"^Sekretess:")).fill(extra["secrecy"])
    if "file" in extra:
        page.get_by_label("Fil").set_input_files(
            {"name": extra["file"], "mimeType": "text/plain", "buffer": b"Bolagets skrivelse."}
        )
    submit(page, "Registrera handlingen")
    expect(page.get_by_role("status")).to_contain_text("Registrerade handlingen")


def step(page: Page, name: str) -> None:
    page.get_by_role("link", name=name).click()
    page.wait_for_load_state("load")
    submit(page, name)


def test_a_registrar_registers_prepares_and_the_public_sees_the_case_without_its_secret(page: Page, axe):
    page.goto("/konto/logga-in/?next=/hassleholm/redigera/diarium/")
    page.get_by_label("Användarnamn").fill("demo")
    page.get_by_label("Lösenord").fill("demo-radhus")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text("Diarium")

    page.get_by_role("main").get_by_role("link", name="Registrera ett ärende").first.click()
    page.wait_for_load_state("load")
    axe(page)
    page.get_by_label("Nummerserie").select_option(label="KS")
    page.get_by_label(re.compile(r"^Rubrik")).fill("Hässleholm Miljö AB: ny biogasanläggning")
    page.get_by_label("Ursprung").select_option(label="ett kommunalt bolag")
    page.get_by_label("Från (nämnd, bolag eller förbund)").select_option(label="Hässleholm Miljö AB")
    submit(page, "Registrera")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(re.compile(r"^KS \d{4}/\d+: Hässleholm Miljö AB: ny biogasanläggning$"))
    number = heading.inner_text().split(":")[0]
    axe(page)

    add_record(
        page,
        direction="Inkommen",
        kind="Ansökan eller begäran",
        title="Bolagets begäran om investering",
        sender="Hässleholm Miljö AB",
        file="begaran.txt",
    )
    expect(page.get_by_role("link", name="begaran.txt")).to_be_visible()
    preparation = page.locator("#preparation").locator("..")
    expect(preparation).to_contain_text("Ett yttrande eller ett beslutsförslag")
    expect(preparation).to_contain_text("Ett underlag om hur det finansieras")

    # Refused: the rule names both missing parts.
    step(page, "Markera klart för beslut")
    main = page.get_by_role("main")
    axe(page)
    expect(main).to_contain_text("kan inte bli klart för beslut i kommunstyrelsen förrän det har")
    expect(main).to_contain_text(
        "ett yttrande eller ett beslutsförslag och ett underlag om hur det finansieras"
    )
    page.get_by_role("link", name="Avbryt").click()
    page.wait_for_load_state("load")

    add_record(page, direction="Upprättad", kind="Yttrande", title="Kommunledningskontorets yttrande")
    add_record(
        page, direction="Upprättad", kind="Finansieringsunderlag", title="Finansiering inom bolagets låneram"
    )
    add_record(
        page,
        direction="Inkommen",
        kind="Brev eller e-post",
        title=f"Bolagets kalkyl {MARKER}",
        sender="Hässleholm Miljö AB",
        secrecy="OSL 31 kap. 16 §",
    )
    expect(page.locator("#preparation").locator("..")).to_contain_text("Komplett")
    step(page, "Markera klart för beslut")
    expect(page.get_by_role("status")).to_contain_text(f"{number} är nu klart för beslut")

    # The public register: the case is there; the secret record shows its paragraph only.
    page.goto("/hassleholm/diarium/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Diarium för Hässleholms kommun")
    axe(page)
    page.get_by_role("link", name=number, exact=True).click()
    page.wait_for_load_state("load")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Kommunledningskontorets yttrande")
    expect(main).to_contain_text("Sekretess enligt OSL 31 kap. 16 §")
    expect(main).not_to_contain_text(MARKER)
    expect(main).to_contain_text("Klart för beslut")
    axe(page)
    page.set_viewport_size({"width": 390, "height": 844})
    axe(page)

    # Anyone may ask for a copy of a public record; the form is accessible too.
    page.get_by_role("link", name=re.compile("^Begär kopia")).first.click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Begär en kopia av")
    axe(page)
    page.goto("/hassleholm/diarium/handlingar/")
    expect(page.get_by_role("main")).not_to_contain_text(MARKER)
    axe(page)
