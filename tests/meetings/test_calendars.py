"""Calendars of a person's meetings: public for political bodies and public people, private at
a secret address for all of a user's meetings; read back with `icalendar`."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from icalendar import Calendar

from radhus.core.models import AuditEvent
from radhus.diarium.services_referrals import officer_link_set
from radhus.meetings import services
from radhus.meetings.models import CalendarFeed
from radhus.organisation.models import MembershipRole, Person, UnitKind
from tests.factories import MembershipFactory, UnitFactory
from tests.meetings.world import MEETING_DAY, build_board, hold_meeting

pytestmark = pytest.mark.django_db

SUMMER = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)


def events(response) -> list:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


@pytest.fixture
def board():
    board = hold_meeting(build_board())
    services.plan_year(series=board.series, actor=None, year=2026)  # the other 11 second Tuesdays
    # The chief's management group meets too; Per Nylén sits in it, but it is no political body.
    team = UnitFactory(tenant=board.tenant, kind=UnitKind.MANAGEMENT_TEAM, name="Ledningsgruppen", slug="klg")
    per = Person.objects.get(tenant=board.tenant, slug="per-munkedal")
    MembershipFactory(group=team, person=per, role=MembershipRole.MEMBER, valid_from=dt.date(2023, 1, 1))
    board.team_meeting = services.meeting_create(
        tenant=board.tenant, actor=None, body=team, date=dt.date(2026, 6, 3), start_time=dt.time(8, 30)
    )
    return board


@time_machine.travel(SUMMER, tick=False)
def test_public_calendar_of_a_member_lists_the_political_meetings_with_stable_uids(board):
    called = events(Client().get("/munkedal/person/per-munkedal/sammantraden.ics"))
    days = [e.decoded("dtstart").date() for e in called]
    # the 12 second Tuesdays of 2026: 10 March drawn from the attendance, the rest from the seat
    assert len(days) == 12 and dt.date(2026, 3, 10) in days and dt.date(2026, 12, 8) in days
    assert dt.date(2026, 6, 3) not in days  # the management group is no political body
    uid = f"meeting-{board.meeting.pk}@radhus"
    march = next(e for e in called if str(e["uid"]) == uid)
    assert str(march["summary"]) == "Kommunstyrelsen" and str(march["status"]) == "CONFIRMED"
    assert "ordförande" in str(march["description"])
    again = events(Client().get("/munkedal/person/per-munkedal/sammantraden.ics"))
    assert [str(e["uid"]) for e in again] == [str(e["uid"]) for e in called]
    body = events(Client().get("/munkedal/sammantraden/ks-munkedal.ics"))
    assert uid in {str(e["uid"]) for e in body}  # the same event in the body's feed


@time_machine.travel(SUMMER, tick=False)
def test_a_seat_held_through_a_post_follows_who_holds_the_post_on_the_day(board):
    """S2.2: the secretary's seat goes to whoever holds the post on the meeting day."""
    eva = events(Client().get("/munkedal/person/eva-munkedal/sammantraden.ics"))
    assert [e.decoded("dtstart").date() for e in eva] == [dt.date(2026, 1, 13), dt.date(2026, 2, 10)]
    lena = events(Client().get("/munkedal/person/lena-munkedal/sammantraden.ics"))
    assert len(lena) == 10 and min(e.decoded("dtstart").date() for e in lena) == MEETING_DAY


@time_machine.travel(SUMMER, tick=False)
def test_a_cancelled_meeting_is_cancelled_in_the_person_calendar(board):
    june = board.series.meetings.get(date=dt.date(2026, 6, 9))
    services.meeting_cancel(meeting=june, actor=None)
    called = events(Client().get("/munkedal/person/per-munkedal/sammantraden.ics"))
    cancelled = [e for e in called if str(e["uid"]) == f"meeting-{june.pk}@radhus"]
    assert len(cancelled) == 1 and str(cancelled[0]["status"]) == "CANCELLED"
    body = events(Client().get("/munkedal/sammantraden/ks-munkedal.ics"))
    assert f"meeting-{june.pk}@radhus" not in {str(e["uid"]) for e in body}


@time_machine.travel(SUMMER, tick=False)
def test_a_protected_person_has_no_public_calendar(board):
    Person.objects.filter(slug="olle-munkedal").update(is_public=False)
    assert Client().get("/munkedal/person/olle-munkedal/sammantraden.ics").status_code == 404
    assert Client().get("/munkedal/person/finns-inte/sammantraden.ics").status_code == 404
    assert Client().get("/finns-inte/person/per-munkedal/sammantraden.ics").status_code == 404


@time_machine.travel(SUMMER, tick=False)
def test_private_calendar_at_a_secret_address_made_and_stopped_on_my_account(board):
    user = board.secretary_user
    per = Person.objects.get(tenant=board.tenant, slug="per-munkedal")
    officer_link_set(tenant=board.tenant, actor=None, user=user, person=per)
    client = Client()
    client.force_login(user)
    page = client.get("/konto/").content.decode()
    assert "Dina sammanträden som kalender" in page and "Skapa en kalenderadress" in page
    created = client.post("/konto/kalender/ny/")
    assert created.status_code == 200
    url = created.context["url"]
    assert "/kalender/kal_" in url and url.endswith(".ics")
    path = url.split("testserver", 1)[1]
    mine = events(Client().get(path))
    days = {e.decoded("dtstart").date() for e in mine}
    assert len(mine) == 13 and dt.date(2026, 6, 3) in days  # the management group's meeting too
    feed = CalendarFeed.objects.get(user=user, revoked_at__isnull=True)
    assert AuditEvent.objects.filter(action="meetings.calendar.create", subject_id=feed.pk).exists()
    # a new address stops the old one
    newer = client.post("/konto/kalender/ny/").context["url"].split("testserver", 1)[1]
    assert Client().get(path).status_code == 404
    assert Client().get(newer).status_code == 200
    assert client.post("/konto/kalender/stoppa/").status_code == 302
    assert Client().get(newer).status_code == 404
    assert CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).count() == 0
    assert Client().get("/kalender/kal_gissat.ics").status_code == 404
    assert Client().get("/kalender/" + "x" * 300 + ".ics").status_code == 404
    # making an address needs a login and a POST
    assert Client().post("/konto/kalender/ny/").status_code == 302
    assert "Skapa en ny kalenderadress?" in client.get("/konto/kalender/ny/").content.decode()


def test_one_active_address_per_user_is_a_database_rule():
    from django.db import IntegrityError, transaction

    board = build_board()
    CalendarFeed.objects.create(user=board.secretary_user, key_hash="a" * 64, prefix="kal_a")
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarFeed.objects.create(user=board.secretary_user, key_hash="b" * 64, prefix="kal_b")
    constraint = CalendarFeed._meta.constraints[0]
    assert str(constraint.violation_error_message) == "Användaren har redan en kalenderadress."
