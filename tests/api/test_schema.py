"""Schemathesis against the API's own OpenAPI document (/api/schema/), in-process over WSGI:
generated requests to every GET operation get no server error, and every answer (status code,
content type, body) is what the document says."""

import datetime as dt
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from radhus.organisation import services
from radhus.organisation.models import MembershipRole, UnitKind
from radhus.wsgi import application
from tests.factories import PartyFactory, TenantFactory

schema = schemathesis.openapi.from_wsgi("/api/schema/", application).include(method="GET")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
D = dt.date


@pytest.fixture
def keep_connection() -> Iterator[None]:
    """Requests go to the WSGI application itself, which closes the database connection after
    each one; the test's transaction lives on that connection (Django's test client keeps it
    open the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, keep_connection) -> None:
    """A small registry, so that generated ids and addresses find something: a merger, a
    rename, posts with holders, a group with seats, contact points, a protected person."""
    tenant = TenantFactory(slug="ornskoldsvik", name="Örnsköldsviks kommun", municipality_code="2284")
    TenantFactory(slug="b", name="Beta", kind="collaboration")
    party = PartyFactory()
    board = services.unit_create(
        tenant=tenant, actor=None, kind=UnitKind.EXECUTIVE_BOARD, name="Kommunstyrelsen"
    )
    offices = [
        services.unit_create(
            tenant=tenant,
            actor=None,
            kind=UnitKind.ADMINISTRATION,
            name=n,
            parent=board,
            valid_from=D(2000, 1, 1),
        )
        for n in ("Kontor 1", "Kontor 2")
    ]
    _r, merged = services.reorganisation_merge(
        sources=offices,
        actor=None,
        effective_date=D(2009, 1, 1),
        title="Sammanslagning",
        result={"kind": UnitKind.EXECUTIVE_OFFICE, "name": "Kommunledningskontoret", "parent": board},
    )
    services.reorganisation_rename(unit=board, actor=None, effective_date=D(2010, 1, 1), name="KS")
    post = services.post_create(unit=merged, actor=None, title="Kommunchef", is_contact=True)
    person = services.person_create(
        tenant=tenant, actor=None, first_name="Per", last_name="Nylén", party=party
    )
    hidden = services.person_create(tenant=tenant, actor=None, first_name="X", last_name="Y", is_public=False)
    services.appointment_create(post=post, person=person, actor=None, valid_from=D(2009, 1, 1))
    services.appointment_create(post=post, person=hidden, actor=None, valid_from=D(2009, 1, 1), acting=True)
    services.membership_create(group=board, actor=None, role=MembershipRole.CHAIR, person=person)
    services.membership_create(group=board, actor=None, role=MembershipRole.SECRETARY, post=post)
    services.contact_point_add(owner=merged, actor=None, kind="switchboard", value="0451-26 70 00")
    services.contact_point_add(owner=person, actor=None, kind="email", value="per@example.se")
    services.contact_point_add(owner=post, actor=None, kind="mobile", value="070-111 22 33", is_public=False)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_get_operations_conform_to_the_schema(case, world):
    response = case.call()
    case.validate_response(response, checks=CHECKS)
