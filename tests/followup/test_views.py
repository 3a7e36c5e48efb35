"""What the director, a reader and an officer see on the follow-up's pages, and what the forms
change: the page of what is late, a deviation reported through the form, “Att göra”, and the
choice of reminders."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from radhus.core.models import Role
from radhus.diarium import services as diarium
from radhus.diarium import services_referrals as referrals
from radhus.diarium.models import OfficerLink, Series
from radhus.followup import services
from radhus.followup import services_policies as policies
from radhus.followup.models import Deviation, NotificationChoice
from radhus.meetings import services as meetings
from radhus.organisation.models import UnitKind
from tests.factories import AppointmentFactory, PersonFactory, PostFactory, TenantRoleFactory, UnitFactory
from tests.followup.world import build_decided_board

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 7, 10, 10, tzinfo=dt.UTC)  # 2026-07-10


@pytest.fixture
def world():
    world = build_decided_board()
    world.office = UnitFactory(tenant=world.tenant, kind=UnitKind.EXECUTIVE_OFFICE, name="Kansliet")
    world.editor = TenantRoleFactory(tenant=world.tenant, role=Role.EDITOR).user
    world.reader = TenantRoleFactory(tenant=world.tenant, role=Role.READER).user
    world.late = services.assignment_create(
        decision=world.decisions[1],
        actor=None,
        title="Ta fram budgetanvisningar",
        due_on=dt.date(2026, 6, 30),
        assignee_unit=world.office,
    )
    world.soon = services.assignment_create(
        decision=world.decisions[2],
        actor=None,
        title="Upphandla förskolan",
        due_on=dt.date(2026, 7, 20),
        assignee_unit=world.office,
    )
    return world


def _page(client, user, name, world, **kwargs):
    client.force_login(user)
    return client.get(reverse(name, kwargs={"tenant": world.tenant.slug, **kwargs}))


@time_machine.travel(TODAY, tick=False)
def test_the_directors_page_lists_what_is_late_with_its_days_and_what_is_due_soon(client, world):
    """S4.7: the director answers for decisions being carried out."""
    html = _page(client, world.editor, "staff_followup", world).content.decode()
    late_part, rest = html.split('id="soon"')
    assert "Ta fram budgetanvisningar" in late_part and "Upphandla förskolan" not in late_part
    assert '<td data-label="Dagar försenat">10</td>' in late_part  # 2026-06-30 to 2026-07-10
    assert "1 försenat uppdrag saknar ännu avvikelserapport." in late_part
    assert "Rapportera avvikelse" in late_part
    assert "Upphandla förskolan" in rest.split('id="waiting"')[0]


@time_machine.travel(TODAY, tick=False)
def test_a_reader_sees_the_page_without_the_forms_links(client, world):
    html = _page(client, world.reader, "staff_followup", world).content.decode()
    assert "Ta fram budgetanvisningar" in html
    assert "Rapportera avvikelse" not in html
    response = client.post(
        reverse(
            "staff_followup_deviation", kwargs={"tenant": world.tenant.slug, "assignment_id": world.late.pk}
        ),
        {"kind": "late", "reason": "Sent."},
    )
    assert response.status_code == 403
    assert not Deviation.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_deviation_reported_through_the_form_goes_on_the_next_agenda(client, world):
    august = meetings.meeting_create(
        tenant=world.tenant, actor=None, body=world.body, date=dt.date(2026, 8, 18), start_time=dt.time(9)
    )
    page = _page(client, world.editor, "staff_followup_deviation", world, assignment_id=world.late.pk)
    token = page.context["form"]["once"].value()
    response = client.post(
        page.request["PATH_INFO"],
        {
            "once": token,
            "kind": "late",
            "reason": "Nämndernas underlag dröjer.",
            "alternative_measure": "Anvisningarna tas fram i två steg.",
            "proposed_due_on": "2026-09-30",
        },
    )
    assert response.status_code == 302
    deviation = Deviation.objects.get()
    assert deviation.agenda_item.meeting == august
    assert deviation.reported_on == dt.date(2026, 7, 10)
    detail = client.get(response["Location"]).content.decode()
    assert "På föredragningslistan för Kommunstyrelsen 2026-08-18." in detail
    overview = _page(client, world.editor, "staff_followup", world).content.decode()
    assert "saknar ännu avvikelserapport" not in overview


@time_machine.travel(TODAY, tick=False)
def test_a_bad_progress_form_is_shown_again_with_a_swedish_error(client, world):
    page = _page(client, world.editor, "staff_followup_progress", world, assignment_id=world.late.pk)
    response = client.post(
        page.request["PATH_INFO"],
        {"once": page.context["form"]["once"].value(), "progress": "50", "reported_on": "2026-03-01"},
    )
    assert response.status_code == 200
    assert "Datumet är före beslutet." in response.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_another_organisations_assignment_is_not_found(client, world):
    other = build_decided_board("annan")
    editor = TenantRoleFactory(tenant=other.tenant, role=Role.EDITOR).user
    client.force_login(editor)
    url = reverse(
        "staff_followup_assignment", kwargs={"tenant": other.tenant.slug, "assignment_id": world.late.pk}
    )
    assert client.get(url).status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_to_do_lists_what_is_on_my_person_my_post_and_my_unit(client, world):
    person = PersonFactory(tenant=world.tenant, first_name="Anna", last_name="Andersson")
    post = PostFactory(unit=world.office, title="Budgetchef")
    AppointmentFactory(post=post, person=person, valid_from=dt.date(2020, 1, 1))
    user = TenantRoleFactory(tenant=world.tenant, role=Role.EDITOR).user
    OfficerLink.objects.create(tenant=world.tenant, user=user, person=person)
    on_post = services.assignment_create(
        decision=world.decisions[0],
        actor=None,
        title="Skriv rutinen",
        due_on=dt.date(2026, 8, 1),
        assignee_post=post,
    )
    other_unit = UnitFactory(tenant=world.tenant, name="Annan enhet")
    services.assignment_create(
        decision=world.decisions[0],
        actor=None,
        title="Inte mitt",
        due_on=dt.date(2026, 8, 1),
        assignee_unit=other_unit,
    )
    client.force_login(user)
    html = client.get(reverse("followup_to_do")).content.decode()
    late_part, coming = html.split('id="coming"')
    assert "Ta fram budgetanvisningar" in late_part  # on the unit of the post Anna holds
    # Due 2026-06-30, so ten days late on 2026-07-10; what is coming says no lateness.
    assert "10 dagar för sent" in late_part
    assert "Upphandla förskolan" in coming and on_post.title in coming
    assert "för sent" not in coming.split('id="watches"')[0]
    assert "Inte mitt" not in html


@time_machine.travel(TODAY, tick=False)
def test_to_do_lists_my_watches_referral_answers_and_policy_reviews(client, world):
    """Beside the assignments, “Att göra” lists the user's open watches, the referral answers
    awaited on the cases the user is officer of or due from the user's unit, and the policy
    documents the user's post owns whose review is due within 60 days or overdue (the review
    reminders' window); a late one says by how many days."""
    person = PersonFactory(tenant=world.tenant, first_name="Anna", last_name="Andersson")
    post = PostFactory(unit=world.office, title="Budgetchef")
    AppointmentFactory(post=post, person=person, valid_from=dt.date(2020, 1, 1))
    user = TenantRoleFactory(tenant=world.tenant, role=Role.EDITOR).user
    someone = TenantRoleFactory(tenant=world.tenant, role=Role.EDITOR).user
    OfficerLink.objects.create(tenant=world.tenant, user=user, person=person)
    series = Series.objects.get(tenant=world.tenant, code="KS")
    social = UnitFactory(tenant=world.tenant, name="Socialnämnden")

    def case(title, officer=None):
        return diarium.case_register(
            tenant=world.tenant,
            actor=None,
            series=series,
            title=title,
            opened_on=dt.date(2026, 6, 1),
            officer=officer,
        )

    mine = case("Ny rutin för attest", officer=person)
    referrals.referral_send(
        case=mine, actor=None, body=social, sent_on=dt.date(2026, 6, 10), due_on=dt.date(2026, 7, 5)
    )
    asked = case("Remiss om ny taxa")
    referrals.referral_send(
        case=asked, actor=None, body=world.office, sent_on=dt.date(2026, 7, 1), due_on=dt.date(2026, 7, 31)
    )
    other = case("Inte min remiss")
    referrals.referral_send(
        case=other, actor=None, body=social, sent_on=dt.date(2026, 7, 1), due_on=dt.date(2026, 7, 31)
    )
    referrals.watch_create(
        case=mine, actor=None, note="Kontrollera attesträtterna", due_on=dt.date(2026, 7, 20), user=user
    )
    referrals.watch_create(
        case=other, actor=None, note="Någon annans bevakning", due_on=dt.date(2026, 7, 20), user=someone
    )
    for title, owner, review_on in [
        ("Attestreglemente", {"owner_post": post}, dt.date(2026, 6, 30)),
        ("Budgetanvisningar", {"owner_post": post}, dt.date(2026, 9, 8)),  # 60 days from 2026-07-10
        ("Ekonomistyrningspolicy", {"owner_post": post}, dt.date(2026, 9, 9)),  # 61 days: not yet
        ("Socialtjänstens riktlinje", {"owner_unit": social}, dt.date(2026, 7, 1)),
    ]:
        policies.policy_create(
            tenant=world.tenant, actor=None, title=title, kind="policy", review_on=review_on, **owner
        )

    client.force_login(user)
    html = client.get(reverse("followup_to_do")).content.decode()
    _before, rest = html.split('id="watches"')
    watches, rest = rest.split('id="referrals"')
    referral_part, reviews = rest.split('id="reviews"')
    assert "Kontrollera attesträtterna" in watches and "2026-07-20" in watches
    assert "Någon annans bevakning" not in html
    assert "(1)" in watches
    # Awaited on her own case, five days late; due from the unit of her post, not yet late.
    assert f"{mine.number}</a> Ny rutin för attest" in referral_part
    assert (
        "I ditt ärende, skickat till Socialnämnden" in referral_part and "5 dagar för sent" in referral_part
    )
    assert f"{asked.number}</a> Remiss om ny taxa" in referral_part
    assert "Din enhet Kansliet svarar" in referral_part and "2026-07-31" in referral_part
    assert "Inte min remiss" not in referral_part
    assert "Attestreglemente" in reviews and "10 dagar för sent" in reviews
    assert "Budgetanvisningar" in reviews and "2026-09-08" in reviews
    assert "Ekonomistyrningspolicy" not in reviews and "Socialtjänstens riktlinje" not in reviews


def test_to_do_needs_a_login(client):
    response = client.get(reverse("followup_to_do"))
    assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_the_choice_of_reminders_is_saved_and_checked(client, world):
    client.force_login(world.reader)
    url = reverse("followup_reminders")
    response = client.post(url, {"due_soon": "on", "days_before": "14", "deviations": "on"})
    assert response.status_code == 302
    choice = NotificationChoice.objects.get(user=world.reader)
    assert (choice.due_soon, choice.days_before, choice.late, choice.deviations) == (True, 14, False, True)
    response = client.post(url, {"days_before": "400"})
    assert response.status_code == 200
    assert NotificationChoice.objects.get(user=world.reader).days_before == 14


@time_machine.travel(TODAY, tick=False)
def test_a_reader_never_reads_a_secret_assignments_title(client, world):
    """OSL 5 kap. 5 §: what a secrecy marking hides is read by the editors only."""
    secret = services.assignment_create(
        decision=world.decisions[0],
        actor=None,
        title="Förhandla om HEMLIG tomt",
        description="HEMLIG beskrivning",
        due_on=dt.date(2026, 7, 1),
        assignee_unit=world.office,
        secrecy="OSL 19 kap. 1 §",
    )
    for name, kwargs in [
        ("staff_followup", {}),
        ("staff_followup_assignment", {"assignment_id": secret.pk}),
        ("staff_followup_progress", {"assignment_id": secret.pk}),
    ]:
        html = _page(client, world.reader, name, world, **kwargs).content.decode()
        assert "HEMLIG" not in html, name
    assert (
        "Sekretess enligt OSL 19 kap. 1 §"
        in _page(client, world.reader, "staff_followup", world).content.decode()
    )
    editor_html = _page(client, world.editor, "staff_followup_assignment", world, assignment_id=secret.pk)
    assert "Förhandla om HEMLIG tomt" in editor_html.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_the_boards_decision_on_a_deviation_moves_the_due_date(client, world):
    august = meetings.meeting_create(
        tenant=world.tenant, actor=None, body=world.body, date=dt.date(2026, 8, 18), start_time=dt.time(9)
    )
    deviation = services.deviation_report(
        assignment=world.late, actor=None, kind="late", reason="Sent.", proposed_due_on=dt.date(2026, 9, 30)
    )
    assert deviation.agenda_item.meeting == august
    page = _page(client, world.editor, "staff_followup_deviation_decision", world, deviation_id=deviation.pk)
    response = client.post(
        page.request["PATH_INFO"],
        {
            "once": page.context["form"]["once"].value(),
            "decision": world.decisions[0].pk,
            "new_due_on": "2026-09-30",
        },
    )
    assert response.status_code == 302
    world.late.refresh_from_db()
    deviation.refresh_from_db()
    assert (world.late.due_on, deviation.decision) == (dt.date(2026, 9, 30), world.decisions[0])
    other = build_decided_board("annan")
    page = _page(client, world.editor, "staff_followup_deviation_decision", world, deviation_id=deviation.pk)
    response = client.post(
        page.request["PATH_INFO"],
        {"once": page.context["form"]["once"].value(), "decision": other.decisions[0].pk},
    )
    assert response.status_code == 200 and "Välj ett giltigt alternativ" in response.content.decode()
