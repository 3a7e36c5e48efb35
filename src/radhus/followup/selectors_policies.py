"""Reading the register of policy documents: those in force, and those whose review is due."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from radhus.core.models import Tenant
from radhus.followup.models import PolicyDocument, PolicyStatus

DOCUMENTS = PolicyDocument.objects.select_related("owner_unit", "owner_post", "adopted_by", "decision")


def in_force(tenant: Tenant, day: dt.date) -> list[PolicyDocument]:
    """The documents in force on ``day``: adopted (status in force) and valid on that day."""
    return list(
        DOCUMENTS.filter(tenant=tenant, status=PolicyStatus.IN_FORCE)
        .filter(PolicyDocument.valid_on_q(day))
        .order_by("kind", "title", "id")
    )


def overdue_reviews(tenant: Tenant, day: dt.date) -> QuerySet[PolicyDocument]:
    """Documents in force whose review date has passed (the review date itself is not late)."""
    return (
        DOCUMENTS.filter(tenant=tenant, status=PolicyStatus.IN_FORCE, review_on__lt=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("review_on", "id")
    )


def reviews_due_within(day: dt.date, days: int, tenant: Tenant | None = None) -> QuerySet[PolicyDocument]:
    """Documents in force to be reviewed from ``day`` to ``day`` + ``days`` (both included),
    and those already overdue."""
    queryset = DOCUMENTS.filter(
        status=PolicyStatus.IN_FORCE, review_on__isnull=False, review_on__lte=day + dt.timedelta(days=days)
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    if tenant is not None:
        queryset = queryset.filter(tenant=tenant)
    return queryset.select_related("tenant").order_by("review_on", "id")


def register_list(
    tenant: Tenant, *, kind: str = "", status: str = "", overdue: bool = False, day: dt.date
) -> QuerySet[PolicyDocument]:
    """The staff list, narrowed by kind, status, or to the overdue reviews."""
    queryset = DOCUMENTS.filter(tenant=tenant)
    if kind:
        queryset = queryset.filter(kind=kind)
    if status:
        queryset = queryset.filter(status=status)
    if overdue:
        queryset = queryset.filter(pk__in=overdue_reviews(tenant, day).values("pk"))
    return queryset.order_by("title", "id")
