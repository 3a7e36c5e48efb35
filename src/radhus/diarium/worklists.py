"""Work lists of the case register (read only): my cases, my unit's cases, my watches, overdue
referrals, the backlog list (ärendebalanslista) and the motions and citizen proposals to report
to the council.

Every list is narrowed to one organisation and read by an index; none counts the whole table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from radhus.core.models import Tenant
from radhus.diarium.models import ENDED, Case, OfficerLink, Origin, Referral, Watch

# KL 5 kap. 35 §: a motion should be prepared so that the council can decide within one year
# of its being raised; if it cannot, this and what the preparation has found are reported to the
# council within that year. Citizen proposals follow the same one-year rule (KL 8 kap.;
# paragraph to check) and are listed with the motions.
COUNCIL_REPORT_ORIGINS = (Origin.MOTION, Origin.CITIZEN_PROPOSAL)


def one_year_before(day: dt.date) -> dt.date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _cases(tenant: Tenant) -> QuerySet[Case]:
    return Case.objects.filter(tenant=tenant).select_related(
        "series", "series__body", "officer", "responsible_unit", "classification"
    )


def _open(queryset: QuerySet[Case]) -> QuerySet[Case]:
    return queryset.exclude(status__in=[s.value for s in ENDED])


def officer_link(tenant: Tenant, user: Any) -> OfficerLink | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return OfficerLink.objects.filter(tenant=tenant, user=user).select_related("person", "unit").first()


def my_cases(tenant: Tenant, user: Any) -> QuerySet[Case]:
    """The open cases whose officer is the user's person, oldest first."""
    link = officer_link(tenant, user)
    if link is None:
        return Case.objects.none()
    return _open(_cases(tenant).filter(officer=link.person_id)).order_by("opened_on", "id")


def unit_cases(tenant: Tenant, user: Any) -> QuerySet[Case]:
    """The open cases of the user's unit, oldest first."""
    link = officer_link(tenant, user)
    if link is None or link.unit_id is None:
        return Case.objects.none()
    return _open(_cases(tenant).filter(responsible_unit=link.unit_id)).order_by("opened_on", "id")


def my_watches(tenant: Tenant, user: Any, *, include_done: bool = False) -> QuerySet[Watch]:
    """The user's watches, the earliest due first."""
    if not getattr(user, "is_authenticated", False):
        return Watch.objects.none()
    watches = Watch.objects.filter(tenant=tenant, user=user).select_related("case")
    if not include_done:
        watches = watches.filter(done_on__isnull=True)
    return watches.order_by("due_on", "id")


def overdue_referrals(tenant: Tenant, on: dt.date) -> QuerySet[Referral]:
    """Referrals not answered by their due date, the longest overdue first."""
    return (
        Referral.objects.filter(tenant=tenant, answered_on__isnull=True, due_on__lt=on)
        .select_related("case", "body")
        .order_by("due_on", "id")
    )


def backlog(tenant: Tenant, *, body: int | None = None, officer: int | None = None) -> QuerySet[Case]:
    """The backlog list (ärendebalanslista): the open cases per body and officer, the oldest
    first within each."""
    cases = _open(_cases(tenant))
    if body is not None:
        cases = cases.filter(series__body=body)
    if officer is not None:
        cases = cases.filter(officer=officer)
    return cases.order_by("series__code", "officer__last_name", "officer__first_name", "opened_on", "id")


def council_report(tenant: Tenant, on: dt.date) -> QuerySet[Case]:
    """Motions and citizen proposals raised at least a year before ``on`` and not yet decided
    (KL 5 kap. 35 §): what the board reports to the council, the oldest first."""
    return (
        _cases(tenant)
        .filter(
            origin__in=[o.value for o in COUNCIL_REPORT_ORIGINS],
            decided_on__isnull=True,
            opened_on__lte=one_year_before(on),
        )
        .exclude(status__in=[s.value for s in ENDED])
        .order_by("opened_on", "id")
    )
