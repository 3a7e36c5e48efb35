"""Staff editing through the browser's forms: each change shows afterwards, is in the audit
trail with the user as actor, and a broken rule is explained in Swedish on the form."""

import datetime as dt
import threading
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from radhus.core.models import AuditEvent, Role, Tenant
from radhus.core.once import TOKEN_FIELD
from radhus.organisation.models import (
    Appointment,
    ContactPoint,
    DecisionStep,
    Membership,
    MembershipRole,
    Person,
    Post,
    Reorganisation,
    Responsibility,
    Unit,
    UnitKind,
)
from tests.factories import (
    AppointmentFactory,
    ContactPointFactory,
    PartyFactory,
    PersonFactory,
    PostFactory,
    TenantFactory,
    TenantRoleFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tenant():
    return TenantFactory(name="Örnsköldsviks kommun", slug="ornskoldsvik")


@pytest.fixture
def editor(tenant):
    return TenantRoleFactory(
        tenant=tenant, role=Role.EDITOR, user__username="redaktor", user__password=None
    ).user


class FormClient(Client):
    """Sends, as a browser does, the once-only token each staff form renders (a fresh one per
    POST unless the test gives one), as Django's test client sends the CSRF token."""

    def post(self, path, data=None, **kwargs):
        if isinstance(data, dict) and TOKEN_FIELD not in data:
            data = {**data, TOKEN_FIELD: str(uuid.uuid4())}
        return super().post(path, data, **kwargs)


@pytest.fixture
def client(editor):
    client = FormClient()
    client.force_login(editor)
    return client


@pytest.fixture
def board(tenant):
    return UnitFactory(tenant=tenant, board=True, slug="ks")


@pytest.fixture
def office(tenant, board):
    return UnitFactory(
        tenant=tenant,
        kind=UnitKind.EXECUTIVE_OFFICE,
        name="Kommunledningsförvaltningen",
        slug="klf",
        parent=board,
    )


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"tenant": tenant.slug, **kwargs})


def last_event(tenant):
    return AuditEvent.objects.filter(tenant=tenant).first()


def assert_audited(tenant, user, action):
    event = last_event(tenant)
    assert event is not None and event.action == action
    assert event.actor == user


def text(response):
    return response.content.decode()


# Home --------------------------------------------------------------------------------------


def test_home_shows_todays_tree_people_and_latest_changes(client, tenant, office, editor):
    UnitFactory(tenant=tenant, name="Gamla kontoret", ended=True)
    PersonFactory(tenant=tenant, first_name="Anna", last_name="Holm", protected=True)
    client.post(
        url("staff_unit_update", tenant, unit_id=office.pk),
        {
            "name": "Kommunledningsförvaltningen",
            "kind": office.kind,
            "parent": office.parent_id,
            "sort_order": 0,
            "place": "Örnsköldsvik",
        },
    )

    page = text(client.get(url("staff_home", tenant)))

    assert "Kommunledningsförvaltningen" in page and "Kommunstyrelsen" in page
    assert "1 enhet som har upphört eller ännu inte börjat" in page
    assert "Holm, Anna" in page and "visas inte publikt" in page
    assert "Senaste ändringar" in page and "redaktor" in page
    assert url("staff_unit_create", tenant) in page
    assert url("staff_unit", tenant, unit_id=office.pk) in page


def test_home_people_search_answers_htmx_with_just_the_list(client, tenant):
    PersonFactory(tenant=tenant, first_name="Åsa", last_name="Ödman")
    PersonFactory(tenant=tenant, first_name="Per", last_name="Nylén")

    response = client.get(
        url("staff_home", tenant), {"q": "ödm"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="people-list"
    )

    page = text(response)
    assert page.lstrip().startswith('<div id="people-list">')
    assert "Ödman, Åsa" in page and "Nylén" not in page


def test_reader_sees_forms_disabled_with_a_polite_note(client, tenant, office):
    reader = TenantRoleFactory(tenant=tenant, role=Role.READER).user
    client.force_login(reader)

    home = text(client.get(url("staff_home", tenant)))
    form = text(client.get(url("staff_unit_update", tenant, unit_id=office.pk)))

    assert "ändringar kräver rollen redaktör" in home
    assert url("staff_unit_create", tenant) not in home
    assert '<fieldset class="plain" disabled>' in form
    assert client.post(url("staff_unit_update", tenant, unit_id=office.pk), {"name": "X"}).status_code == 403
    assert Unit.objects.get(pk=office.pk).name == "Kommunledningsförvaltningen"


# Units -------------------------------------------------------------------------------------


def test_create_unit_under_a_parent(client, tenant, board, editor):
    response = client.post(
        url("staff_unit_create", tenant),
        {
            "name": "Ekonomiavdelningen",
            "short_name": "",
            "kind": UnitKind.DEPARTMENT,
            "parent": board.pk,
            "purpose": "Ansvarar för ekonomin.",
            "valid_from": "2024-01-01",
            "sort_order": "1",
        },
        follow=True,
    )

    unit = Unit.objects.get(name="Ekonomiavdelningen")
    assert unit.parent == board and unit.tenant == tenant and unit.valid_from == dt.date(2024, 1, 1)
    assert response.redirect_chain[-1][0] == url("staff_unit", tenant, unit_id=unit.pk)
    assert "Enheten ”Ekonomiavdelningen” har skapats." in text(response)
    assert_audited(tenant, editor, "unit.create")


def test_edit_unit_and_its_change_is_in_its_history(client, tenant, office, editor):
    data = {
        "name": "Kommunledningsförvaltningen",
        "kind": office.kind,
        "parent": office.parent_id,
        "place": "Örnsköldsvik",
        "purpose": "Leder och samordnar.",
        "sort_order": "0",
    }

    response = client.post(url("staff_unit_update", tenant, unit_id=office.pk), data, follow=True)

    office.refresh_from_db()
    assert office.purpose == "Leder och samordnar." and office.place == "Örnsköldsvik"
    assert "har sparats" in text(response)
    assert_audited(tenant, editor, "unit.update")
    assert last_event(tenant).page_id == office.pk


def test_parent_cycle_is_refused_in_swedish(client, tenant, board, office):
    data = {"name": "Kommunstyrelsen", "kind": board.kind, "parent": office.pk, "sort_order": "0"}

    response = client.post(url("staff_unit_update", tenant, unit_id=board.pk), data)

    assert response.status_code == 200
    assert "Det skulle bli en cirkel: ”Kommunstyrelsen” skulle hamna under sig själv." in text(response)
    assert "Formuläret innehåller fel" in text(response)
    board.refresh_from_db()
    assert board.parent is None


def test_end_before_start_is_refused_in_swedish(client, tenant):
    data = {
        "name": "Stab",
        "kind": UnitKind.STAFF_UNIT,
        "valid_from": "2024-05-01",
        "valid_to": "2024-04-30",
        "sort_order": "0",
    }

    response = client.post(url("staff_unit_create", tenant), data)

    assert "Slutdatum får inte vara före startdatum." in text(response)
    assert 'aria-invalid="true"' in text(response)
    assert not Unit.objects.filter(name="Stab").exists()


def test_another_tenants_unit_cannot_be_chosen_as_parent(client, tenant):
    foreign = UnitFactory(tenant=TenantFactory(slug="umea"), name="Umeå kommunstyrelse")
    data = {"name": "Stab", "kind": UnitKind.STAFF_UNIT, "parent": foreign.pk, "sort_order": "0"}

    response = client.post(url("staff_unit_create", tenant), data)

    assert "Välj ett giltigt alternativ" in text(response)
    assert "Umeå kommunstyrelse" not in text(response)
    assert not Unit.objects.filter(name="Stab").exists()


def test_another_tenants_unit_is_not_found_under_this_tenant(client, tenant):
    foreign = UnitFactory(tenant=TenantFactory(slug="umea"))

    assert client.get(url("staff_unit", tenant, unit_id=foreign.pk)).status_code == 404


# Posts, people and appointments ------------------------------------------------------------


def test_create_and_edit_a_post(client, tenant, office, editor):
    director = PostFactory(unit=office, title="Kommundirektör")
    client.post(
        url("staff_post_create", tenant, unit_id=office.pk),
        {
            "title": "Ekonomichef",
            "reports_to": director.pk,
            "single_holder": "on",
            "is_contact": "on",
            "sort_order": "2",
        },
    )
    post = Post.objects.get(title="Ekonomichef")
    assert post.reports_to == director and post.is_contact and post.unit == office
    assert_audited(tenant, editor, "post.create")

    response = client.post(
        url("staff_post", tenant, post_id=post.pk),
        {
            "title": "Ekonomidirektör",
            "unit": office.pk,
            "reports_to": director.pk,
            "single_holder": "on",
            "sort_order": "2",
        },
        follow=True,
    )

    post.refresh_from_db()
    assert post.title == "Ekonomidirektör" and not post.is_contact
    assert "Befattningen ”Ekonomidirektör” har sparats." in text(response)
    assert_audited(tenant, editor, "post.update")


def test_reports_to_cycle_is_refused_in_swedish(client, tenant, office):
    director = PostFactory(unit=office, title="Kommundirektör")
    deputy = PostFactory(unit=office, title="Biträdande kommundirektör", reports_to=director)

    response = client.post(
        url("staff_post", tenant, post_id=director.pk),
        {"title": "Kommundirektör", "unit": office.pk, "reports_to": deputy.pk, "sort_order": "0"},
    )

    assert "Det skulle bli en cirkel: ”Kommundirektör” skulle hamna under sig själv." in text(response)
    director.refresh_from_db()
    assert director.reports_to is None


def test_add_and_edit_a_person(client, tenant, editor):
    party = PartyFactory()
    client.post(
        url("staff_person_create", tenant),
        {"first_name": "Per", "last_name": "Nylén", "party": party.pk, "is_public": "on"},
    )
    person = Person.objects.get(last_name="Nylén")
    assert person.tenant == tenant and person.name_with_party == "Per Nylén (S)"
    assert_audited(tenant, editor, "person.create")

    response = client.post(
        url("staff_person", tenant, person_id=person.pk),
        {"first_name": "Per", "last_name": "Nylén", "party": party.pk},
        follow=True,
    )

    person.refresh_from_db()
    assert not person.is_public
    assert "visas inte på publika sidor" in text(response)
    assert_audited(tenant, editor, "person.update")


def test_appoint_a_holder_and_an_acting_holder_then_end(client, tenant, office, editor):
    post = PostFactory(unit=office, title="Kanslichef")
    lisa = PersonFactory(tenant=tenant, first_name="Lisa", last_name="Lindberg")
    lena = PersonFactory(tenant=tenant, first_name="Lena", last_name="Sandlin")

    client.post(
        url("staff_appointment_create", tenant, post_id=post.pk),
        {"person": lisa.pk, "valid_from": "2020-01-01"},
    )
    response = client.post(
        url("staff_appointment_create", tenant, post_id=post.pk),
        {"person": lena.pk, "valid_from": "2024-03-01", "acting": "on"},
        follow=True,
    )

    assert "Lena Sandlin har utsetts till ”Kanslichef”." in text(response)
    assert "vikarierande (vik.)" in text(response)
    assert_audited(tenant, editor, "appointment.create")
    acting = Appointment.objects.get(person=lena)
    assert acting.acting

    response = client.post(
        url("staff_appointment_end", tenant, appointment_id=acting.pk),
        {"valid_to": "2024-08-31"},
        follow=True,
    )

    acting.refresh_from_db()
    assert acting.valid_to == dt.date(2024, 8, 31)
    assert "2024-03-01 – 2024-08-31" in text(response)
    assert_audited(tenant, editor, "appointment.end")


def test_overlapping_holder_of_a_single_holder_post_is_refused_in_swedish(client, tenant, office):
    post = PostFactory(unit=office, title="Kommundirektör")
    AppointmentFactory(
        post=post, person__first_name="Magnus", person__last_name="Haglund", valid_from=dt.date(2019, 1, 1)
    )
    other = PersonFactory(tenant=tenant)

    response = client.post(
        url("staff_appointment_create", tenant, post_id=post.pk),
        {"person": other.pk, "valid_from": "2024-01-01"},
    )

    assert "”Kommundirektör” har redan Magnus Haglund som innehavare under den perioden." in text(response)
    assert post.appointments.count() == 1


def test_ending_an_appointment_before_it_began_is_refused(client, tenant, office):
    appointment = AppointmentFactory(post=PostFactory(unit=office), valid_from=dt.date(2020, 1, 1))

    response = client.post(
        url("staff_appointment_end", tenant, appointment_id=appointment.pk), {"valid_to": "2019-12-31"}
    )

    assert "Slutdatum får inte vara före startdatum." in text(response)
    appointment.refresh_from_db()
    assert appointment.valid_to is None


def test_another_tenants_person_cannot_be_appointed(client, tenant, office):
    post = PostFactory(unit=office)
    foreign = PersonFactory(tenant=TenantFactory(slug="umea"))

    response = client.post(
        url("staff_appointment_create", tenant, post_id=post.pk),
        {"person": foreign.pk, "valid_from": "2024-01-01"},
    )

    assert "Välj ett giltigt alternativ" in text(response)
    assert not post.appointments.exists()


# Groups ------------------------------------------------------------------------------------


def test_add_members_by_person_and_by_post(client, tenant, office, editor):
    group = UnitFactory(tenant=tenant, kind=UnitKind.MANAGEMENT_TEAM, name="Kommunchefens ledningsgrupp")
    chief = PostFactory(unit=office, title="Kommunchef")
    AppointmentFactory(post=chief, person__first_name="Magnus", person__last_name="Haglund")
    chair = PersonFactory(tenant=tenant, first_name="Therese", last_name="Berg")

    client.post(
        url("staff_membership_create", tenant, unit_id=group.pk),
        {"post": chief.pk, "role": MembershipRole.CHAIR, "sort_order": "0"},
    )
    response = client.post(
        url("staff_membership_create", tenant, unit_id=group.pk),
        {
            "person": chair.pk,
            "role": MembershipRole.OPTIONAL_ATTENDEE,
            "on_behalf_of": tenant.pk,
            "valid_from": "2024-01-01",
            "sort_order": "1",
        },
        follow=True,
    )

    assert group.memberships.get(post=chief).role == MembershipRole.CHAIR
    seat = group.memberships.get(person=chair)
    assert seat.on_behalf_of == tenant and seat.valid_from == dt.date(2024, 1, 1)
    page = text(response)
    assert "den som innehar ”Kommunchef”" in page and "Therese Berg" in page
    assert_audited(tenant, editor, "membership.create")


def test_collaboration_seats_a_public_person_of_a_member_municipality(client, editor):
    region = TenantFactory(slug="umearegionen", name="Umeåregionen", collaboration=True)
    vindeln = TenantFactory(slug="vindeln", name="Vindelns kommun")
    region.member_links.create(municipality=vindeln)
    TenantRoleFactory(user=editor, tenant=region)
    group = UnitFactory(tenant=region, kind=UnitKind.CHIEF_EXECUTIVES_GROUP, name="Kommunchefsgruppen")
    therese = PersonFactory(tenant=vindeln, first_name="Therese", last_name="Berg")
    hidden = PersonFactory(tenant=vindeln, first_name="Skyddad", last_name="Person", protected=True)

    form_page = text(client.get(url("staff_membership_create", region, unit_id=group.pk)))
    client.post(
        url("staff_membership_create", region, unit_id=group.pk),
        {"person": therese.pk, "role": MembershipRole.CHAIR, "on_behalf_of": vindeln.pk, "sort_order": "0"},
    )

    assert "Berg, Therese" in form_page and "Skyddad" not in form_page
    assert group.memberships.get().on_behalf_of == vindeln
    assert hidden.memberships.count() == 0


def test_member_needs_exactly_one_of_person_post_and_group(client, tenant, office):
    group = UnitFactory(tenant=tenant, kind=UnitKind.MANAGEMENT_TEAM)

    response = client.post(
        url("staff_membership_create", tenant, unit_id=group.pk),
        {"role": MembershipRole.MEMBER, "sort_order": "0"},
    )

    assert "Välj en person, en befattning eller en hel grupp." in text(response)
    assert not Membership.objects.exists()


def test_end_a_membership(client, tenant, editor):
    group = UnitFactory(tenant=tenant, kind=UnitKind.MANAGEMENT_TEAM)
    seat = Membership.objects.create(group=group, person=PersonFactory(tenant=tenant))

    client.post(url("staff_membership_end", tenant, membership_id=seat.pk), {"valid_to": "2024-12-31"})

    seat.refresh_from_db()
    assert seat.valid_to == dt.date(2024, 12, 31)
    assert_audited(tenant, editor, "membership.end")


# Contact points ----------------------------------------------------------------------------


@pytest.mark.parametrize("owner_kind", ["unit", "post", "person"])
def test_add_a_phone_number_shows_it_normalised(client, tenant, office, editor, owner_kind):
    owner = {"unit": office, "post": PostFactory(unit=office), "person": PersonFactory(tenant=tenant)}[
        owner_kind
    ]
    name = f"staff_{owner_kind}_contact_add"

    response = client.post(
        url(name, tenant, **{f"{owner_kind}_id": owner.pk}),
        {"kind": "switchboard", "value": "0660 88 300", "label": "", "is_public": "on", "sort_order": "0"},
        follow=True,
    )

    point = ContactPoint.objects.get(**{owner_kind: owner})
    assert point.value == "+4666088300"
    assert "Lade till växel: 0660-883 00." in text(response)
    assert "Växel: 0660-883 00" in text(response)
    assert_audited(tenant, editor, "contact.add")


def test_bad_phone_number_is_refused_in_swedish(client, tenant, office):
    response = client.post(
        url("staff_unit_contact_add", tenant, unit_id=office.pk),
        {"kind": "phone", "value": "12", "sort_order": "0"},
    )

    assert "”12” är inte ett giltigt telefonnummer." in text(response)
    assert not ContactPoint.objects.exists()


def test_remove_a_contact_point(client, tenant, office, editor):
    point = ContactPointFactory(unit=office, value="+4666088300")

    confirm = text(client.get(url("staff_contact_remove", tenant, contact_id=point.pk)))
    client.post(url("staff_contact_remove", tenant, contact_id=point.pk))

    assert "0660-883 00" in confirm
    assert not ContactPoint.objects.filter(pk=point.pk).exists()
    assert_audited(tenant, editor, "contact.remove")


# Reorganisations ---------------------------------------------------------------------------

DECISION = {"decision_date": "2008-10-27", "decision_reference": "KS § 233", "description": ""}


def test_merge_three_offices_into_one(client, tenant, board, editor):
    offices = [
        UnitFactory(tenant=tenant, parent=board, name=n, kind=UnitKind.EXECUTIVE_OFFICE)
        for n in ("Kommunledningskontoret", "Ekonomikontoret", "Personalkontoret")
    ]

    response = client.post(
        url("staff_merge", tenant),
        {
            "sources": [u.pk for u in offices],
            "title": "Nytt kommunledningskontor",
            "effective_date": "2009-01-01",
            "name": "Kommunledningskontoret",
            "kind": UnitKind.EXECUTIVE_OFFICE,
            "parent": board.pk,
            "decided_by": board.pk,
            **DECISION,
        },
        follow=True,
    )

    reorganisation = Reorganisation.objects.get(kind="merge")
    assert reorganisation.decided_by == board and reorganisation.decision_reference == "KS § 233"
    for unit in offices:
        unit.refresh_from_db()
        assert unit.valid_to == dt.date(2008, 12, 31)
    assert Unit.objects.get(name="Kommunledningskontoret", valid_from=dt.date(2009, 1, 1)).parent == board
    assert "Omorganisationen ”Nytt kommunledningskontor” från 2009-01-01 har sparats." in text(response)
    assert_audited(tenant, editor, "reorganisation.merge")


def test_merge_of_a_single_unit_is_refused_in_swedish(client, tenant, office):
    response = client.post(
        url("staff_merge", tenant),
        {
            "sources": [office.pk],
            "title": "X",
            "effective_date": "2025-01-01",
            "name": "Y",
            "kind": UnitKind.DEPARTMENT,
            **DECISION,
        },
    )

    assert "En sammanslagning kräver minst två enheter." in text(response)
    assert not Reorganisation.objects.exists()


def test_split_a_unit(client, tenant, office, editor):
    response = client.post(
        url("staff_split", tenant, unit_id=office.pk),
        {
            "title": "Delning",
            "effective_date": "2025-01-01",
            "name_1": "Ekonomiavdelningen",
            "kind_1": UnitKind.DEPARTMENT,
            "name_2": "Personalavdelningen",
            "kind_2": UnitKind.DEPARTMENT,
            **DECISION,
        },
    )

    assert response.status_code == 302
    office.refresh_from_db()
    assert office.valid_to == dt.date(2024, 12, 31)
    assert set(Unit.objects.filter(valid_from=dt.date(2025, 1, 1)).values_list("name", flat=True)) == {
        "Ekonomiavdelningen",
        "Personalavdelningen",
    }
    assert_audited(tenant, editor, "reorganisation.split")


def test_rename_keeps_the_old_name_for_earlier_dates(client, tenant, office, editor):
    client.post(
        url("staff_rename", tenant, unit_id=office.pk),
        {
            "name": "Kommunledningskontoret",
            "short_name": "KLK",
            "effective_date": "2025-01-01",
            "title": "",
            **DECISION,
        },
    )

    office.refresh_from_db()
    assert office.name == "Kommunledningskontoret" and office.short_name == "KLK"
    assert office.changes.get(field="name").old_text == "Kommunledningsförvaltningen"
    assert_audited(tenant, editor, "reorganisation.rename")


def test_move_into_own_sub_unit_is_refused_in_swedish(client, tenant, board, office):
    response = client.post(
        url("staff_move", tenant, unit_id=board.pk),
        {"parent": office.pk, "effective_date": "2025-01-01", **DECISION},
    )

    assert "Det skulle bli en cirkel" in text(response)
    assert not Reorganisation.objects.exists()


def test_move_a_unit(client, tenant, board, office, editor):
    staff = UnitFactory(tenant=tenant, name="Stab", kind=UnitKind.STAFF_UNIT, parent=board)

    client.post(
        url("staff_move", tenant, unit_id=staff.pk),
        {"parent": office.pk, "effective_date": "2025-01-01", **DECISION},
    )

    staff.refresh_from_db()
    assert staff.parent == office
    assert_audited(tenant, editor, "reorganisation.move")


def test_transfer_public_health_to_the_executive_office(client, tenant, office, editor):
    leisure = UnitFactory(tenant=tenant, kind=UnitKind.COMMITTEE, name="Fritidsnämnden")
    client.post(
        url("staff_responsibility_add", tenant, unit_id=leisure.pk),
        {"name": "Folkhälsa", "valid_from": "2000-01-01"},
    )
    health = Responsibility.objects.get(unit=leisure)

    response = client.post(
        url("staff_transfer", tenant, responsibility_id=health.pk),
        {"to_unit": office.pk, "effective_date": "2009-01-01", "title": "", **DECISION},
        follow=True,
    )

    health.refresh_from_db()
    assert health.valid_to == dt.date(2008, 12, 31)
    assert Responsibility.objects.get(unit=office).valid_from == dt.date(2009, 1, 1)
    assert "Folkhälsa flyttas från ”Fritidsnämnden” till ”Kommunledningsförvaltningen”" in text(response)
    assert_audited(tenant, editor, "reorganisation.transfer")


def test_dissolve_a_unit_and_add_decision_steps(client, tenant, board, office, editor):
    post = PostFactory(unit=office)
    client.post(
        url("staff_dissolve", tenant, unit_id=office.pk),
        {
            "title": "Förvaltningen avvecklas",
            "effective_date": "2025-01-01",
            "decided_by": board.pk,
            **DECISION,
        },
    )
    reorganisation = Reorganisation.objects.get(kind="dissolve")
    post.refresh_from_db()
    assert post.valid_to == dt.date(2024, 12, 31)
    assert_audited(tenant, editor, "reorganisation.dissolve")

    response = client.post(
        url("staff_reorganisation", tenant, reorganisation_id=reorganisation.pk),
        {
            "date": "2007-10-01",
            "date_text": "hösten 2007",
            "body": board.pk,
            "description": "Beslut om förstudie",
            "reference": "KF § 45",
        },
        follow=True,
    )

    step = DecisionStep.objects.get()
    assert step.body == board and step.date_text == "hösten 2007"
    assert "hösten 2007" in text(response) and "Beslut om förstudie" in text(response)
    assert_audited(tenant, editor, "reorganisation.step")


def test_decision_after_effective_date_is_refused_in_swedish(client, tenant, office):
    response = client.post(
        url("staff_dissolve", tenant, unit_id=office.pk),
        {"title": "X", "effective_date": "2025-01-01", "decision_date": "2025-02-01"},
    )

    assert "Beslutet måste fattas senast den dag förändringen träder i kraft." in text(response)
    assert Unit.objects.get(pk=office.pk).valid_to is None


# Issue 6: ids from another organisation, forms sent twice, odd dates -----------------------

MISSING_ID = 987654321
INVALID_CHOICE = "Välj ett giltigt alternativ. Det valet finns inte bland tillgängliga alternativ."


def form_errors(response):
    """The form's errors as the page shows them, without the id that was posted."""
    return sorted(str(e) for errors in response.context["form"].errors.values() for e in errors)


@pytest.fixture
def region(editor):
    """A collaboration with two member municipalities, edited by ``editor``."""
    region = TenantFactory(slug="umearegionen", name="Umeåregionen", collaboration=True)
    for slug, name in (("vindeln", "Vindelns kommun"), ("robertsfors", "Robertsfors kommun")):
        region.member_links.create(municipality=TenantFactory(slug=slug, name=name))
    TenantRoleFactory(user=editor, tenant=region, role=Role.EDITOR)
    return region


def appointment_post(tenant, office, person_id):
    post = PostFactory(unit=office)
    return url("staff_appointment_create", tenant, post_id=post.pk), {
        "person": person_id,
        "valid_from": "2024-01-01",
    }


def membership_post(tenant, office, person_id, on_behalf_of=None):
    group = UnitFactory(tenant=tenant, kind=UnitKind.MANAGEMENT_TEAM)
    data = {"person": person_id, "role": MembershipRole.MEMBER, "sort_order": "0"}
    if on_behalf_of is not None:
        data["on_behalf_of"] = on_behalf_of.pk
    return url("staff_membership_create", tenant, unit_id=group.pk), data


@pytest.mark.parametrize(
    "make_request", [appointment_post, membership_post], ids=["appointment", "membership"]
)
def test_another_organisations_hidden_person_is_refused_like_a_missing_id(
    client, tenant, office, make_request
):
    hidden = PersonFactory(tenant=TenantFactory(slug="hassleholm"), last_name="Hemligsson", protected=True)
    before = (Appointment.objects.count(), Membership.objects.count())

    path, data = make_request(tenant, office, hidden.pk)
    foreign = client.post(path, data)
    missing = client.post(path, {**data, "person": MISSING_ID})

    assert foreign.status_code == missing.status_code == 200
    assert form_errors(foreign) == form_errors(missing) == [INVALID_CHOICE]
    assert "Hemligsson" not in text(foreign)
    assert (Appointment.objects.count(), Membership.objects.count()) == before


@pytest.mark.parametrize("protected", [False, True], ids=["public", "hidden"])
def test_a_collaboration_post_is_held_by_its_own_people_not_a_member_municipalitys(client, region, protected):
    """Only a seat in a group may name another municipality's person (S3.3); a post of the
    collaboration is held by the collaboration's own staff."""
    vindeln = Tenant.objects.get(slug="vindeln")
    office = UnitFactory(tenant=region, kind=UnitKind.SECRETARIAT, name="Kansliet")
    person = PersonFactory(tenant=vindeln, is_public=not protected)

    path, data = appointment_post(region, office, person.pk)
    foreign = client.post(path, data)
    missing = client.post(path, {**data, "person": MISSING_ID})

    assert form_errors(foreign) == form_errors(missing) == [INVALID_CHOICE]
    assert not Appointment.objects.exists()


def test_a_collaboration_seat_names_only_a_public_person_of_the_municipality_it_represents(client, region):
    """S3.3: the Örnsköldsvik director sits in Umeåregionen's group on behalf of Örnsköldsvik,
    not on behalf of another member, and a protected person of a member never."""
    vindeln, robertsfors = Tenant.objects.get(slug="vindeln"), Tenant.objects.get(slug="robertsfors")
    group_office = UnitFactory(tenant=region)
    therese = PersonFactory(tenant=vindeln, first_name="Therese", last_name="Berg")
    hidden = PersonFactory(tenant=vindeln, protected=True)

    refused = [
        client.post(*membership_post(region, group_office, therese.pk, on_behalf_of=robertsfors)),
        client.post(*membership_post(region, group_office, therese.pk)),
        client.post(*membership_post(region, group_office, hidden.pk, on_behalf_of=vindeln)),
        client.post(*membership_post(region, group_office, MISSING_ID, on_behalf_of=vindeln)),
    ]
    accepted = client.post(*membership_post(region, group_office, therese.pk, on_behalf_of=vindeln))

    assert [form_errors(r) for r in refused] == [[INVALID_CHOICE]] * 4
    assert accepted.status_code == 302
    assert Membership.objects.get().on_behalf_of == vindeln


def test_another_organisations_id_in_a_staff_address_is_as_missing_as_a_missing_id(client, tenant):
    foreign = PersonFactory(tenant=TenantFactory(slug="hassleholm"))

    for person_id in (foreign.pk, MISSING_ID):
        response = client.get(url("staff_person", tenant, person_id=person_id))
        assert response.status_code == 404
        assert "Sidan kunde inte hittas" in text(response)


CREATE_FORMS = {
    "person": (
        lambda tenant, office: url("staff_person_create", tenant),
        lambda office: {"first_name": "Åsa", "last_name": "Ödman"},
        Person,
    ),
    "unit": (
        lambda tenant, office: url("staff_unit_create", tenant),
        lambda office: {
            "name": "Kansliet",
            "kind": UnitKind.SECRETARIAT,
            "parent": office.pk,
            "sort_order": 0,
        },
        Unit,
    ),
    "post": (
        lambda tenant, office: url("staff_post_create", tenant, unit_id=office.pk),
        lambda office: {"title": "Kanslichef", "single_holder": "on", "sort_order": 0},
        Post,
    ),
    "appointment": (
        lambda tenant, office: url("staff_appointment_create", tenant, post_id=PostFactory(unit=office).pk),
        lambda office: {"person": PersonFactory(tenant=office.tenant).pk, "valid_from": "2024-01-01"},
        Appointment,
    ),
}


@pytest.mark.parametrize("kind", CREATE_FORMS)
def test_a_form_sent_twice_creates_one_row_and_leads_to_the_same_page(client, tenant, office, kind):
    path, data, model = CREATE_FORMS[kind]
    path = path(tenant, office)
    data = {**data(office), "once": str(uuid.uuid4())}
    before = model.objects.count()

    first = client.post(path, data)
    second = client.post(path, data)

    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert model.objects.count() == before + 1
    page = text(client.get(second["Location"]))
    assert "Formuläret hade redan skickats; inget mer ändrades." in page


def test_every_staff_form_carries_a_fresh_once_only_token(client, tenant, office):
    pages = [text(client.get(url("staff_person_create", tenant))) for _ in range(2)]

    tokens = [page.split('name="once" value="')[1].split('"')[0] for page in pages]
    assert tokens[0] != tokens[1]
    assert all(uuid.UUID(token) for token in tokens)


def test_a_form_without_its_token_changes_nothing_and_says_so(client, tenant):
    response = client.post(
        url("staff_person_create", tenant), {"first_name": "Åsa", "last_name": "Ödman", "once": ""}
    )

    assert response.status_code == 200
    assert "Formuläret kunde inte skickas som det var. Kontrollera fälten och skicka det igen." in text(
        response
    )
    assert 'name="once" value="' in text(response)
    assert not Person.objects.exists()


def test_a_refused_form_can_be_corrected_and_sent_again_with_the_same_token(client, tenant, board, office):
    """The token is consumed only with a change: a rule the service refuses leaves it unused."""
    path = url("staff_unit_update", tenant, unit_id=board.pk)
    data = {"name": board.name, "kind": board.kind, "sort_order": 0, "once": str(uuid.uuid4())}

    refused = client.post(path, {**data, "parent": office.pk})  # a cycle: KS under its own office
    corrected = client.post(path, {**data, "name": "Kommunstyrelsen (KS)"})

    assert "has-error" in text(refused)
    assert corrected.status_code == 302
    board.refresh_from_db()
    assert board.name == "Kommunstyrelsen (KS)" and board.parent is None


@pytest.mark.parametrize(
    ("route", "field", "value"),
    [
        ("staff_unit_create", "valid_from", "0001-01-01"),
        ("staff_unit_create", "valid_to", "9999-12-31"),
        ("staff_dissolve", "effective_date", "0001-01-01"),
        ("staff_rename", "effective_date", "2201-01-01"),
    ],
)
def test_a_date_outside_1800_to_2200_is_refused_on_its_field(client, tenant, office, route, field, value):
    kwargs = {} if route == "staff_unit_create" else {"unit_id": office.pk}
    data = {
        "name": "Nytt namn",
        "kind": UnitKind.SECRETARIAT,
        "sort_order": 0,
        "title": "Ändring",
        "effective_date": "2024-01-01",
        field: value,
    }
    before = (Unit.objects.count(), Reorganisation.objects.count())

    response = client.post(url(route, tenant, **kwargs), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == ["Ange ett datum mellan 1800-01-01 och 2200-12-31."]
    assert (Unit.objects.count(), Reorganisation.objects.count()) == before


@pytest.mark.django_db(transaction=True)
def test_two_sends_of_one_form_at_the_same_moment_create_one_person(tenant, editor):
    """Two processes get the same form at once (a double click on a slow line): the database's
    unique token decides, and both answers lead to the one new person."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads need a database file or server; run with DATABASE_URL=postgres://…")
    path = url("staff_person_create", tenant)
    data = {"first_name": "Åsa", "last_name": "Ödman", "once": str(uuid.uuid4())}
    login = Client()
    login.force_login(editor)
    start = threading.Barrier(2)
    answers = []

    def send() -> None:
        client = Client()
        client.cookies = login.cookies
        start.wait()
        try:
            answers.append(client.post(path, data))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    person = Person.objects.get()
    assert [a.status_code for a in answers] == [302, 302]
    assert {a["Location"] for a in answers} == {url("staff_person", tenant, person_id=person.pk)}
    assert AuditEvent.objects.filter(action="person.create").count() == 1


@pytest.mark.parametrize("parent", ["²", "99999999999999999999999", "-1", "foreign"])
def test_an_odd_parent_in_the_new_unit_address_preselects_nothing(client, tenant, parent):
    if parent == "foreign":
        parent = str(UnitFactory(tenant=TenantFactory(slug="hassleholm"), name="Främmande").pk)

    response = client.get(url("staff_unit_create", tenant), {"parent": parent})

    assert response.status_code == 200
    assert response.context["form"].initial["parent"] is None
    assert "Främmande" not in text(response)


@pytest.mark.parametrize("query", ["Hol\x00m", "Holm" * 100])
def test_a_people_search_the_form_refuses_lists_everybody_and_says_why(client, tenant, query):
    PersonFactory(tenant=tenant, first_name="Anna", last_name="Holm")

    response = client.get(url("staff_home", tenant), {"q": query})

    assert response.status_code == 200
    assert "Holm, Anna" in text(response)
    assert 'id="id_q_error"' in text(response)


@pytest.mark.parametrize("pk", ["99999999999999999999", "9223372036854775808", "²", "1e5", "\x00"])
def test_an_id_no_row_can_have_is_an_invalid_choice(client, tenant, office, pk):
    response = client.post(
        url("staff_merge", tenant),
        {
            "sources": [pk, office.pk],
            "title": "Sammanslagning",
            "effective_date": "2024-01-01",
            "name": "Nya kontoret",
            "kind": UnitKind.EXECUTIVE_OFFICE,
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["sources"]
    assert not Reorganisation.objects.exists()
