"""Registering a case through ``POST /api/v1/cases`` writes what it must and reads nothing
back: the answer is the whole case exactly as ``GET /api/v1/cases/{id}`` shows it, a
registration that fails after taking its number gives the number back, and the statements
a registration runs do not grow with the register."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from radhus.core.tokens import token_create
from radhus.diarium import services
from radhus.diarium.models import Case, Direction, SeriesYear
from tests.diarium.factories import CaseFactory
from tests.diarium.world import MARKER, PRIVATE_NAME, build_register

pytestmark = pytest.mark.django_db


def register_through_api(register, body: dict, key: str):
    return Client().post(
        "/api/v1/cases",
        {"tenant": register.tenant.slug, "series": "KS", **body},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


def test_the_answer_to_a_registration_is_the_whole_case_as_the_api_shows_it_later():
    """OSL 5 kap. 5 §: the answer hides the secret title and the private party exactly as the
    public reading of the case does."""
    register = build_register()
    _token, key = token_create(user=register.registrar)
    response = register_through_api(
        register,
        {
            "title": f"Skyddad adress {MARKER}",
            "title_secrecy": "OSL 21 kap. 3 §",
            "public_title": "Ansökan om skyddad adress",
            "description": "Gäller en privatperson.",
            "responsible_unit_id": register.case.responsible_unit_id,
            "officer_id": register.case.officer_id,
            "opened_on": "2026-05-04",
            "parties": [
                {"kind": "private_person", "name": PRIVATE_NAME, "email": "privat@example.se"},
                {"kind": "organisation", "name": "Bolaget  AB"},
            ],
        },
        key,
    )
    assert response.status_code == 201, response.content
    answered = response.json()
    shown_later = Client().get(f"/api/v1/cases/{answered['id']}").json()
    assert answered == shown_later
    # Hand-checked: the third case of KS 2026, the public title, the company (its name tidied)
    # and not the private person, and the registration as the only event.
    assert answered["number"] == "KS 2026/3"
    assert answered["title"] == "Ansökan om skyddad adress"
    assert MARKER not in response.content.decode()
    assert [p["name"] for p in answered["parties"]] == ["Bolaget AB"]
    assert answered["records"] == [] and answered["related"] == []
    assert [e["action"] for e in answered["history"]] == ["diarium.case.register"]


def test_a_registration_that_fails_after_taking_its_number_gives_the_number_back():
    """A case number is given once and none is lost (OSL 5 kap. 1 §): when the case cannot be
    written after its number was taken, the counter is rolled back with it."""
    register = build_register()
    _token, key = token_create(user=register.registrar)
    # A row written past the services holds KS 2026/3, the number the next registration takes.
    CaseFactory(series=register.series, year=2026, sequence=3, number="KS 2026/3")
    with pytest.raises(IntegrityError):
        services.case_register(
            tenant=register.tenant,
            actor=None,
            series=register.series,
            title="Ett",
            opened_on=dt.date(2026, 5, 4),
        )
    assert SeriesYear.objects.get(series=register.series, year=2026).last_number == 2
    response = register_through_api(register, {"title": "Två", "opened_on": "2026-05-04"}, key)
    assert response.status_code == 400
    assert SeriesYear.objects.get(series=register.series, year=2026).last_number == 2
    assert not Case.objects.filter(title__in=["Ett", "Två"]).exists()


def statements(register, key: str, title: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = register_through_api(register, {"title": title, "opened_on": "2026-05-04"}, key)
    assert response.status_code == 201, response.content
    return [q["sql"] for q in captured.captured_queries]


def test_a_registration_runs_the_same_statements_in_a_small_and_a_larger_register_and_reads_nothing_back():
    register = build_register()
    _token, key = token_create(user=register.registrar)
    statements(register, key, "Första")  # the key's first use is noted once
    few = statements(register, key, "Andra")
    for i in range(20):
        case = services.case_register(
            tenant=register.tenant,
            actor=None,
            series=register.series,
            title=f"Ärende {i}",
            opened_on=dt.date(2026, 5, 4),
        )
        services.record_add(
            case=case,
            actor=None,
            direction=Direction.DRAWN_UP,
            title=f"PM {i}",
            registered_on=dt.date(2026, 5, 4),
        )
    many = statements(register, key, "Tredje")
    assert len(many) == len(few)
    reads = [sql for sql in many if sql.lstrip().upper().startswith("SELECT")]
    for table in (
        "diarium_case",
        "diarium_record",
        "diarium_casesearch",
        "core_auditevent",
        "diarium_referral",
    ):
        assert not any(f'FROM "{table}"' in sql for sql in reads), table
