"""Editors writing at the same moment: moving two goals under each other at once never makes a
cycle, and the same day's value sent many times at once through the API is stored once, every
other answer a 400, never a 500. Each call runs on its own database connection. Runs on SQLite
and on PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from radhus.core.models import Role
from radhus.core.tokens import token_create
from radhus.followup import services_goals
from radhus.followup.models import GoalLevel, Measurement
from tests.diarium.test_concurrency import at_once
from tests.factories import TenantFactory, TenantRoleFactory

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 16


def test_two_goals_moved_under_each_other_at_once_make_no_cycle():
    tenant = TenantFactory(slug="umearegionen", collaboration=True)
    vision = services_goals.goal_create(tenant=tenant, actor=None, title="Vision", level=GoalLevel.VISION)
    first = services_goals.goal_create(tenant=tenant, actor=None, title="Mål A", parent=vision)
    second = services_goals.goal_create(tenant=tenant, actor=None, title="Mål B", parent=vision)

    def move(goal, parent):
        def call():
            try:
                services_goals.goal_update(goal=goal, actor=None, parent=parent)
            except ValidationError:
                return "refused"
            return "moved"

        return call

    results = at_once([move(first, second), move(second, first)] * (WRITERS // 2))
    first.refresh_from_db()
    second.refresh_from_db()
    assert not (first.parent_id == second.pk and second.parent_id == first.pk)
    assert "moved" in results


def test_the_same_value_sent_at_once_is_stored_once():
    tenant = TenantFactory(slug="umea")
    goal = services_goals.goal_create(tenant=tenant, actor=None, title="Mål", is_public=True)
    indicator = services_goals.indicator_create(
        goal=goal, actor=None, name="Invånare", baseline_value=Decimal(1), baseline_year=2020
    )
    user = TenantRoleFactory(tenant=tenant, role=Role.EDITOR, user__password=None).user
    _token, key = token_create(user=user)

    def send():
        return (
            Client()
            .post(
                f"/api/v1/indicators/{indicator.pk}/values",
                {"date": "2025-01-01", "value": 2},
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {key}",
            )
            .status_code
        )

    statuses = at_once([send] * WRITERS)
    assert sorted(statuses) == [201] + [400] * (WRITERS - 1)
    assert Measurement.objects.filter(indicator=indicator).count() == 1
