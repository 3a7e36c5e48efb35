"""Small helpers for the public pages: labels for contact points and headings for seats."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from radhus.organisation.models import ContactKind, ContactPoint, MembershipRole, Unit

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


@register.filter
def role_heading(role: str, group: Unit) -> str:
    """The heading over the seats of one role in a group: a political body has “ledamöter”,
    an officials' group “medlemmar” (S2.2, S3.3); S2.5's optional attendee “kan delta”."""
    if role == MembershipRole.MEMBER:
        return _("Members of the body") if group.is_political else _("Members")
    headings = {
        MembershipRole.CHAIR: _("Chair"),
        MembershipRole.VICE_CHAIR: _("Vice chair"),
        MembershipRole.SECRETARY: _("Secretary"),
        MembershipRole.SUBSTITUTE: _("Substitutes"),
        MembershipRole.OPTIONAL_ATTENDEE: _("May attend"),
    }
    return str(headings.get(role, role))
