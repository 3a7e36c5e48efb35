"""The order of a meeting's agenda: moving an item up or down, as the secretary does while
preparing the notice or when the chair changes the order at the meeting.

Kept beside ``services.py`` (which owns every other change to meetings) and built on its
helpers: the meeting is locked and must still be open; approved minutes refuse the move and
the attempt is audited.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from radhus.core.audit import Actor
from radhus.core.locking import lock
from radhus.meetings.models import AgendaItem
from radhus.meetings.services import _open_meeting, _record, audits_refusal

UP = "up"
DOWN = "down"


@audits_refusal
@transaction.atomic
def agenda_move(*, item: AgendaItem, actor: Actor, direction: str) -> AgendaItem:
    """Swap ``item`` with its neighbour above (``up``) or below (``down``) on the agenda. The
    items are renumbered 1, 2, 3 … in their new order, so two equal orders never tie."""
    meeting = _open_meeting(item.meeting, actor, "agenda")
    if direction not in {UP, DOWN}:
        raise ValidationError({"direction": _("Move the item up or down.")}, code="direction")
    item = lock(item)
    items = list(meeting.agenda_items.select_for_update().order_by("sort_order", "id"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == UP else index + 1
    if not 0 <= target < len(items):
        raise ValidationError(
            {"direction": _("The item is already first or last on the agenda.")}, code="at_end"
        )
    items[index], items[target] = items[target], items[index]
    for order, other in enumerate(items, start=1):
        if other.sort_order != order:
            other.sort_order = order
            other.save(update_fields=["sort_order"])
    _record(
        meeting,
        actor,
        "agenda.move",
        _("Item %(title)s moved to place %(n)s.") % {"title": item.title, "n": target + 1},
        item,
    )
    return item
