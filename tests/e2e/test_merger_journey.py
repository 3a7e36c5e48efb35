"""An editor merges Hässleholm's three offices into one (S1.2) in a real Chromium: the posts and
holders the merger affects appear as the units and the date are chosen (htmx), the chief's
post is carried over with its holder, and the other posts end (issue 8, item 6)."""

import datetime as dt
import os
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from radhus.core.models import Role, TenantRole
from radhus.organisation import selectors, services
from radhus.organisation.models import Post, Unit, UnitKind
from tests.factories import PersonFactory, TenantFactory

pytestmark = [pytest.mark.e2e]
D = dt.date


@pytest.fixture
def hassleholm(transactional_db):
    tenant = TenantFactory(name="Hässleholms kommun", slug="hassleholm")
    user = get_user_model().objects.create_user("redaktor", password="rätt-lösenord-1")
    TenantRole.objects.create(tenant=tenant, user=user, role=Role.EDITOR)
    ks = services.unit_create(
        tenant=tenant, actor=None, kind=UnitKind.EXECUTIVE_BOARD, name="Kommunstyrelsen"
    )
    offices = [
        services.unit_create(
            tenant=tenant,
            actor=None,
            kind=UnitKind.ADMINISTRATION,
            name=name,
            parent=ks,
            valid_from=D(2000, 1, 1),
        )
        for name in ("Kommunledningskontoret", "Ekonomikontoret", "Personalkontoret")
    ]
    chief = services.post_create(unit=offices[0], actor=None, title="Kommunchef")
    finance = services.post_create(unit=offices[1], actor=None, title="Ekonomichef")
    for post, (first, last) in [(chief, ("Lars", "Nilsson")), (finance, ("Eva", "Ek"))]:
        person = PersonFactory(tenant=tenant, first_name=first, last_name=last)
        services.appointment_create(post=post, person=person, actor=None, valid_from=D(2005, 1, 1))
    return {"tenant": tenant, "ks": ks, "offices": offices, "chief": chief, "finance": finance}


def test_an_editor_merges_three_offices_and_carries_the_chiefs_post_over(page: Page, axe, hassleholm):
    page.goto("/konto/logga-in/?next=/hassleholm/redigera/omorganisationer/sammanslagning/")
    page.get_by_label("Användarnamn").fill("redaktor")
    page.get_by_label("Lösenord").fill("rätt-lösenord-1")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text("Slå samman enheter")

    affected = page.locator("#merger-affected")
    expect(affected).to_contain_text("Välj enheterna som slås samman")
    for name in ("Kommunledningskontoret", "Ekonomikontoret", "Personalkontoret"):
        page.get_by_role("checkbox", name=name, exact=True).check()
    with page.expect_request(lambda request: request.headers.get("hx-request") == "true"):
        page.locator("#id_effective_date").fill("2009-01-01")
    expect(affected.get_by_role("table")).to_contain_text("Lars Nilsson")
    expect(affected.get_by_role("caption")).to_have_text("Befattningar och innehavare 2008-12-31")
    affected.get_by_role("checkbox", name="Kommunchef").check()

    page.locator("#id_title").fill("Nytt kommunledningskontor")
    page.locator("#id_name").fill("Kommunledningskontoret")
    page.locator("#id_kind").select_option(UnitKind.EXECUTIVE_OFFICE.value)
    page.locator("#id_parent").select_option(str(hassleholm["ks"].pk))
    axe(page)
    if os.environ.get("RADHUS_SCREENSHOTS"):
        page.screenshot(path=os.environ["RADHUS_SCREENSHOTS"], full_page=True)
    page.get_by_role("button", name="Spara").click()
    page.wait_for_load_state("load")

    expect(page.locator(".messages")).to_contain_text("Nytt kommunledningskontor")
    expect(page).to_have_url(re.compile(r"/hassleholm/redigera/omorganisationer/\d+/$"))
    new = Unit.objects.get(name="Kommunledningskontoret", valid_from=D(2009, 1, 1))
    (carried,) = Post.objects.filter(unit=new)
    assert carried.title == "Kommunchef"
    assert [a.person.name for a in selectors.holders_on(carried, D(2009, 1, 1))] == ["Lars Nilsson"]
    assert [a.person.name for a in selectors.holders_on(hassleholm["chief"], D(2008, 12, 31))] == [
        "Lars Nilsson"
    ]
    assert selectors.holders_on(hassleholm["finance"], D(2009, 1, 1)) == []
