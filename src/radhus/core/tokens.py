"""API keys: made once and shown once, stored only as a hash, checked on every API write.

A key expires after ``RADHUS_API_KEY_DAYS`` days and can be revoked at any time; an expired or
revoked key answers 401. Making and revoking a key is written to the audit trail of every
organisation where its user holds a role, since those are where the key can write.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from radhus.core import audit
from radhus.core.audit import Actor
from radhus.core.models import ApiToken, Tenant

KEY_PREFIX = "rh_"


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _record(*, token: ApiToken, actor: Actor, action: str, summary: str) -> None:
    for tenant in Tenant.objects.filter(roles__user=token.user_id).distinct():
        audit.record(tenant=tenant, actor=actor, action=action, subject=token, page=tenant, summary=summary)


@transaction.atomic
def token_create(
    *, user: AbstractBaseUser, name: str = "", days: int | None = None, actor: Actor = None
) -> tuple[ApiToken, str]:
    """A new key for ``user``: returns the stored row and the key, which is never stored."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    lifetime = dt.timedelta(days=settings.RADHUS_API_KEY_DAYS if days is None else days)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=_hash(key), prefix=key[:10], created_at=now, expires_at=now + lifetime
    )
    _record(
        token=token,
        actor=actor,
        action="token.create",
        summary=_("API key %(prefix)s… for %(user)s, valid until %(date)s.")
        % {"prefix": token.prefix, "user": user.get_username(), "date": token.expires_at.date().isoformat()},
    )
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: Actor) -> ApiToken:
    """Stop a key at once; revoking a revoked key changes nothing."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    _record(
        token=token,
        actor=actor,
        action="token.revoke",
        summary=_("API key %(prefix)s… of %(user)s revoked.")
        % {"prefix": token.prefix, "user": token.user.get_username()},
    )
    return token


@transaction.atomic
def tokens_revoke_all(*, user: AbstractBaseUser, actor: Actor) -> int:
    """Revoke every key of ``user`` that still works; returns how many."""
    tokens = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    for token in tokens:
        token_revoke(token=token, actor=actor)
    return len(tokens)


def tokens_of(user: AbstractBaseUser) -> QuerySet[ApiToken]:
    """A user's own keys, newest first, revoked and expired ones included."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def user_for_key(key: str) -> Any | None:
    """The active user an unrevoked, unexpired key belongs to, or None."""
    if not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    token = ApiToken.objects.active().select_related("user").filter(key_hash=_hash(key)).first()
    if token is None:
        return None
    now = timezone.now()
    # Once a minute is enough to tell which keys are in use, and spares a write per request.
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
