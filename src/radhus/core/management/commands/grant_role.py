"""``radhus grant_role USERNAME TENANT_SLUG ROLE [--create-user --password P]``.

Gives a user a role in one organisation (a user has at most one role per organisation, so
this replaces any earlier one) and writes the change to the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radhus.core.management.base import TranslatedCommand
from radhus.core.models import Role, Tenant, TenantRole
from radhus.core.services import role_grant


def grant_role(*, user: AbstractBaseUser, tenant: Tenant, role: Role, actor: Any = None) -> TenantRole:
    """Kept for callers of the old name: the service is ``radhus.core.services.role_grant``."""
    return role_grant(user=user, tenant=tenant, role=role, actor=actor)


def unknown_tenant(slug: str) -> CommandError:
    known = ", ".join(Tenant.objects.values_list("slug", flat=True)) or _("none")
    return CommandError(
        _("There is no organisation “%(slug)s” (known: %(known)s).") % {"slug": slug, "known": known}
    )


class Command(TranslatedCommand):
    help = gettext_lazy("Give a user a role (administrator, editor or reader) in one organisation.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "tenant_slug", help=gettext_lazy("The organisation's short name in addresses, e.g. ornskoldsvik.")
        )
        parser.add_argument("role", choices=Role.values)
        parser.add_argument(
            "--create-user", action="store_true", help=gettext_lazy("Create the user if it does not exist.")
        )
        parser.add_argument("--password", help=gettext_lazy("Set this password on the user."))

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = Tenant.objects.filter(slug=options["tenant_slug"]).first()
        if tenant is None:
            raise unknown_tenant(options["tenant_slug"])
        User = get_user_model()
        username = options["username"]
        with transaction.atomic():
            user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
            if user is None and not options["create_user"]:
                raise CommandError(
                    _("There is no user “%(user)s”. Add --create-user to create it.") % {"user": username}
                )
            if options["password"]:
                # The same validators (AUTH_PASSWORD_VALIDATORS) as every other place a password is set.
                try:
                    validate_password(options["password"], user or User(**{User.USERNAME_FIELD: username}))
                except ValidationError as exc:
                    raise CommandError(" ".join(exc.messages)) from None
            if user is None:
                user = User._default_manager.create_user(**{User.USERNAME_FIELD: username})
                self.stdout.write(_("Created the user %(user)s.") % {"user": username})
                if not options["password"]:
                    user.set_unusable_password()
                    user.save()
                    self.stderr.write(
                        _("No password given: set one with “radhus changepassword %(user)s”.")
                        % {"user": username}
                    )
            if options["password"]:
                user.set_password(options["password"])
                user.save()
            role = Role(options["role"])
            role_grant(user=user, tenant=tenant, role=role)
        self.stdout.write(
            self.style.SUCCESS(
                _("%(user)s is %(role)s in %(tenant)s.")
                % {"user": username, "role": role.label, "tenant": tenant.name}
            )
        )
