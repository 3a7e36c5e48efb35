"""A secret marker in a secret title and a secret record never appears in the search page, the
search API, the work lists of a reader, the council report, the referrals list or the question
form's pages, for an anonymous visitor or a user without the right (OSL 5 kap. 5 §)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from radhus.core.models import Role
from radhus.core.tokens import token_create
from radhus.diarium import services, services_referrals
from radhus.diarium.models import Direction, Origin, PublicForm
from tests.diarium.factories import SeriesFactory
from tests.factories import TenantRoleFactory

pytestmark = pytest.mark.django_db

MARKER = "Xyzzyhemlis"


def test_the_secret_marker_is_nowhere_public():
    series = SeriesFactory(code="KS", tenant__slug="kommunen")
    tenant = series.tenant
    PublicForm.objects.create(tenant=tenant, series=series)
    case = services.case_register(
        tenant=tenant,
        actor=None,
        series=series,
        title=f"Motion {MARKER}",
        origin=Origin.MOTION,
        title_secrecy="OSL 18 kap. 13 §",
        public_title="Motion om säkerhet",
        opened_on=dt.date(2024, 1, 5),
        description=f"Beskrivning {MARKER}",
    )
    services.record_add(
        case=case,
        actor=None,
        direction=Direction.DRAWN_UP,
        title=f"PM {MARKER}",
        secrecy="OSL 18 kap. 13 §",
        registered_on=dt.date(2024, 1, 6),
    )
    services_referrals.referral_send(
        case=case, actor=None, recipient="Polisen", sent_on=dt.date(2024, 1, 7), due_on=dt.date(2024, 2, 1)
    )
    reader = TenantRoleFactory(tenant=tenant, role=Role.READER).user
    _t, reader_key = token_create(user=reader)
    anonymous, as_reader = Client(), Client()
    as_reader.force_login(reader)
    pages = [
        reverse("diarium_search", kwargs={"tenant": "kommunen"})
        + f"?q={MARKER.lower()}",  # the page echoes the query: sent in lower case
        reverse("diarium_search", kwargs={"tenant": "kommunen"}) + "?q=motion",
        reverse("diarium_search", kwargs={"tenant": "kommunen"}) + "?ar=2024",
        reverse("diarium_question", kwargs={"tenant": "kommunen"}),
        f"/api/v1/diarium/search?tenant=kommunen&q={MARKER.lower()}",
        "/api/v1/diarium/search?tenant=kommunen&q=motion",
        "/api/v1/diarium/search?tenant=kommunen",
        "/api/v1/diarium/council-report?tenant=kommunen&on=2026-01-01",
        "/api/v1/referrals?tenant=kommunen",
        "/api/v1/referrals?tenant=kommunen&overdue=true",
    ]
    seen = 0
    for client, headers in ((anonymous, {}), (as_reader, {"HTTP_AUTHORIZATION": f"Bearer {reader_key}"})):
        for page in pages:
            response = client.get(page, **headers)
            assert response.status_code == 200, page
            body = response.content.decode()
            assert MARKER not in body, page
            seen += "Motion om säkerhet" in body
    staff = as_reader.get(reverse("diarium_work_lists", kwargs={"tenant": "kommunen"}) + "?datum=2026-01-01")
    assert staff.status_code == 200
    assert MARKER not in staff.content.decode() and "Motion om säkerhet" in staff.content.decode()
    backlog = as_reader.get(
        "/api/v1/diarium/backlog?tenant=kommunen", HTTP_AUTHORIZATION=f"Bearer {reader_key}"
    )
    assert backlog.status_code == 200 and MARKER not in backlog.content.decode()
    assert seen >= 4  # the case is listed under its public title, not merely left out
