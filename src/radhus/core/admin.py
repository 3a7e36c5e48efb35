"""The back office for administrators: organisations, roles, notices and reports. Day-to-day
editing happens in the staff pages (``/<organisation>/redigera/``); the audit trail is only
read here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radhus.core import audit
from radhus.core.models import (
    AccessibilityReport,
    ApiToken,
    AuditEvent,
    CollaborationMember,
    SiteNotice,
    Tenant,
    TenantRole,
)
from radhus.core.services import tenant_create, tenant_update
from radhus.core.tokens import token_revoke


def _audit_role_saved(request: HttpRequest, role: TenantRole) -> None:
    audit.record(
        tenant=role.tenant,
        actor=request.user,
        action="role.grant",
        subject=role,
        page=role.tenant,
        summary=_("%(user)s has the role %(role)s.")
        % {"user": role.user.get_username(), "role": role.get_role_display()},
        changes={"role": role.role, "via": "admin"},
    )


def _audit_role_removed(request: HttpRequest, role: TenantRole) -> None:
    audit.record(
        tenant=role.tenant,
        actor=request.user,
        action="role.revoke",
        subject=role,
        page=role.tenant,
        summary=_("%(user)s no longer has a role in %(tenant)s.")
        % {"user": role.user.get_username(), "tenant": role.tenant.name},
        changes={"role": [role.role, None], "via": "admin"},
    )


TENANT_FIELDS = ["name", "slug", "kind", "country", "municipality_code", "organisation_number"]


class CollaborationMemberInline(admin.TabularInline):
    model = CollaborationMember
    fk_name = "collaboration"
    extra = 0
    autocomplete_fields = ["municipality"]


class TenantRoleInline(admin.TabularInline):
    model = TenantRole
    extra = 0
    autocomplete_fields = ["user"]


class TenantAddForm(ModelForm):
    """A new organisation, as ``radhus create-tenant`` makes it: with its first administrator."""

    administrator = forms.CharField(
        label=gettext_lazy("administrator"),
        required=False,
        max_length=150,
        help_text=gettext_lazy(
            "User name of the organisation's first administrator; a user that does not exist is "
            "created without a password (set one with “radhus changepassword”)."
        ),
    )

    class Meta:
        model = Tenant
        fields = ["name", "slug", "kind", "country", "municipality_code", "organisation_number"]

    def clean_administrator(self) -> str:
        username = self.cleaned_data.get("administrator", "").strip()
        if username:
            get_user_model().username_validator(username)  # type: ignore[attr-defined]
        return username


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "country", "municipality_code", "organisation_number"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "slug", "municipality_code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CollaborationMemberInline, TenantRoleInline]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = TenantAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_inlines(self, request: HttpRequest, obj: Any) -> list[Any]:
        # A new organisation gets its first administrator from the form's field.
        return self.inlines if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:
        """Created and changed through the services, audited as from ``radhus create-tenant``."""
        assert isinstance(obj, Tenant)
        fields = {f: form.cleaned_data[f] for f in form.cleaned_data if f in TENANT_FIELDS}
        if change:
            tenant_update(tenant=obj, actor=request.user, **fields)
            return
        created = tenant_create(
            actor=request.user, administrator=form.cleaned_data.get("administrator") or None, **fields
        )
        obj.pk = created.pk
        obj._state.adding = False
        obj._state.db = created._state.db

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        """Roles given, changed or taken away here are in the audit trail, as from grant_role."""
        if formset.model is not TenantRole:
            return super().save_formset(request, form, formset, change)
        removed = [f.instance for f in formset.deleted_forms if f.instance.pk is not None]
        for role in removed:
            _audit_role_removed(request, role)
        super().save_formset(request, form, formset, change)
        for role in [*formset.new_objects, *(obj for obj, _fields in formset.changed_objects)]:
            _audit_role_saved(request, role)


@admin.register(TenantRole)
class TenantRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "tenant", "role"]
    list_filter = ["role", "tenant"]
    search_fields = ["user__username", "tenant__name"]
    autocomplete_fields = ["user", "tenant"]

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm, change: bool) -> None:
        """A role given or changed here is in the audit trail, as from grant_role."""
        if change and {"user", "tenant"} & set(form.changed_data):
            _audit_role_removed(request, TenantRole.objects.select_related("user", "tenant").get(pk=obj.pk))
        super().save_model(request, obj, form, change)
        _audit_role_saved(request, obj)  # type: ignore[arg-type]

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        _audit_role_removed(request, obj)  # type: ignore[arg-type]
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[TenantRole]) -> None:
        for role in queryset.select_related("user", "tenant"):
            _audit_role_removed(request, role)
        super().delete_queryset(request, queryset)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read only: an audit event is never changed or removed."""

    list_display = ["at", "tenant", "actor_name", "action", "summary"]
    list_filter = ["tenant", "action"]
    search_fields = ["summary", "actor_name"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SiteNotice)
class SiteNoticeAdmin(admin.ModelAdmin):
    list_display = ["text", "tenant", "valid_from", "valid_to"]
    list_filter = ["tenant"]


@admin.register(AccessibilityReport)
class AccessibilityReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page_url", "description", "contact"]
    search_fields = ["description", "page_url"]
    readonly_fields = ["created_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Every user's API keys, read only; a key that may have leaked is revoked here."""

    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "expires_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "prefix", "name"]
    actions = ["revoke"]

    @admin.action(description=gettext_lazy("Revoke the selected API keys"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            token_revoke(token=token, actor=request.user)
        self.message_user(request, _("The selected keys are revoked."))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
