"""``radhus export-fgs ORG --closed-before DATE [--out DIR] [--zip]``.

Writes the organisation's cases closed before DATE, with their records and files, as an FGS
Ärendehantering package (``radhus.diarium.fgs``), validated against its schema.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import xmlschema
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radhus.core.management.base import TranslatedCommand
from radhus.core.management.commands.grant_role import unknown_tenant
from radhus.core.models import Tenant
from radhus.core.validators import EARLIEST_DATE, LATEST_DATE
from radhus.diarium import fgs


class Command(TranslatedCommand):
    help = gettext_lazy("Export closed cases as an FGS Ärendehantering package (Riksarkivet).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("org", help=gettext_lazy("The organisation's short name, e.g. hassleholm."))
        parser.add_argument(
            "--closed-before", required=True, help=gettext_lazy("YYYY-MM-DD: cases closed before this day.")
        )
        parser.add_argument(
            "--out", default=".", help=gettext_lazy("The directory the package is written in.")
        )
        parser.add_argument(
            "--zip", action="store_true", help=gettext_lazy("Also write the package as a zip file.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = Tenant.objects.filter(slug=options["org"]).first()
        if tenant is None:
            raise unknown_tenant(options["org"])
        try:
            closed_before = dt.date.fromisoformat(options["closed_before"])
        except ValueError as exc:
            raise CommandError(_("--closed-before takes a date, YYYY-MM-DD.")) from exc
        if not EARLIEST_DATE <= closed_before <= LATEST_DATE:
            raise CommandError(
                _("--closed-before must lie between %(first)s and %(last)s.")
                % {"first": EARLIEST_DATE.isoformat(), "last": LATEST_DATE.isoformat()}
            )
        try:
            package = fgs.export(
                tenant, closed_before=closed_before, out_dir=Path(options["out"]), make_zip=options["zip"]
            )
        except xmlschema.XMLSchemaValidationError as exc:
            raise CommandError(
                _("The package does not validate: %(reason)s") % {"reason": exc.reason}
            ) from exc
        except OSError as exc:  # a file missing from the storage, a directory not writable
            raise CommandError(_("The package could not be written: %(reason)s") % {"reason": exc}) from exc
        message = _("%(cases)d cases, %(records)d records, %(files)d files → %(root)s") % {
            "cases": package.cases,
            "records": package.records,
            "files": package.files,
            "root": package.root,
        }
        if package.zip:
            message += f" ({package.zip})"
        self.stdout.write(message)
