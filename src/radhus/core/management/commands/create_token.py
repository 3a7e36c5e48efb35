"""``radhus create-token USERNAME [--name TEXT] [--days N]``: a new API key for a user, printed once.

The API lets the user write in the organisations where they hold the editor role (or higher);
only a hash of the key is stored, so a lost key is replaced, not recovered. The key expires
after ``RADHUS_API_KEY_DAYS`` days unless ``--days`` says otherwise.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radhus.core.management.base import TranslatedCommand
from radhus.core.tokens import token_create


class Command(TranslatedCommand):
    help = gettext_lazy("Create an API key for a user and print it (it is shown only this once).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--name", default="", help=gettext_lazy("What the key is for, e.g. “intranet sync”.")
        )
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=gettext_lazy("Days until the key expires (default RADHUS_API_KEY_DAYS)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        user = User._default_manager.filter(**{User.USERNAME_FIELD: options["username"]}).first()
        if user is None:
            raise CommandError(_("There is no user “%(user)s”.") % {"user": options["username"]})
        if not user.is_active:
            raise CommandError(_("The user “%(user)s” is not active.") % {"user": options["username"]})
        if options["days"] is not None and not 1 <= options["days"] <= 3660:
            raise CommandError(_("--days must be between 1 and 3660."))
        token, key = token_create(user=user, name=options["name"], days=options["days"])
        self.stderr.write(_("The key expires %(at)s UTC.") % {"at": f"{token.expires_at:%Y-%m-%d %H:%M}"})
        self.stdout.write(key)
