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

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from radhus.core.integrity import constraint_error
from radhus.core.management.base import TranslatedCommand
from radhus.organisation import popolo

# What the import counts, in words (the keys of ``ImportResult.counts``).
COUNTED = {
    "organisations": pgettext_lazy("imported", "organisations"),
    "people": pgettext_lazy("imported", "people"),
    "units": pgettext_lazy("imported", "units"),
    "posts": pgettext_lazy("imported", "posts"),
    "appointments": pgettext_lazy("imported", "appointments"),
    "memberships": pgettext_lazy("imported", "memberships"),
    "contact points": pgettext_lazy("imported", "contact points"),
}


class Command(TranslatedCommand):
    help = gettext_lazy("Read a Popolo JSON document (from Rådhus or another tool) into the registry.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=gettext_lazy("The JSON file, or - for standard input."))
        parser.add_argument(
            "--tenant",
            help=gettext_lazy(
                "The organisation to import into (its short name), when the document does not say."
            ),
        )
        parser.add_argument(
            "--create",
            action="store_true",
            help=gettext_lazy("Create the organisation named by --tenant if there is none."),
        )
        parser.add_argument("--name", help=gettext_lazy("The name of the organisation --create makes."))
        parser.add_argument(
            "--region",
            help=gettext_lazy(
                "Read phone numbers without a country code in this country (SE, FI…); "
                "by default the organisation's."
            ),
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
        except (ValidationError, IntegrityError) as exc:
            error = constraint_error(exc) if isinstance(exc, IntegrityError) else exc
            raise CommandError(
                _("%(file)s: %(problems)s Nothing was imported.")
                % {"file": name, "problems": " ".join(error.messages)},
                returncode=1,
            ) from None
        except popolo.PopoloError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                ngettext(
                    "%(file)s: %(count)d problem; nothing was imported.",
                    "%(file)s: %(count)d problems; nothing was imported.",
                    len(exc.problems),
                )
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
