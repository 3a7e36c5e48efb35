from typing import Any

from django.http import HttpRequest

from radhus.core.selectors import notices_for


def site(request: HttpRequest) -> dict[str, Any]:
    tenant = getattr(request, "tenant", None)
    return {"site_notices": notices_for(tenant)}
