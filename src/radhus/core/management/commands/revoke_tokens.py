"""``radhus revoke-tokens USERNAME [--prefix rh_…]``: stop a user's API keys at once.

Every key of the user that still works is revoked, or only the one whose beginning is given
(as shown on the account page). Each revocation is in the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from radhus.core.management.base import TranslatedCommand
from radhus.core.models import ApiToken
from radhus.core.tokens import token_revoke, tokens_revoke_all


class Command(TranslatedCommand):
    help = gettext_lazy("Revoke a user's API keys (all of them, or the one with --prefix).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--prefix", help=gettext_lazy("Revoke only the key that begins so, e.g. rh_AbC123x.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        user = User._default_manager.filter(**{User.USERNAME_FIELD: options["username"]}).first()
        if user is None:
            raise CommandError(_("There is no user “%(user)s”.") % {"user": options["username"]})
        if options["prefix"]:
            token = ApiToken.objects.filter(
                user=user, prefix=options["prefix"], revoked_at__isnull=True
            ).first()
            if token is None:
                raise CommandError(
                    _("“%(user)s” has no key in use that begins %(prefix)s.")
                    % {"user": options["username"], "prefix": options["prefix"]}
                )
            token_revoke(token=token, actor=None)
            count = 1
        else:
            count = tokens_revoke_all(user=user, actor=None)
        self.stdout.write(
            self.style.SUCCESS(
                ngettext("Revoked %(count)d key of %(user)s.", "Revoked %(count)d keys of %(user)s.", count)
                % {"count": count, "user": options["username"]}
            )
        )
