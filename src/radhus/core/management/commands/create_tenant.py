"""``radhus create-tenant SLUG "Name" --kind municipality|collaboration [--country SE|FI]
[--municipality-code …] [--organisation-number …] [--admin USER]``: a new organisation.

The command is a thin shell around ``radhus.core.services.tenant_create``: the identifiers are
checked for the country there, the change and the administrator's role are in the audit trail,
and every refusal is a sentence naming the option.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radhus.core.formats import COUNTRY_CODES, DEFAULT_COUNTRY
from radhus.core.management.base import TranslatedCommand
from radhus.core.models import Tenant
from radhus.core.services import tenant_create

# The model's field → the command's option, to say which option a refusal is about.
OPTIONS = {
    "slug": "SLUG",
    "name": "NAME",
    "kind": "--kind",
    "country": "--country",
    "municipality_code": "--municipality-code",
    "organisation_number": "--organisation-number",
    "administrator": "--admin",
}


def refusal(exc: ValidationError) -> str:
    """A service's ValidationError as lines “--option: sentence”."""
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    lines = []
    for field, messages in exc.message_dict.items():
        for message in messages:
            where = OPTIONS.get(field, "" if field == NON_FIELD_ERRORS else field)
            lines.append(f"{where}: {message}" if where else message)
    return "\n".join(lines)


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Create an organisation (a municipality or a collaboration), optionally with its first administrator."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help=gettext_lazy("Its short name in addresses, e.g. pargas."))
        parser.add_argument("name", help=gettext_lazy("Its name, e.g. “Pargas stad”."))
        parser.add_argument("--kind", required=True, choices=Tenant.Kind.values)
        parser.add_argument(
            "--country",
            default=DEFAULT_COUNTRY,
            type=str.upper,
            choices=COUNTRY_CODES,
            help=gettext_lazy("SE (default) or FI."),
        )
        parser.add_argument(
            "--municipality-code",
            default="",
            help=gettext_lazy("Four digits in Sweden (2284), three in Finland (445)."),
        )
        parser.add_argument(
            "--organisation-number",
            default="",
            help=gettext_lazy("Organisation number (212000-1330) or Finnish business id (0201256-6)."),
        )
        parser.add_argument(
            "--admin",
            default="",
            metavar="USER",
            help=gettext_lazy(
                "Give this user the administrator role; a missing user is created without a password."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            tenant = tenant_create(
                actor=None,
                name=options["name"],
                slug=options["slug"],
                kind=options["kind"],
                country=options["country"],
                municipality_code=options["municipality_code"],
                organisation_number=options["organisation_number"],
                administrator=options["admin"] or None,
            )
        except ValidationError as exc:
            raise CommandError(refusal(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Created %(name)s at /%(slug)s/.") % {"name": tenant.name, "slug": tenant.slug}
            )
        )
        if options["admin"]:
            self.stdout.write(
                _("%(user)s is administrator in %(name)s.") % {"user": options["admin"], "name": tenant.name}
            )
            user = tenant.roles.get(user__username=options["admin"]).user
            if not user.has_usable_password():
                self.stderr.write(
                    _("%(user)s has no password yet: set one with “radhus changepassword %(user)s”.")
                    % {"user": options["admin"]}
                )
