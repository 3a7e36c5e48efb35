"""The calendar section of “My account”: whether the user has a private calendar address."""

from __future__ import annotations

from typing import Any

from django import template

from radhus.meetings.services_calendar import active_feed, people_of

register = template.Library()


@register.inclusion_tag("meetings/_account_calendar.html", takes_context=True)
def calendar_feed_section(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    return {"feed": active_feed(user), "people": people_of(user), "csrf_token": context.get("csrf_token")}
