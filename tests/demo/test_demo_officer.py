"""Who the demo login is (``radhus.demo.officer``): after ``radhus load_demo``, ``demo`` is Elin
Strand, Munkedal's municipal secretary (invented for the demo; the seed names no holder of any
post there), and her “Att göra” has something on every list: an assignment late with its
deviation on the board's next agenda (S4.5), one due in five days, a watch, a referral answer
awaited, and the board's document management plan overdue for review. A reset gives the same
page again."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.urls import reverse

from radhus.core.selectors import today
from radhus.demo import officer
from radhus.diarium.models import OfficerLink
from radhus.followup.models import Deviation
from radhus.meetings.models import MeetingStatus
from tests.demo.conftest import load

SECTIONS = ["late", "coming", "watches", "referrals", "reviews"]


def to_do_sections(client) -> dict[str, str]:
    """The demo login's “Att göra”, cut at each list's heading."""
    client.force_login(get_user_model().objects.get(username="demo"))
    response = client.get(reverse("followup_to_do"))
    assert response.status_code == 200
    rest = response.content.decode()
    found = {}
    for name in reversed(SECTIONS):
        rest, found[name] = rest.split(f'<h2 id="{name}">')
    return found


def day(days: int) -> str:
    return (today() + dt.timedelta(days=days)).isoformat()


def assert_elins_to_do(client) -> None:
    page = to_do_sections(client)
    assert page["late"].startswith("Försenat (1)<")
    assert officer.REVISION_TITLE in page["late"] and f'senast <time datetime="{day(-12)}"' in page["late"]
    assert f"Kommunchefens delegationsbeslut {day(-100)}" in page["late"]
    assert page["coming"].startswith("Kommande (1)<")
    assert officer.BUDGET_TITLE in page["coming"] and day(5) in page["coming"]
    # The preschool's project is the municipal chief's (a vacant post), not hers.
    assert "förskola i Hedekas med fyra avdelningar" not in page["coming"]
    assert page["watches"].startswith("Dina bevakningar (1)<")
    assert officer.WATCH_NOTE in page["watches"] and day(14) in page["watches"]
    assert page["referrals"].startswith("Remissvar (1)<")
    assert officer.REVISION_CASE in page["referrals"] and day(9) in page["referrals"]
    assert "I ditt ärende, skickat till Sektor Barn och utbildning" in page["referrals"]
    assert page["reviews"].startswith("Styrdokument att revidera (1)<")
    assert "Dokumenthanteringsplan för kommunstyrelsen" in page["reviews"]
    assert day(-40) in page["reviews"] and "40 dagar för sent" in page["reviews"]


def test_the_demo_login_is_munkedals_municipal_secretary_with_something_on_every_list(demo, client):
    link = OfficerLink.objects.select_related("person", "unit", "tenant").get(user__username="demo")
    assert (link.tenant.slug, link.person.name, link.unit.name) == (
        "munkedal",
        "Elin Strand",
        "Kommunchefens stab",
    )
    assert_elins_to_do(client)


def test_her_late_assignment_has_its_deviation_on_the_boards_next_agenda(demo):
    """S4.5: a late assignment gets a deviation report with an alternative measure, which goes
    on the deciding body's next agenda; the demo keeps no late assignment without one."""
    deviation = Deviation.objects.select_related("agenda_item__meeting__body").get(
        assignment__title=officer.REVISION_TITLE
    )
    meeting = deviation.agenda_item.meeting
    assert meeting.body.name == "Kommunstyrelsen" and meeting.status == MeetingStatus.PLANNED
    assert meeting.date > deviation.reported_on and deviation.alternative_measure


def test_reloading_the_demo_gives_her_the_same_to_do(demo, client):
    output = load("--reset")
    assert "på nytt" in output
    assert OfficerLink.objects.filter(user__username="demo").count() == 1
    assert_elins_to_do(client)
