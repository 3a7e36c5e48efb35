"""Who may sign a line of the minutes: the rule ``services.minutes_sign`` applies.

The minutes are approved (justeras, KL 5 kap. 69 §) by the chair and the adjusters chosen at the
meeting, as the rules of procedure say; the secretary signs as the one who kept them. A line is signed by the person named on it, so
the logged-in user must be that person in the organisation registry (the case register's
``OfficerLink`` from a user to a person). An administrator of the organisation may sign on the
signer's behalf, e.g. when the signer approved on paper, only with a reason, which is kept in
the audit trail. A program acting as the system (the demo, a command) signs with no user only
by naming itself (``system="demo"``), which the audit trail keeps too; an actor of ``None``
without that name is refused, never taken as the system silently.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from radhus.core.access import has_role
from radhus.core.models import Role, Tenant
from radhus.diarium.models import OfficerLink
from radhus.meetings.models import Signer

# The longest reason an administrator may give for signing on someone's behalf.
REASON_MAX_LENGTH = 500
# The longest name a program signing as the system gives itself.
SYSTEM_NAME_MAX_LENGTH = 100


def linked_people(user: Any, tenant: Tenant) -> set[int]:
    """The ids of the registry's people ``user`` is in ``tenant`` (at most one today)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    return set(OfficerLink.objects.filter(tenant=tenant, user=user).values_list("person_id", flat=True))


def is_own_line(signer: Signer, user: Any) -> bool:
    """Whether ``user`` is the person named on the signer's line."""
    person_id = signer.attendance.person_id
    return person_id is not None and person_id in linked_people(user, signer.meeting.tenant)


def may_sign_for_others(user: Any, tenant: Tenant) -> bool:
    return has_role(user, tenant, Role.ADMINISTRATOR)


def clean_reason(reason: str) -> str:
    """The reason on one line, as the audit trail keeps it."""
    return " ".join((reason or "").split())


def reason_to_sign(*, signer: Signer, actor: Any, reason: str = "", system: str = "") -> str:
    """Check that ``actor`` may sign the line of ``signer`` (the minutes are approved, KL 5 kap.
    69 §, by the chair and the adjusters, each for themselves) and give the reason to keep: "" for
    one's own line, the administrator's reason for someone else's, the system's own words
    (may be "") when a named program signs. Raises PermissionDenied or ValidationError."""
    tenant = signer.meeting.tenant
    system = " ".join((system or "").split())
    if system:
        if actor is not None:
            raise ValueError("A program signs as the system with no user (actor=None).")
        if len(system) > SYSTEM_NAME_MAX_LENGTH:
            raise ValueError("The system's name is too long.")
        return clean_reason(reason)
    if actor is None or not has_role(actor, tenant, Role.EDITOR):
        raise PermissionDenied
    if is_own_line(signer, actor):
        return ""
    if not may_sign_for_others(actor, tenant):
        raise ValidationError(
            {
                "__all__": _(
                    "Only %(name)s may approve this line of the minutes (KL 5 kap. 69 §). "
                    "Your user is not linked to that person in the case register."
                )
                % {"name": signer.attendance.name}
            },
            code="not_signer",
        )
    reason = clean_reason(reason)
    if not reason:
        raise ValidationError(
            {
                "reason": _("Give the reason for approving on behalf of %(name)s.")
                % {"name": signer.attendance.name}
            },
            code="reason_required",
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("At most %(n)s characters.") % {"n": REASON_MAX_LENGTH}}, code="max_length"
        )
    return reason
