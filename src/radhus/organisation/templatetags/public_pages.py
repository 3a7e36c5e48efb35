"""Small helpers for the public pages: labels for contact points and headings for seats."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from radhus.organisation.models import ContactKind, ContactPoint, MembershipRole, Unit, UnitKind

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
    }
    return str(headings.get(role, role))


@register.simple_tag
def unit_tree(nodes: list, tenant: object, query: str = "") -> str:
    """The organisation as nested lists, units with sub-units folded in <details> (open for the
    first two levels). Written in Python rather than as a recursive template include: the tree
    of a municipality has hundreds of units, and the page must stay fast (see benchmarks/)."""
    marker = "__unit__"
    url_pattern = reverse("unit_detail", args=[tenant.slug, marker])  # type: ignore[attr-defined]
    folded = _('Units<span class="visually-hidden"> in %(name)s</span> (%(n)s)')
    # Each kind's label translated once per tree, not once per unit (gettext per unit was
    # more than half the tag's time on a big tree).
    kinds = {value: str(label) for value, label in UnitKind.choices}
    out: list[str] = []

    def walk(level: list, depth: int) -> None:
        out.append('<ul class="tree">' if depth == 0 else "<ul>")
        for node in level:
            unit = node.unit
            out.append(
                format_html(
                    '<li><a href="{}{}">{}</a>{} <span class="kind">{}</span>',
                    url_pattern.replace(marker, unit.slug),
                    query,
                    unit.name,
                    format_html(" ({})", unit.short_name) if unit.short_name else "",
                    kinds.get(unit.kind, unit.kind),
                )
            )
            if node.children:
                summary = folded % {"name": conditional_escape(unit.name), "n": len(node.children)}
                out.append(f"<details{' open' if depth < 2 else ''}><summary>{summary}</summary>")
                walk(node.children, depth + 1)
                out.append("</details>")
            out.append("</li>")
        out.append("</ul>")

    walk(nodes, 0)
    return mark_safe("".join(out))  # every value above is escaped by format_html/conditional_escape
