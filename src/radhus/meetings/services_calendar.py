"""A user's private calendar address: made, replaced and revoked by the user, audited in every
organisation where the user holds a role (like the API keys in ``core.tokens``)."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from radhus.core import audit
from radhus.core.audit import Actor
from radhus.core.locking import lock
from radhus.core.models import Tenant
from radhus.diarium.models import OfficerLink
from radhus.meetings.models import CalendarFeed
from radhus.organisation.models import Person

KEY_PREFIX = "kal_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _record(feed: CalendarFeed, actor: Actor, action: str, summary: str) -> None:
    for tenant in Tenant.objects.filter(roles__user=feed.user_id).distinct():
        audit.record(tenant=tenant, actor=actor, action=action, subject=feed, page=tenant, summary=summary)


def _revoke_active(user: Any, actor: Actor) -> int:
    now = timezone.now()
    revoked = 0
    for feed in CalendarFeed.objects.filter(user=user, revoked_at__isnull=True):
        feed.revoked_at = now
        feed.save(update_fields=["revoked_at"])
        _record(
            feed,
            actor,
            "meetings.calendar.revoke",
            _("Calendar address %(prefix)s… revoked.") % {"prefix": feed.prefix},
        )
        revoked += 1
    return revoked


@transaction.atomic
def calendar_feed_create(*, user: Any, actor: Actor) -> tuple[CalendarFeed, str]:
    """A new secret calendar address for ``user``: returns the row and the key, which is never
    stored. The user's earlier address stops working (one address at a time; the user's row
    is locked so two clicks at once leave one)."""
    lock(get_user_model()(pk=user.pk))
    _revoke_active(user, actor)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    feed = CalendarFeed.objects.create(user=user, key_hash=_hash(key), prefix=key[:10])
    _record(
        feed,
        actor,
        "meetings.calendar.create",
        _("Calendar address %(prefix)s… made.") % {"prefix": feed.prefix},
    )
    return feed, key


@transaction.atomic
def calendar_feed_revoke(*, user: Any, actor: Actor) -> int:
    """Stop the user's calendar address at once; returns how many were stopped (0 or 1)."""
    lock(get_user_model()(pk=user.pk))
    return _revoke_active(user, actor)


def active_feed(user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def user_for_key(key: str) -> Any | None:
    """The active user of an unrevoked calendar key, or None."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    feed = (
        CalendarFeed.objects.filter(key_hash=_hash(key), revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    return feed.user if feed else None


def people_of(user: Any) -> list[Person]:
    """The people of the registry the user is, one per organisation (the case register's
    link of a user to a person)."""
    return [link.person for link in OfficerLink.objects.filter(user=user).select_related("person")]
