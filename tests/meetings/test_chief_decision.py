"""The chief's decision (S2.1): in the chief's management group, a group and no political body
where no one votes, formal decisions rest with the chief. A paragraph of its minutes may be the
chief's decision, naming who made it: the holder of the chief's post on the meeting day in the
organisation registry. It is shown as such in the minutes, as a page and as a PDF, and once
the minutes are approved its decision is made into assignments like any other."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import dataclass

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client

from radhus.core.models import Role, Tenant
from radhus.diarium.services_referrals import officer_link_set
from radhus.followup import services as followup
from radhus.meetings import services
from radhus.meetings.models import Decision, Meeting, MinutesParagraph
from radhus.organisation.models import MembershipRole, Unit, UnitKind
from tests.factories import (
    AppointmentFactory,
    MembershipFactory,
    PersonFactory,
    PostFactory,
    TenantFactory,
    TenantRoleFactory,
    UnitFactory,
)
from tests.meetings.test_views_staff import client_for, page, send, url
from tests.meetings.world import build_board, hold_meeting

pytestmark = pytest.mark.django_db

MARCH = dt.date(2026, 3, 10)  # a Tuesday: Anna Berg is the chief
APRIL = dt.date(2026, 4, 14)  # a Tuesday: Bo Ek is the chief from 1 April


@dataclass
class Klg:
    tenant: Tenant
    body: Unit
    secretary_user: object
    meeting: Meeting
    paragraph: MinutesParagraph


def build_klg(day: dt.date = MARCH) -> Klg:
    """Munkedal's management group (S2.2), seated since 2019: its chair seat is the post of
    chief, vacant in 2019, held by Anna Berg from 2020 to 31 March 2026 and by Bo Ek from 1 April;
    the finance chief sits in it too."""
    tenant = TenantFactory(slug="munkedal", name="Munkedals kommun")
    staff = UnitFactory(tenant=tenant, kind=UnitKind.STAFF_UNIT, name="Kommunchefens stab", slug="stab")
    chief = PostFactory(unit=staff, title="Kommunchef")
    finance = PostFactory(unit=staff, title="Ekonomichef")
    anna = PersonFactory(tenant=tenant, first_name="Anna", last_name="Berg", slug="anna-berg")
    bo = PersonFactory(tenant=tenant, first_name="Bo", last_name="Ek", slug="bo-ek")
    cecilia = PersonFactory(tenant=tenant, first_name="Cecilia", last_name="Holm", slug="cecilia-holm")
    AppointmentFactory(post=chief, person=anna, valid_from=dt.date(2020, 1, 1), valid_to=dt.date(2026, 3, 31))
    AppointmentFactory(post=chief, person=bo, valid_from=dt.date(2026, 4, 1))
    AppointmentFactory(post=finance, person=cecilia, valid_from=dt.date(2020, 1, 1))
    klg = UnitFactory(
        tenant=tenant,
        kind=UnitKind.MANAGEMENT_TEAM,
        name="Kommunchefens ledningsgrupp",
        short_name="KLG",
        slug="klg",
    )
    MembershipFactory(
        group=klg, post=chief, person=None, role=MembershipRole.CHAIR, valid_from=dt.date(2019, 1, 1)
    )
    MembershipFactory(
        group=klg, post=finance, person=None, role=MembershipRole.MEMBER, valid_from=dt.date(2019, 1, 1)
    )
    meeting = services.meeting_create(tenant=tenant, actor=None, body=klg, date=day, start_time=dt.time(9))
    services.attendance_draw(meeting=meeting, actor=None)
    paragraph = services.paragraph_create(
        meeting=meeting,
        actor=None,
        title="Gemensam rutin för inköp",
        is_decision=True,
        decision_text="Sektorerna följer den gemensamma inköpsrutinen från den 1 maj 2026.",
    )
    secretary = TenantRoleFactory(tenant=tenant, role=Role.EDITOR, user__username="klg-sekreterare").user
    return Klg(tenant, klg, secretary, meeting, paragraph)


def approve(klg: Klg, on: dt.date) -> None:
    """The chief chairs and signs, the finance chief adjusts; each signs their own line, logged
    in as themselves (KL 5 kap. 69 §, as the group's own routine)."""
    a = {x.name: x for x in klg.meeting.attendances.all()}
    chair = next(x for x in a.values() if x.role == "chair")
    services.approval_arrange(
        meeting=klg.meeting,
        actor=None,
        chair=chair,
        adjusters=[a["Cecilia Holm"]],
        place="Kommunhuset",
        date=on,
    )
    for signer in klg.meeting.signers.select_related("attendance__person"):
        user = TenantRoleFactory(tenant=klg.tenant, role=Role.EDITOR).user
        officer_link_set(tenant=klg.tenant, actor=None, user=user, person=signer.attendance.person)
        services.minutes_sign(signer=signer, actor=user, on=on)
    klg.meeting.refresh_from_db()


def test_the_chiefs_decision_names_the_holder_of_the_chiefs_post_on_the_meeting_day():
    """S2.1: formal decisions in the management group rest with the chief, whoever holds the
    post on the day: Anna Berg on 10 March, Bo Ek on 14 April."""
    march = build_klg(MARCH)
    p = services.paragraph_update(
        paragraph=march.paragraph, actor=march.secretary_user, decision_kind="chief"
    )
    assert p.decision_kind == "chief"
    assert (p.decided_by.name, p.decided_by_name, p.decided_by_title) == (
        "Anna Berg",
        "Anna Berg",
        "Kommunchef",
    )
    assert p.decided_by_line == "Anna Berg, kommunchef"
    april_meeting = services.meeting_create(
        tenant=march.tenant, actor=None, body=march.body, date=APRIL, start_time=dt.time(9)
    )
    april = services.paragraph_create(
        meeting=april_meeting,
        actor=None,
        title="Semesterplanering",
        is_decision=True,
        decision_text="Fastställs.",
    )
    april = services.paragraph_update(paragraph=april, actor=None, decision_kind="chief")
    assert april.decided_by_line == "Bo Ek, kommunchef"
    # Back to the body's decision: no one is named.
    p = services.paragraph_update(paragraph=p, actor=None, decision_kind="body")
    assert (p.decided_by, p.decided_by_name, p.decided_by_title) == (None, "", "")


def test_only_a_management_team_decision_with_a_chief_in_post_and_no_vote_is_the_chiefs():
    """A political body decides itself (its members vote, KL 5 kap. 67 §); the chief's decision
    is a decision, made by one holding the chief's post that day, with no vote and no dissent."""
    board = hold_meeting(build_board("dals-ed"))
    p2 = board.meeting.paragraphs.get(number=2)
    with pytest.raises(ValidationError) as exc:
        services.paragraph_update(paragraph=p2, actor=None, decision_kind="chief")
    assert exc.value.message_dict["decision_kind"] == [
        "Bara i en ledningsgrupp, där det formella ansvaret för besluten ligger på chefen som leder den, "
        "är ett beslut chefens; Kommunstyrelsen beslutar själv."
    ]
    klg = build_klg()
    with pytest.raises(ValidationError) as exc:
        services.paragraph_update(
            paragraph=klg.paragraph, actor=None, is_decision=False, decision_kind="chief"
        )
    assert exc.value.message_dict["decision_kind"] == [
        "Chefens beslut är ett beslut: kryssa också i ”beslutsärende”."
    ]
    # The post stands vacant on a day before anyone held it.
    early = services.meeting_create(
        tenant=klg.tenant, actor=None, body=klg.body, date=dt.date(2019, 6, 4), start_time=dt.time(9)
    )
    p = services.paragraph_create(meeting=early, actor=None, title="Tidigt", is_decision=True)
    with pytest.raises(ValidationError) as exc:
        services.paragraph_update(paragraph=p, actor=None, decision_kind="chief")
    assert exc.value.message_dict["decision_kind"] == [
        "Ingen innehar befattningen Kommunchef i Kommunchefens ledningsgrupp den 2019-06-04: "
        "ingen kan fatta chefens beslut."
    ]
    # Once it is the chief's decision, no vote and no dissent are recorded on it.
    services.paragraph_update(paragraph=klg.paragraph, actor=None, decision_kind="chief")
    cecilia = klg.meeting.attendances.get(name="Cecilia Holm")
    with pytest.raises(ValidationError) as exc:
        services.vote_record(
            paragraph=klg.paragraph, actor=None, question="?", yes_means="ja", no_means="nej", ballots={}
        )
    assert exc.value.messages == ["Paragrafen är chefens beslut, som chefen fattar ensam: ingen omröstning."]
    with pytest.raises(ValidationError) as exc:
        services.dissent_add(paragraph=klg.paragraph, actor=None, attendance=cecilia, reasons="Nej.")
    assert exc.value.messages == ["Paragrafen är chefens beslut, som chefen fattar ensam: ingen reservation."]


def test_the_database_holds_that_only_the_chiefs_decision_names_a_decision_maker():
    klg = build_klg()
    p = klg.paragraph
    p.decision_kind = "chief"
    with pytest.raises(ValidationError) as exc:
        p.full_clean()
    assert exc.value.messages == [
        "Chefens beslut är ett beslut och anger chefen som fattade det; ingen annan paragraf anger en "
        "beslutsfattare."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        MinutesParagraph.objects.filter(pk=p.pk).update(decided_by_name="Någon")


def test_the_minutes_show_the_chiefs_decision_and_it_is_made_into_an_assignment():
    """Once the minutes are approved the chief's decision is a decision like any other: it
    shows as the chief's in the public minutes and on the secretary's page, and “Skapa uppdrag”
    makes an assignment from it."""
    klg = build_klg()
    services.paragraph_update(paragraph=klg.paragraph, actor=None, decision_kind="chief")
    with time_machine.travel(dt.datetime(2026, 3, 13, 12, tzinfo=dt.UTC), tick=False):
        approve(klg, dt.date(2026, 3, 13))
    decision = Decision.objects.get(paragraph=klg.paragraph)
    assert decision.reference == "KLG § 1/2026" and decision.decided_on == MARCH
    html = Client().get(f"/munkedal/protokoll/{klg.meeting.pk}/").content.decode()
    assert "<h4>Chefens beslut</h4>" in html
    assert "Beslutet fattades av Anna Berg, kommunchef." in html
    client = client_for(klg.secretary_user)
    staff = page(client.get(url("staff_meeting", klg, meeting_id=klg.meeting.pk)))
    assert "chefens beslut</span>" in staff
    assert url("staff_followup_create", klg, decision_id=decision.pk) in staff
    assignment = followup.assignment_create(
        decision=decision,
        actor=None,
        title="Inför inköpsrutinen",
        due_on=dt.date(2026, 5, 1),
        assignee_unit=klg.body,
    )
    assert assignment.reference == "KLG § 1/2026" and assignment.decision == decision


def test_the_secretary_marks_the_chiefs_decision_on_the_paragraphs_page():
    """The paragraph form of the management group offers who decides; a board's does not."""
    klg = build_klg()
    client = client_for(klg.secretary_user)
    path = url("staff_meeting_paragraph", klg, paragraph_id=klg.paragraph.pk)
    html = page(client.get(path))
    assert "Vem beslutar" in html and 'value="chief"' in html
    response = send(
        client,
        path,
        {
            "title": klg.paragraph.title,
            "decision_text": klg.paragraph.decision_text,
            "is_decision": "on",
            "decision_kind": "chief",
        },
    )
    assert response.status_code == 302, page(response)
    klg.paragraph.refresh_from_db()
    assert klg.paragraph.decided_by_line == "Anna Berg, kommunchef"
    assert "Chefens beslut, fattat av Anna Berg, kommunchef." in page(client.get(path))
    board = hold_meeting(build_board("dals-ed"))
    p2 = board.meeting.paragraphs.get(number=2)
    html = page(
        client_for(board.secretary_user).get(url("staff_meeting_paragraph", board, paragraph_id=p2.pk))
    )
    assert "Vem beslutar" not in html


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")
def test_the_minutes_pdf_shows_the_chiefs_decision(tmp_path):
    klg = build_klg()
    services.paragraph_update(paragraph=klg.paragraph, actor=None, decision_kind="chief")
    with time_machine.travel(dt.datetime(2026, 3, 13, 12, tzinfo=dt.UTC), tick=False):
        approve(klg, dt.date(2026, 3, 13))
    response = Client().get(f"/munkedal/protokoll/{klg.meeting.pk}.pdf")
    assert response.status_code == 200
    pdf = tmp_path / "klg.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Chefens beslut" in text
    assert "Beslutet fattades av Anna Berg, kommunchef." in text
