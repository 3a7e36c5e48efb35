from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from radhus.core.models import SiteNotice, Tenant


def today() -> dt.date:
    return timezone.localdate()


def notices_for(tenant: Tenant | None, on: dt.date | None = None) -> list[SiteNotice]:
    on = on or today()
    scope = Q(tenant__isnull=True) | Q(tenant=tenant) if tenant else Q(tenant__isnull=True)
    return list(SiteNotice.objects.filter(scope).filter(SiteNotice.valid_on_q(on)).order_by("id"))
