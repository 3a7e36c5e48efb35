"""Database constraint names never reach a user (issue 8, item 1): every constraint has a
sentence, and an IntegrityError that slips past the checks (two writers at once) is answered
with that sentence on its field, by the services, the forms, the API and the import."""

import io
import json

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, models, transaction

from radhus.core import api as core_api
from radhus.core.integrity import constraint_error, constraints_as_errors, known_constraints
from radhus.core.models import SiteNotice, Tenant, TenantRole
from radhus.core.staff import add_service_errors
from radhus.organisation.models import Appointment, Unit
from tests.factories import PersonFactory, PostFactory, TenantFactory, TenantRoleFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _raised(write):
    """The ValidationError that ``write`` (which breaks a constraint in the database) becomes."""
    with pytest.raises(ValidationError) as exc, constraints_as_errors(), transaction.atomic():
        write()
    return exc.value


def _no_names(error: ValidationError) -> None:
    text = json.dumps(error.message_dict, ensure_ascii=False)
    for name in known_constraints():
        assert name not in text
    assert "constraint" not in text.lower() and "begränsning" not in text.lower()


def test_every_constraint_has_a_sentence_without_its_name():
    """A check, a conditional unique or an exclusion constraint without its own message would
    show Django's “Constraint “name” is violated.” wherever ``full_clean`` refuses it. Only
    our own models: a library's rows (the task queue's) are never written from a form."""
    for known in known_constraints().values():
        if not known.model.__module__.startswith("radhus."):
            continue
        assert known.name not in known.message(), known.name
        assert known.message().strip(), known.name


def test_a_unique_field_taken_at_the_last_moment_names_the_field():
    TenantFactory(slug="pargas")
    error = _raised(lambda: Tenant.objects.create(name="Pargas", slug="pargas", kind="municipality"))
    assert error.message_dict == {"slug": ["Organisation med samma kortnamn i webbadresser finns redan."]}
    _no_names(error)


def test_a_unique_constraint_of_several_fields_names_them_but_the_organisation():
    unit = UnitFactory(slug="stab")
    error = _raised(lambda: Unit.objects.create(tenant=unit.tenant, kind="unit", name="Stab", slug="stab"))
    assert error.message_dict == {"slug": ["Enhet med samma adress finns redan."]}
    role = TenantRoleFactory()
    error = _raised(lambda: TenantRole.objects.create(user=role.user, tenant=role.tenant, role="reader"))
    assert list(error.message_dict) == ["user"]
    _no_names(error)


def test_a_check_constraint_gives_its_sentence_on_its_field():
    error = _raised(
        lambda: Tenant.objects.create(
            name="X", slug="x", kind="municipality", country="FI", municipality_code="2284"
        )
    )
    assert error.message_dict == {
        "municipality_code": ["En kommunkod har fyra siffror i Sverige och tre i Finland."]
    }
    error = _raised(
        lambda: SiteNotice.objects.create(text="Covid-19", valid_from="2020-03-02", valid_to="2020-03-01")
    )
    assert list(error.message_dict) == ["valid_to"]
    unit = UnitFactory()
    error = _raised(lambda: Unit.objects.filter(pk=unit.pk).update(parent=unit.pk))
    assert error.message_dict == {"parent": ["En enhet kan inte vara en del av sig själv."]}


def test_a_missing_value_or_an_unknown_constraint_is_a_sentence_too():
    error = constraint_error(IntegrityError("NOT NULL constraint failed: core_tenant.name"))
    assert error.message_dict == {NON_FIELD_ERRORS: ["Ett obligatoriskt värde saknas."]}
    error = constraint_error(IntegrityError('violates check constraint "something_else"'))
    assert "försök igen" in error.message_dict[NON_FIELD_ERRORS][0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints are PostgreSQL's")
def test_the_single_holder_exclusion_constraint_is_a_sentence():
    """PostgreSQL's exclusion constraint for single-holder posts (organisation migration 0003),
    met when two editors appoint at once."""
    post = PostFactory()
    Appointment.objects.create(post=post, person=PersonFactory(tenant=post.tenant), valid_from="2020-01-01")
    error = _raised(
        lambda: Appointment.objects.create(
            post=post, person=PersonFactory(tenant=post.tenant), valid_from="2021-01-01"
        )
    )
    assert error.message_dict == {
        "valid_from": [
            "Befattningen har en annan innehavare under denna period; den har en innehavare i taget."
        ]
    }


# Every path ---------------------------------------------------------------------------------


def test_the_api_answers_a_constraint_as_a_400_on_its_field():
    TenantFactory(slug="pargas")
    with pytest.raises(core_api.Problems) as exc:
        core_api.perform(lambda: Tenant.objects.create(name="P", slug="pargas", kind="municipality"))
    assert exc.value.errors == {"slug": ["Organisation med samma kortnamn i webbadresser finns redan."]}


def test_a_form_shows_a_constraint_on_its_field():
    from django import forms

    class TenantForm(forms.Form):
        slug = forms.CharField()

    form = TenantForm({"slug": "pargas"})
    assert form.is_valid()
    add_service_errors(form, constraint_error(IntegrityError("UNIQUE constraint failed: core_tenant.slug")))
    assert form.errors == {"slug": ["Organisation med samma kortnamn i webbadresser finns redan."]}


def test_the_services_turn_a_constraint_into_a_sentence(monkeypatch):
    """``organisation.services._save`` is the one place every service writes through."""
    from radhus.organisation import services

    unit = UnitFactory(slug="stab")
    monkeypatch.setattr(models.Model, "full_clean", lambda self, *a, **k: None)
    with pytest.raises(ValidationError) as exc:
        services.unit_create(tenant=unit.tenant, actor=None, kind="unit", name="Stab", slug="stab")
    assert exc.value.message_dict == {"slug": ["Enhet med samma adress finns redan."]}


def test_the_import_command_says_a_constraint_in_a_sentence(tmp_path, monkeypatch):
    from radhus.organisation import popolo

    def broken(*args, **kwargs):
        raise IntegrityError("UNIQUE constraint failed: organisation_unit.tenant_id, organisation_unit.slug")

    monkeypatch.setattr(popolo, "import_document", broken)
    path = tmp_path / "doc.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("import_popolo", str(path), stderr=io.StringIO())
    assert str(exc.value) == f"{path}: Enhet med samma adress finns redan. Inget lästes in."
