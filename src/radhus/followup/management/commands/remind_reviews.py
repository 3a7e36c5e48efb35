"""``radhus remind-reviews [--days 60] [--tenant SLUG] [--date YYYY-MM-DD]``: e-mail the owners
of the policy documents whose review is due.

Each document in force whose review date lies within the given number of days (or has passed)
gets one reminder a day at most, to its owner's e-mail address, sent by the task queue
(``radhus worker``). Run it daily (cron or a systemd timer); running it twice on a day sends
nothing more.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radhus.core.management.base import TranslatedCommand, day_option
from radhus.core.models import Tenant
from radhus.followup.services_policies import DEFAULT_REMINDER_DAYS, remind_reviews


class Command(TranslatedCommand):
    help = gettext_lazy("E-mail the owners of the policy documents whose review is due.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=DEFAULT_REMINDER_DAYS,
            help=gettext_lazy("Remind this many days before the review date (default 60)."),
        )
        parser.add_argument("--tenant", help=gettext_lazy("Only this organisation (its short name)."))
        parser.add_argument("--date", help=gettext_lazy("Run as on this date (YYYY-MM-DD; default today)."))

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = None
        if options["tenant"]:
            tenant = Tenant.objects.filter(slug=options["tenant"]).first()
            if tenant is None:
                raise CommandError(
                    _("No organisation with the address “%(slug)s”.") % {"slug": options["tenant"]}
                )
        day = day_option(options["date"])
        try:
            run = remind_reviews(day=day, days=options["days"], tenant=tenant)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        for document in run.no_address:
            self.stderr.write(
                _("“%(title)s” (%(tenant)s): its owner has no e-mail address.")
                % {"title": document.title, "tenant": document.tenant.name}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Reminders queued: %(new)s; already sent today: %(old)s; without an address: %(none)s.")
                % {"new": len(run.enqueued), "old": len(run.already_sent), "none": len(run.no_address)}
            )
        )
