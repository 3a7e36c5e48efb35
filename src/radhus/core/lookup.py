"""Resolving the ids in a request inside the caller's organisation: one place for every caller.

Services, forms, the API and imports all turn an id into an object here, so that an id from
another organisation, or a protected person the caller may not see, answers exactly like an id
that does not exist: the caller learns nothing by trying ids.

Each model that can be referred to names the path from its rows to their tenant in
``TENANT_PATHS``; a new domain adds its models there (or gives them a ``tenant`` field).
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from radhus.core import cache
from radhus.core.models import Tenant

M = TypeVar("M", bound=models.Model)

# The largest id the database can hold (a signed 64-bit integer); larger ids never match.
MAX_ID = 2**63 - 1

# model label → the lookup path from a row to its tenant, for models without a ``tenant`` field.
TENANT_PATHS: dict[str, str] = {
    "organisation.appointment": "post__tenant",
    "organisation.membership": "group__tenant",
    "organisation.postdocument": "post__tenant",
    "organisation.decisionstep": "reorganisation__tenant",
    "organisation.postdocumentversion": "document__post__tenant",
}


def tenant_path(model: type[models.Model]) -> str:
    """The lookup from ``model`` to its tenant (``tenant`` when the model has that field)."""
    return TENANT_PATHS.get(model._meta.label_lower, "tenant")


def scoped(model_or_queryset: type[M] | QuerySet[M], tenant: Tenant) -> QuerySet[M]:
    """The rows of a model (or of a queryset) that belong to ``tenant``."""
    if isinstance(model_or_queryset, QuerySet):
        queryset = model_or_queryset
    else:
        queryset = model_or_queryset._default_manager.all()
    return queryset.filter(**{tenant_path(queryset.model): tenant})


def seat_people(tenant: Tenant, on_behalf_of: Tenant | None) -> Q:
    """Who may hold a seat in one of ``tenant``'s groups (S3.3).

    A collaboration's groups seat people from other municipalities (the Örnsköldsvik director in
    Umeåregionen's chief executives' group): a seat there may name a public person of the
    municipality it is held on behalf of. Everywhere else a seat names the tenant's own people.
    """
    own = Q(tenant=tenant)
    if (
        tenant.kind == Tenant.Kind.COLLABORATION
        and on_behalf_of is not None
        and on_behalf_of.pk != tenant.pk
        and on_behalf_of.kind == Tenant.Kind.MUNICIPALITY
    ):
        return own | Q(tenant=on_behalf_of, is_public=True)
    return own


def tenant_by_slug(slug: str) -> Tenant | None:
    """The organisation at the address ``slug``, or None. Kept in the process until any
    organisation is saved or deleted (``cache.TENANTS``), so a request needs no query to know
    whose page it is; each caller gets a copy of its own."""
    found = cache.remembered(
        cache.TENANTS, ("tenant", slug), lambda: Tenant.objects.filter(slug=slug).first()
    )
    return copy.copy(found) if found is not None else None


def id_by_slug(queryset: QuerySet[M], slug: str, *, tenant: Tenant) -> tuple[int | None, M | None]:
    """The id of the row of ``queryset`` with ``slug`` inside ``tenant`` (None when it has
    none), kept in the process until the organisation changes (``cache.remembered``), so that
    a page served from the cache needs no query to know what it shows; and the row itself when
    it had to be read for that (else the caller reads it by id, with ``scoped``, if it needs
    it). A slug of another organisation is never found: the id is looked for inside ``tenant``
    and kept under its id."""
    read: list[M] = []

    def find() -> int | None:
        row = scoped(queryset, tenant).filter(slug=slug).first()
        if row is not None:
            read.append(row)
        return row.pk if row is not None else None

    pk = cache.remembered(tenant.pk, ("id", queryset.model._meta.label_lower, slug), find)
    return pk, (read[0] if read else None)


def not_found_message(model: type[models.Model]) -> str:
    return _("No %(things)s has this id.") % {"things": model._meta.verbose_name_plural}


def resolve(
    model_or_queryset: type[M] | QuerySet[M],
    pk: Any,
    *,
    tenant: Tenant,
    field: str,
) -> M:
    """The object with id ``pk`` inside ``tenant``, or a ValidationError on ``field`` that reads
    the same whether the id is missing, belongs to another organisation, or is hidden from the
    caller (pass a queryset that leaves out what the caller may not see)."""
    return resolve_among(scoped(model_or_queryset, tenant), pk, field=field)


def resolve_among(queryset: QuerySet[M], pk: Any, *, field: str) -> M:
    """As ``resolve``, in a queryset that already says whose rows it may be: for the explicit
    rules that reach beyond one organisation (``seat_people``, S3.3)."""
    obj = None
    if isinstance(pk, int) and not isinstance(pk, bool) and 0 < pk <= MAX_ID:
        obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise ValidationError({field: not_found_message(queryset.model)}, code="not_found")
    return obj


def resolve_optional(
    model_or_queryset: type[M] | QuerySet[M],
    pk: Any,
    *,
    tenant: Tenant,
    field: str,
) -> M | None:
    """As ``resolve``, with ``None`` for no id."""
    if pk is None:
        return None
    return resolve(model_or_queryset, pk, tenant=tenant, field=field)
