"""``radhus import-popolo FILE [--tenant SLUG]``: read a Popolo JSON document into the registry.

The whole document is checked first; if anything is wrong, every problem is printed with its
JSON path (``$.memberships[3].person_id: …``), nothing is written and the command exits with
status 1; so is a file larger than ``popolo.MAX_DOCUMENT_BYTES`` or nested too deep. Otherwise
everything is written in one transaction through the services, so the audit trail records it.
``FILE`` may be ``-`` for standard input.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from radhus.organisation import popolo


class Command(BaseCommand):
    help = "Read a Popolo JSON document (from Rådhus or another tool) into the registry."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The JSON file, or - for standard input.")
        parser.add_argument(
            "--tenant",
            help="The organisation to import into (its short name), when the document does not say.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["file"]
        try:
            # One byte more than a document may have, so that a larger one is refused, not read.
            if name == "-":
                raw = sys.stdin.buffer.read(popolo.MAX_DOCUMENT_BYTES + 1)
            else:
                with Path(name).open("rb") as file:
                    raw = file.read(popolo.MAX_DOCUMENT_BYTES + 1)
        except OSError as exc:
            raise CommandError(f"Cannot read {name}: {exc.strerror}.") from exc
        try:
            result = popolo.import_document(popolo.load_json(raw), tenant_slug=options["tenant"])
        except popolo.PopoloError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{name}: {len(exc.problems)} problem(s); nothing was imported.", returncode=1
            ) from None
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        counts = ", ".join(f"{n} {what}" for what, n in sorted(result.counts.items())) or "nothing new"
        self.stdout.write(self.style.SUCCESS(f"Imported into {result.tenant.name}: {counts}."))
