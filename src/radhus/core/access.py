"""Who may see and change what: checked here, in one place.

Public pages need no login. Staff pages are under ``/<tenant>/…/`` and need a role in that
tenant; a role in another tenant gives nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from radhus.core.formats import use_region
from radhus.core.lookup import tenant_by_slug
from radhus.core.models import ROLE_RANK, Role, Tenant, TenantRole


def role_in(user: Any, tenant: Tenant) -> Role | None:
    if not getattr(user, "is_authenticated", False):
        return None
    cache = getattr(user, "_radhus_roles", None)
    if cache is None:
        cache = {r.tenant_id: Role(r.role) for r in TenantRole.objects.filter(user=user)}
        user._radhus_roles = cache
    return cache.get(tenant.pk)


def has_role(user: Any, tenant: Tenant, needed: Role) -> bool:
    role = role_in(user, tenant)
    return role is not None and ROLE_RANK[role] >= ROLE_RANK[needed]


def check_role(user: Any, tenant: Tenant, needed: Role) -> None:
    """Raise PermissionDenied unless ``user`` holds ``needed`` (or higher) in ``tenant``."""
    if not has_role(user, tenant, needed):
        raise PermissionDenied


def tenant_view(needed: Role | None = None) -> Callable[..., Any]:
    """Resolve ``tenant`` from the URL; when ``needed`` is set, require that role in it."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, tenant: str, *args: Any, **kwargs: Any) -> HttpResponse:
            tenant_obj = tenant_by_slug(tenant)
            if tenant_obj is None:
                raise Http404
            request.tenant = tenant_obj  # type: ignore[attr-defined]
            if needed is not None:
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                check_role(request.user, tenant_obj, needed)
            # Phone numbers on the organisation's pages and files in its country's style.
            with use_region(tenant_obj.country):
                return view(request, tenant_obj, *args, **kwargs)

        wrapper.radhus_needed_role = needed  # type: ignore[attr-defined]
        return wrapper

    return decorator
