"""Writing the audit trail. Services call ``record`` inside their transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models

from radhus.core.models import AuditEvent, Tenant

Actor = AbstractBaseUser | AnonymousUser | None


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    return {f: _jsonable(getattr(obj, f)) for f in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Field → [old, new] for the fields that changed."""
    return {k: [before.get(k), after[k]] for k in after if before.get(k) != after[k]}


def record(
    *,
    tenant: Tenant,
    actor: Actor,
    action: str,
    subject: models.Model,
    summary: str,
    page: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    page = page or subject
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    name = ""
    if user is not None:
        name = user.get_full_name() or user.get_username()  # type: ignore[union-attr]
    return AuditEvent.objects.create(
        tenant=tenant,
        actor=user,
        actor_name=name or "system",
        action=action,
        subject_type=subject._meta.label_lower,
        subject_id=subject.pk,
        page_type=page._meta.label_lower,
        page_id=page.pk,
        summary=summary[:500],
        changes=changes or {},
    )


def history_of(page: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(page_type=page._meta.label_lower, page_id=page.pk)
