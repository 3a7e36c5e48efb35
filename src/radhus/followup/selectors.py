"""Reads of the follow-up that carry meaning: what is late, what is due soon, what waits for an
agenda, what a user has to do (assignments, watches, referral answers, reviews of policy
documents), and what the public may see.

Lateness is derived, never stored: an assignment is late on a day when its due date is before
that day and it is neither done, cancelled nor replaced. On the due date itself it is not late.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from radhus.core.models import Role, Tenant, TenantRole
from radhus.diarium.models import OfficerLink, Referral, Watch
from radhus.followup.models import OPEN, Assignment, Deviation, PolicyDocument, PolicyStatus
from radhus.meetings.models import Decision
from radhus.organisation.models import Appointment

OPEN_VALUES = [s.value for s in OPEN]

# What the public may read: an assignment that is not secret, from a paragraph that is not
# secret (OSL 5 kap. 5 §: the rest stays public).
PUBLIC = Q(secrecy="") & (Q(decision__isnull=True) | Q(decision__paragraph__secrecy=""))


def assignments(tenant: Tenant) -> QuerySet[Assignment]:
    return Assignment.objects.filter(tenant=tenant).select_related(
        "tenant", "body", "case", "decision", "assignee_unit", "assignee_post", "assignee_person"
    )


def open_assignments(tenant: Tenant) -> QuerySet[Assignment]:
    return assignments(tenant).filter(status__in=OPEN_VALUES)


def late(tenant: Tenant, on: dt.date) -> QuerySet[Assignment]:
    """Open assignments whose due date is before ``on``, the longest overdue first."""
    return open_assignments(tenant).filter(due_on__lt=on).order_by("due_on", "id")


def due_soon(tenant: Tenant, on: dt.date, days: int) -> QuerySet[Assignment]:
    """Open assignments due from ``on`` to ``days`` days after it, both included."""
    return (
        open_assignments(tenant)
        .filter(due_on__gte=on, due_on__lte=on + dt.timedelta(days=days))
        .order_by("due_on", "id")
    )


def _has_deviation() -> Exists:
    """A deviation reported from the assignment's current due date."""
    return Exists(Deviation.objects.filter(assignment=OuterRef("pk"), due_on=OuterRef("due_on")))


def late_without_deviation(tenant: Tenant, on: dt.date) -> QuerySet[Assignment]:
    """Late assignments with no deviation reported from their current due date: each needs one
    (S4.5: on a deviation the director proposes alternative measures)."""
    return late(tenant, on).filter(~_has_deviation())


def waiting_deviations(tenant: Tenant) -> QuerySet[Deviation]:
    """Deviations not yet on an agenda: the deciding body had no planned meeting."""
    return (
        Deviation.objects.filter(tenant=tenant, agenda_item__isnull=True, decision__isnull=True)
        .select_related("assignment", "assignment__body")
        .order_by("reported_on", "id")
    )


def deviations(tenant: Tenant) -> QuerySet[Deviation]:
    return Deviation.objects.filter(tenant=tenant).select_related(
        "assignment", "assignment__body", "agenda_item__meeting", "decision"
    )


def decisions_without_assignments(tenant: Tenant) -> QuerySet[Decision]:
    """The organisation's decisions that no assignment has been made from, newest first."""
    return (
        Decision.objects.filter(tenant=tenant)
        .filter(~Exists(Assignment.objects.filter(decision=OuterRef("pk"))))
        .select_related("paragraph", "case", "body")
        .order_by("-decided_on", "-id")
    )


def history(assignment: Assignment) -> list[Any]:
    from radhus.core.audit import history_of

    return list(history_of(assignment).order_by("-at", "-id")[:200])


# Who has what to do ---------------------------------------------------------------------------


def who_is(user: Any, on: dt.date) -> tuple[set[int], set[int], set[int]]:
    """The user's people (in every organisation that links the user to one), the posts they
    hold on ``on``, and their units on ``on`` (the unit of the link and the units of the posts)."""
    if not getattr(user, "is_authenticated", False):
        return set(), set(), set()
    links = list(OfficerLink.objects.filter(user=user).values_list("person_id", "unit_id"))
    people = {p for p, _u in links}
    units = {u for _p, u in links if u is not None}
    held = Appointment.objects.filter(Appointment.valid_on_q(on), person_id__in=people).values_list(
        "post_id", "post__unit_id"
    )
    posts = set()
    for post_id, unit_id in held:
        posts.add(post_id)
        units.add(unit_id)
    return people, posts, units


def assignee_q(people: set[int], posts: set[int], units: set[int]) -> Q:
    return Q(assignee_person__in=people) | Q(assignee_post__in=posts) | Q(assignee_unit__in=units)


def to_do(user: Any, on: dt.date) -> QuerySet[Assignment]:
    """“Att göra”: the open assignments on the user's person, their posts and their units as of
    ``on``, in every organisation, the earliest due first."""
    people, posts, units = who_is(user, on)
    if not (people or posts or units):
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(assignee_q(people, posts, units), status__in=OPEN_VALUES)
        .select_related("tenant", "body", "assignee_unit", "assignee_post", "assignee_person")
        .order_by("due_on", "id")
    )


def open_watches(user: Any) -> QuerySet[Watch]:
    """The user's own watches (bevakningar) not yet done, in every organisation, the earliest
    due first."""
    if not getattr(user, "is_authenticated", False):
        return Watch.objects.none()
    return (
        Watch.objects.filter(user=user, done_on__isnull=True)
        .select_related("tenant", "case")
        .order_by("due_on", "id")
    )


def open_referrals(people: set[int], units: set[int]) -> QuerySet[Referral]:
    """Referral answers not yet in: those the user's units are to give (the referral is sent
    to the unit) and those awaited on the user's own cases (the user is the case officer), the
    earliest due first."""
    if not (people or units):
        return Referral.objects.none()
    return (
        Referral.objects.filter(Q(body__in=units) | Q(case__officer__in=people), answered_on__isnull=True)
        .select_related("tenant", "case", "body")
        .order_by("due_on", "id")
    )


def reviews_due(posts: set[int], units: set[int], on: dt.date, days: int) -> QuerySet[PolicyDocument]:
    """Policy documents in force that the user's posts or units own, whose review is due by
    ``days`` days after ``on`` (or overdue), the earliest first."""
    if not (posts or units):
        return PolicyDocument.objects.none()
    return (
        PolicyDocument.objects.filter(
            Q(owner_post__in=posts) | Q(owner_unit__in=units),
            status=PolicyStatus.IN_FORCE,
            review_on__isnull=False,
            review_on__lte=on + dt.timedelta(days=days),
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("tenant", "owner_post", "owner_unit")
        .order_by("review_on", "id")
    )


def responsible_users(assignment: Assignment, on: dt.date) -> list[Any]:
    """The users who carry the assignment out on ``on``: linked to its person, to a holder of
    its post, or to its unit (by their link or by a post they hold in it)."""
    from django.contrib.auth import get_user_model

    people: set[int] = set()
    if assignment.assignee_person_id:
        people.add(assignment.assignee_person_id)
    if assignment.assignee_post_id:
        people |= set(
            Appointment.objects.filter(
                Appointment.valid_on_q(on), post_id=assignment.assignee_post_id
            ).values_list("person_id", flat=True)
        )
    links = Q(person_id__in=people)
    if assignment.assignee_unit_id:
        holders = Appointment.objects.filter(
            Appointment.valid_on_q(on), post__unit_id=assignment.assignee_unit_id
        ).values_list("person_id", flat=True)
        links |= Q(unit_id=assignment.assignee_unit_id) | Q(person_id__in=holders)
    user_ids = OfficerLink.objects.filter(links).values_list("user_id", flat=True)
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True).exclude(email=""))


def editors_of(tenant: Tenant) -> list[Any]:
    """The organisation's editors and administrators: the director's office, told of deviations."""
    from django.contrib.auth import get_user_model

    ids = TenantRole.objects.filter(tenant=tenant, role__in=[Role.EDITOR, Role.ADMINISTRATOR]).values(
        "user_id"
    )
    return list(get_user_model().objects.filter(pk__in=ids, is_active=True).exclude(email=""))
