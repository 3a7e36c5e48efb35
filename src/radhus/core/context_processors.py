from typing import Any
from urllib.parse import urlsplit

from django.http import HttpRequest

from radhus.core import cache
from radhus.core.lookup import tenant_by_slug
from radhus.core.models import SiteNotice, Tenant
from radhus.core.selectors import notices_for, today

# First parts of addresses that are never an organisation's short name.
_NOT_TENANTS = {"", "admin", "api", "i18n", "konto", "static", "tillganglighet", "favicon.ico"}


def _tenant_slug(path: str) -> str:
    first = urlsplit(path).path.strip("/").split("/", 1)[0]
    return "" if first in _NOT_TENANTS else first


def page_tenant(request: HttpRequest) -> Tenant | None:
    """The organisation a page belongs to: the one its view resolved, or, on a page outside any
    organisation (not found, log in, the accessibility statement), the one in its address or in
    the address it came from (``?next=``, ``?sida=``), so the visitor keeps their place."""
    tenant = getattr(request, "tenant", None)
    if tenant is not None:
        return tenant
    slug = _tenant_slug(request.path)
    if not slug:
        for param in ("next", "sida"):
            value = request.GET.get(param, "")
            if value.startswith("/") and not value.startswith("//"):
                slug = _tenant_slug(value)
                break
    if not slug or len(slug) > 80:
        return None
    return tenant_by_slug(slug)


def notices_today(tenant: Tenant | None) -> list[SiteNotice]:
    """The notices shown today on ``tenant``'s pages, kept in the process until a notice is
    saved or deleted (``cache.NOTICES``) or the day ends."""
    on = today()
    return cache.remembered(
        cache.NOTICES, ("notices", tenant.pk if tenant else None, on), lambda: notices_for(tenant, on)
    )


def site(request: HttpRequest) -> dict[str, Any]:
    tenant = page_tenant(request)
    return {"site_notices": notices_today(tenant), "page_tenant": tenant}
