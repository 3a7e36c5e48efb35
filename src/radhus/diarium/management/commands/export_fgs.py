"""``radhus export-fgs ORG --closed-before DATE [--out DIR] [--zip]``.

Writes the organisation's cases closed before DATE, with their records and files, as an FGS
Ärendehantering package (``radhus.diarium.fgs``), validated against its schema.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import xmlschema
from django.core.management.base import BaseCommand, CommandError, CommandParser

from radhus.core.models import Tenant
from radhus.core.validators import EARLIEST_DATE, LATEST_DATE
from radhus.diarium import fgs


class Command(BaseCommand):
    help = "Export closed cases as an FGS Ärendehantering package (Riksarkivet)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("org", help="The organisation's short name, e.g. hassleholm.")
        parser.add_argument(
            "--closed-before", required=True, help="YYYY-MM-DD: cases closed before this day."
        )
        parser.add_argument("--out", default=".", help="The directory the package is written in.")
        parser.add_argument("--zip", action="store_true", help="Also write the package as a zip file.")

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = Tenant.objects.filter(slug=options["org"]).first()
        if tenant is None:
            raise CommandError(f"No organisation with the short name “{options['org']}”.")
        try:
            closed_before = dt.date.fromisoformat(options["closed_before"])
        except ValueError as exc:
            raise CommandError("--closed-before takes a date, YYYY-MM-DD.") from exc
        if not EARLIEST_DATE <= closed_before <= LATEST_DATE:
            raise CommandError("--closed-before is out of range.")
        try:
            package = fgs.export(
                tenant, closed_before=closed_before, out_dir=Path(options["out"]), make_zip=options["zip"]
            )
        except xmlschema.XMLSchemaValidationError as exc:
            raise CommandError(f"The package does not validate: {exc.reason}") from exc
        except OSError as exc:  # a file missing from the storage, a directory not writable
            raise CommandError(f"The package could not be written: {exc}") from exc
        self.stdout.write(
            f"{package.cases} cases, {package.records} records, {package.files} files → {package.root}"
            + (f" ({package.zip})" if package.zip else "")
        )
