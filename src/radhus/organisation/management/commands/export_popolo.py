"""``radhus export-popolo TENANT [-o FILE]``: an organisation as a Popolo JSON document.

The same document as ``/api/v1/popolo/TENANT``: public data only. ``radhus import-popolo``
reads it back (see ``radhus.organisation.popolo``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from radhus.core.models import Tenant
from radhus.organisation import popolo


class Command(BaseCommand):
    help = "Write an organisation (units, people, posts, seats) as a Popolo JSON document."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("tenant", help="The organisation's short name in addresses, e.g. ornskoldsvik.")
        parser.add_argument("-o", "--output", help="Write to this file instead of standard output.")

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = Tenant.objects.filter(slug=options["tenant"]).first()
        if tenant is None:
            known = ", ".join(Tenant.objects.values_list("slug", flat=True)) or _("none")
            raise CommandError(
                _("No organisation “%(slug)s” (known: %(known)s).")
                % {"slug": options["tenant"], "known": known}
            )
        text = popolo.dumps(popolo.export_document(tenant))
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
