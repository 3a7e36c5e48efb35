"""The rules of the organisation registry, tested through the services that enforce them."""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from radhus.core.models import AuditEvent
from radhus.organisation import selectors, services
from radhus.organisation.models import (
    Appointment,
    ContactPoint,
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
    PersonFactory,
    PostFactory,
    TenantFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def tenant():
    return TenantFactory(name="Hässleholms kommun", slug="hassleholm")


@pytest.fixture
def editor():
    return UserFactory(username="registrator", first_name="Rut", last_name="Registrator")


def names(forest):
    return [n.unit.name for n in forest]


# Validity ----------------------------------------------------------------------------------


def test_a_unit_cannot_end_before_it_starts(tenant, editor):
    with pytest.raises(ValidationError) as exc:
        services.unit_create(
            tenant=tenant,
            actor=editor,
            kind=UnitKind.DEPARTMENT,
            name="Avdelning",
            valid_from=D(2020, 1, 1),
            valid_to=D(2019, 12, 31),
        )
    assert "valid_to" in exc.value.message_dict
    assert not Unit.objects.exists()


def test_the_database_also_refuses_an_end_before_the_start(tenant):
    """The invariant is a CHECK constraint too, so no code path can skip it."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(
            tenant=tenant,
            kind=UnitKind.DEPARTMENT,
            name="X",
            slug="x",
            valid_from=D(2020, 1, 1),
            valid_to=D(2019, 1, 1),
        )


# Single holder -----------------------------------------------------------------------------


def test_a_single_holder_post_refuses_a_second_overlapping_holder(tenant, editor):
    post = PostFactory(unit__tenant=tenant, title="Kommunchef")
    services.appointment_create(
        post=post, person=PersonFactory(tenant=tenant), actor=editor, valid_from=D(2008, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        services.appointment_create(
            post=post, person=PersonFactory(tenant=tenant), actor=editor, valid_from=D(2010, 1, 1)
        )
    assert "Kommunchef" in exc.value.message_dict["valid_from"][0]
    assert post.appointments.count() == 1


def test_an_acting_holder_may_stand_in_beside_the_holder(tenant, editor):
    """S3.3: Umeåregionen has a head of office and an acting (vik.) head of office."""
    post = PostFactory(unit__tenant=tenant, title="Kanslichef")
    services.appointment_create(
        post=post, person=PersonFactory(tenant=tenant), actor=editor, valid_from=D(2020, 1, 1)
    )
    acting = services.appointment_create(
        post=post, person=PersonFactory(tenant=tenant), actor=editor, valid_from=D(2021, 1, 1), acting=True
    )
    holders = selectors.holders_on(post, D(2021, 6, 1))
    assert [a.acting for a in holders] == [False, True]
    assert holders[1] == acting


def test_two_acting_holders_may_not_overlap_either(tenant, editor):
    post = PostFactory(unit__tenant=tenant)
    services.appointment_create(
        post=post, person=PersonFactory(tenant=tenant), actor=editor, valid_from=D(2021, 1, 1), acting=True
    )
    with pytest.raises(ValidationError):
        services.appointment_create(
            post=post,
            person=PersonFactory(tenant=tenant),
            actor=editor,
            valid_from=D(2021, 2, 1),
            acting=True,
        )


def test_a_shared_post_may_have_several_holders(tenant, editor):
    post = PostFactory(unit__tenant=tenant, title="Handläggare", shared=True)
    for _ in range(3):
        services.appointment_create(
            post=post, person=PersonFactory(tenant=tenant), actor=editor, valid_from=D(2020, 1, 1)
        )
    assert len(selectors.holders_on(post, D(2020, 1, 1))) == 3


def test_an_appointment_must_lie_within_the_posts_period(tenant, editor):
    post = PostFactory(unit__tenant=tenant, valid_from=D(2009, 1, 1), valid_to=D(2012, 12, 31))
    with pytest.raises(ValidationError):
        services.appointment_create(
            post=post, person=PersonFactory(tenant=tenant), actor=editor, valid_from=D(2008, 6, 1)
        )
    with pytest.raises(ValidationError):
        services.appointment_create(
            post=post, person=PersonFactory(tenant=tenant), actor=editor, valid_from=D(2009, 1, 1)
        )


intervals = st.tuples(st.integers(0, 60), st.integers(0, 30)).map(
    lambda t: (D(2020, 1, 1) + dt.timedelta(days=t[0]), D(2020, 1, 1) + dt.timedelta(days=t[0] + t[1]))
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=intervals, second=intervals)
def test_a_second_holder_is_accepted_exactly_when_the_periods_do_not_overlap(tenant, editor, first, second):
    post = PostFactory(unit__tenant=tenant)
    try:
        services.appointment_create(
            post=post,
            person=PersonFactory(tenant=tenant),
            actor=editor,
            valid_from=first[0],
            valid_to=first[1],
        )
        overlap = max(first[0], second[0]) <= min(first[1], second[1])
        if overlap:
            with pytest.raises(ValidationError):
                services.appointment_create(
                    post=post,
                    person=PersonFactory(tenant=tenant),
                    actor=editor,
                    valid_from=second[0],
                    valid_to=second[1],
                )
        else:
            services.appointment_create(
                post=post,
                person=PersonFactory(tenant=tenant),
                actor=editor,
                valid_from=second[0],
                valid_to=second[1],
            )
        assert post.appointments.count() == (1 if overlap else 2)
    finally:
        Appointment.objects.filter(post=post).delete()


# Cycles and tenants ------------------------------------------------------------------------


def test_a_unit_cannot_be_placed_under_its_own_descendant(tenant, editor):
    top = services.unit_create(tenant=tenant, actor=editor, kind=UnitKind.ADMINISTRATION, name="Förvaltning")
    middle = services.unit_create(
        tenant=tenant, actor=editor, kind=UnitKind.DEPARTMENT, name="Avdelning", parent=top
    )
    bottom = services.unit_create(
        tenant=tenant, actor=editor, kind=UnitKind.UNIT, name="Enhet", parent=middle
    )
    with pytest.raises(ValidationError) as exc:
        services.unit_update(unit=top, actor=editor, parent=bottom)
    assert "parent" in exc.value.message_dict
    top.refresh_from_db()
    assert top.parent is None


def test_a_post_cannot_report_to_a_post_below_it(tenant, editor):
    unit = UnitFactory(tenant=tenant)
    director = services.post_create(unit=unit, actor=editor, title="Kommundirektör")
    head = services.post_create(unit=unit, actor=editor, title="Ekonomichef", reports_to=director)
    with pytest.raises(ValidationError) as exc:
        services.post_update(post=director, actor=editor, reports_to=head)
    assert "reports_to" in exc.value.message_dict


def test_a_unit_cannot_be_placed_under_another_municipalitys_unit(tenant, editor):
    other = UnitFactory(tenant=TenantFactory(slug="munkedal"))
    with pytest.raises(ValidationError) as exc:
        services.unit_create(tenant=tenant, actor=editor, kind=UnitKind.DEPARTMENT, name="X", parent=other)
    assert "parent" in exc.value.message_dict


def test_the_responsible_body_must_be_political(tenant, editor):
    office = UnitFactory(tenant=tenant, kind=UnitKind.EXECUTIVE_OFFICE)
    with pytest.raises(ValidationError):
        services.unit_create(
            tenant=tenant, actor=editor, kind=UnitKind.DEPARTMENT, name="X", responsible_body=office
        )


# Contact points ----------------------------------------------------------------------------


def test_phone_numbers_are_stored_normalised(tenant, editor):
    unit = UnitFactory(tenant=tenant)
    point = services.contact_point_add(owner=unit, actor=editor, kind="switchboard", value="0660 - 880 00")
    assert point.value == "+4666088000"
    assert point.display == "0660-880 00"


@pytest.mark.parametrize(("kind", "value"), [("phone", "12"), ("email", "inte-en-adress"), ("web", "kommun")])
def test_broken_contact_details_are_refused(tenant, editor, kind, value):
    with pytest.raises(ValidationError) as exc:
        services.contact_point_add(owner=UnitFactory(tenant=tenant), actor=editor, kind=kind, value=value)
    assert "value" in exc.value.message_dict
    assert not ContactPoint.objects.exists()


def test_a_contact_point_has_exactly_one_owner_in_the_database(tenant):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactPoint.objects.create(kind="phone", value="+4666088000")


# Groups ------------------------------------------------------------------------------------


def test_a_seat_held_by_a_post_goes_to_whoever_holds_the_post_that_day(tenant, editor):
    """S2.2: Munkedal's management group is defined by posts."""
    klg = UnitFactory(tenant=tenant, kind=UnitKind.MANAGEMENT_TEAM, name="Kommunchefens ledningsgrupp")
    post = PostFactory(unit__tenant=tenant, title="Ekonomichef")
    first, second = PersonFactory(tenant=tenant), PersonFactory(tenant=tenant)
    services.appointment_create(
        post=post, person=first, actor=editor, valid_from=D(2015, 1, 1), valid_to=D(2019, 12, 31)
    )
    services.membership_create(
        group=klg, actor=editor, role=MembershipRole.MEMBER, post=post, valid_from=D(2015, 1, 1)
    )
    assert [s.person for s in selectors.members_on(klg, D(2018, 1, 1))] == [first]
    vacant = selectors.members_on(klg, D(2020, 1, 1))
    assert [(s.person, s.post) for s in vacant] == [(None, post)]
    services.appointment_create(post=post, person=second, actor=editor, valid_from=D(2020, 3, 1))
    assert [s.person for s in selectors.members_on(klg, D(2020, 3, 1))] == [second]


def test_a_membership_is_held_by_a_person_or_a_post_never_both(tenant):
    group = UnitFactory(tenant=tenant, kind=UnitKind.WORKING_GROUP)
    post = PostFactory(unit=group)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(group=group, person=PersonFactory(tenant=tenant), post=post)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(group=group)


def test_a_person_holds_posts_in_several_organisations(editor):
    """S3.3: Örnsköldsvik's director also sits in Umeåregionen's chief executives' group."""
    ovik = TenantFactory(name="Örnsköldsviks kommun", slug="ornskoldsvik")
    region = TenantFactory(name="Umeåregionen", slug="umearegionen", collaboration=True)
    director = PersonFactory(tenant=ovik, first_name="Magnus", last_name="Haglund")
    post = PostFactory(unit__tenant=ovik, title="Kommundirektör")
    services.appointment_create(post=post, person=director, actor=editor, valid_from=D(2019, 1, 1))
    group = UnitFactory(tenant=region, kind=UnitKind.CHIEF_EXECUTIVES_GROUP, name="Kommunchefsgruppen")
    services.membership_create(
        group=group, actor=editor, role=MembershipRole.MEMBER, person=director, on_behalf_of=ovik
    )
    roles = selectors.person_roles(director, D(2024, 1, 1))
    assert [(r.tenant.name, r.title) for r in roles] == [
        ("Örnsköldsviks kommun", "Kommundirektör"),
        ("Umeåregionen", "Medlem"),
    ]


# Reorganisations ---------------------------------------------------------------------------


@pytest.fixture
def hassleholm(tenant, editor):
    ks = services.unit_create(
        tenant=tenant, actor=editor, kind=UnitKind.EXECUTIVE_BOARD, name="Kommunstyrelsen"
    )
    offices = [
        services.unit_create(tenant=tenant, actor=editor, kind=kind, name=name, parent=ks)
        for kind, name in [
            (UnitKind.EXECUTIVE_OFFICE, "Kommunledningskontoret"),
            (UnitKind.ADMINISTRATION, "Ekonomikontoret"),
            (UnitKind.ADMINISTRATION, "Personalkontoret"),
        ]
    ]
    return ks, offices


def test_a_merger_ends_the_old_offices_the_day_before_the_new_one_starts(tenant, editor, hassleholm):
    """S1.2: three offices become one kommunledningskontor from 2009-01-01."""
    ks, offices = hassleholm
    ekonomichef = PostFactory(unit=offices[1], title="Ekonomichef")
    holder = AppointmentFactory(post=ekonomichef, valid_from=D(2005, 1, 1))
    reorganisation, new = services.reorganisation_merge(
        sources=offices,
        actor=editor,
        effective_date=D(2009, 1, 1),
        title="Nytt kommunledningskontor",
        result={"kind": UnitKind.EXECUTIVE_OFFICE, "name": "Kommunledningskontoret", "parent": ks},
        decided_by=ks,
        decision_date=D(2008, 10, 15),
    )
    before = selectors.tree_as_of(tenant, D(2008, 12, 31))
    after = selectors.tree_as_of(tenant, D(2009, 1, 1))
    assert names(before[0].children) == ["Ekonomikontoret", "Kommunledningskontoret", "Personalkontoret"]
    assert [n.unit.pk for n in after[0].children] == [new.pk]
    holder.refresh_from_db()
    assert holder.valid_to == D(2008, 12, 31)
    assert Post.objects.get(pk=ekonomichef.pk).valid_to == D(2008, 12, 31)
    assert set(reorganisation.units.all()) == {*offices, new}


def test_a_merger_needs_two_units(tenant, editor, hassleholm):
    with pytest.raises(ValidationError):
        services.reorganisation_merge(
            sources=hassleholm[1][:1],
            actor=editor,
            effective_date=D(2009, 1, 1),
            title="X",
            result={"kind": UnitKind.DEPARTMENT, "name": "Y"},
        )


def test_a_merger_names_each_unit_once(tenant, editor, hassleholm):
    """The same office named twice is one unit, not a merger of two: refused on the units."""
    office = hassleholm[1][1]
    with pytest.raises(ValidationError) as caught:
        services.reorganisation_merge(
            sources=[office, office],
            actor=editor,
            effective_date=D(2009, 1, 1),
            title="X",
            result={"kind": UnitKind.DEPARTMENT, "name": "Y"},
        )
    assert caught.value.message_dict == {"sources": ["Varje enhet får bara anges en gång."]}
    assert Unit.objects.get(pk=office.pk).valid_to is None


def test_a_responsibility_cannot_be_transferred_to_the_unit_that_has_it(tenant, editor, hassleholm):
    office = hassleholm[1][0]
    health = services.responsibility_add(
        unit=office, actor=editor, name="Folkhälsofrågor", valid_from=D(2000, 1, 1)
    )
    with pytest.raises(ValidationError) as caught:
        services.reorganisation_transfer(
            responsibility=health, to_unit=office, actor=editor, effective_date=D(2009, 1, 1)
        )
    assert caught.value.message_dict == {
        "to_unit": ["”Folkhälsofrågor” ligger redan hos ”Kommunledningskontoret”."]
    }
    assert Reorganisation.objects.filter(tenant=tenant).count() == 0


def test_a_decision_must_come_before_the_change_takes_effect(tenant, editor, hassleholm):
    with pytest.raises(ValidationError):
        services.reorganisation_rename(
            unit=hassleholm[1][1],
            actor=editor,
            effective_date=D(2009, 1, 1),
            name="Ekonomiavdelningen",
            decision_date=D(2009, 2, 1),
        )


def test_a_rename_keeps_the_old_name_for_earlier_dates(tenant, editor, hassleholm):
    unit = hassleholm[1][1]
    services.reorganisation_rename(
        unit=unit, actor=editor, effective_date=D(2015, 1, 1), name="Ekonomiförvaltningen"
    )
    assert selectors.unit_as_of(Unit.objects.get(pk=unit.pk), D(2014, 12, 31)).name == "Ekonomikontoret"
    assert selectors.unit_as_of(Unit.objects.get(pk=unit.pk), D(2015, 1, 1)).name == "Ekonomiförvaltningen"


def test_renames_must_be_recorded_in_date_order(tenant, editor, hassleholm):
    unit = hassleholm[1][1]
    services.reorganisation_rename(unit=unit, actor=editor, effective_date=D(2015, 1, 1), name="B")
    with pytest.raises(ValidationError):
        services.reorganisation_rename(unit=unit, actor=editor, effective_date=D(2012, 1, 1), name="A")


def test_a_move_places_the_unit_under_its_new_parent_from_the_date(tenant, editor, hassleholm):
    ks, offices = hassleholm
    services.reorganisation_move(
        unit=offices[2], actor=editor, effective_date=D(2010, 1, 1), parent=offices[1]
    )
    assert names(selectors.tree_as_of(tenant, D(2009, 12, 31))[0].children) == [
        "Ekonomikontoret",
        "Kommunledningskontoret",
        "Personalkontoret",
    ]
    after = selectors.tree_as_of(tenant, D(2010, 1, 1))[0]
    assert names(after.children) == ["Ekonomikontoret", "Kommunledningskontoret"]
    assert names(after.children[0].children) == ["Personalkontoret"]


def test_a_move_that_makes_a_cycle_is_refused(tenant, editor, hassleholm):
    ks, offices = hassleholm
    with pytest.raises(ValidationError):
        services.reorganisation_move(unit=ks, actor=editor, effective_date=D(2010, 1, 1), parent=offices[0])


def test_a_split_gives_new_units_from_the_date(tenant, editor, hassleholm):
    _, offices = hassleholm
    _, parts = services.reorganisation_split(
        source=offices[2],
        actor=editor,
        effective_date=D(2012, 1, 1),
        title="Delning",
        results=[
            {"kind": UnitKind.DEPARTMENT, "name": "HR-avdelningen"},
            {"kind": UnitKind.DEPARTMENT, "name": "Löneavdelningen"},
        ],
    )
    on = {u.name for u in selectors.units_as_of(tenant, D(2012, 1, 1)).values()}
    assert {"HR-avdelningen", "Löneavdelningen"} <= on and "Personalkontoret" not in on


def test_a_responsibility_moves_between_bodies_from_a_date(tenant, editor, hassleholm):
    """S1.4: public health moves from fritidsnämnden to the executive office."""
    ks, offices = hassleholm
    leisure = services.unit_create(
        tenant=tenant, actor=editor, kind=UnitKind.COMMITTEE, name="Fritidsnämnden"
    )
    health = services.responsibility_add(unit=leisure, actor=editor, name="Folkhälsofrågor")
    services.reorganisation_transfer(
        responsibility=health, to_unit=offices[0], actor=editor, effective_date=D(2009, 1, 1)
    )

    def holder_on(day):
        return (
            Responsibility.objects.filter(Responsibility.valid_on_q(day), name="Folkhälsofrågor").get().unit
        )

    assert holder_on(D(2008, 12, 31)) == leisure
    assert holder_on(D(2009, 1, 1)) == offices[0]


def test_a_decision_chain_is_kept_in_date_order(tenant, editor, hassleholm):
    """S1.1: KF decides (autumn 2007) … the new office exists from 2009-01-01."""
    ks, offices = hassleholm
    reorganisation, _ = services.reorganisation_merge(
        sources=offices,
        actor=editor,
        effective_date=D(2009, 1, 1),
        title="Nytt KLK",
        result={"kind": UnitKind.EXECUTIVE_OFFICE, "name": "Kommunledningskontoret", "parent": ks},
    )
    services.decision_step_add(
        reorganisation=reorganisation, actor=editor, date=D(2008, 10, 1), description="KS fastställer"
    )
    services.decision_step_add(
        reorganisation=reorganisation,
        actor=editor,
        date=D(2007, 9, 1),
        date_text="hösten 2007",
        description="KF beslutar",
    )
    assert [s.description for s in reorganisation.steps.all()] == ["KF beslutar", "KS fastställer"]
    with pytest.raises(ValidationError):
        services.decision_step_add(
            reorganisation=reorganisation, actor=editor, date=D(2009, 2, 1), description="för sent"
        )


# Audit trail -------------------------------------------------------------------------------


def test_every_change_is_in_the_audit_trail_with_who_when_and_what(tenant, editor):
    unit = services.unit_create(
        tenant=tenant, actor=editor, kind=UnitKind.DEPARTMENT, name="Ekonomiavdelningen"
    )
    services.unit_update(unit=unit, actor=editor, purpose="Budget och redovisning.")
    post = services.post_create(unit=unit, actor=editor, title="Ekonomichef")
    services.contact_point_add(owner=post, actor=editor, kind="phone", value="0451-26 80 00")
    events = list(selectors.recent_history(unit))
    assert [e.action for e in events] == ["contact.add", "post.create", "unit.update", "unit.create"]
    assert {e.actor_name for e in events} == {"Rut Registrator"}
    assert events[2].changes == {"purpose": ["", "Budget och redovisning."]}


def test_a_failed_change_leaves_no_audit_event(tenant, editor):
    unit = UnitFactory(tenant=tenant)
    with pytest.raises(ValidationError):
        services.unit_update(unit=unit, actor=editor, valid_from=D(2020, 1, 1), valid_to=D(2019, 1, 1))
    assert not AuditEvent.objects.exists()


def test_an_audit_event_is_never_changed(tenant, editor):
    services.unit_create(tenant=tenant, actor=editor, kind=UnitKind.DEPARTMENT, name="A")
    event = AuditEvent.objects.get()
    event.summary = "rewritten"
    with pytest.raises(ValidationError):
        event.save()


# Search ------------------------------------------------------------------------------------


def test_search_finds_names_with_swedish_letters_in_any_case(editor):
    tenant = TenantFactory(name="Örnsköldsviks kommun", slug="ornskoldsvik")
    services.unit_create(
        tenant=tenant, actor=editor, kind=UnitKind.ADMINISTRATION, name="Kommunledningsförvaltningen"
    )
    person = services.person_create(tenant=tenant, actor=editor, first_name="Åsa", last_name="Öberg")
    result = selectors.search(tenant, "FÖRVALTNING", D(2024, 1, 1))
    assert [u.name for u in result.units] == ["Kommunledningsförvaltningen"]
    assert selectors.search(tenant, "åsa öberg", D(2024, 1, 1)).people == [person]


def test_search_hides_people_whose_identity_is_protected(tenant, editor):
    services.person_create(
        tenant=tenant, actor=editor, first_name="Skyddad", last_name="Person", is_public=False
    )
    assert selectors.search(tenant, "skyddad", D(2024, 1, 1)).people == []
    assert len(selectors.search(tenant, "skyddad", D(2024, 1, 1), public_only=False).people) == 1


def test_search_ignores_accents_and_capitals(editor):
    tenant = TenantFactory(slug="kommunen")
    unit = services.unit_create(tenant=tenant, actor=editor, kind=UnitKind.UNIT, name="Förskolan Älgen")
    person = services.person_create(tenant=tenant, actor=editor, first_name="Per", last_name="Nylén")
    for query in ("nylen", "Nylén", "NYLEN", "nylén per"):
        assert selectors.search(tenant, query, D(2024, 1, 1)).people == [person], query
    for query in ("forskola", "FÖRSKOLAN älgen", "algen"):
        assert selectors.search(tenant, query, D(2024, 1, 1)).units == [unit], query
    assert selectors.search(tenant, "nylund", D(2024, 1, 1)).people == []


def test_search_lists_the_first_hits_in_swedish_order(editor):
    """Å, Ä, Ö after Z, W after V, É with E: the first hits, in that order, on both databases
    (the hits are sorted in Python, not by the database's collation)."""
    tenant = TenantFactory(slug="kommunen")
    for first in ["Örjan", "Zelda", "Åke", "Wilma", "Eva", "Ärla", "Vera", "Émile", "Adam"]:
        services.person_create(tenant=tenant, actor=editor, first_name=first, last_name="Berg")
    for name in ["Östra förskolan", "Förskolan Älgen", "Ängens förskola", "Förskolan Vitsippan"]:
        services.unit_create(tenant=tenant, actor=editor, kind=UnitKind.UNIT, name=name)
    found = selectors.search(tenant, "berg", D(2024, 1, 1))
    assert [p.first_name for p in found.people] == [
        "Adam", "Émile", "Eva", "Vera", "Wilma", "Zelda", "Åke", "Ärla", "Örjan"
    ]  # fmt: skip
    assert [p.first_name for p in selectors.search(tenant, "berg", D(2024, 1, 1), limit=3).people] == [
        "Adam", "Émile", "Eva"
    ]  # fmt: skip
    assert [u.name for u in selectors.search(tenant, "förskola", D(2024, 1, 1)).units] == [
        "Förskolan Vitsippan", "Förskolan Älgen", "Ängens förskola", "Östra förskolan"
    ]  # fmt: skip


def test_search_orders_names_alike_by_their_exact_text_then_by_age():
    """Names that sort alike in Swedish ("Berg" and "berg") come in the order of their exact
    text, capitals first, and the same name in the order the people were added: the first
    hits are always the same ones (the page is cut after ``limit``)."""
    tenant = TenantFactory(slug="kommunen")
    first = PersonFactory(tenant=tenant, first_name="Eva", last_name="Berg")
    small = PersonFactory(tenant=tenant, first_name="Eva", last_name="berg")
    second = PersonFactory(tenant=tenant, first_name="Eva", last_name="Berg")
    found = selectors.search(tenant, "eva berg", D(2024, 1, 1))
    assert found.people == [first, second, small]
    assert selectors.search(tenant, "eva berg", D(2024, 1, 1), limit=2).people == [first, second]


def test_search_shows_only_units_and_posts_that_exist_on_the_date():
    """A unit that has closed is not found, nor a post in it whose own dates still run; the
    same names in a unit that exists are."""
    tenant = TenantFactory(slug="kommunen")
    closed = UnitFactory(tenant=tenant, name="Förskolan Eken", ended=True)  # 2000–2008
    open_unit = UnitFactory(tenant=tenant, name="Förskolan Linden", valid_from=D(2000, 1, 1))
    PostFactory(unit=closed, title="Rektor förskola")
    kept = PostFactory(unit=open_unit, title="Rektor förskola")
    found = selectors.search(tenant, "förskola", D(2024, 1, 1))
    assert found.units == [open_unit]
    assert [post for post, _ in found.posts] == [kept]
    then = selectors.search(tenant, "förskola", D(2005, 1, 1))
    assert then.units == [closed, open_unit]
    assert len(then.posts) == 2


def test_the_folded_name_follows_every_change(editor):
    tenant = TenantFactory(slug="kommunen")
    unit = services.unit_create(
        tenant=tenant, actor=editor, kind=UnitKind.UNIT, name="Förskolan", short_name="FSK"
    )
    assert Unit.objects.get(pk=unit.pk).search_text == "forskolan fsk"
    services.reorganisation_rename(
        unit=unit, actor=editor, effective_date=D(2024, 1, 1), name="Ängens förskola"
    )
    assert Unit.objects.get(pk=unit.pk).search_text == "angens forskola fsk"
    person = services.person_create(tenant=tenant, actor=editor, first_name="Åsa", last_name="Öberg")
    services.person_update(person=person, actor=editor, last_name="Nylén")
    assert Person.objects.get(pk=person.pk).search_text == "asa nylen"
    post = services.post_create(unit=unit, actor=editor, title="Förskolechef")
    assert Post.objects.get(pk=post.pk).search_text == "forskolechef"
    # Rows written in bulk (the benchmarks' registry, imports) are folded too.
    (bulk,) = Person.objects.bulk_create(
        [Person(tenant=tenant, first_name="Émile", last_name="Zola", slug="ez")]
    )
    assert Person.objects.get(pk=bulk.pk).search_text == "emile zola"


def test_the_migration_folds_the_names_already_there(editor):
    from django.apps import apps
    from django.db import connection

    fill = importlib.import_module("radhus.organisation.migrations.0008_search_folded").fill
    tenant = TenantFactory(slug="kommunen")
    unit = services.unit_create(tenant=tenant, actor=editor, kind=UnitKind.UNIT, name="Förskolan Älgen")
    person = services.person_create(tenant=tenant, actor=editor, first_name="Per", last_name="Nylén")
    post = services.post_create(unit=unit, actor=editor, title="Rektor på Ängen")
    for model in (Unit, Person, Post):
        model.objects.update(search_text="")
    fill(apps, SimpleNamespace(connection=connection))
    assert Unit.objects.get(pk=unit.pk).search_text == "forskolan algen"
    assert Person.objects.get(pk=person.pk).search_text == "per nylen"
    assert Post.objects.get(pk=post.pk).search_text == "rektor pa angen"
