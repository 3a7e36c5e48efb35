"""``radhus send-reminders``: the day's e-mail reminders of the follow-up, queued once."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radhus.core.dates import parse_date
from radhus.core.management.base import TranslatedCommand
from radhus.followup.reminders import send_due


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Queue the day's e-mail reminders: assignments due soon, late assignments, new deviations "
        "and what the board is to receive from the bodies it oversees, as each user chose. Run it "
        "daily; a reminder is never sent twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            default="",
            help=gettext_lazy("The day to remind as of (YYYY-MM-DD); default today."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        raw = options["date"]
        on = timezone.localdate()
        if raw:
            try:
                on = parse_date(raw)
            except ValidationError as exc:
                raise CommandError(exc.messages[0]) from None
        run = send_due(on)
        self.stdout.write(_("%(count)s reminders queued for %(day)s.") % {"count": run.total, "day": on})
