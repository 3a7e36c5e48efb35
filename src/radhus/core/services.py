"""Changes to tenants, audited like every other change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from radhus.core import audit
from radhus.core.audit import Actor
from radhus.core.formats import DEFAULT_COUNTRY
from radhus.core.integrity import constraints_as_errors
from radhus.core.models import CollaborationMember, Role, Tenant, TenantRole


@transaction.atomic
def tenant_create(
    *,
    actor: Actor,
    name: str,
    slug: str,
    kind: str = Tenant.Kind.MUNICIPALITY,
    country: str = DEFAULT_COUNTRY,
    municipality_code: str = "",
    organisation_number: str = "",
    administrator: str | AbstractBaseUser | None = None,
) -> Tenant:
    """A municipality or collaboration in ``country`` (ISO 3166-1 alpha-2, SE or FI); its
    municipality code and organisation number are checked for that country (python-stdnum)
    and formatted. ``administrator`` (a user, or the name of one, created without a password
    when missing) gets the administrator role in it."""
    tenant = Tenant(
        name=name,
        slug=slug,
        kind=kind,
        country=country,
        municipality_code=municipality_code,
        organisation_number=organisation_number,
    )
    tenant.full_clean()
    with constraints_as_errors():
        tenant.save()
    audit.record(
        tenant=tenant,
        actor=actor,
        action="tenant.create",
        subject=tenant,
        summary=_("Created the organisation “%(name)s”.") % {"name": tenant.name},
        changes={
            "kind": tenant.kind,
            "country": tenant.country,
            "municipality_code": tenant.municipality_code,
            "organisation_number": tenant.organisation_number,
        },
    )
    if administrator is not None and administrator != "":
        user = (
            administrator
            if isinstance(administrator, AbstractBaseUser)
            else user_get_or_create(username=administrator, actor=actor, tenant=tenant)
        )
        role_grant(user=user, tenant=tenant, role=Role.ADMINISTRATOR, actor=actor)
    return tenant


TENANT_FIELDS = ["name", "slug", "kind", "country", "municipality_code", "organisation_number"]


@transaction.atomic
def tenant_update(*, tenant: Tenant, actor: Actor, **fields: Any) -> Tenant:
    """Correct an organisation's name, address, kind, country or identifiers; they are checked
    again for the country."""
    unknown = set(fields) - set(TENANT_FIELDS)
    if unknown:
        raise TypeError(f"tenant_update does not change {sorted(unknown)}")
    # From the database: the admin's form has set the new values on ``tenant`` already.
    before = audit.snapshot(Tenant.objects.select_for_update().get(pk=tenant.pk), TENANT_FIELDS)
    for key, value in fields.items():
        setattr(tenant, key, value)
    tenant.full_clean()
    with constraints_as_errors():
        tenant.save()
    changes = audit.diff(before, audit.snapshot(tenant, TENANT_FIELDS))
    if changes:
        audit.record(
            tenant=tenant,
            actor=actor,
            action="tenant.update",
            subject=tenant,
            summary=_("Changed the organisation “%(name)s”.") % {"name": tenant.name},
            changes=changes,
        )
    return tenant


@transaction.atomic
def user_get_or_create(*, username: str, actor: Actor, tenant: Tenant) -> AbstractBaseUser:
    """The user called ``username``; a new one has no password until they are given one
    (``radhus changepassword``), and its creation is in ``tenant``'s audit trail."""
    User = get_user_model()
    user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
    if user is not None:
        return user
    user = User(**{User.USERNAME_FIELD: username})
    user.set_unusable_password()
    try:
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        raise ValidationError({"administrator": [m for ms in exc.message_dict.values() for m in ms]}) from exc
    with constraints_as_errors():
        user.save()
    audit.record(
        tenant=tenant,
        actor=actor,
        action="user.create",
        subject=user,
        page=tenant,
        summary=_("Created the user %(user)s.") % {"user": username},
    )
    return user


@transaction.atomic
def role_grant(*, user: AbstractBaseUser, tenant: Tenant, role: Role, actor: Actor = None) -> TenantRole:
    """Give ``user`` ``role`` in ``tenant``, replacing any earlier role there (one role per
    user and organisation)."""
    tenant_role, created = TenantRole.objects.update_or_create(
        user=user, tenant=tenant, defaults={"role": role}
    )
    audit.record(
        tenant=tenant,
        actor=actor,
        action="role.grant",
        subject=tenant_role,
        page=tenant,
        summary=_("%(user)s has the role %(role)s.")
        % {"user": user.get_username(), "role": Role(role).label},
        changes={"role": Role(role).value, "created": created},
    )
    return tenant_role


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
