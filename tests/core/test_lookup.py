"""Ids in a request are resolved inside the caller's organisation (issue 6, item 2)."""

import pytest
from django.core.exceptions import ValidationError

from radhus.core.lookup import resolve, resolve_optional, seat_people
from radhus.organisation.models import Appointment, Person
from tests.factories import AppointmentFactory, PersonFactory, TenantFactory

pytestmark = pytest.mark.django_db


def _message(call):
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_a_foreign_id_answers_exactly_like_a_missing_one():
    own, other = TenantFactory(), TenantFactory()
    foreign = PersonFactory(tenant=other)
    missing = Person.objects.order_by("-pk").first().pk + 1000

    foreign_answer = _message(lambda: resolve(Person, foreign.pk, tenant=own, field="person_id"))
    missing_answer = _message(lambda: resolve(Person, missing, tenant=own, field="person_id"))

    assert foreign_answer == missing_answer == {"person_id": ["Inga personer har detta id."]}


def test_a_hidden_person_answers_like_a_missing_one_when_the_caller_may_not_see_them():
    tenant = TenantFactory()
    hidden = PersonFactory(tenant=tenant, is_public=False)

    assert resolve(Person, hidden.pk, tenant=tenant, field="person_id") == hidden
    with pytest.raises(ValidationError):
        resolve(Person.objects.filter(is_public=True), hidden.pk, tenant=tenant, field="person_id")


@pytest.mark.parametrize("pk", [0, -1, 2**63, "1", True, None, 1.5])
def test_ids_that_cannot_exist_are_missing_not_errors(pk):
    tenant = TenantFactory()
    PersonFactory(tenant=tenant)
    with pytest.raises(ValidationError):
        resolve(Person, pk, tenant=tenant, field="person_id")


def test_rows_without_a_tenant_field_are_scoped_through_their_owner():
    appointment = AppointmentFactory()
    own = appointment.post.tenant
    assert resolve(Appointment, appointment.pk, tenant=own, field="id") == appointment
    with pytest.raises(ValidationError):
        resolve(Appointment, appointment.pk, tenant=TenantFactory(), field="id")
    assert resolve_optional(Appointment, None, tenant=own, field="id") is None


def test_a_collaboration_seats_public_people_of_the_municipality_a_seat_represents():
    """S3.3: the Örnsköldsvik director sits in Umeåregionen's chief executives' group."""
    collaboration = TenantFactory(collaboration=True)
    municipality, third = TenantFactory(), TenantFactory()
    director = PersonFactory(tenant=municipality)
    hidden = PersonFactory(tenant=municipality, is_public=False)
    stranger = PersonFactory(tenant=third)

    people = Person.objects.filter(seat_people(collaboration, municipality))
    assert director in people
    assert hidden not in people
    assert stranger not in people
    # A municipality never seats another municipality's people.
    assert director not in Person.objects.filter(seat_people(third, municipality))
