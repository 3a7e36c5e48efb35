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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import vobject
from django.db.models import Q
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from radhus.core.collation import swedish_sort_key
from radhus.organisation import selectors
from radhus.organisation.models import (
    GROUP_KINDS,
    Appointment,
    ContactKind,
    ContactPoint,
    Person,
    Post,
    Unit,
    UnitChange,
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


@dataclass
class _Listed:
    """A unit of the directory as of its date: id, name and kind, nothing else loaded."""

    pk: int
    name: str
    is_group: bool


def _subtree(unit: Unit, on: dt.date) -> list[_Listed]:
    """``unit`` and every unit under it on ``on``, depth first, siblings in Swedish order, with
    their names of that day. Reads ids, parents, names and kinds only, not whole rows."""
    rows = Unit.objects.filter(Unit.valid_on_q(on), tenant_id=unit.tenant_id).order_by()
    shape = {
        pk: [parent_id, sort_order, name, kind]
        for pk, parent_id, sort_order, name, kind in rows.values_list(
            "pk", "parent_id", "sort_order", "name", "kind"
        )
    }
    if unit.pk not in shape:
        return []
    changes = (
        UnitChange.objects.filter(
            reorganisation__tenant_id=unit.tenant_id, reorganisation__effective_date__gt=on
        )
        .filter(field__in=[UnitChange.Field.PARENT, UnitChange.Field.NAME])
        .order_by("-reorganisation__effective_date", "-id")
        .values_list("unit_id", "field", "old_text", "old_parent_id")
    )
    for unit_id, field_name, old_text, old_parent_id in changes:
        if unit_id in shape:
            if field_name == UnitChange.Field.PARENT:
                shape[unit_id][0] = old_parent_id
            else:
                shape[unit_id][2] = old_text
    parents = {pk: values[0] for pk, values in shape.items()}
    selectors.break_cycles(parents)
    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent_id in parents.items():
        if parent_id is not None:
            children[parent_id].append(pk)
    out: list[_Listed] = []
    seen: set[int] = set()
    stack = [unit.pk]
    while stack:
        current = stack.pop()
        if current in seen:  # cycles are broken above; never walk one twice regardless
            continue
        seen.add(current)
        _parent, _order, name, kind = shape[current]
        out.append(_Listed(current, name, kind in GROUP_KINDS))
        below = sorted(
            children.get(current, []), key=lambda pk: (shape[pk][1], swedish_sort_key(shape[pk][2]))
        )
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


# The directory is made this many units at a time, so that the rows of a whole organisation
# are never all in memory when they are streamed.
CHUNK = 300


def unit_directory(unit: Unit, on: dt.date) -> list[DirectoryRow]:
    """The directory of ``unit`` and its sub-units on ``on``: each unit's own numbers, then
    each post valid that day with its holders (acting ones marked “vik.”)."""
    return list(iter_unit_directory(unit, on))


def iter_unit_directory(unit: Unit, on: dt.date) -> Iterator[DirectoryRow]:
    """``unit_directory`` a few hundred units at a time (four queries a chunk, and one a
    group for its seats)."""
    units = _subtree(unit, on)
    reachable = False
    for start in range(0, len(units), CHUNK):
        for row in _directory_rows(units[start : start + CHUNK], on):
            reachable = reachable or bool(row.phones or row.mobiles or row.emails)
            yield row
    if units and not reachable:
        # No one here can be reached: give the way the unit's own page gives, named as such.
        route = selectors.nearest_contact_route(unit, on)
        if route is not None:
            title = pgettext("directory row", "Nearest contact route (%(unit)s)") % {
                "unit": pgettext("directory row", "the switchboard of %(organisation)s")
                % {"organisation": unit.tenant.name}
                if route.organisation
                else route.unit.name
            }
            yield _fill(DirectoryRow(units[0].name, title, ""), route.points)


def _directory_rows(units: list[_Listed], on: dt.date) -> list[DirectoryRow]:
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
            rows += _seat_rows(Unit(pk=u.pk, name=u.name), on)
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


def to_csv(rows: Iterable[DirectoryRow]) -> bytes:
    """CSV as Swedish Excel opens it: UTF-8 with a byte order mark, “;” between fields."""
    return b"".join(iter_csv(rows))


class _Line:
    """What ``csv.writer`` writes to: it hands back the line instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def iter_csv(rows: Iterable[DirectoryRow]) -> Iterator[bytes]:
    """``to_csv`` a line at a time, for a streamed answer (the header is made at once, in the
    language of the request)."""
    writer = csv.writer(_Line(), delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    yield ("\ufeff" + writer.writerow(headers())).encode("utf-8")
    lines: list[str] = []
    for row in rows:
        lines.append(writer.writerow([_safe(c) for c in row.cells]))
        if len(lines) >= 200:
            yield "".join(lines).encode("utf-8")
            lines = []
    if lines:
        yield "".join(lines).encode("utf-8")


def to_xlsx(rows: Iterable[DirectoryRow], title: str) -> bytes:
    out = io.BytesIO()
    write_xlsx(rows, title, out)
    return out.getvalue()


def write_xlsx(rows: Iterable[DirectoryRow], title: str, out: IO[bytes]) -> None:
    """The directory as a workbook, written row by row (openpyxl's write-only mode keeps no
    cells in memory)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Kontakter")
    for column, width in zip("ABCDEF", (34, 30, 26, 18, 18, 34), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_text_cell(sheet, value, bold) for value in headers()])
    for row in rows:
        sheet.append([_text_cell(sheet, value) for value in row.cells])
    workbook.save(out)


def _text_cell(sheet: Any, value: str, font: Font | None = None) -> WriteOnlyCell:
    """Every cell is text: no formula, and a phone number keeps its leading zero."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


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
