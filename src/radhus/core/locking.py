"""Locks for writes that check and then act: one place, for every module.

A rule that a write checks (no cycle in the tree, one holder at a time, one case number per
number) holds only if no other write changes what was checked before this one commits. So a
service first locks the row that owns the rule, then reads, checks and writes, all in one
transaction; a second writer waits for the lock and then sees the first one's result.

- On PostgreSQL the lock is ``SELECT … FOR NO KEY UPDATE``: it serialises writers to the row,
  but does not block rows that merely refer to it (audit events, appointments), so an insert
  that points at a locked tenant never waits and cannot deadlock with it.
- On SQLite a write transaction already holds the whole database: settings start every
  transaction with ``BEGIN IMMEDIATE`` (and a busy timeout), so the lock below costs nothing
  and writers queue instead of failing with “database is locked”.

Lock in one order to stay clear of deadlocks: the tenant first, then the row inside it.
"""

from __future__ import annotations

from typing import TypeVar

from django.db import models, transaction

from radhus.core.models import Tenant

M = TypeVar("M", bound=models.Model)


def lock(obj: M) -> M:
    """Lock ``obj``'s row until the transaction ends and return it fresh from the database.
    Must be called inside ``transaction.atomic``."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError("lock() needs a transaction.")
    model = type(obj)
    return model._default_manager.select_for_update(no_key=True).get(pk=obj.pk)


def lock_tenant(tenant: Tenant | int) -> Tenant:
    """Lock a whole organisation: the rules over its tree (no unit under itself on any date)
    are checked by one writer at a time."""
    return lock(tenant if isinstance(tenant, Tenant) else Tenant(pk=tenant))
