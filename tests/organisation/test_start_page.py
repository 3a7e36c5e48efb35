"""The start page of an organisation: a big one shows its top levels and opens the rest on
demand (issue 7); the drawn tree is cached until the next change."""

import datetime as dt
import re

import pytest
from django.test import Client

from radhus.demo.synthetic import build_organisation
from radhus.organisation import services, views
from radhus.organisation.models import Unit, UnitKind
from tests.factories import TenantFactory

D = dt.date


def units_listed(html: str) -> list[str]:
    return re.findall(r'<li><a href="[^"]*/enhet/([^/"]+)/', html)


def on_demand_links(html: str) -> list[str]:
    return re.findall(r'hx-get="([^"]+)"', html)


@pytest.fixture
def city():
    tenant = TenantFactory(slug="storstad", name="Storstads kommun")
    root = build_organisation(tenant, 2000)
    return {"tenant": tenant, "root": root}


@pytest.mark.django_db
def test_a_big_municipality_shows_its_top_levels_and_opens_the_rest_on_demand(client, city):
    html = client.get("/storstad/").content.decode()
    shown = units_listed(html)
    assert 10 < len(shown) <= views.TREE_BUDGET
    assert "Förvaltning 1" in html and "Avdelning 1.1" in html
    assert not re.search(r">Enhet \d+<", html), "the units under the departments wait until asked for"

    department = Unit.objects.get(tenant=city["tenant"], name="Avdelning 1.1")
    below = list(Unit.objects.filter(parent=department).values_list("slug", flat=True))
    link = f"/storstad/enhet/{department.slug}/underenheter/"
    assert link in on_demand_links(html)
    assert re.search(r">Visa \d+ enhet(er)? i Avdelning 1\.1</a>", html), "in Swedish, naming the unit"
    # Without JavaScript the folded units are one link away: the department's own page.
    assert f'<div class="tree-children"><a href="/storstad/enhet/{department.slug}/">' in html

    fragment = client.get(link, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert sorted(units_listed(fragment.content.decode())) == sorted(below)


@pytest.mark.django_db
def test_a_small_municipality_still_shows_everything(client):
    tenant = TenantFactory(slug="smastad")
    build_organisation(tenant, 200)
    html = client.get("/smastad/").content.decode()
    assert len(units_listed(html)) == 200
    assert on_demand_links(html) == []


@pytest.fixture
def office():
    """A department renamed from 2020 and a unit under it only from 2022."""
    tenant = TenantFactory(slug="kommunen")
    office = services.unit_create(
        tenant=tenant,
        actor=None,
        kind=UnitKind.ADMINISTRATION,
        name="Förvaltningen",
        valid_from=D(2000, 1, 1),
    )
    department = services.unit_create(
        tenant=tenant, actor=None, kind=UnitKind.DEPARTMENT, name="Gamla avdelningen", parent=office
    )
    services.reorganisation_rename(
        unit=department, actor=None, effective_date=D(2020, 1, 1), name="Nya avdelningen"
    )
    services.unit_create(
        tenant=tenant,
        actor=None,
        kind=UnitKind.UNIT,
        name="Ny enhet",
        parent=office,
        valid_from=D(2022, 1, 1),
    )
    return {"tenant": tenant, "office": office}


@pytest.mark.django_db
def test_the_fragment_shows_the_units_as_of_the_date_in_the_address(client, office):
    url = f"/kommunen/enhet/{office['office'].slug}/underenheter/"
    before = client.get(url, {"datum": "2019-06-01"}, HTTP_HX_REQUEST="true").content.decode()
    after = client.get(url, {"datum": "2023-06-01"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Gamla avdelningen" in before and "Ny enhet" not in before
    assert "Nya avdelningen" in after and "Ny enhet" in after
    assert "?datum=2019-06-01" in before, "links keep the date"
    # A unit that did not exist on the date has no sub-units to show.
    assert client.get(url, {"datum": "1999-01-01"}, HTTP_HX_REQUEST="true").status_code == 404


@pytest.mark.django_db
def test_the_fragment_shows_nothing_of_another_organisation(client, office):
    other = TenantFactory(slug="grannen")
    services.unit_create(tenant=other, actor=None, kind=UnitKind.UNIT, name="Grannens enhet")
    response = client.get(f"/grannen/enhet/{office['office'].slug}/underenheter/", HTTP_HX_REQUEST="true")
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_change_shows_on_the_start_page_at_once(client, office, django_capture_on_commit_callbacks):
    assert "Förvaltningen" in client.get("/kommunen/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.unit_update(unit=office["office"], actor=None, name="Stadsledningsförvaltningen")
    html = client.get("/kommunen/").content.decode()
    assert "Stadsledningsförvaltningen" in html and ">Förvaltningen<" not in html


@pytest.mark.django_db
def test_the_cached_tree_is_kept_apart_per_date_and_language(office):
    swedish, english = Client(), Client()
    english.post("/i18n/setlang/", {"language": "en", "next": "/kommunen/"})
    assert "Gamla avdelningen" in swedish.get("/kommunen/?datum=2019-06-01").content.decode()
    assert "Nya avdelningen" in swedish.get("/kommunen/?datum=2023-06-01").content.decode()
    assert "Gamla avdelningen" in swedish.get("/kommunen/?datum=2019-06-01").content.decode()
    assert ">förvaltning</span>" in swedish.get("/kommunen/").content.decode()
    assert ">administration</span>" in english.get("/kommunen/").content.decode()
    assert ">förvaltning</span>" in swedish.get("/kommunen/").content.decode()
