"""Reading goals: the tree of an organisation's goals with their progress, rolled up in one
pass over rows read by a fixed number of queries, however large the tree.

Progress is a share from 0 to 1:
- an indicator's, from its baseline towards its last target: (latest − baseline) /
  (target − baseline), kept within 0–1; where lower is better the same formula holds, since
  the target lies below the baseline. An indicator with no measured value yet, or no target,
  has no progress: it is shown as such and left out of its goal's mean;
- an assignment's, from its status (done is 1) or its reported progress;
- a goal's, the mean of its sub-goals', indicators' and assignments' progress, weighted by
  their weights (those with no progress left out); none at all gives none.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet

from radhus.core.models import CollaborationMember, Tenant
from radhus.core.selectors import today
from radhus.followup.models import (
    FINISHED,
    Assignment,
    AssignmentStatus,
    Direction,
    Goal,
    GoalAssignment,
    Indicator,
    IndicatorTarget,
    Measurement,
)


@dataclass
class IndicatorView:
    indicator: Indicator
    targets: list[IndicatorTarget]
    measurements: list[Measurement]

    @property
    def latest(self) -> Measurement | None:
        return self.measurements[-1] if self.measurements else None

    @property
    def final_target(self) -> IndicatorTarget | None:
        return self.targets[-1] if self.targets else None

    @property
    def weight(self) -> int:
        return self.indicator.weight

    @property
    def progress(self) -> float | None:
        return indicator_progress(
            self.indicator.baseline_value,
            self.final_target.value if self.final_target else None,
            self.latest.value if self.latest else None,
            self.indicator.direction,
        )


@dataclass
class AssignmentView:
    assignment: Assignment
    weight: int

    @property
    def progress(self) -> float | None:
        return assignment_progress(self.assignment)


@dataclass
class GoalNode:
    goal: Goal
    children: list[GoalNode] = field(default_factory=list)
    indicators: list[IndicatorView] = field(default_factory=list)
    assignments: list[AssignmentView] = field(default_factory=list)
    progress: float | None = None
    ancestors: list[Goal] = field(default_factory=list)

    @property
    def weight(self) -> int:
        return self.goal.weight

    @property
    def percent(self) -> int | None:
        return None if self.progress is None else round(self.progress * 100)

    @property
    def public_assignments(self) -> list[AssignmentView]:
        """The linked assignments the public may read: none marked secret (OSL)."""
        return [a for a in self.assignments if not a.assignment.is_secret]

    def walk(self) -> Iterable[GoalNode]:
        yield self
        for child in self.children:
            yield from child.walk()


def indicator_progress(
    baseline: Decimal, target: Decimal | None, latest: Decimal | None, direction: str
) -> float | None:
    """How far ``latest`` has come from ``baseline`` towards ``target``, 0–1."""
    if target is None or latest is None:
        return None
    if target == baseline:  # a level to keep: reached or not
        kept = latest >= baseline if direction == Direction.HIGHER else latest <= baseline
        return 1.0 if kept else 0.0
    share = float((latest - baseline) / (target - baseline))
    return min(1.0, max(0.0, share))


def assignment_progress(assignment: Assignment) -> float | None:
    """An assignment done counts as 1; one cancelled or replaced is left out (it no longer
    carries the goal); otherwise its last reported progress in percent."""
    if assignment.status == AssignmentStatus.DONE:
        return 1.0
    if assignment.status in FINISHED:
        return None
    return min(1.0, max(0.0, assignment.progress / 100))


def weighted_mean(items: Iterable[Any]) -> float | None:
    pairs = [(item.weight, item.progress) for item in items if item.progress is not None]
    total = sum(w for w, _p in pairs)
    if not total:
        return None
    return sum(w * p for w, p in pairs) / total


def _collaborations_of(tenant: Tenant, day: dt.date) -> QuerySet[CollaborationMember]:
    return CollaborationMember.objects.filter(
        CollaborationMember.valid_on_q(day), municipality=tenant
    ).values("collaboration")


def _goals(tenant: Tenant, public_only: bool, day: dt.date) -> list[Goal]:
    scope = Q(tenant=tenant) | Q(tenant__in=_collaborations_of(tenant, day))
    queryset = Goal.objects.filter(scope).select_related("tenant").order_by("sort_order", "id")
    if public_only:
        queryset = queryset.filter(is_public=True)
    return list(queryset)


def _links(goal_ids: list[int]) -> list[GoalAssignment]:
    return list(GoalAssignment.objects.filter(goal_id__in=goal_ids).select_related("assignment"))


def goal_forest(tenant: Tenant, *, public_only: bool, day: dt.date | None = None) -> list[GoalNode]:
    """The organisation's goal trees (and those its collaborations share with it), each goal
    with its indicators, assignments and progress. Five queries, whatever the size.

    On the public pages (``public_only``) an unpublished goal and everything under it is left
    out, and counts in no progress."""
    day = day or today()
    goals = _goals(tenant, public_only, day)
    nodes = {g.pk: GoalNode(goal=g) for g in goals}
    roots: list[GoalNode] = []
    for goal in goals:
        node = nodes[goal.pk]
        if goal.parent_id is None:
            if goal.tenant_id == tenant.pk or goal.shared_with_members:
                roots.append(node)
        elif goal.parent_id in nodes:
            nodes[goal.parent_id].children.append(node)
    # Only what hangs from a root we show: an unpublished goal hides its subtree, another
    # organisation's goals count only under a shared root.
    reachable = {n.goal.pk: n for root in roots for n in root.walk()}
    ids = list(reachable)
    indicators = list(Indicator.objects.filter(goal_id__in=ids).order_by("sort_order", "id"))
    indicator_ids = [i.pk for i in indicators]
    targets: dict[int, list[IndicatorTarget]] = defaultdict(list)
    for target in IndicatorTarget.objects.filter(indicator_id__in=indicator_ids).order_by("year"):
        targets[target.indicator_id].append(target)
    values: dict[int, list[Measurement]] = defaultdict(list)
    for measurement in Measurement.objects.filter(indicator_id__in=indicator_ids).order_by(
        "measured_on", "id"
    ):
        values[measurement.indicator_id].append(measurement)
    for indicator in indicators:
        reachable[indicator.goal_id].indicators.append(
            IndicatorView(indicator, targets[indicator.pk], values[indicator.pk])
        )
    for link in _links(ids):
        reachable[link.goal_id].assignments.append(AssignmentView(link.assignment, link.weight))

    def roll(node: GoalNode, ancestors: list[Goal]) -> None:
        node.ancestors = ancestors
        for child in node.children:
            roll(child, [*ancestors, node.goal])
        node.progress = weighted_mean([*node.children, *node.indicators, *node.assignments])

    for root in roots:
        roll(root, [])
    return roots


def find_node(roots: list[GoalNode], goal_id: int) -> GoalNode | None:
    for root in roots:
        for node in root.walk():
            if node.goal.pk == goal_id:
                return node
    return None


def goal_node(tenant: Tenant, goal_id: int, *, public_only: bool) -> GoalNode | None:
    """One goal of the organisation's trees, with its progress as rolled up there."""
    return find_node(goal_forest(tenant, public_only=public_only), goal_id)
