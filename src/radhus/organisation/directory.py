"""Contact directories as people use them: a unit's directory (the unit and every unit under it
on a date) as CSV for Swedish Excel and as XLSX, and vCards for a person and for a post.

Public data only: a hidden contact point is never listed and a protected person never named
(their post is listed, vacant-looking, with the post's own public numbers).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field

import vobject
from django.db.models import Q
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from radhus.core.collation import swedish_sort_key
from radhus.organisation import selectors
from radhus.organisation.models import (
    Appointment,
    ContactKind,
    ContactPoint,
    Person,
    Post,
    Unit,
)

ACTING = "vik."


@dataclass
class DirectoryRow:
    """One line of a unit's directory: a holder of a post (or a vacant post), or the unit's
    own numbers (title and name empty)."""

    unit: str
    title: str
    name: str
    phones: list[str] = field(default_factory=list)  # Swedish style: 0660-883 00
    mobiles: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)

    @property
    def cells(self) -> list[str]:
        return [
            self.unit,
            self.title,
            self.name,
            ", ".join(self.phones),
            ", ".join(self.mobiles),
            ", ".join(self.emails),
        ]


def headers() -> list[str]:
    return [
        pgettext("directory column", "Unit"),
        pgettext("directory column", "Title"),
        pgettext("directory column", "Name"),
        pgettext("directory column", "Phone"),
        pgettext("directory column", "Mobile"),
        pgettext("directory column", "E-mail"),
    ]


def _subtree(unit: Unit, on: dt.date) -> list[Unit]:
    """``unit`` and every unit under it on ``on``, depth first, siblings in Swedish order, with
    their names of that day."""
    units = selectors.units_as_of(unit.tenant, on)
    if unit.pk not in units:
        return []
    children: dict[int, list[Unit]] = defaultdict(list)
    for u in units.values():
        if u.parent_id:
            children[u.parent_id].append(u)
    out: list[Unit] = []
    seen: set[int] = set()
    stack = [units[unit.pk]]
    while stack:
        current = stack.pop()
        if current.pk in seen:  # units_as_of breaks cycles; never walk one twice regardless
            continue
        seen.add(current.pk)
        out.append(current)
        below = sorted(children.get(current.pk, []), key=lambda u: (u.sort_order, swedish_sort_key(u.name)))
        stack.extend(reversed(below))
    return out


def _fill(row: DirectoryRow, points: list[ContactPoint]) -> DirectoryRow:
    for p in points:
        if p.kind == ContactKind.MOBILE:
            row.mobiles.append(p.display)
        elif p.kind in (ContactKind.PHONE, ContactKind.SWITCHBOARD):
            row.phones.append(p.display)
        elif p.kind == ContactKind.EMAIL:
            row.emails.append(p.value)
    return row


def unit_directory(unit: Unit, on: dt.date) -> list[DirectoryRow]:
    """The directory of ``unit`` and its sub-units on ``on``: each unit's own numbers, then
    each post valid that day with its holders (acting ones marked “vik.”)."""
    units = _subtree(unit, on)
    unit_ids = [u.pk for u in units]
    posts = list(Post.objects.filter(Post.valid_on_q(on), unit_id__in=unit_ids).order_by("sort_order", "id"))
    posts.sort(key=lambda p: (p.sort_order, swedish_sort_key(p.title)))
    holders: dict[int, list[Appointment]] = defaultdict(list)
    for a in (
        Appointment.objects.filter(Appointment.valid_on_q(on), post__in=posts)
        .select_related("person")
        .order_by("acting", "id")
    ):
        holders[a.post_id].append(a)
    people = [a.person for apps in holders.values() for a in apps if a.person.is_public]
    points: dict[tuple[str, int], list[ContactPoint]] = defaultdict(list)
    for p in ContactPoint.objects.filter(is_public=True).filter(
        Q(unit_id__in=unit_ids) | Q(post__in=posts) | Q(person__in=people)
    ):
        owner = (
            ("unit", p.unit_id)
            if p.unit_id
            else ("post", p.post_id)
            if p.post_id
            else ("person", p.person_id)
        )
        points[owner].append(p)  # type: ignore[index]
    posts_of: dict[int, list[Post]] = defaultdict(list)
    for post in posts:
        posts_of[post.unit_id].append(post)

    rows: list[DirectoryRow] = []
    for u in units:
        own = points.get(("unit", u.pk), [])
        if any(
            p.kind in (ContactKind.PHONE, ContactKind.SWITCHBOARD, ContactKind.MOBILE, ContactKind.EMAIL)
            for p in own
        ):
            rows.append(_fill(DirectoryRow(u.name, "", ""), own))
        for post in posts_of.get(u.pk, []):
            post_points = points.get(("post", post.pk), [])
            apps = holders.get(post.pk) or []
            if not apps:
                rows.append(_fill(DirectoryRow(u.name, post.title, ""), post_points))
            for a in apps:
                title = f"{ACTING} {post.title}" if a.acting else post.title
                if not a.person.is_public:
                    rows.append(_fill(DirectoryRow(u.name, title, ""), post_points))
                    continue
                rows.append(
                    _fill(
                        DirectoryRow(u.name, title, a.person.name),
                        post_points + points.get(("person", a.person_id), []),
                    )
                )
        if u.is_group:
            rows += _seat_rows(u, on)
    if units and not any(r.phones or r.mobiles or r.emails for r in rows):
        # No one here can be reached: give the way the unit's own page gives, named as such.
        route = selectors.nearest_contact_route(units[0], on)
        if route is not None:
            title = pgettext("directory row", "Nearest contact route (%(unit)s)") % {
                "unit": pgettext("directory row", "the switchboard of %(organisation)s")
                % {"organisation": unit.tenant.name}
                if route.organisation
                else route.unit.name
            }
            rows.append(_fill(DirectoryRow(units[0].name, title, ""), route.points))
    return rows


def _seat_rows(group: Unit, on: dt.date) -> list[DirectoryRow]:
    """A group's seats (S2.2, S3.3): the role, or the post a seat is held by, and the member."""
    seats = selectors.members_on(group, on)
    cards = selectors.cards_for_seats(seats, on, public_only=True)
    rows = []
    for seat, card in zip(seats, cards, strict=True):
        if card.person is None and seat.post is None:
            continue  # a protected person's own seat is left out altogether
        role = str(seat.membership.get_role_display()).capitalize()
        title = f"{role}, {seat.post.title}" if seat.post else role
        if seat.acting:
            title = f"{title} ({ACTING})"
        rows.append(
            _fill(DirectoryRow(group.name, title, card.person.name if card.person else ""), card.points)
        )
    return rows


# A cell that a spreadsheet would take for a formula ("=…", "@…") is written as text. A phone
# number in international style ("+47 22 …") is left alone.
_FORMULA = re.compile(r"^[=@\t\r]|^[+\-](?![\d\s()\-]+$)")


def _safe(value: str) -> str:
    return f"'{value}" if _FORMULA.match(value) else value


def to_csv(rows: list[DirectoryRow]) -> bytes:
    """CSV as Swedish Excel opens it: UTF-8 with a byte order mark, “;” between fields."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(headers())
    for row in rows:
        writer.writerow([_safe(c) for c in row.cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(rows: list[DirectoryRow], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Kontakter"
    sheet.append(headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row.cells)
    # Every cell is text: no formula, and a phone number keeps its leading zero.
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.data_type = "s"
    for column, width in zip("ABCDEF", (34, 30, 26, 18, 18, 34), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# vCards ----------------------------------------------------------------------------------------


def _add_points(card: vobject.base.Component, points: list[ContactPoint]) -> None:
    seen: set[tuple[str, str]] = set()
    for p in points:
        if (p.kind, p.value) in seen:
            continue
        seen.add((p.kind, p.value))
        if p.kind in (ContactKind.PHONE, ContactKind.SWITCHBOARD, ContactKind.MOBILE, ContactKind.FAX):
            tel = card.add("tel")
            tel.value = p.value
            tel.type_param = {
                ContactKind.MOBILE: "CELL",
                ContactKind.FAX: "FAX",
            }.get(p.kind, "WORK")
        elif p.kind == ContactKind.EMAIL:
            email = card.add("email")
            email.value = p.value
            email.type_param = "INTERNET"
        elif p.kind == ContactKind.WEB:
            card.add("url").value = p.value
        elif p.kind in (ContactKind.VISITING_ADDRESS, ContactKind.POSTAL_ADDRESS):
            label = card.add("label")
            label.value = p.value
            label.type_param = "WORK"


def _new_card(full_name: str) -> vobject.base.Component:
    card = vobject.vCard()
    card.add("fn").value = full_name
    return card


def person_vcard(person: Person, on: dt.date, url: str = "") -> str:
    """A vCard 3.0 for a public person: name, their first post on ``on`` (title and unit), and
    the public ways to reach them and their posts."""
    card = _new_card(person.name)
    card.add("n").value = vobject.vcard.Name(family=person.last_name, given=person.first_name)
    appointments = list(
        person.appointments.filter(Appointment.valid_on_q(on))
        .filter(Post.valid_on_q(on, "post__"))
        .select_related("post__unit", "post__tenant")
        .order_by("post__tenant_id", "acting", "id")
    )
    appointments.sort(key=lambda a: (a.post.tenant_id != person.tenant_id, a.acting, a.pk))
    if appointments:
        first = appointments[0]
        selectors.unit_as_of(first.post.unit, on)
        card.add("title").value = f"{ACTING} {first.post.title}" if first.acting else first.post.title
        card.add("org").value = [first.post.tenant.name, first.post.unit.name]
    points = list(ContactPoint.objects.filter(person=person, is_public=True))
    points += list(
        ContactPoint.objects.filter(is_public=True, post__in=[a.post_id for a in appointments]).order_by(
            "sort_order", "id"
        )
    )
    _add_points(card, points)
    if url:
        card.add("url").value = url
    return card.serialize()


def post_vcard(post: Post, on: dt.date, url: str = "") -> str:
    """A vCard 3.0 for a post, such as “Kommundirektör”: the post's own public numbers, and
    those of whoever publicly holds it on ``on``, whose name is in the note."""
    selectors.unit_as_of(post.unit, on)
    card = _new_card(post.title)
    card.add("n").value = vobject.vcard.Name(family=post.title)
    card.add("title").value = post.title
    card.add("org").value = [post.tenant.name, post.unit.name]
    holders = [a for a in selectors.holders_on(post, on) if a.person.is_public]
    points = list(ContactPoint.objects.filter(post=post, is_public=True))
    points += list(
        ContactPoint.objects.filter(person__in=[a.person for a in holders], is_public=True).order_by(
            "sort_order", "id"
        )
    )
    _add_points(card, points)
    if holders:
        card.add("note").value = ", ".join(
            f"{a.person.name} ({ACTING})" if a.acting else a.person.name for a in holders
        )
    if url:
        card.add("url").value = url
    return card.serialize()
