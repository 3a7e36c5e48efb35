"""Small helpers for the public pages: labels for contact points and headings for seats."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from radhus.organisation.models import ContactKind, ContactPoint, MembershipRole, Unit, UnitKind
from radhus.organisation.templatetags.content_language import content_lang_attribute

register = template.Library()


@register.filter
def point_label(point: ContactPoint) -> str:
    """The label before a number, as the seed pages write it: “Växel”, “Faxnr”, “Mobil”."""
    if point.label:
        return point.label
    labels = {
        ContactKind.SWITCHBOARD: _("Switchboard"),
        ContactKind.FAX: _("Fax number"),
        ContactKind.MOBILE: _("Mobile"),
    }
    return str(labels.get(point.kind, ""))


@register.filter
def unit_phone_label(point: ContactPoint) -> str:
    """Like ``point_label``, but a unit's plain phone number is labelled too."""
    if point.kind == ContactKind.PHONE and not point.label:
        return _("Phone")
    return point_label(point)


@register.simple_tag
def role_heading(role: str, group: Unit, roles: list[tuple[str, object]]) -> str:
    """The heading over the seats of one role in a group: a political body has “ledamöter”,
    an officials' group “medlemmar” (S2.2, S3.3), “övriga” ones after a chair as on S3.3's
    page; S2.5's optional attendee “kan delta”."""
    if role == MembershipRole.MEMBER:
        after_chair = any(r == MembershipRole.CHAIR for r, _seats in roles)
        if group.is_political:
            return _("Other members of the body") if after_chair else _("Members of the body")
        return _("Other members") if after_chair else _("Members")
    headings = {
        MembershipRole.CHAIR: _("Chair"),
        MembershipRole.VICE_CHAIR: _("Vice chair"),
        MembershipRole.SECRETARY: _("Secretary"),
        MembershipRole.SUBSTITUTE: _("Substitutes"),
        MembershipRole.OPTIONAL_ATTENDEE: _("May attend"),
        "when_needed": _("Called when needed"),
    }
    return str(headings.get(role, role))


@register.simple_tag
def unit_tree(nodes: list, tenant: object, query: str = "", levels: int | None = None) -> str:
    """The organisation as nested lists, units with sub-units folded in <details> (open for the
    first two levels). Written in Python rather than as a recursive template include: the tree
    of a municipality has hundreds of units, and the page must stay fast (see benchmarks/).

    With ``levels``, only that many levels are drawn: a unit on the last of them that has
    sub-units gets a closed <details> that loads them when opened (htmx, ``toggle``), and
    without JavaScript holds a link to the unit's page, which lists them."""
    marker = "__unit__"
    url_pattern = reverse("unit_detail", args=[tenant.slug, marker])  # type: ignore[attr-defined]
    children_pattern = reverse("unit_tree_children", args=[tenant.slug, marker])  # type: ignore[attr-defined]
    folded = _('Units<span class="visually-hidden"> in %(name)s</span> (%(n)s)')
    # Each kind's label translated once per tree, not once per unit (gettext per unit was
    # more than half the tag's time on a big tree).
    kinds = {value: str(label) for value, label in UnitKind.choices}
    name_lang = mark_safe(content_lang_attribute())  # names are Swedish (WCAG 3.1.2)
    out: list[str] = []

    def walk(level: list, depth: int) -> None:
        out.append('<ul class="tree">' if depth == 0 else "<ul>")
        for node in level:
            unit = node.unit
            out.append(
                format_html(
                    '<li><a href="{}{}"{}>{}</a>{} <span class="kind">{}</span>',
                    url_pattern.replace(marker, unit.slug),
                    query,
                    name_lang,
                    unit.name,
                    format_html(" ({})", unit.short_name) if unit.short_name else "",
                    kinds.get(unit.kind, unit.kind),
                )
            )
            if node.size:
                summary = folded % {"name": conditional_escape(unit.name), "n": node.size}
                if levels is not None and depth + 1 >= levels:
                    out.append(_on_demand(unit, summary, node.size, query, url_pattern, children_pattern))
                else:
                    out.append(f"<details{' open' if depth < 2 else ''}><summary>{summary}</summary>")
                    walk(node.children, depth + 1)
                    out.append("</details>")
            out.append("</li>")
        out.append("</ul>")

    walk(nodes, 0)
    return mark_safe("".join(out))  # every value above is escaped by format_html/conditional_escape


def _on_demand(
    unit: Unit, summary: str, count: int, query: str, url_pattern: str, children_pattern: str
) -> str:
    """A closed <details> whose sub-units are fetched when it is first opened."""
    marker = "__unit__"
    text = ngettext("Show the %(count)s unit in %(name)s", "Show the %(count)s units in %(name)s", count) % {
        "count": count,
        "name": unit.name,
    }
    return format_html(
        '<details class="tree-on-demand" hx-get="{}{}" hx-trigger="toggle once" '
        'hx-target="find .tree-children" hx-swap="innerHTML"><summary>{}</summary>'
        '<div class="tree-children"><a href="{}{}">{}</a></div></details>',
        children_pattern.replace(marker, unit.slug),
        query,
        mark_safe(summary),  # escaped above
        url_pattern.replace(marker, unit.slug),
        query,
        text,
    )


@register.filter
def genitive(name: str) -> str:
    """A body's name in the genitive, for “Under kommunstyrelsens uppsikt”: in Swedish the
    definite noun in lower case with -s (none after s, x, z); in English “Name’s”."""
    if not name:
        return name
    if translation.get_language() and translation.get_language().startswith("sv"):
        lowered = name[0].lower() + name[1:]
        return lowered if lowered[-1] in "sxzSXZ" else lowered + "s"
    return f"{name}’s"
