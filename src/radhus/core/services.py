"""Changes to tenants, audited like every other change."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from radhus.core import audit
from radhus.core.audit import Actor
from radhus.core.models import CollaborationMember, Tenant


@transaction.atomic
def collaboration_member_add(
    *,
    collaboration: Tenant,
    municipality: Tenant,
    actor: Actor,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> CollaborationMember:
    """A municipality joins a collaboration such as Umeåregionen (S3.1)."""
    link = CollaborationMember(
        collaboration=collaboration, municipality=municipality, valid_from=valid_from, valid_to=valid_to
    )
    link.full_clean()
    link.save()
    audit.record(
        tenant=collaboration,
        actor=actor,
        action="collaboration.member",
        subject=link,
        page=collaboration,
        summary=_("%(municipality)s is a member of %(collaboration)s.")
        % {"municipality": municipality.name, "collaboration": collaboration.name},
    )
    return link
