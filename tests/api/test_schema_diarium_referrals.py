"""Schemathesis against the OpenAPI document, for the case register's referrals, watches,
search and work lists: generated requests get no server error and every answer is what the
document says (the house checks of tests/api/test_schema.py)."""

from __future__ import annotations

import datetime as dt

import pytest
import schemathesis
from hypothesis import settings
from schemathesis.config import SchemathesisConfig

from radhus.core.models import Role
from radhus.core.tokens import token_create
from radhus.diarium import services, services_referrals
from radhus.diarium.models import Origin
from radhus.wsgi import application
from tests.api.test_schema import CHECKS, SETTINGS, keep_connection  # noqa: F401 - a fixture
from tests.diarium.factories import SeriesFactory
from tests.factories import TenantFactory, TenantRoleFactory

PATHS = r"^/api/v1/(diarium/|referrals|watches)"


def load(*, coverage: bool) -> schemathesis.BaseSchema:
    config = SchemathesisConfig.from_dict({"checks": CHECKS, "phases": {"coverage": {"enabled": coverage}}})
    return schemathesis.openapi.from_wsgi("/api/schema/", application, config=config).include(
        path_regex=PATHS
    )


reads = load(coverage=False).include(method="GET")
writes = load(coverage=True).include(method="POST")


@pytest.fixture
def world(db, keep_connection) -> dict[str, dict[str, str]]:  # noqa: F811
    series = SeriesFactory(code="KS", tenant__slug="ornskoldsvik")
    case = services.case_register(
        tenant=series.tenant,
        actor=None,
        series=series,
        title="Förskola i Åsele",
        origin=Origin.MOTION,
        opened_on=dt.date(2024, 1, 2),
    )
    referral = services_referrals.referral_send(
        case=case, actor=None, recipient="Region", sent_on=dt.date(2024, 1, 3), due_on=dt.date(2024, 2, 1)
    )
    keys = {}
    for name, organisation in (("editor", series.tenant), ("stranger", TenantFactory(slug="annan"))):
        user = TenantRoleFactory(tenant=organisation, role=Role.EDITOR, user__password=None).user
        _token, key = token_create(user=user)
        keys[name] = {"Authorization": f"Bearer {key}"}
        if name == "editor":
            services_referrals.watch_create(
                case=case, actor=None, user=user, note="x", due_on=dt.date(2024, 3, 1)
            )
    assert referral.pk
    return keys


@reads.parametrize()
@settings(max_examples=25, **SETTINGS)
def test_reads_conform_to_the_schema(case, world):
    case.call_and_validate(headers=world["editor"])


@writes.parametrize()
@settings(max_examples=10, **SETTINGS)
def test_writes_by_an_editor_conform_to_the_schema(case, world):
    case.call_and_validate(headers=world["editor"])
