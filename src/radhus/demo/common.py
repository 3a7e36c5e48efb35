"""Helpers the demo data modules share.

The organisation is written through ``radhus.organisation.services`` with no actor (the audit
trail names the writer "system"). Tenants, parties, collaboration members and site notices have
no service yet; the demo validates them with ``full_clean`` and writes their audit event here.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from radhus.core import audit
from radhus.core import services as core_services
from radhus.core.models import AuditEvent, CollaborationMember, SiteNotice, Tenant
from radhus.organisation import services
from radhus.organisation.models import ContactKind, ContactPoint, Party, Person, Post, Unit

# The demo writes as the system: actor=None.
SYSTEM = None

# The seed pages show "Skicka e-post" links but not the addresses behind them. Rather than
# guess real addresses, the demo uses the reserved top-level domain .example (RFC 2606).
EMAIL_DOMAIN = "example"


def tenant_create(
    *,
    name: str,
    slug: str,
    kind: str = Tenant.Kind.MUNICIPALITY,
    country: str = "SE",
    municipality_code: str = "",
    organisation_number: str = "",
) -> Tenant:
    return core_services.tenant_create(
        actor=SYSTEM,
        name=name,
        slug=slug,
        kind=kind,
        country=country,
        municipality_code=municipality_code,
        organisation_number=organisation_number,
    )


def party(abbreviation: str, name: str) -> Party:
    """Parties are shared by all organisations and are never removed by a reset."""
    found, _created = Party.objects.get_or_create(abbreviation=abbreviation, defaults={"name": name})
    return found


def collaboration_member_add(*, collaboration: Tenant, municipality: Tenant) -> CollaborationMember:
    return core_services.collaboration_member_add(
        collaboration=collaboration, municipality=municipality, actor=SYSTEM
    )


def site_notice_add(*, tenant: Tenant, text: str, valid_from: dt.date | None = None) -> SiteNotice:
    notice = SiteNotice(tenant=tenant, text=text, valid_from=valid_from)
    notice.full_clean()
    notice.save()
    audit.record(
        tenant=tenant,
        actor=SYSTEM,
        action="notice.create",
        subject=notice,
        page=tenant,
        summary=_("Published a site notice: %(text)s") % {"text": text},
    )
    return notice


def email_address(local: str, tenant: Tenant) -> str:
    """``Magnus Haglund`` in Örnsköldsvik → ``magnus.haglund@ornskoldsvik.example``."""
    ascii_local = slugify(
        local.lower().replace("å", "a").replace("ä", "a").replace("ö", "o").replace("é", "e")
    ).replace("-", ".")
    return f"{ascii_local}@{tenant.slug}.{EMAIL_DOMAIN}"


def contact(owner: Unit | Post | Person, kind: str, value: str, label: str = "") -> ContactPoint:
    return services.contact_point_add(owner=owner, actor=SYSTEM, kind=kind, value=value, label=label)


def person(
    tenant: Tenant, first_name: str, last_name: str, *, party: Party | None = None, email: bool = True
) -> Person:
    """A person; with ``email`` the demo gives them an address under .example (see above)."""
    created = services.person_create(
        tenant=tenant, actor=SYSTEM, first_name=first_name, last_name=last_name, party=party
    )
    if email:
        contact(created, ContactKind.EMAIL, email_address(f"{first_name} {last_name}", tenant))
    return created


def unit(tenant: Tenant, kind: str, name: str, **fields: object) -> Unit:
    return services.unit_create(tenant=tenant, actor=SYSTEM, kind=kind, name=name, **fields)


def post(unit: Unit, title: str, **fields: object) -> Post:
    return services.post_create(unit=unit, actor=SYSTEM, title=title, **fields)


def appoint(post: Post, holder: Person, *, valid_from: dt.date | None = None, acting: bool = False) -> None:
    services.appointment_create(post=post, person=holder, actor=SYSTEM, valid_from=valid_from, acting=acting)


def recorded_on(subject: models.Model, action: str, day: dt.date) -> None:
    """Date the demo's audit event ``action`` on ``subject`` the day the seed says it was made
    (a correction the seed makes after creating what it corrects), not the day of loading."""
    noon = timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))
    AuditEvent.objects.filter(
        subject_type=subject._meta.label_lower, subject_id=subject.pk, action=action
    ).update(at=noon)


def page_dated(unit: Unit, day: dt.date) -> None:
    """Give a unit's page the "page updated" date of its seed page. Services touch
    ``updated_at`` on every change, so this runs once everything else is loaded."""
    noon = timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))
    Unit.objects.filter(pk=unit.pk).update(updated_at=noon)
