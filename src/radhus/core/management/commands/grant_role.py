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
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from radhus.core import audit
from radhus.core.models import Role, Tenant, TenantRole


@transaction.atomic
def grant_role(*, user: AbstractBaseUser, tenant: Tenant, role: Role, actor: Any = None) -> TenantRole:
    tenant_role, created = TenantRole.objects.update_or_create(
        user=user, tenant=tenant, defaults={"role": role}
    )
    audit.record(
        tenant=tenant,
        actor=actor,
        action="role.grant",
        subject=tenant_role,
        page=tenant,
        summary=_("%(user)s has the role %(role)s.") % {"user": user.get_username(), "role": role.label},
        changes={"role": role.value, "created": created},
    )
    return tenant_role


class Command(BaseCommand):
    help = "Give a user a role (administrator, editor or reader) in one organisation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "tenant_slug", help="The organisation's short name in addresses, e.g. ornskoldsvik."
        )
        parser.add_argument("role", choices=Role.values)
        parser.add_argument(
            "--create-user", action="store_true", help="Create the user if it does not exist."
        )
        parser.add_argument("--password", help="Set this password on the user.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            tenant = Tenant.objects.get(slug=options["tenant_slug"])
        except Tenant.DoesNotExist:
            known = ", ".join(Tenant.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No organisation '{options['tenant_slug']}' (known: {known}).") from None
        User = get_user_model()
        username = options["username"]
        with transaction.atomic():
            user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
            if user is None and not options["create_user"]:
                raise CommandError(f"No user '{username}'. Add --create-user to create it.")
            if options["password"]:
                # The same validators (AUTH_PASSWORD_VALIDATORS) as every other place a password is set.
                try:
                    validate_password(options["password"], user or User(**{User.USERNAME_FIELD: username}))
                except ValidationError as exc:
                    raise CommandError(" ".join(exc.messages)) from None
            if user is None:
                user = User._default_manager.create_user(**{User.USERNAME_FIELD: username})
                self.stdout.write(f"Created the user {username}.")
                if not options["password"]:
                    user.set_unusable_password()
                    user.save()
                    self.stderr.write(f"No password given: set one with `radhus changepassword {username}`.")
            if options["password"]:
                user.set_password(options["password"])
                user.save()
            grant_role(user=user, tenant=tenant, role=Role(options["role"]))
        self.stdout.write(self.style.SUCCESS(f"{username} is {options['role']} in {tenant.name}."))
