"""The shared staff form pattern (issue 6): a form of one tenant cannot offer or accept
another organisation's rows even when its author forgets to scope a choice, and a form is
sent once only."""

import datetime as dt
import uuid

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone

from radhus.core.models import FormSubmission
from radhus.core.once import send_once
from radhus.core.staff import TenantForm
from radhus.organisation.models import Unit
from tests.factories import TenantFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


class NaiveForm(TenantForm):
    """A form whose author offered every unit: the base form scopes it to the tenant."""

    unit = forms.ModelChoiceField(queryset=Unit.objects.all())


def test_a_choice_its_author_forgot_to_scope_offers_and_accepts_only_the_tenants_rows():
    own = UnitFactory(name="Egen förvaltning")
    foreign = UnitFactory(name="Främmande förvaltning", tenant=TenantFactory())
    token = str(uuid.uuid4())

    shown = NaiveForm(tenant=own.tenant).render()
    accepted = NaiveForm({"unit": own.pk, "once": token}, tenant=own.tenant)
    refused = {
        pk: NaiveForm({"unit": pk, "once": token}, tenant=own.tenant) for pk in (foreign.pk, 987654321)
    }

    assert "Egen förvaltning" in shown and "Främmande förvaltning" not in shown
    assert accepted.is_valid() and accepted.cleaned_data == {"unit": own}
    assert not any(form.is_valid() for form in refused.values())
    assert refused[foreign.pk].errors == refused[987654321].errors


def test_a_form_is_sent_once_and_a_refused_send_leaves_its_token_unused():
    user = UserFactory(password=None)
    token = uuid.uuid4()
    runs = []

    def refuse() -> str:
        raise ValidationError({"name": "Nej."})

    def perform() -> str:
        runs.append(1)
        return "/resultat/"

    with pytest.raises(ValidationError):
        send_once(token=token, user=user, perform=refuse, result_url=str)
    first = send_once(token=token, user=user, perform=perform, result_url=str)
    second = send_once(token=token, user=user, perform=perform, result_url=str)

    assert (first.url, first.repeated) == ("/resultat/", False)
    assert (second.url, second.repeated, second.result) == ("/resultat/", True, None)
    assert runs == [1]


def test_another_users_token_is_refused():
    token = uuid.uuid4()
    send_once(token=token, user=UserFactory(password=None), perform=lambda: "/a/", result_url=str)

    with pytest.raises(ValidationError):
        send_once(token=token, user=UserFactory(password=None), perform=lambda: "/b/", result_url=str)


def test_a_choice_of_several_rows_must_be_one_that_refuses_impossible_ids():
    class ManyUnitsForm(TenantForm):
        units = forms.ModelMultipleChoiceField(queryset=Unit.objects.all())

    with pytest.raises(ImproperlyConfigured):
        ManyUnitsForm({"units": ["1"]}, tenant=TenantFactory()).is_valid()


def test_a_users_tokens_are_kept_for_thirty_days():
    user, other = UserFactory(password=None), UserFactory(password=None)
    old = timezone.now() - dt.timedelta(days=31)
    for owner in (user, other):
        FormSubmission.objects.create(token=uuid.uuid4(), user=owner, created_at=old)
    recent = FormSubmission.objects.create(
        token=uuid.uuid4(), user=user, created_at=old + dt.timedelta(days=2)
    )

    send_once(token=uuid.uuid4(), user=user, perform=lambda: "/a/", result_url=str)

    assert set(FormSubmission.objects.filter(created_at__lt=timezone.now() - dt.timedelta(hours=1))) == {
        recent,
        FormSubmission.objects.get(user=other),
    }
