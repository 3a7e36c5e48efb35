"""Who may sign a line of the minutes.

The minutes are approved by the chair and the adjusters chosen at the meeting (KL 5 kap. 69 §);
the secretary signs as the one who kept them. A line is signed by the person named on it, so
the logged-in user must be that person in the organisation registry (the case register's
``OfficerLink`` from a user to a person). An administrator of the organisation may sign on the
signer's behalf, e.g. when the signer approved on paper, only with a reason, which is kept in
the audit trail. The API and the staff pages sign through here; ``services.minutes_sign`` stays
the step itself (used by the demo and commands, which act as the system).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from radhus.core import audit
from radhus.core.access import has_role
from radhus.core.models import Role, Tenant
from radhus.diarium.models import OfficerLink
from radhus.meetings import services
from radhus.meetings.models import Meeting, Signer

# The longest reason an administrator may give for signing on someone's behalf.
REASON_MAX_LENGTH = 500


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


@services.audits_refusal
@transaction.atomic
def minutes_sign_as(*, signer: Signer, actor: Any, reason: str = "", on: dt.date | None = None) -> Meeting:
    """``actor`` signs the line of ``signer``: their own line (KL 5 kap. 69 §: the chair and
    the adjusters approve the minutes, each for themselves), or, as an administrator of the
    organisation, someone else's with a reason that the audit trail keeps."""
    tenant = signer.meeting.tenant
    if not has_role(actor, tenant, Role.EDITOR):
        raise PermissionDenied
    reason = " ".join((reason or "").split())
    if is_own_line(signer, actor):
        reason = ""
    else:
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
    meeting = services.minutes_sign(signer=signer, actor=actor, on=on)
    if reason:
        audit.record(
            tenant=tenant,
            actor=actor,
            action="meetings.approval.sign_on_behalf",
            subject=meeting,
            summary=_("Approved the minutes on behalf of %(name)s: %(reason)s")
            % {"name": signer.attendance.name, "reason": reason},
            changes={"signer": signer.attendance.name, "role": signer.role, "reason": reason},
        )
    return meeting
