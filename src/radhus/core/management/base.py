"""What Rådhus's management commands share: their help is translated (Swedish, the site's
language, unless another is active), like everything else they print."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from radhus.core.dates import parse_date


class TranslatedCommand(BaseCommand):
    """A command whose ``help`` may be a lazy translation (``gettext_lazy``)."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)


def day_option(raw: str | None) -> dt.date:
    """A command's ``--date``: today when not given, else the date written (YYYY-MM-DD, within
    the years Rådhus accepts); anything else ends the command with the reason."""
    if not raw:
        return timezone.localdate()
    try:
        return parse_date(raw)
    except ValidationError as exc:
        raise CommandError(exc.messages[0]) from None
