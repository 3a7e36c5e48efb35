"""The organisation in the back office, read only.

Every change to the organisation goes through a service (``services.py``) so that its rules
hold and it is written to the audit trail; the staff pages are the editing UI. Here an
administrator can look things up across organisations. Parties are not bound to one
organisation and are kept here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from radhus.organisation.models import (
    Appointment,
    ContactPoint,
    DecisionStep,
    Membership,
    Oversight,
    Party,
    Person,
    Post,
    PostDocument,
    PostDocumentVersion,
    Reorganisation,
    ReorganisationUnit,
    Responsibility,
    Unit,
    UnitChange,
)


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    pass


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ["abbreviation", "name"]
    search_fields = ["abbreviation", "name"]


class PostInline(ReadOnlyInline):
    model = Post
    fk_name = "unit"
    fields = ["title", "valid_from", "valid_to"]


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "short_name", "kind", "tenant", "parent", "valid_from", "valid_to"]
    list_filter = ["tenant", "kind"]
    search_fields = ["name", "short_name"]
    list_select_related = ["tenant", "parent"]
    inlines = [PostInline]


class AppointmentInline(ReadOnlyInline):
    model = Appointment
    fields = ["person", "acting", "valid_from", "valid_to"]


@admin.register(Post)
class PostAdmin(ReadOnlyAdmin):
    list_display = ["title", "unit", "tenant", "single_holder", "valid_from", "valid_to"]
    list_filter = ["tenant"]
    search_fields = ["title", "unit__name"]
    list_select_related = ["unit", "tenant"]
    inlines = [AppointmentInline]


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["last_name", "first_name", "party", "tenant", "is_public"]
    list_filter = ["tenant", "is_public", "party"]
    search_fields = ["first_name", "last_name"]
    list_select_related = ["party", "tenant"]


@admin.register(Appointment)
class AppointmentAdmin(ReadOnlyAdmin):
    list_display = ["person", "post", "acting", "valid_from", "valid_to"]
    list_filter = ["acting", "post__tenant"]
    search_fields = ["person__last_name", "post__title"]
    list_select_related = ["person", "post"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["group", "role", "person", "post", "on_behalf_of", "valid_from", "valid_to"]
    list_filter = ["role", "group__tenant"]
    search_fields = ["group__name", "person__last_name", "post__title"]
    list_select_related = ["group", "person", "post", "on_behalf_of"]


@admin.register(ContactPoint)
class ContactPointAdmin(ReadOnlyAdmin):
    list_display = ["kind", "display", "label", "unit", "post", "person", "is_public"]
    list_filter = ["kind", "is_public"]
    search_fields = ["value", "label"]
    list_select_related = ["unit", "post", "person"]


@admin.register(Responsibility)
class ResponsibilityAdmin(ReadOnlyAdmin):
    list_display = ["name", "unit", "valid_from", "valid_to"]
    list_filter = ["tenant"]
    search_fields = ["name"]


class ReorganisationUnitInline(ReadOnlyInline):
    model = ReorganisationUnit


class UnitChangeInline(ReadOnlyInline):
    model = UnitChange
    fk_name = "reorganisation"


class DecisionStepInline(ReadOnlyInline):
    model = DecisionStep


@admin.register(Reorganisation)
class ReorganisationAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "tenant", "effective_date", "decided_by", "decision_reference"]
    list_filter = ["tenant", "kind"]
    search_fields = ["title", "decision_reference"]
    inlines = [ReorganisationUnitInline, UnitChangeInline, DecisionStepInline]


class PostDocumentVersionInline(ReadOnlyInline):
    model = PostDocumentVersion
    fields = ["number", "title", "saved_at", "saved_by_name"]


@admin.register(PostDocument)
class PostDocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "post", "adopted_by", "adopted_on", "version"]
    inlines = [PostDocumentVersionInline]
    search_fields = ["title", "body"]


@admin.register(Oversight)
class OversightAdmin(ReadOnlyAdmin):
    """The executive board's oversight (KL 6 kap. 1 §)."""

    list_display = ["overseer", "overseen", "kind", "tenant", "valid_from", "valid_to"]
    list_filter = ["tenant", "kind"]
    list_select_related = ["overseer", "overseen", "tenant"]
