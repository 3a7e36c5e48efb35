"""The back office for administrators: organisations, roles, notices and reports. Day-to-day
editing happens in the staff pages (``/<organisation>/redigera/``); the audit trail is only
read here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from radhus.core.models import (
    AccessibilityReport,
    AuditEvent,
    CollaborationMember,
    SiteNotice,
    Tenant,
    TenantRole,
)


class CollaborationMemberInline(admin.TabularInline):
    model = CollaborationMember
    fk_name = "collaboration"
    extra = 0
    autocomplete_fields = ["municipality"]


class TenantRoleInline(admin.TabularInline):
    model = TenantRole
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "municipality_code", "organisation_number"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "municipality_code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [CollaborationMemberInline, TenantRoleInline]


@admin.register(TenantRole)
class TenantRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "tenant", "role"]
    list_filter = ["role", "tenant"]
    search_fields = ["user__username", "tenant__name"]
    autocomplete_fields = ["user", "tenant"]


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
