"""Rendered pages and files cached per organisation, invalidated by any change.

Every change to an organisation goes through a service that records an ``AuditEvent`` in its
transaction. Recording one bumps the organisation's version, and every key made here carries
that version, so nothing rendered before the change is read again (old entries simply expire).
The version is bumped at once, so the writing transaction reads its own change, and again when
the transaction commits, so that a page another request rendered in between, from the data
before the commit, is never served after it.

Django's cache framework holds the entries: ``settings.CACHES`` (``RADHUS_CACHE`` in the
README) must be shared by every worker process, or a worker would keep serving what another
worker's change made stale; the default is a directory under ``RADHUS_VAR_DIR``
(``core.cache_backends.FileCache``). There the versions are kept in a directory of their own
(``versions/``, a small file per organisation, never culled), apart from the thousands of
renders, which are culled when full.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import os
import secrets
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, TypeVar
from urllib.parse import urlencode

import pydantic
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.filebased import FileBasedCache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import get_language

from radhus.core.cache_backends import FileCache
from radhus.core.models import AuditEvent, CollaborationMember, SiteNotice, Tenant
from radhus.core.selectors import today

T = TypeVar("T")

PREFIX = "radhus"


@lru_cache(maxsize=1)
def _database() -> str:
    """Which database the keys belong to: a cache directory outlives a database (a benchmark's
    throwaway one, another DATABASE_URL), whose organisations may have the same ids."""
    db = settings.DATABASES["default"]
    where = f"{db['ENGINE']}|{db.get('HOST', '')}|{db.get('PORT', '')}|{db['NAME']}"
    return hashlib.sha256(where.encode()).hexdigest()[:12]


def store_key(name: str, *parts: object) -> str:
    """A key of the shared cache for something of a module's own (not a render), told apart
    from the same name in another database."""
    return ":".join((PREFIX, _database(), name, *(str(p) for p in parts)))


def _version_key(tenant_id: int | str) -> str:
    return f"{PREFIX}:{_database()}:version:{tenant_id}"


def versions() -> BaseCache:
    """Where the organisations' versions are kept: the cache itself, or for a file cache a
    directory of its own beside the renders (see above)."""
    default = caches["default"]
    if isinstance(default, FileBasedCache):
        return _file_versions(default._dir)
    return default


@lru_cache(maxsize=4)
def _file_versions(directory: str) -> FileBasedCache:
    # Never culled: a file per organisation (and database), and a version lost would only
    # start afresh (a new random number).
    return FileCache(
        os.path.join(directory, "versions"),
        {"TIMEOUT": None, "OPTIONS": {"CULL_EVERY": 0}},
    )


def _new_version() -> int:
    # Random rather than the clock: a clock stopped in a test, or set back, would give a
    # version seen before, and entries made under it would match again.
    return secrets.randbits(62)


def tenant_version(tenant_id: int | str) -> int:
    """The organisation's current version (or that of ``TENANTS`` or ``NOTICES``). A version
    that is missing (never set, or evicted) starts afresh, so entries made under an older one
    cannot match again."""
    key = _version_key(tenant_id)
    store = versions()
    version = store.get(key)
    if version is None:
        store.add(key, _new_version(), timeout=None)
        version = store.get(key, 0)
    return int(version)


def bump(tenant_id: int | str) -> None:
    """Make everything cached for the organisation (or under ``TENANTS``, ``NOTICES``) stale."""
    versions().set(_version_key(tenant_id), _new_version(), timeout=None)


def key(tenant_id: int, name: str, parts: Iterable[object] = ()) -> str:
    """The cache key of ``name`` for the organisation in its current version and the active
    language, and the ``parts`` that tell renders apart (date, unit, options)."""
    detail = "\x1f".join(str(p) for p in (get_language() or "", *parts))
    digest = hashlib.sha256(detail.encode()).hexdigest()[:32]
    return f"{PREFIX}:{_database()}:{tenant_id}:{tenant_version(tenant_id)}:{name}:{digest}"


def cached(tenant_id: int, name: str, parts: Iterable[object], make: Callable[[], T]) -> T:
    """``make()``'s result, from the cache when this render was made since the last change."""
    entry = key(tenant_id, name, parts)
    found: Any = cache.get(entry)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = make()
    cache.set(entry, value)
    return value


def kept_across(tenant_id: int, name: str, parts: Iterable[object]) -> Any:
    """What ``cached_across`` keeps for this render, when it was made since the last change in
    each organisation it shows; ``None`` otherwise (nothing is made)."""
    return _kept_across(key(tenant_id, name, parts))


def _kept_across(entry: str) -> Any:
    found: Any = cache.get(entry)
    if found is None:
        return None
    value, versions = found
    if all(tenant_version(other) == version for other, version in versions.items()):
        return value
    return None


def cached_across(
    tenant_id: int, name: str, parts: Iterable[object], make: Callable[[], tuple[T, Iterable[int]]]
) -> T:
    """Like ``cached``, for a render that also shows rows of other organisations (a person
    kept by a member municipality, on a collaboration's page): ``make()`` returns the value
    and the ids of those organisations, whose versions are kept with it and checked on every
    read, so that a change in any of them makes it stale too."""
    entry = key(tenant_id, name, parts)
    found = _kept_across(entry)
    if found is not None:
        return found
    value, others = make()
    # Read after the render, so a change committed in another organisation during it could be
    # missed until its next change; the window is the few milliseconds of one render.
    cache.set(entry, (value, {other: tenant_version(other) for other in set(others) - {tenant_id}}))
    return value


# Kept in the process --------------------------------------------------------------------------
#
# What nearly every request looks up before it can use the cache (the organisation by its
# address, a unit's id by its slug, the site's notices) is kept in the process, under the
# version it was read in, and read again when that version has moved on: a change anywhere
# (another worker's too) bumps the version in the shared store, so nothing kept is used after
# it. The versions are those of the organisation, or two of their own:
TENANTS = "tenants"  # bumped by every save or deletion of an organisation or a membership of one
NOTICES = "notices"  # bumped by every save or deletion of a site notice

MEMO_ENTRIES = 20_000  # emptied when full: a crawler trying addresses cannot grow it further
_memo: dict[tuple[Any, ...], tuple[int, Any]] = {}


def _in_transaction() -> bool:
    """Whether a transaction of the request (not a test's) is open: what it read may be its own
    uncommitted change, which a rollback would leave behind under the version it bumped."""
    from django.db import connection

    return any(not block._from_testcase for block in connection.atomic_blocks)


def remembered(scope: int | str, parts: tuple[Any, ...], make: Callable[[], T]) -> T:
    """``make()``'s result, kept in this process while the version of ``scope`` (an
    organisation's id, ``TENANTS`` or ``NOTICES``) stays what it was when it was made. The
    version is read before ``make()`` runs, so a change committed during it is seen by the
    next request. Not kept when read inside a transaction."""
    version = tenant_version(scope)
    entry = (_database(), scope, *parts)
    found = _memo.get(entry)
    if found is not None and found[0] == version:
        return found[1]  # type: ignore[no-any-return]
    value = make()
    if not _in_transaction():
        if len(_memo) >= MEMO_ENTRIES:
            _memo.clear()
        _memo[entry] = (version, value)
    return value


def _bump_now_and_on_commit(*scopes: int | str) -> None:
    def bump_all() -> None:
        for scope in scopes:
            bump(scope)

    bump_all()
    transaction.on_commit(bump_all)


# Actions recorded in the audit trail that change nothing a page or file shows (asking for a
# report's PDF): they leave the organisation's version, and so everything kept, as it was.
UNSEEN_ACTIONS: set[str] = set()


def _audit_event_saved(sender: type[AuditEvent], instance: AuditEvent, created: bool, **kwargs: Any) -> None:
    if not created or instance.action in UNSEEN_ACTIONS:
        return
    _bump_now_and_on_commit(instance.tenant_id)


def _tenant_changed(sender: type[Tenant], instance: Tenant, **kwargs: Any) -> None:
    # The organisation's address, name or kind: what the pages of it and the lookups by
    # address read, whether changed through a service or not.
    _bump_now_and_on_commit(TENANTS, instance.pk)


def _collaboration_changed(
    sender: type[CollaborationMember], instance: CollaborationMember, **kwargs: Any
) -> None:
    # Who takes part in what: shown on both organisations' pages, kept under TENANTS.
    _bump_now_and_on_commit(TENANTS, instance.collaboration_id, instance.municipality_id)


def _notice_changed(sender: type[SiteNotice], instance: SiteNotice, **kwargs: Any) -> None:
    _bump_now_and_on_commit(NOTICES)


def connect() -> None:
    """Listen for audit events and changes of organisations and notices (called once, from the
    core app's ``ready``)."""
    post_save.connect(_audit_event_saved, sender=AuditEvent, dispatch_uid="radhus.core.cache")
    for signal in (post_save, post_delete):
        signal.connect(_tenant_changed, sender=Tenant, dispatch_uid="radhus.core.cache.tenant")
        signal.connect(_notice_changed, sender=SiteNotice, dispatch_uid="radhus.core.cache.notice")
        signal.connect(
            _collaboration_changed, sender=CollaborationMember, dispatch_uid="radhus.core.cache.collaboration"
        )


def _query_models(run: Callable[..., HttpResponse]) -> tuple[Any, list[Any]]:
    """The ninja operation ``run`` belongs to, and its models of query parameters (one for the
    operation's own, one for each ``Query`` schema such as the pagination's), each of which
    lists the parameter names it reads in its flatten map."""
    operation = getattr(inspect.unwrap(run), "__self__", None)
    models = getattr(operation, "models", None)
    if operation is None or models is None:
        raise TypeError("public_list decorates a ninja operation: use it with ninja's decorate_view.")
    query = [m for m in models if m.__ninja_param_source__ == "query"]
    if not any("tenant" in m.__ninja_flatten_map__ for m in query):
        raise TypeError("public_list keeps the lists of one organisation: the operation takes ?tenant=.")
    return operation, query


def public_list(name: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A decorator for an API list operation (``ninja.decorators.decorate_view``) whose answer,
    for one organisation (``?tenant=``), is the same for everyone who is not logged in: the
    JSON is kept like a rendered page, per organisation version, host and path, parameters,
    language and day, so a client paging through a big organisation is served without the
    queries and the validation of its hundred items until the next change. A logged-in caller,
    or one sending an API key, always gets the answer made afresh.

    Only the parameters the operation declares count, as the operation reads them: the last
    value of each (all of a list parameter), validated, so ``page=1``, ``page=01`` and no
    ``page`` at all are one entry. A parameter it does not declare is dropped before the
    operation runs, so ``?tenant=x&y=1`` and ``?tenant=x&y=2`` are one entry and one answer
    (its ``next`` address too): nobody can push the kept answers out of the cache by making up
    addresses. A request whose parameters do not validate is answered, with its error,
    uncached."""

    def decorate(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        operation, models = _query_models(run)
        declared = {param for model in models for param in model.__ninja_flatten_map__}
        lists = {param for model in models for param in model.__ninja_collection_fields__}

        @functools.wraps(run)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = getattr(request, "user", None)
            if (
                request.method != "GET"
                or not request.GET.get("tenant")
                or "HTTP_AUTHORIZATION" in request.META
                or (user is not None and user.is_authenticated)
            ):
                return run(request, *args, **kwargs)
            # As ninja reads them: the last value, or every value of a list parameter.
            query = QueryDict(
                urlencode(
                    [
                        (param, value)
                        for param in sorted(declared.intersection(request.GET))
                        for value in (request.GET.getlist(param) if param in lists else [request.GET[param]])
                    ]
                )
            )
            request.GET = query
            try:
                values = [
                    model.resolve(request, operation.api, kwargs).model_dump(mode="json") for model in models
                ]
            except pydantic.ValidationError:  # the operation answers it with its errors
                return run(request, *args, **kwargs)
            from radhus.core.lookup import tenant_by_slug  # which imports this module

            found_tenant = tenant_by_slug(query["tenant"])
            if found_tenant is None:  # the operation answers it with its own error
                return run(request, *args, **kwargs)
            tenant_id = found_tenant.pk
            parts = [request.build_absolute_uri(request.path), json.dumps(values, sort_keys=True), today()]
            entry = key(tenant_id, f"api:{name}", parts)
            found: Any = cache.get(entry)
            if found is not None:
                content, content_type = found
                return HttpResponse(content, content_type=content_type)
            response = run(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                cache.set(entry, (response.content, response["Content-Type"]))
            return response

        return wrapper

    return decorate
