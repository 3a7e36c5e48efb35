"""Changes to tenants, audited like every other change."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from radhus.core import audit
from radhus.core.audit import Actor
from radhus.core.models import CollaborationMember, Tenant


@transaction.atomic
def tenant_create(
    *,
    actor: Actor,
    name: str,
    slug: str,
    kind: str = Tenant.Kind.MUNICIPALITY,
    municipality_code: str = "",
    organisation_number: str = "",
) -> Tenant:
    """A municipality or collaboration. The organisation number is Luhn-checked and formatted."""
    tenant = Tenant(
        name=name,
        slug=slug,
        kind=kind,
        municipality_code=municipality_code,
        organisation_number=organisation_number,
    )
    tenant.full_clean()
    tenant.save()
    audit.record(
        tenant=tenant,
        actor=actor,
        action="tenant.create",
        subject=tenant,
        summary=_("Created the organisation “%(name)s”.") % {"name": tenant.name},
    )
    return tenant


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
