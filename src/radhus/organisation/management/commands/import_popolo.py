"""``radhus import-popolo FILE [--tenant SLUG [--create --name NAME]] [--region CC]``: read a
Popolo JSON document into the registry.

The whole document is checked first; if anything is wrong, every problem is printed with its
JSON path (``$.memberships[3].person_id: …``), nothing is written and the command exits with
status 1; so is a file larger than ``popolo.MAX_DOCUMENT_BYTES`` or nested too deep. Otherwise
everything is written in one transaction through the services, so the audit trail records it;
what can be kept but not shown (a phone number of no known region, a kind of contact Rådhus
does not show) is printed as a warning. ``FILE`` may be ``-`` for standard input.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radhus.organisation import popolo

# What the import counts, as the summary names it.
COUNTED = {
    "organisations": gettext_lazy("organisations"),
    "units": gettext_lazy("units"),
    "people": gettext_lazy("people"),
    "posts": gettext_lazy("posts"),
    "appointments": gettext_lazy("appointments"),
    "memberships": gettext_lazy("memberships"),
    "contact points": gettext_lazy("contact points"),
}


class Command(BaseCommand):
    help = "Read a Popolo JSON document (from Rådhus or another tool) into the registry."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The JSON file, or - for standard input.")
        parser.add_argument(
            "--tenant",
            help="The organisation to import into (its short name), when the document does not say.",
        )
        parser.add_argument(
            "--create",
            action="store_true",
            help="Create the organisation named by --tenant if there is none.",
        )
        parser.add_argument("--name", help="The name of the organisation --create makes.")
        parser.add_argument(
            "--region",
            help="Read phone numbers without a country code in this country (SE, FI…); "
            "by default the organisation's.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["file"]
        if options["create"] and not options["tenant"]:
            raise CommandError(_("--create needs --tenant: the short name of the new organisation."))
        try:
            # One byte more than a document may have, so that a larger one is refused, not read.
            if name == "-":
                raw = sys.stdin.buffer.read(popolo.MAX_DOCUMENT_BYTES + 1)
            else:
                with Path(name).open("rb") as file:
                    raw = file.read(popolo.MAX_DOCUMENT_BYTES + 1)
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s.") % {"file": name, "reason": exc.strerror}
            ) from exc
        try:
            result = popolo.import_document(
                popolo.load_json(raw),
                tenant_slug=options["tenant"],
                create=options["create"],
                tenant_name=options["name"],
                region=options["region"],
            )
        except popolo.PopoloError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _("%(file)s: %(count)s problem(s); nothing was imported.")
                % {"file": name, "count": len(exc.problems)},
                returncode=1,
            ) from None
        for warning in result.warnings:
            self.stderr.write(_("warning: %(warning)s") % {"warning": warning})
        counts = ", ".join(
            f"{n} {COUNTED.get(what, what)}" for what, n in sorted(result.counts.items())
        ) or _("nothing new")
        self.stdout.write(
            self.style.SUCCESS(
                _("Imported into %(tenant)s: %(counts)s.") % {"tenant": result.tenant.name, "counts": counts}
            )
        )
