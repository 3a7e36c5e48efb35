"""The public pages finished (issue 8, item 5), on the demo data as a visitor reads them: the
nearest contact route for a unit with no contacts (on the page and in the CSV), the history by
the day a change took effect, Swedish content marked ``lang="sv"`` on English pages (WCAG 2.1,
3.1.2), one breadcrumb trail, the organisation kept on the not-found and log-in pages, and a
favicon."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from radhus.core.models import Role
from radhus.organisation import services
from radhus.organisation.models import Unit
from tests.factories import TenantRoleFactory

pytestmark = pytest.mark.django_db

UNIT = "/ornskoldsvik/enhet/kommunledningsforvaltningen/"
DEPARTMENT = "/ornskoldsvik/enhet/ekonomiavdelningen/"


def _body(response) -> str:
    """A download's text, streamed (the CSV, issue 7) or not."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


@pytest.fixture
def demo(db) -> None:
    call_command("load_demo", verbosity=0)


@pytest.fixture
def swedish() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="sv")


@pytest.fixture
def english() -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    return client


def text(html: str) -> str:
    """The page's text, tags removed and white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def crumbs(html: str) -> list[str]:
    trail = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S)
    assert trail, "no breadcrumb trail"
    return [text(item) for item in re.findall(r"<li>(.*?)</li>", trail.group(0), re.S)]


# A unit no one can be reached at -----------------------------------------------------------


def test_a_unit_without_contacts_gives_the_nearest_route(demo, swedish):
    html = swedish.get(DEPARTMENT).content.decode()
    contact = text(html.split('id="contact-us">', 1)[1].split("</section>", 1)[0])

    assert "Ekonomiavdelningen har inga egna kontaktuppgifter." in contact
    assert "Närmaste kontaktväg: Kommunledningsförvaltningen" in contact
    assert "Växel: 0660-880 00" in contact
    assert "Skicka e-post till Kommunledningsförvaltningen" in contact
    assert 'href="/ornskoldsvik/enhet/kommunledningsforvaltningen/"' in html


@pytest.fixture
def unreachable(demo) -> Unit:
    """A new committee at the top of Örnsköldsvik's tree, with no contact and none above it."""
    tenant = Unit.objects.get(tenant__slug="ornskoldsvik", slug="kommunfullmaktige").tenant
    return services.unit_create(tenant=tenant, actor=None, kind="committee", name="Valnämnden")


def test_a_unit_with_no_route_above_it_gives_the_organisations_switchboard(unreachable, swedish):
    html = swedish.get(f"/ornskoldsvik/enhet/{unreachable.slug}/").content.decode()
    contact = text(html.split('id="contact-us">', 1)[1].split("</section>", 1)[0])

    assert contact == (
        "Kontakta oss Valnämnden har inga egna kontaktuppgifter. Närmaste kontaktväg: växeln i "
        "Örnsköldsviks kommun ( Kommunledningsförvaltningen ) Växel: 0660-880 00"
    )

    content = _body(swedish.get(f"/ornskoldsvik/enhet/{unreachable.slug}/kontakter.csv"))
    assert content.splitlines()[1:] == [
        "Valnämnden;Närmaste kontaktväg (växeln i Örnsköldsviks kommun);;0660-880 00;;"
    ]


def test_an_organisation_without_a_switchboard_says_no_contact_is_registered(unreachable, swedish):
    from radhus.organisation.models import ContactPoint

    ContactPoint.objects.filter(unit__tenant=unreachable.tenant, kind="switchboard").update(is_public=False)
    html = swedish.get(f"/ornskoldsvik/enhet/{unreachable.slug}/").content.decode()

    assert "Inga kontaktuppgifter är registrerade för enheten." in html
    assert "Närmaste kontaktväg" not in html
    assert "0660-880 00" not in html


def test_a_unit_with_contacts_of_its_own_gives_no_other_route(demo, swedish):
    html = swedish.get(UNIT).content.decode()

    assert "Kontakta oss" in html
    assert "Närmaste kontaktväg" not in html
    assert "inga egna kontaktuppgifter" not in html


def test_the_csv_of_a_unit_without_contacts_names_the_nearest_route(demo, swedish):
    response = swedish.get(DEPARTMENT + "kontakter.csv")
    rows = list(csv.reader(io.StringIO(_body(response)), delimiter=";"))

    assert rows[0] == ["Enhet", "Befattning", "Namn", "Telefon", "Mobil", "E-post"]
    assert rows[1:] == [
        [
            "Ekonomiavdelningen",
            "Närmaste kontaktväg (Kommunledningsförvaltningen)",
            "",
            "0660-880 00",
            "",
            "kommunledningsforvaltningen@ornskoldsvik.example",
        ]
    ]


def test_the_csv_of_a_unit_with_contacts_adds_no_other_route(demo, swedish):
    content = _body(swedish.get(UNIT + "kontakter.csv"))

    assert "Magnus Haglund" in content
    assert "Närmaste kontaktväg" not in content


# The history: when a change took effect ----------------------------------------------------


@pytest.fixture
def appointed(demo) -> Unit:
    """A new holder of the head of finance's post from 2020-03-01, recorded today."""
    unit = Unit.objects.get(tenant__slug="ornskoldsvik", slug="ekonomiavdelningen")
    post = services.post_create(unit=unit, actor=None, title="Ekonomichef", valid_from=dt.date(2020, 1, 1))
    person = services.person_create(tenant=unit.tenant, actor=None, first_name="Ada", last_name="Ekonom")
    services.appointment_create(post=post, person=person, actor=None, valid_from=dt.date(2020, 3, 1))
    return unit


def test_the_history_shows_the_day_a_change_took_effect(appointed, swedish):
    html = swedish.get(reverse("unit_history", args=["ornskoldsvik", appointed.slug])).content.decode()
    rows = [text(row) for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)]

    assert rows[0] == "Gäller från Ändring"  # no "recorded" or "by" for the public
    appointment = next(r for r in rows if "Ada Ekonom" in r)
    assert appointment.startswith("2020-03-01 ")
    post = next(r for r in rows if "Ekonomichef" in r and "Ada" not in r)
    assert post.startswith("2020-01-01 ")
    # Newest first by the day the change took effect, not by when it was recorded.
    assert rows.index(appointment) < rows.index(post)


def test_staff_see_when_a_change_was_recorded_after_the_day_it_took_effect(appointed):
    reader = TenantRoleFactory(tenant=appointed.tenant, role=Role.READER, user__password=None).user
    staff = Client(HTTP_ACCEPT_LANGUAGE="sv")
    staff.force_login(reader)

    html = staff.get(reverse("unit_history", args=["ornskoldsvik", appointed.slug])).content.decode()
    rows = [text(row) for row in re.findall(r"<tr>(.*?)</tr>", html, re.S)]

    assert rows[0] == "Gäller från Ändring Registrerad Ändrad av"
    appointment = next(r for r in rows if "Ada Ekonom" in r)
    today = dt.date.today().isoformat()
    assert re.fullmatch(rf"2020-03-01 .*Ada Ekonom.* {today} \d\d:\d\d system", appointment), appointment


# English pages mark the Swedish content ----------------------------------------------------


def test_english_pages_mark_swedish_content_as_swedish(demo, english):
    html = english.get(UNIT).content.decode()

    assert '<html lang="en">' in html
    assert "Contact us" in html  # the interface is English …
    assert '<h1 lang="sv">Kommunledningsförvaltningen</h1>' in html  # … the content Swedish
    assert re.search(r'<div class="purpose" lang="sv"><p>I kommunledningsförvaltningen', html)
    assert re.search(r'<h3 lang="sv">Instruktion för kommundirektören', html)
    assert re.search(r'<div class="document-body" lang="sv">', html)
    assert re.search(
        r'<a href="/ornskoldsvik/enhet/ekonomiavdelningen/" lang="sv">Ekonomiavdelningen</a>', html
    )
    assert re.search(r'<address lang="sv">Järnvägsgatan 6', html)
    assert re.search(r'<a href="/ornskoldsvik/"[^>]*lang="sv">Örnsköldsviks kommun</a>', html)  # breadcrumbs

    start = english.get("/ornskoldsvik/").content.decode()
    assert '<h1 lang="sv">Örnsköldsviks kommun</h1>' in start
    assert re.search(r'<a href="/ornskoldsvik/enhet/kommunledningsforvaltningen/" lang="sv">', start)

    history = english.get(UNIT + "historik/").content.decode()
    # The Swedish text only: the label a phone shows before it (data-label) is English.
    assert re.search(r'<td data-label="Change"><span lang="sv">Tillsatte Magnus Haglund', history)

    chart = english.get(UNIT + "schema/").content.decode()
    assert '<li><a href="/ornskoldsvik/enhet/ekonomiavdelningen/" lang="sv">Ekonomiavdelningen</a>' in chart

    home = english.get("/").content.decode()
    assert '<a href="/ornskoldsvik/" lang="sv">Örnsköldsviks kommun</a>' in home


def test_swedish_pages_need_no_marks(demo, swedish):
    html = swedish.get(UNIT).content.decode()
    main = html.split('<main id="main"', 1)[1]

    assert '<html lang="sv">' in html
    assert 'lang="sv"' not in main


# One breadcrumb trail ----------------------------------------------------------------------


def test_unit_history_and_chart_pages_share_one_breadcrumb_trail(demo, swedish):
    trail = ["Örnsköldsviks kommun", "Kommunfullmäktige", "Kommunstyrelsen", "Kommunledningsförvaltningen"]

    assert crumbs(swedish.get(UNIT).content.decode()) == trail
    assert crumbs(swedish.get(UNIT + "historik/").content.decode()) == [*trail, "Historik"]
    assert crumbs(swedish.get(UNIT + "schema/").content.decode()) == [*trail, "Organisationsschema"]
    assert crumbs(swedish.get("/ornskoldsvik/person/magnus-haglund/").content.decode()) == [
        "Örnsköldsviks kommun",
        "Magnus Haglund",
    ]
    chart = swedish.get(UNIT + "schema/?datum=2020-01-01").content.decode()
    assert 'href="/ornskoldsvik/enhet/kommunstyrelsen/?datum=2020-01-01"' in chart


def test_the_current_page_is_marked_once(demo, swedish):
    for address in (UNIT, UNIT + "historik/", UNIT + "schema/"):
        trail = re.search(r'<nav class="breadcrumbs".*?</nav>', swedish.get(address).content.decode(), re.S)
        assert trail.group(0).count('aria-current="page"') == 1, address


# The organisation kept where the address has it --------------------------------------------


def brand(html: str) -> str:
    return text(re.search(r'<a class="brand"[^>]*>(.*?)</a>', html, re.S).group(1))


def test_a_page_not_found_in_an_organisation_keeps_the_organisation(demo, swedish):
    response = swedish.get("/ornskoldsvik/finns-inte/")
    html = response.content.decode()

    assert response.status_code == 404
    assert brand(html) == "Örnsköldsviks kommun"
    assert 'action="/ornskoldsvik/sok/"' in html  # its search
    assert "Startsidan för Örnsköldsviks kommun" in html
    assert swedish.get("/ornskoldsvik/enhet/finns-inte/").status_code == 404
    assert brand(swedish.get("/ornskoldsvik/enhet/finns-inte/").content.decode()) == "Örnsköldsviks kommun"


def test_a_page_not_found_elsewhere_is_the_sites(demo, swedish):
    for address in ("/finns-inte/", "/ingen-sadan-kommun/enhet/x/"):
        html = swedish.get(address).content.decode()
        assert brand(html) == "Rådhus", address
        assert "Startsidan för" not in html


def test_logging_in_from_an_organisations_page_keeps_the_organisation(demo, swedish):
    html = swedish.get(
        "/konto/logga-in/?next=/ornskoldsvik/enhet/kommunledningsforvaltningen/"
    ).content.decode()

    assert brand(html) == "Örnsköldsviks kommun"
    assert brand(swedish.get("/konto/logga-in/").content.decode()) == "Rådhus"
    assert (
        brand(swedish.get("/konto/logga-in/?next=//example.org/ornskoldsvik/").content.decode()) == "Rådhus"
    )


# A favicon ---------------------------------------------------------------------------------


def test_the_site_has_a_favicon(demo, swedish):
    html = swedish.get("/").content.decode()
    assert re.search(r'<link rel="icon" href="/static/radhus/favicon.svg" type="image/svg\+xml">', html)

    response = swedish.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file's signature


def test_the_api_docs_are_drawn_for_a_phone(db, swedish):
    """Without a viewport a phone draws the page 980 px wide and it scrolls sideways."""
    html = swedish.get("/api/docs/").content.decode()

    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<html lang="en">' in html  # Swagger UI's own texts are English
    assert "/static/radhus/api-docs.css" in html
    assert "/static/radhus/favicon.svg" in html
