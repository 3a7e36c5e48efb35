"""The API of goals, policy documents and oversight (``/api/v1/goals``,
``/api/v1/policy-documents``, ``/api/v1/oversight``): thin handlers over the selectors and
services.

Reads need no login and show what the public pages show: published goals only, policy
documents in force, and the board's oversight (what it expects, received and is missing).
Recording a measured value needs the key of an editor of the indicator's organisation and goes
through the same service as the staff form.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from radhus.core.api import (
    READ_ERRORS,
    SLUG_PATTERN,
    WRITE_ERRORS,
    Input,
    IsoDate,
    PathId,
    Text,
    bearer,
    limited,
    perform,
    target,
    tenant_by_slug,
)
from radhus.core.selectors import today
from radhus.followup import selectors_goals, selectors_policies, services_goals, services_oversight
from radhus.followup.models import Indicator
from radhus.followup.models.goals import VALUE_LIMIT
from radhus.followup.selectors_goals import GoalNode, IndicatorView

TenantSlug = Annotated[
    str, Query(..., pattern=SLUG_PATTERN, max_length=80, description="The organisation's short name.")
]

router = Router(tags=["goals, policy documents and oversight"])


# Output ------------------------------------------------------------------------------------


class GoalOut(Schema):
    id: int
    tenant: str = Field(description="The organisation whose goal it is (a collaboration's, when shared).")
    parent_id: int | None
    level: str = Field(description="vision, goal or strategy")
    title: str
    description: str
    target_year: int | None
    weight: int
    progress: float | None = Field(
        description="0–1: the weighted mean of its sub-goals, indicators and assignments; null when nothing is measured."
    )
    indicator_ids: list[int]


class MeasuredValueOut(Schema):
    date: dt.date
    value: float
    source: str
    comment: str


class IndicatorTargetOut(Schema):
    year: int
    value: float


class IndicatorOut(Schema):
    id: int
    goal_id: int
    name: str
    unit: str
    direction: str = Field(description="higher or lower (is better)")
    baseline_value: float
    baseline_year: int
    weight: int
    progress: float | None = Field(description="0–1, from the baseline towards the last target.")
    targets: list[IndicatorTargetOut]
    values: list[MeasuredValueOut]


class GoalDetailOut(GoalOut):
    indicators: list[IndicatorOut]


class PolicyDocumentOut(Schema):
    id: int
    title: str
    kind: str
    owner: str
    adopted_by: str
    decision: str
    decided_on: dt.date | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    review_on: dt.date | None
    link: str


class OversightDueOut(Schema):
    kind: str
    due_on: dt.date
    period: str
    received_on: dt.date | None
    record_number: str
    overdue: bool


class OversightStatusOut(Schema):
    oversight_id: int
    body_id: int
    body: str
    kind: str = Field(description="committee, company or federation")
    dues: list[OversightDueOut]


def _goal_out(node: GoalNode) -> dict[str, Any]:
    goal = node.goal
    return {
        "id": goal.pk,
        "tenant": goal.tenant.slug,
        "parent_id": goal.parent_id,
        "level": goal.level,
        "title": goal.title,
        "description": goal.description,
        "target_year": goal.target_year,
        "weight": goal.weight,
        "progress": node.progress,
        "indicator_ids": [v.indicator.pk for v in node.indicators],
    }


def _indicator_out(view: IndicatorView) -> dict[str, Any]:
    i = view.indicator
    return {
        "id": i.pk,
        "goal_id": i.goal_id,
        "name": i.name,
        "unit": i.unit,
        "direction": i.direction,
        "baseline_value": float(i.baseline_value),
        "baseline_year": i.baseline_year,
        "weight": i.weight,
        "progress": view.progress,
        "targets": [{"year": t.year, "value": float(t.value)} for t in view.targets],
        "values": [
            {"date": m.measured_on, "value": float(m.value), "source": m.source, "comment": m.comment}
            for m in view.measurements
        ],
    }


# Reads -------------------------------------------------------------------------------------


@router.get("/goals", url_name="goals", response={200: list[GoalOut], **READ_ERRORS}, summary="Goals")
def goal_list(request: HttpRequest, tenant: TenantSlug) -> Any:
    """The published goal tree of an organisation (and the goals its collaborations share with
    it), parents before children, each with its rolled-up progress."""
    roots = selectors_goals.goal_forest(tenant_by_slug(tenant), public_only=True)
    return [_goal_out(node) for root in roots for node in root.walk()]


@router.get(
    "/goals/{goal_id}",
    url_name="goal",
    response={200: GoalDetailOut, **READ_ERRORS},
    summary="A goal with its indicators and values",
)
def goal_detail(request: HttpRequest, goal_id: PathId, tenant: TenantSlug) -> Any:
    node = selectors_goals.goal_node(tenant_by_slug(tenant), goal_id, public_only=True)
    if node is None:
        raise Http404
    return {**_goal_out(node), "indicators": [_indicator_out(v) for v in node.indicators]}


@router.get(
    "/policy-documents",
    url_name="policy_documents",
    response={200: list[PolicyDocumentOut], **READ_ERRORS},
    summary="Policy documents in force",
)
def policy_list(request: HttpRequest, tenant: TenantSlug) -> Any:
    documents = selectors_policies.in_force(tenant_by_slug(tenant), today())
    return [
        {
            "id": d.pk,
            "title": d.title,
            "kind": d.kind,
            "owner": str(d.owner or ""),
            "adopted_by": d.adopted_by.name if d.adopted_by else "",
            "decision": d.decision.reference if d.decision else d.decision_reference,
            "decided_on": d.decided_on,
            "valid_from": d.valid_from,
            "valid_to": d.valid_to,
            "review_on": d.review_on,
            "link": d.link,
        }
        for d in documents
    ]


@router.get(
    "/oversight",
    url_name="oversight_status",
    response={200: list[OversightStatusOut], **READ_ERRORS},
    summary="What the board expects from the bodies it oversees, and what is overdue",
)
def oversight_list(request: HttpRequest, tenant: TenantSlug) -> Any:
    """Each committee, company and federation the board oversees today (KL 6 kap. 1 §), with
    every due date so far and the next one, what met it, and whether it is overdue."""
    statuses = services_oversight.oversight_status(tenant_by_slug(tenant), today())
    return [
        {
            "oversight_id": s.oversight.pk,
            "body_id": s.oversight.overseen_id,
            "body": s.oversight.overseen.name,
            "kind": s.oversight.kind,
            "dues": [
                {
                    "kind": d.expectation.kind,
                    "due_on": d.due_on,
                    "period": d.label,
                    "received_on": d.met_by.received_on if d.met_by else None,
                    "record_number": d.met_by.record.number if d.met_by and d.met_by.record else "",
                    "overdue": d.overdue,
                }
                for d in s.dues
            ],
        }
        for s in statuses
    ]


# Writes ------------------------------------------------------------------------------------


class MeasuredValueIn(Input):
    date: IsoDate
    value: Decimal = Field(
        ge=-VALUE_LIMIT, le=VALUE_LIMIT, max_digits=16, decimal_places=4, examples=["165000.5"]
    )
    source: Text = limited("", max_length=200)
    comment: Text = limited("", max_length=500)


@router.post(
    "/indicators/{indicator_id}/values",
    url_name="indicator_values",
    response={201: IndicatorOut, **WRITE_ERRORS},
    auth=bearer,
    summary="Record a measured value",
)
def value_create(request: HttpRequest, indicator_id: PathId, payload: MeasuredValueIn) -> Any:
    # An indicator of an unpublished goal is known only to its own organisation's users.
    indicator = target(
        request, Indicator.objects.select_related("tenant"), indicator_id, public=Q(goal__is_public=True)
    )
    perform(
        lambda: services_goals.measurement_record(
            indicator=indicator,
            actor=request.auth,  # type: ignore[attr-defined]
            measured_on=payload.date,
            value=payload.value,
            source=payload.source,
            comment=payload.comment,
        ),
        names={"measured_on": "date"},
    )
    indicator.refresh_from_db()
    view = IndicatorView(
        indicator,
        list(indicator.targets.order_by("year")),
        list(indicator.measurements.order_by("measured_on", "id")),
    )
    return Status(201, _indicator_out(view))
