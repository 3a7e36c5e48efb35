"""The one navigation between the staff modules (organisation, case register, meetings,
follow-up, reports, goals, policy documents, oversight), shown on every staff page."""

from __future__ import annotations

from django import template
from django.http import HttpRequest

register = template.Library()

# Pages of the goals' module named by their url name; everything else by its view's module.
BY_NAME = {
    "staff_goal": "goals",
    "staff_indicator": "goals",
    "staff_polic": "policies",
    "staff_oversight": "oversight",
    "followup_report": "reports",
}
BY_MODULE = {
    "radhus.organisation": "organisation",
    "radhus.diarium": "diarium",
    "radhus.meetings": "meetings",
    "radhus.followup": "followup",
}


@register.simple_tag(takes_context=True)
def staff_module(context: template.Context) -> str:
    """Which module the current staff page belongs to, to mark its link as the current one."""
    request: HttpRequest | None = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    name = match.url_name or ""
    for prefix, module in BY_NAME.items():
        if name.startswith(prefix):
            return module
    module_path = getattr(match.func, "__module__", "")
    for prefix, module in BY_MODULE.items():
        if module_path.startswith(prefix):
            return module
    return ""
