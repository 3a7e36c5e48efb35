"""``radhus prepare-reports``: the large report PDFs asked for lately, made for the new day."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radhus.core.management.base import TranslatedCommand, day_option
from radhus.core.models import Tenant
from radhus.followup.reports import prepared, queue


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Make the large report PDFs asked for in the last seven days as of today, so that the PDF "
        "link gives them at once. Run it daily before office hours."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date",
            default="",
            help=gettext_lazy("The day to make them as of (YYYY-MM-DD); default today."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        on = day_option(options["date"])
        made = sum(
            prepared.make_asked(pk, on, queue.MAX_ROWS)
            for pk in Tenant.objects.order_by("pk").values_list("pk", flat=True)
        )
        self.stdout.write(_("%(count)s report PDFs ready for %(day)s.") % {"count": made, "day": on})
