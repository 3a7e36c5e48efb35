"""The site-wide public pages: the list of organisations and the accessibility statement."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from radhus.core.models import AccessibilityReport, SiteNotice
from tests.factories import TenantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="sv")


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_start_page_lists_municipalities_and_collaborations_by_kind(client):
    TenantFactory(name="Örnsköldsviks kommun", slug="ornskoldsvik")
    TenantFactory(name="Hässleholms kommun", slug="hassleholm")
    TenantFactory(name="Umeåregionen", slug="umearegionen", collaboration=True)

    response = client.get("/")

    text = text_of(response.content.decode())
    assert "Kommuner och samverkansorganisationer" in text
    # Swedish order: Hä… before Ö….
    assert "Kommuner Hässleholms kommun kommun Örnsköldsviks kommun kommun" in text
    assert "Samverkan mellan kommuner Umeåregionen samverkan" in text
    assert 'href="/umearegionen/"' in response.content.decode()


def test_the_start_page_shows_a_notice_for_every_organisation(client):
    SiteNotice.objects.create(text="Planerat underhåll i kväll.")

    assert "Planerat underhåll i kväll." in text_of(client.get("/").content.decode())


def test_the_accessibility_statement_says_what_the_law_asks(client):
    """Lag (2018:1937) om tillgänglighet till digital offentlig service: the statement says how
    far the site complies, what is not accessible, how it was assessed and when, offers a way
    to report problems and tells how to complain to DIGG (paragraphs to check)."""
    html = client.get("/tillganglighet/").content.decode()
    text = text_of(html)

    assert "<h1>Tillgänglighetsredogörelse</h1>" in html
    assert "delvis förenlig med lagen (2018:1937) om tillgänglighet till digital offentlig service" in text
    assert "Innehåll som inte är tillgängligt" in text
    assert "Vi har bedömt webbplatsen själva (självskattning) den 2026-11-23" in text
    assert "Redogörelsen uppdaterades senast den" in text
    assert "Myndigheten för digital förvaltning (DIGG) har ansvaret för tillsynen" in text
    assert '<a href="https://www.digg.se/tdosanmalan">Anmäl bristande tillgänglighet till DIGG</a>' in html
    assert '<label for="id_description">Beskriv problemet</label>' in html


def test_the_footer_links_the_statement_with_the_page_the_visitor_came_from(client):
    TenantFactory(name="Örnsköldsviks kommun", slug="ornskoldsvik")

    html = client.get("/ornskoldsvik/").content.decode()
    assert 'href="/tillganglighet/?sida=/ornskoldsvik/"' in html

    form = client.get("/tillganglighet/", {"sida": "/ornskoldsvik/"}).content.decode()
    assert re.search(r'<input[^>]*name="page_url"[^>]*value="/ornskoldsvik/"', form)


def test_a_report_is_saved_and_thanked_for(client):
    """The function for reporting problems (lag (2018:1937); paragraph to check)."""
    response = client.post(
        "/tillganglighet/",
        {
            "page_url": "/ornskoldsvik/",
            "description": "Knappen Stäng går inte att nå med tangentbordet.",
            "contact": "",
        },
        follow=True,
    )

    report = AccessibilityReport.objects.get()
    assert (report.page_url, report.description) == (
        "/ornskoldsvik/",
        "Knappen Stäng går inte att nå med tangentbordet.",
    )
    assert response.redirect_chain[-1][0] == "/tillganglighet/#main"
    assert "Tack! Vi har tagit emot din rapport och kommer att gå igenom den." in text_of(
        response.content.decode()
    )


def test_a_report_without_a_description_gets_a_clear_swedish_error(client):
    response = client.post("/tillganglighet/", {"page_url": "/", "description": "   ", "contact": ""})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Rapporten kunde inte skickas" in html
    assert '<a href="#id_description">Beskriv problemet, så att vi kan åtgärda det.</a>' in html
    assert re.search(r'<textarea[^>]*aria-invalid="true"', html)
    assert not AccessibilityReport.objects.exists()


def test_a_too_long_report_is_refused_with_its_length(client):
    response = client.post("/tillganglighet/", {"description": "x" * 5001})

    assert "Beskrivningen får vara högst 5 000 tecken lång (den har 5001)." in response.content.decode()
    assert not AccessibilityReport.objects.exists()


def test_a_report_needs_the_csrf_token():
    strict = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="sv")

    response = strict.post("/tillganglighet/", {"description": "Något är fel."})

    assert response.status_code == 403
    assert not AccessibilityReport.objects.exists()
