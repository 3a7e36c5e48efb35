"""``radhus send-reminders``: the day's e-mail reminders of the follow-up, queued once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radhus.core.management.base import TranslatedCommand, day_option
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
        on = day_option(options["date"])
        run = send_due(on)
        self.stdout.write(_("%(count)s reminders queued for %(day)s.") % {"count": run.total, "day": on})
