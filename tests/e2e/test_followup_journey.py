"""The director's journey through the follow-up in a real Chromium, on the demo data (issue 11,
acceptance): the page of what is late shows an assignment without a deviation report; the
deviation is reported with an alternative measure (S4.5) and goes on the agenda of the board's
next planned meeting, where the meetings API lists it. axe-core checks the pages for WCAG 2.1 AA."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from radhus.followup import services
from radhus.followup.models import Deviation
from radhus.meetings.models import Decision
from radhus.organisation.models import Post

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("demo")]


def test_the_director_sees_what_is_late_and_reports_a_deviation_that_goes_on_the_next_agenda(page: Page, axe):
    preschool = Decision.objects.get(tenant__slug="munkedal", paragraph__title="Ny förskola i Hedekas")
    late = services.assignment_create(
        decision=preschool,
        actor=None,
        title="Beställ en lokalutredning för förskolan",
        due_on=preschool.decided_on + dt.timedelta(days=2),
        assignee_post=Post.objects.filter(tenant__slug="munkedal", title="Kommunchef").first(),
    )
    days_late = (timezone.localdate() - late.due_on).days

    page.goto("/konto/logga-in/?next=/munkedal/redigera/uppfoljning/")
    page.get_by_label("Användarnamn").fill("demo")
    page.get_by_label("Lösenord").fill("demo-radhus")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state("load")
    expect(page.get_by_role("heading", level=1)).to_have_text("Uppföljning av beslut")
    axe(page)

    late_table = page.locator("table", has=page.get_by_role("columnheader", name="Dagar försenat"))
    row = late_table.get_by_role("row").filter(has_text="Beställ en lokalutredning för förskolan")
    expect(row).to_contain_text(str(days_late))
    expect(row).to_contain_text("Saknas")
    demo_row = late_table.get_by_role("row").filter(has_text="Skicka budgetförslaget till sektorerna")
    expect(demo_row).to_contain_text("Rapporterad")
    expect(page.get_by_text("1 försenat uppdrag saknar ännu avvikelserapport.")).to_be_visible()

    row.get_by_role("link", name="Rapportera avvikelse").click()
    page.wait_for_load_state("load")
    axe(page)
    page.locator("#id_kind").select_option(label="försenat")
    page.get_by_label(re.compile(r"^Orsak")).fill("Lokalerna kan inte visas förrän hyresgästen flyttat.")
    page.get_by_label(re.compile(r"^Förslag till alternativ åtgärd")).fill(
        "Utredningen görs på ritningar först."
    )
    page.get_by_role("main").get_by_role("button", name="Rapportera avvikelsen").click()
    page.wait_for_load_state("load")

    expect(page.get_by_role("status")).to_contain_text("Avvikelsen är rapporterad")
    deviation = Deviation.objects.get(assignment=late)
    meeting = deviation.agenda_item.meeting
    assert meeting.body.name == "Kommunstyrelsen" and meeting.date > deviation.reported_on
    expect(page.locator(".on-agenda")).to_have_text(
        f"På föredragningslistan för Kommunstyrelsen {meeting.date.isoformat()}."
    )
    axe(page)

    page.get_by_role("link", name="Uppföljning av beslut", exact=True).first.click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("saknar ännu avvikelserapport")).to_have_count(0)

    page.goto(f"/api/v1/meetings/{meeting.pk}")
    titles = [item["title"] for item in page.evaluate("() => JSON.parse(document.body.innerText)")["agenda"]]
    assert f"Avvikelse: Beställ en lokalutredning för förskolan ({late.reference})" in titles
