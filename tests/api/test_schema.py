"""Schemathesis against the API's own OpenAPI document (/api/schema/), in-process over WSGI,
with every check schemathesis has (issue 6, item 5): generated requests to every operation —
reads without a key, writes with the key of an editor of the organisation and with the key of
an editor of another one — get no server error, every answer (status code, content type,
headers, body) is what the document says, input the document refuses is refused, and a write
without its key is refused."""

import datetime as dt
from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from radhus.core.models import Role
from radhus.core.tokens import token_create
from radhus.organisation import services
from radhus.organisation.models import MembershipRole, UnitKind
from radhus.wsgi import application
from tests.diarium.world import add_small_register
from tests.factories import PartyFactory, TenantFactory, TenantRoleFactory
from tests.followup.world import add_small_followup
from tests.meetings.world import add_small_meetings

# Input the document allows may still break a rule it cannot state (an id that does not exist,
# an end before the start): that is a 400 with the problems by field, not a refusal of valid data.
CHECKS = {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404"]}}


def load(*, coverage: bool) -> schemathesis.BaseSchema:
    """The document; ``coverage`` adds schemathesis's deterministic phase (every boundary and
    every kind of wrong value for each field), the slow part, kept for the editor's writes."""
    config = SchemathesisConfig.from_dict({"checks": CHECKS, "phases": {"coverage": {"enabled": coverage}}})
    return schemathesis.openapi.from_wsgi("/api/schema/", application, config=config)


WRITES = ["POST", "PATCH", "DELETE"]
reads = load(coverage=False).include(method="GET")
writes = load(coverage=True).include(method=WRITES)
foreign_writes = load(coverage=False).include(method=WRITES)
D = dt.date
SETTINGS = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
}


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
def world(db, keep_connection) -> dict[str, dict[str, str]]:
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
    services.responsibility_add(unit=board, actor=None, name="folkhälsa", valid_from=D(2000, 1, 1))
    # Issue 8: oversight, a group inside a group, a post document in versions.
    committee = services.unit_create(
        tenant=tenant, actor=None, kind=UnitKind.COMMITTEE, name="Fritidsnämnden"
    )
    services.oversight_create(overseer=board, overseen=committee, actor=None)
    team, staff = (
        services.unit_create(tenant=tenant, actor=None, kind=UnitKind.MANAGEMENT_TEAM, name=n)
        for n in ("Ledningsgruppen", "Staben")
    )
    services.membership_create(group=staff, actor=None, role=MembershipRole.CHAIR, post=post)
    services.membership_create(group=team, actor=None, role=MembershipRole.MEMBER, member_group=staff)
    document = services.post_document_add(post=post, actor=None, title="Instruktion", body="Text.")
    services.post_document_update(document=document, actor=None, body="Ny text.")
    add_small_register(tenant, board)  # the case register: a series KS, a case, a record, a file
    add_small_meetings(tenant, board)  # meetings: a series, approved minutes posted, an open meeting
    add_small_followup(tenant, board)  # follow-up: an assignment from a decision, a deviation
    keys = {}
    for name, organisation in (("editor", tenant), ("stranger", TenantFactory(slug="annan", name="Annan"))):
        _token, key = token_create(
            user=TenantRoleFactory(tenant=organisation, role=Role.EDITOR, user__password=None).user
        )
        keys[name] = {"Authorization": f"Bearer {key}"}
    return keys


@reads.parametrize()
@settings(max_examples=25, **SETTINGS)
def test_reads_conform_to_the_schema(case, world):
    case.call_and_validate()


@writes.parametrize()
@settings(max_examples=10, **SETTINGS)
def test_writes_by_an_editor_conform_to_the_schema(case, world):
    case.call_and_validate(headers=world["editor"])


@foreign_writes.parametrize()
@settings(max_examples=5, **SETTINGS)
def test_writes_by_an_editor_of_another_organisation_conform_to_the_schema(case, world):
    case.call_and_validate(headers=world["stranger"])
