"""Odd input through the services (issue 6, item 5): dates outside 1800–2200, names with line
breaks, invisible characters or nothing visible, and over-long text are refused with the
field's error, or cleaned, whichever way the input comes (service, form or API)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from radhus.core import services as core_services
from radhus.core.models import AuditEvent, Role
from radhus.core.tokens import token_create
from radhus.organisation import popolo, services
from radhus.organisation.models import (
    ContactPoint,
    DecisionStep,
    Reorganisation,
    Unit,
    UnitChange,
    UnitKind,
)
from tests.factories import (
    PersonFactory,
    PostFactory,
    TenantFactory,
    TenantRoleFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db
D = dt.date
OUT_OF_RANGE = [D(1, 1, 1), D(1799, 12, 31), D(2201, 1, 1), D(9999, 12, 31)]
RANGE_MESSAGE = "Ange ett datum mellan 1800-01-01 och 2200-12-31."


@pytest.fixture
def tenant():
    return TenantFactory(name="Örnsköldsviks kommun", slug="ornskoldsvik")


@pytest.fixture
def office(tenant):
    return services.unit_create(
        tenant=tenant,
        actor=None,
        kind=UnitKind.ADMINISTRATION,
        name="Kommunledningsförvaltningen",
        valid_from=D(2000, 1, 1),
    )


def refused(call, field: str) -> list[str]:
    """``call`` raises a ValidationError on ``field``, writing no audit event; its messages."""
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        call()
    assert field in exc.value.message_dict, exc.value.message_dict
    assert AuditEvent.objects.count() == events
    return exc.value.message_dict[field]


# Dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize("date", OUT_OF_RANGE)
def test_a_rename_dated_outside_1800_to_2200_is_refused_on_its_effective_date(office, date):
    messages = refused(
        lambda: services.reorganisation_rename(unit=office, actor=None, effective_date=date, name="Nytt"),
        "effective_date",
    )
    assert RANGE_MESSAGE in messages
    office.refresh_from_db()
    assert office.name == "Kommunledningsförvaltningen"
    assert not Reorganisation.objects.exists()


@pytest.mark.parametrize("date", OUT_OF_RANGE)
def test_a_dissolution_dated_outside_1800_to_2200_is_refused_and_the_export_still_works(office, date):
    refused(
        lambda: services.reorganisation_dissolve(unit=office, actor=None, effective_date=date, title="Slut"),
        "effective_date",
    )
    office.refresh_from_db()
    assert office.valid_to is None
    popolo.export_document(office.tenant)


def test_every_reorganisation_refuses_an_effective_date_outside_the_range(tenant, office):
    other = services.unit_create(tenant=tenant, actor=None, kind=UnitKind.DEPARTMENT, name="Avdelning")
    health = services.responsibility_add(unit=office, actor=None, name="Folkhälsa", valid_from=D(2000, 1, 1))
    day = D(1, 1, 1)
    calls = {
        "move": lambda: services.reorganisation_move(
            unit=other, actor=None, effective_date=day, parent=office
        ),
        "transfer": lambda: services.reorganisation_transfer(
            responsibility=health, to_unit=other, actor=None, effective_date=day
        ),
        "merge": lambda: services.reorganisation_merge(
            sources=[office, other],
            actor=None,
            effective_date=day,
            title="Ihop",
            result={"kind": UnitKind.ADMINISTRATION, "name": "Ny"},
        ),
        "split": lambda: services.reorganisation_split(
            source=office,
            actor=None,
            effective_date=day,
            title="Isär",
            results=[{"kind": UnitKind.DEPARTMENT, "name": n} for n in ("A", "B")],
        ),
    }
    for kind, call in calls.items():
        assert RANGE_MESSAGE in refused(call, "effective_date"), kind
    assert not Reorganisation.objects.exists()


def test_the_decision_date_and_decision_steps_are_in_the_range(office):
    refused(
        lambda: services.reorganisation_rename(
            unit=office, actor=None, effective_date=D(2025, 1, 1), name="Nytt", decision_date=D(1, 1, 1)
        ),
        "decision_date",
    )
    reorganisation = services.reorganisation_rename(
        unit=office, actor=None, effective_date=D(2025, 1, 1), name="Kommunledningskontoret"
    )
    refused(
        lambda: services.decision_step_add(
            reorganisation=reorganisation, actor=None, date=D(1007, 9, 1), description="KF beslutar"
        ),
        "date",
    )
    assert not DecisionStep.objects.exists()


@pytest.mark.parametrize("field", ["valid_from", "valid_to"])
def test_every_period_is_in_the_range(tenant, office, field):
    person = PersonFactory(tenant=tenant)
    post = PostFactory(unit=office, tenant=tenant)
    group = UnitFactory(tenant=tenant, kind=UnitKind.MANAGEMENT_TEAM)
    date = D(9999, 12, 31) if field == "valid_to" else D(1, 1, 1)
    calls = [
        lambda: services.unit_create(
            tenant=tenant, actor=None, kind=UnitKind.UNIT, name="Enhet", **{field: date}
        ),
        lambda: services.post_create(unit=office, actor=None, title="Chef", **{field: date}),
        lambda: services.appointment_create(
            post=post, person=person, actor=None, **{"valid_from": None, field: date}
        ),
        lambda: services.membership_create(
            group=group, actor=None, role="member", person=person, **{field: date}
        ),
        lambda: (
            services.responsibility_add(unit=office, actor=None, name="Kultur", valid_from=date)
            if field == "valid_from"
            else services.unit_update(unit=office, actor=None, valid_to=date)
        ),
    ]
    for call in calls:
        assert RANGE_MESSAGE in refused(call, field)


def test_ending_an_appointment_in_year_9999_is_refused(tenant, office):
    post = PostFactory(unit=office, tenant=tenant)
    appointment = services.appointment_create(
        post=post, person=PersonFactory(tenant=tenant), actor=None, valid_from=D(2020, 1, 1)
    )
    refused(
        lambda: services.appointment_end(appointment=appointment, actor=None, valid_to=D(9999, 12, 31)),
        "valid_to",
    )


def test_a_post_document_adopted_in_year_1_is_refused(tenant, office):
    post = PostFactory(unit=office, tenant=tenant)
    refused(
        lambda: services.post_document_add(
            post=post, actor=None, title="Instruktion", body="Text", adopted_on=D(1, 1, 1)
        ),
        "adopted_on",
    )


def test_the_first_and_last_day_of_the_range_are_accepted(tenant):
    unit = services.unit_create(
        tenant=tenant,
        actor=None,
        kind=UnitKind.UNIT,
        name="Enhet",
        valid_from=D(1800, 1, 1),
        valid_to=D(2200, 12, 31),
    )
    assert (unit.valid_from, unit.valid_to) == (D(1800, 1, 1), D(2200, 12, 31))


# Names -------------------------------------------------------------------------------------


def test_a_unit_name_with_a_line_break_is_kept_on_one_line(tenant):
    unit = services.unit_create(
        tenant=tenant, actor=None, kind=UnitKind.UNIT, name="Kultur-\r\n och\tfritid  ", short_name=" KF\n"
    )
    unit.refresh_from_db()
    assert (unit.name, unit.short_name) == ("Kultur- och fritid", "KF")


@pytest.mark.parametrize("name", ["   ", "\n\t", "\u200b\u200b", "\u202e", "\ufeff\u2066\u2069"])
def test_a_name_of_only_spaces_or_invisible_characters_is_refused(tenant, office, name):
    refused(lambda: services.unit_create(tenant=tenant, actor=None, kind=UnitKind.UNIT, name=name), "name")
    refused(lambda: services.post_create(unit=office, actor=None, title=name), "title")
    refused(
        lambda: services.person_create(tenant=tenant, actor=None, first_name="Anna", last_name=name),
        "last_name",
    )
    refused(
        lambda: services.reorganisation_rename(
            unit=office, actor=None, effective_date=D(2025, 1, 1), name=name
        ),
        "name",
    )
    refused(
        lambda: services.party_create(tenant=tenant, actor=None, abbreviation=name, name="Partiet"),
        "abbreviation",
    )
    refused(lambda: core_services.tenant_create(actor=None, name=name, slug="ny"), "name")
    refused(
        lambda: services.contact_point_add(owner=office, actor=None, kind="visiting_address", value=name),
        "value",
    )
    assert not Unit.objects.exclude(pk=office.pk).exists()


def test_invisible_and_right_to_left_override_characters_are_removed_from_names(tenant):
    person = services.person_create(
        tenant=tenant, actor=None, first_name="\u202eP\u200ber", last_name="Nyle\u0301n\u2066"
    )
    person.refresh_from_db()
    assert (person.first_name, person.last_name) == ("Per", "Nylén")
    assert person.last_name == "Nyl\u00e9n"  # one character é (NFC), as the search expects


def test_a_rename_records_the_cleaned_name(office):
    services.reorganisation_rename(
        unit=office, actor=None, effective_date=D(2025, 1, 1), name="Kommunlednings\nkontoret\u200b"
    )
    change = UnitChange.objects.get(unit=office)
    assert change.new_text == office.name == "Kommunlednings kontoret"


def test_labels_titles_and_references_are_cleaned(tenant, office):
    point = services.contact_point_add(
        owner=office, actor=None, kind="email", value=" kansli@example.se\n", label="Kansli\u200b\tet"
    )
    assert (point.value, point.label) == ("kansli@example.se", "Kansli et")
    reorganisation = services.reorganisation_dissolve(
        unit=office,
        actor=None,
        effective_date=D(2025, 1, 1),
        title="Nedläggning\r\n2025",
        decision_reference="KS §\u00a0\u00a012",
        description="Rad ett\x00\r\nRad två",
    )
    reorganisation.refresh_from_db()
    assert reorganisation.title == "Nedläggning 2025"
    assert reorganisation.decision_reference == "KS § 12"
    assert reorganisation.description == "Rad ett\nRad två"


# Lengths -----------------------------------------------------------------------------------


def test_a_contact_value_of_2_mb_is_refused_and_500_characters_are_enough(office):
    messages = refused(
        lambda: services.contact_point_add(
            owner=office, actor=None, kind="postal_address", value="Storgatan 1 " * 175_000
        ),
        "value",
    )
    assert "500" in " ".join(messages)
    address = "Box " + "9" * 496
    assert (
        services.contact_point_add(owner=office, actor=None, kind="postal_address", value=address).value
        == address
    )


def test_a_rename_to_a_name_too_long_is_refused_on_the_name(office):
    """Not a database error on PostgreSQL: the change's record holds any length, the unit's
    name refuses it, and the whole rename is rolled back."""
    messages = refused(
        lambda: services.reorganisation_rename(
            unit=office, actor=None, effective_date=D(2025, 1, 1), name="Nämnd" * 50, title="Nytt namn"
        ),
        "name",
    )
    assert "200" in " ".join(messages)
    assert not Reorganisation.objects.exists() and not UnitChange.objects.exists()


def test_a_long_name_renamed_to_another_long_name_fits_the_title_the_rename_gives_itself(tenant):
    unit = services.unit_create(tenant=tenant, actor=None, kind=UnitKind.UNIT, name="Gammal " + "x" * 193)
    reorganisation = services.reorganisation_rename(
        unit=unit, actor=None, effective_date=D(2025, 1, 1), name="Ny " + "y" * 197
    )
    assert len(reorganisation.title) > 400


def test_a_phone_number_of_2_mb_gets_one_short_error(office):
    messages = refused(
        lambda: services.contact_point_add(owner=office, actor=None, kind="phone", value="0" * 2_000_000),
        "value",
    )
    assert len(messages) == 1 and len(messages[0]) < 200


def test_a_contact_value_of_none_is_a_field_error(office):
    refused(lambda: services.contact_point_add(owner=office, actor=None, kind="email", value=None), "value")


def test_a_purpose_longer_than_10000_characters_is_refused(tenant):
    refused(
        lambda: services.unit_create(
            tenant=tenant, actor=None, kind=UnitKind.UNIT, name="Enhet", purpose="Uppdrag. " * 1200
        ),
        "purpose",
    )


# The same through the API and the forms ----------------------------------------------------


def test_the_api_refuses_a_2_mb_contact_value_and_stores_nothing(client, tenant, office):
    editor = TenantRoleFactory(tenant=tenant, role=Role.EDITOR, user__username="redaktor").user
    _token, key = token_create(user=editor)
    response = client.post(
        "/api/v1/contact-points",
        {"unit_id": office.pk, "kind": "postal_address", "value": "x" * 2_000_000},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert 400 <= response.status_code < 500
    assert "value" in response.json()["errors"]
    assert not ContactPoint.objects.exists()


def test_the_rename_form_refuses_year_1_on_the_date_field(client, tenant, office):
    editor = TenantRoleFactory(tenant=tenant, role=Role.EDITOR, user__username="redaktor").user
    client.force_login(editor)
    response = client.post(
        reverse("staff_rename", kwargs={"tenant": tenant.slug, "unit_id": office.pk}),
        {"name": "Nytt", "effective_date": "0001-01-01", "title": ""},
    )
    assert response.status_code == 200
    assert RANGE_MESSAGE in response.content.decode()
    assert not Reorganisation.objects.exists()
