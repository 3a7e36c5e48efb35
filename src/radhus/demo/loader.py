"""Loading the five seed systems as demo data: once, in one transaction, and never twice.

Each demo organisation gets a ``demo.load`` audit event when the load completes; that event is
how a later run knows the demo is in place (and from which version of this module).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from radhus.core import audit
from radhus.core.management.commands.grant_role import grant_role
from radhus.core.models import AuditEvent, Role, Tenant
from radhus.demo import officer
from radhus.demo.common import SYSTEM, page_dated
from radhus.demo.seeds import hassleholm, munkedal, ornskoldsvik, pargas, umearegionen
from radhus.diarium import demo as diarium_demo
from radhus.diarium import demo_extras as diarium_demo_extras
from radhus.followup import demo as followup_demo
from radhus.followup import demo_goals as followup_demo_goals
from radhus.meetings import demo as meetings_demo
from radhus.organisation.models import (
    Appointment,
    Membership,
    Oversight,
    Person,
    Post,
    PostDocument,
    Reorganisation,
    Responsibility,
    Unit,
)

# Raise when the demo data changes, so that an existing database says it is out of date.
DEMO_VERSION = 8  # 2: Pargas stad (Finland); 3: oversight, employers, deputies; 4: the case register;
# 5: the follow-up of decisions; 6: goals (Umeåregionen's 2050 vision), policy documents, oversight;
# 7: the board's minutes signed at the planned time of approval (Kommunkansliet at 10.00), and a
# seed's correction dated the seed's day; 8: the demo login is Munkedal's (invented) municipal secretary,
# with assignments, a watch, a referral and a review due (radhus.demo.officer)

DEMO_SLUGS = [
    ornskoldsvik.SLUG,
    hassleholm.SLUG,
    munkedal.SLUG,
    *umearegionen.SLUGS,
    pargas.SLUG,
]

# Demo-only logins, printed by the command and named in the README.
DEMO_USERS = [
    # username, password, role in every demo organisation, Django superuser
    ("demo", "demo-radhus", Role.EDITOR, False),  # in Munkedal, Elin Strand (radhus.demo.officer)
    ("admin", "admin-radhus", Role.ADMINISTRATOR, True),
]

LOADED_ACTION = "demo.load"


class DemoConflict(Exception):
    """The database holds organisations at the demo's addresses that the demo did not make."""


@dataclass
class Outcome:
    loaded: bool
    reset: bool = False
    outdated: bool = False
    tenants: list[Tenant] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def _markers() -> dict[str, AuditEvent]:
    return {
        event.tenant.slug: event
        for event in AuditEvent.objects.filter(action=LOADED_ACTION, tenant__slug__in=DEMO_SLUGS)
        .select_related("tenant")
        .order_by("at", "id")
    }


def _demo_tenants() -> list[Tenant]:
    found = {t.slug: t for t in Tenant.objects.filter(slug__in=DEMO_SLUGS)}
    return [found[slug] for slug in DEMO_SLUGS if slug in found]


def _check_only_demo(existing: list[Tenant], markers: dict[str, AuditEvent]) -> None:
    strangers = [t for t in existing if t.slug not in markers]
    if strangers:
        raise DemoConflict(
            _(
                "These organisations use the demo's addresses but were not made by the demo: "
                "%(names)s. Rename or remove them before loading the demo."
            )
            % {"names": ", ".join(f"{t.name} (/{t.slug}/)" for t in strangers)}
        )


def wipe_work(tenants: list[Tenant]) -> None:
    """Remove the organisations' work (goals, assignments, meetings, cases), the later module
    first: each points at the ones before it, and their references are protected."""
    followup_demo_goals.wipe(tenants)  # policy documents point at decisions, goals at assignments
    followup_demo.wipe(tenants)  # assignments point at decisions, cases and units
    meetings_demo.wipe(tenants)  # the meetings refer to cases, units and people
    diarium_demo_extras.wipe(tenants)  # its forms and referrals point at the series
    diarium_demo.wipe(tenants)  # the case register refers to units and people


def wipe(tenants: list[Tenant]) -> None:
    """Remove the demo organisations and everything in them, including seats elsewhere that
    their people or posts hold. Parties and user accounts stay."""
    units = Unit.objects.filter(tenant__in=tenants)
    posts = Post.objects.filter(tenant__in=tenants)
    people = Person.objects.filter(tenant__in=tenants)
    wipe_work(tenants)
    AuditEvent.objects.filter(tenant__in=tenants).delete()
    Membership.objects.filter(
        Q(group__in=units) | Q(person__in=people) | Q(post__in=posts) | Q(on_behalf_of__in=tenants)
    ).delete()
    Appointment.objects.filter(Q(post__in=posts) | Q(person__in=people)).delete()
    PostDocument.objects.filter(Q(post__in=posts) | Q(adopted_by__in=units)).delete()
    Reorganisation.objects.filter(tenant__in=tenants).delete()
    Responsibility.objects.filter(tenant__in=tenants).delete()
    Oversight.objects.filter(tenant__in=tenants).delete()
    posts.update(reports_to=None, deputy=None, employed_by=None)
    posts.delete()
    units.update(parent=None, responsible_body=None, page_owner=None)
    units.delete()
    people.delete()
    Tenant.objects.filter(pk__in=[t.pk for t in tenants]).delete()


def _grant_demo_roles(tenants: list[Tenant]) -> None:
    user_model = get_user_model()
    for username, password, role, superuser in DEMO_USERS:
        user: AbstractUser = user_model.objects.filter(username=username).first()  # type: ignore[assignment]
        if user is None:
            user = user_model(username=username)  # type: ignore[assignment]
        user.set_password(password)
        user.is_staff = superuser
        user.is_superuser = superuser
        user.save()
        for tenant in tenants:
            grant_role(user=user, tenant=tenant, role=role, actor=SYSTEM)


def _load_all() -> list[Tenant]:
    east = ornskoldsvik.load()
    south = hassleholm.load()
    diarium_demo.load(south.tenant)
    west = munkedal.load()
    meetings_demo.load(west.tenant)
    officer.load_post(west.tenant)  # the demo login's post, before the policy register it owns in part
    region = umearegionen.load(ornskoldsvik=east.tenant, ornskoldsvik_director=east.director)
    followup_demo.load(hassleholm=south.tenant, munkedal=west.tenant, umearegionen=region.tenant)
    finland = pargas.load()
    tenants = [east.tenant, south.tenant, west.tenant, region.tenant, *region.municipalities, finland.tenant]
    _grant_demo_roles(tenants)
    diarium_demo_extras.load()  # a motion older than a year, a citizen's idea (diarium, second helper)
    followup_demo_goals.load(
        region=region.tenant, municipality=west.tenant
    )  # the 2050 vision; Munkedal's register
    # The demo login is Munkedal's (invented) municipal secretary, with something on each
    # list of “Att göra”.
    officer.load_work(west.tenant, get_user_model().objects.get(username=DEMO_USERS[0][0]))
    # Last of all, since every service call above touches the pages it changes.
    for loaded in (east, south, west, region, finland):
        for unit, day in loaded.page_dates:
            page_dated(unit, day)
    for tenant in tenants:
        audit.record(
            tenant=tenant,
            actor=SYSTEM,
            action=LOADED_ACTION,
            subject=tenant,
            summary=_("Loaded the demo data from the seed pages."),
            changes={"version": DEMO_VERSION},
        )
    return tenants


def _counts(tenants: list[Tenant]) -> dict[str, int]:
    return {
        "organisations": len(tenants),
        "units": Unit.objects.filter(tenant__in=tenants).count(),
        "posts": Post.objects.filter(tenant__in=tenants).count(),
        "people": Person.objects.filter(tenant__in=tenants).count(),
    }


def load_demo(*, reset: bool = False) -> Outcome:
    """Load the demo unless it is already there; with ``reset``, wipe it and load it again.

    Runs in the site's default language, so that the audit trail reads as the site does."""
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        existing = _demo_tenants()
        markers = _markers()
        _check_only_demo(existing, markers)
        if existing and not reset:
            # A demo from another version of this module (other data or other organisations)
            # is left alone: `make run` must not fail on it. The command says how to renew it.
            outdated = len(existing) != len(DEMO_SLUGS) or any(
                m.changes.get("version") != DEMO_VERSION for m in markers.values()
            )
            return Outcome(loaded=False, outdated=outdated, tenants=existing, counts=_counts(existing))
        if existing:
            wipe(existing)
        tenants = _load_all()
        return Outcome(loaded=True, reset=bool(existing), tenants=tenants, counts=_counts(tenants))
