"""What Rådhus's management commands share: their help is translated (Swedish, the site's
language, unless another is active), like everything else they print."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class TranslatedCommand(BaseCommand):
    """A command whose ``help`` may be a lazy translation (``gettext_lazy``)."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = str(self.help)
        return super().create_parser(prog_name, subcommand, **kwargs)
