"""Numbers on the goal pages as the page's language writes them (Swedish: 1 234,5 and 62 %)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from radhus.followup.charts import format_value

register = template.Library()


@register.filter
def value(number: Decimal | float | None) -> str:
    return format_value(number)


@register.filter
def percent(share: float | None) -> str:
    if share is None:
        return "–"
    return _("%(percent)s %%") % {"percent": round(share * 100)}
