"""A member away for part of the meeting, and attendance and votes through the API."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from radhus.core.tokens import token_create
from radhus.meetings import services, services_attendance
from radhus.meetings.models import ParagraphAttendance
from radhus.organisation.models import Person
from tests.meetings.world import MEETING_DAY, build_board, hold_meeting

pytestmark = pytest.mark.django_db


def test_a_member_away_from_one_paragraph_to_another_decides_none_of_them():
    """KL 5 kap. 67 §: the minutes say which members took part in each decision."""
    board = hold_meeting(build_board())
    olle = board.by_name["Olle Berg"]
    changes = services_attendance.attendance_away(attendance=olle, actor=None, from_number=3, to_number=4)
    assert [c.paragraph.number for c in changes] == [3, 4]
    p2, p3, p4 = (board.meeting.paragraphs.get(number=n) for n in (2, 3, 4))
    assert "Olle Berg" in {a.name for a in services.deciding_on(p2)}
    assert "Olle Berg" not in {a.name for a in services.deciding_on(p3)}
    assert "Olle Berg" not in {a.name for a in services.deciding_on(p4)}
    with pytest.raises(ValidationError):  # a vote by one away is refused
        services.vote_record(
            paragraph=p4, actor=None, question="?", yes_means="ja", no_means="nej", ballots={olle: "yes"}
        )


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [(4, 3, "to_number"), (4, 9, "from_number"), (0, 2, "from_number"), (7, 8, "from_number")],
)
def test_away_refuses_a_stretch_that_is_not_of_the_minutes(first, last, field):
    board = hold_meeting(build_board())
    with pytest.raises(ValidationError) as exc:
        services_attendance.attendance_away(
            attendance=board.by_name["Olle Berg"], actor=None, from_number=first, to_number=last
        )
    assert field in exc.value.message_dict
    assert not ParagraphAttendance.objects.filter(attendance=board.by_name["Olle Berg"]).exists()


def test_away_twice_for_a_paragraph_is_refused_and_nothing_is_half_done():
    board = hold_meeting(build_board())
    olle = board.by_name["Olle Berg"]
    services_attendance.attendance_away(attendance=olle, actor=None, from_number=4, to_number=4)
    with pytest.raises(ValidationError):
        services_attendance.attendance_away(attendance=olle, actor=None, from_number=2, to_number=4)
    assert ParagraphAttendance.objects.filter(attendance=olle).count() == 1


def api(path, data, key):
    return Client().post(path, data, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")


def test_attendance_and_votes_through_the_api():
    board = build_board()
    meeting = services.meeting_create(
        tenant=board.tenant, actor=None, body=board.body, date=MEETING_DAY, start_time=dt.time(9)
    )
    _token, key = token_create(user=board.secretary_user)
    url = f"/api/v1/meetings/{meeting.pk}/attendance"
    drawn = api(url, {"action": "draw"}, key)
    assert drawn.status_code == 200, drawn.content
    names = {a["name"]: a for a in drawn.json()}
    assert names["Per Nylén"]["role"] == "chair" and names["Lena Protokoll"]["role"] == "secretary"
    director = api(
        url, {"action": "add", "role": "other", "name": "Maria Direktör", "title": "Kommundirektör"}, key
    )
    assert "Maria Direktör" in {a["name"] for a in director.json()}
    absent = api(url, {"action": "absent", "attendance_id": names["Sara Lind"]["id"]}, key)
    assert {a["name"]: a["present"] for a in absent.json()}["Sara Lind"] is False
    other_person = build_board("tanum")
    foreign = Person.objects.get(tenant=other_person.tenant, slug="per-tanum")
    refused = api(url, {"action": "add", "role": "other", "person_id": foreign.pk}, key)
    assert refused.status_code == 400 and "person_id" in refused.json()["errors"]
    services.paragraph_create(meeting=meeting, actor=None, title="Budget", is_decision=True)
    votes = f"/api/v1/meetings/{meeting.pk}/paragraphs/1/votes"
    ballots = {
        str(names[n]["id"]): c for n, c in [("Per Nylén", "yes"), ("Karin Ek", "no"), ("Olle Berg", "yes")]
    }
    response = api(
        votes, {"question": "Bifall?", "yes_means": "bifall", "no_means": "avslag", "ballots": ballots}, key
    )
    assert response.status_code == 201, response.content
    assert response.json()["counts"] == {"yes": 2, "no": 1, "abstain": 0}
    # Sara Lind is absent: she does not decide, so her vote is refused
    sara = {str(names["Sara Lind"]["id"]): "yes"}
    response = api(votes, {"question": "?", "yes_means": "ja", "no_means": "nej", "ballots": sara}, key)
    assert response.status_code == 400 and "ballots" in response.json()["errors"]
    away = api(
        url,
        {"action": "away", "attendance_id": names["Olle Berg"]["id"], "from_number": 1, "to_number": 1},
        key,
    )
    assert away.status_code == 400  # he voted in § 1, so he was there
    assert away.json()["errors"]["from_number"] == ["Olle Berg deltog i § 1."]
    public = Client().get(url)
    assert public.status_code == 200 and len(public.json()) == len(names) + 1


def test_an_overlong_name_or_title_is_refused_whatever_the_action():
    """The API's document promises at most 200 characters; a call that does not use the texts
    (calling the seats) is refused like one that does, and nothing is called."""
    board = build_board()
    meeting = services.meeting_create(
        tenant=board.tenant, actor=None, body=board.body, date=MEETING_DAY, start_time=dt.time(9)
    )
    _token, key = token_create(user=board.secretary_user)
    url = f"/api/v1/meetings/{meeting.pk}/attendance"
    refused = api(url, {"action": "draw", "title": "x" * 201}, key)
    assert refused.status_code == 400
    assert refused.json()["errors"]["title"] == ["Högst 200 tecken."]
    assert not meeting.attendances.exists()
    assert api(url, {"action": "draw", "title": "x" * 200}, key).status_code == 200
