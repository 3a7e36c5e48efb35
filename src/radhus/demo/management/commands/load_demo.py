"""``radhus load_demo``: the five seed systems as demo data. Safe to run on every ``make run``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radhus.core.management.base import TranslatedCommand
from radhus.demo.loader import DEMO_USERS, DemoConflict, Outcome, load_demo


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Load the demo organisations (Örnsköldsvik, Hässleholm, Munkedal, Umeåregionen and its "
        "municipalities, Pargas) from the seed pages. Does nothing if they are already loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help=gettext_lazy("Remove the demo organisations and everything in them, then load them again."),
        )

    def handle(self, *args: Any, reset: bool = False, **options: Any) -> None:
        try:
            outcome = load_demo(reset=reset)
        except DemoConflict as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.summary(outcome))

    def summary(self, outcome: Outcome) -> str:
        counts = {k: outcome.counts.get(k, 0) for k in ("organisations", "units", "posts", "people")}
        if outcome.loaded:
            head = _("Demo data reloaded") if outcome.reset else _("Demo data loaded")
            lines = [
                self.style.SUCCESS(
                    _(
                        "%(head)s: %(organisations)d organisations, %(units)d units, "
                        "%(posts)d posts, %(people)d people."
                    )
                    % {"head": head, **counts}
                )
            ]
        else:
            lines = [_("Demo data is already loaded; nothing was changed.")]
            if outcome.outdated:
                lines.append(
                    self.style.WARNING(
                        _(
                            "The demo data comes from an older version. "
                            "Run “radhus load_demo --reset” to load the current one."
                        )
                    )
                )
        lines += [f"  /{t.slug}/  {t.name}" for t in outcome.tenants]
        lines.append(_("Logins for the demo only (never use them in production):"))
        for username, password, role, superuser in DEMO_USERS:
            what = (
                _("%(role)s in every demo organisation, and superuser")
                if superuser
                else _("%(role)s in every demo organisation")
            ) % {"role": role.label}
            lines.append(f"  {username} / {password}: {what}")
        return "\n".join(lines)
