"""Forms for staff editing. They only parse and offer choices; every change goes through a
service in ``services.py``, whose ``ValidationError`` is put back on the form by
``radhus.core.staff.form_page``.

Every choice of a unit, post, person or body is scoped to the tenant the page belongs to (the
base ``TenantForm`` does it), so a crafted POST with another organisation's id is refused as an
invalid choice, in the same words as an id that does not exist. Limits (lengths, dates) come
from the model fields.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.forms.models import ModelChoiceIterator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from radhus.core.collation import swedish_sort_key
from radhus.core.lookup import scoped
from radhus.core.lookup import seat_people as seat_people_q
from radhus.core.models import Tenant
from radhus.core.selectors import today
from radhus.core.staff import TenantForm, TenantMultipleChoiceField
from radhus.core.validators import EARLIEST_DATE, LATEST_DATE
from radhus.organisation import selectors
from radhus.organisation.models import (
    GROUP_KINDS,
    POLITICAL_KINDS,
    Appointment,
    Attendance,
    ContactPoint,
    DecisionStep,
    Membership,
    MembershipRole,
    Oversight,
    OversightKind,
    Party,
    Person,
    Post,
    PostDocument,
    Reorganisation,
    Responsibility,
    Unit,
    UnitKind,
)

BLANK_CHOICE_LABEL = "---------"


def _formfield(model: type[Model], name: str, **overrides: Any) -> forms.Field:
    """The model field's own form field (label, help text, choices, length), with ``overrides``,
    and the validators declared on the model field (dates in range, names that are not empty),
    which Django's ``formfield()`` leaves out: the same limits in forms, services and the API."""
    model_field = model._meta.get_field(name)
    field = model_field.formfield(**overrides)  # type: ignore[union-attr]
    assert field is not None
    # ``_validators`` holds only those declared on the field, not the defaults (such as the
    # length check) that the form field already has.
    field.validators = [*field.validators, *model_field._validators]  # type: ignore[union-attr]
    return field


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _date(model: type[Model], name: str, **overrides: Any) -> forms.Field:
    return _formfield(model, name, widget=DateInput, **overrides)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:  # type: ignore[override]
        label = obj.name
        if obj.short_name:
            label += f" ({obj.short_name})"
        if obj.valid_to:
            label += " – " + str(_("ended %(date)s") % {"date": obj.valid_to.isoformat()})
        return label


# Indentation of one level in a tree of choices: no-break spaces, which a <select> keeps.
TREE_INDENT = "\u00a0" * 4


class UnitTreeChoiceIterator(ModelChoiceIterator):
    """The offered units as the organisation's tree on the field's date (``tree_date``): each
    under its parent, indented by depth, siblings in Swedish alphabetical order; units not in
    the tree on that date (not yet started, or ended) follow at the top level."""

    def __iter__(self) -> Iterator[tuple[Any, str]]:
        field: UnitTreeChoiceField = self.field  # type: ignore[assignment]
        if field.empty_label is not None:
            yield ("", field.empty_label)
        offered = {unit.pk: unit for unit in self.queryset}
        if not offered:
            return
        tenant_id = next(iter(offered.values())).tenant_id
        on = field.tree_date or today()
        as_of = selectors.units_as_of(Tenant(pk=tenant_id), on)
        children: dict[int | None, list[Unit]] = {}
        for unit in as_of.values():
            children.setdefault(unit.parent_id if unit.parent_id in as_of else None, []).append(unit)
        for siblings in children.values():
            siblings.sort(key=lambda u: (swedish_sort_key(u.name), u.pk))
        seen: set[int] = set()
        stack: list[tuple[Unit, int]] = [(u, 0) for u in reversed(children.get(None, []))]
        while stack:
            unit, depth = stack.pop()
            if unit.pk in seen:
                continue
            seen.add(unit.pk)
            if unit.pk in offered:
                yield (self.choice(offered[unit.pk])[0], TREE_INDENT * depth + field.label_on(unit))
            stack.extend((child, depth + 1) for child in reversed(children.get(unit.pk, [])))
        rest = sorted(
            (u for pk, u in offered.items() if pk not in seen), key=lambda u: (swedish_sort_key(u.name), u.pk)
        )
        for unit in rest:
            yield self.choice(unit)


class UnitMultipleChoiceField(TenantMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:  # type: ignore[override]
        return obj.name + (f" ({obj.short_name})" if obj.short_name else "")


class UnitTreeChoiceField(UnitChoiceField):
    """A unit chosen from the organisation's tree as of ``tree_date`` (today when unset), which
    the form sets from its own date: an effective date, a start date."""

    iterator = UnitTreeChoiceIterator
    tree_date: dt.date | None = None

    def label_on(self, unit: Unit) -> str:
        """The label of ``unit`` with its name on the tree's date."""
        return self.label_from_instance(unit)


class PostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Post) -> str:  # type: ignore[override]
        return f"{obj.title}, {obj.unit.name}"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:  # type: ignore[override]
        label = f"{obj.last_name}, {obj.first_name}"
        if obj.party_id:
            label += f" ({obj.party.abbreviation})"
        return label


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Party) -> str:  # type: ignore[override]
        return f"{obj.name} ({obj.abbreviation})"


# Querysets: what a form of ``tenant`` may offer --------------------------------------------


def tenant_units(tenant: Tenant) -> QuerySet[Unit]:
    return scoped(Unit, tenant).order_by("name")


def open_units(tenant: Tenant) -> QuerySet[Unit]:
    """Units that have not ended: the ones a reorganisation can still change."""
    return tenant_units(tenant).filter(valid_to__isnull=True)


def political_bodies(tenant: Tenant) -> QuerySet[Unit]:
    return tenant_units(tenant).filter(kind__in=[k.value for k in POLITICAL_KINDS])


def tenant_posts(tenant: Tenant) -> QuerySet[Post]:
    return scoped(Post, tenant).select_related("unit").order_by("title", "unit__name")


def tenant_people(tenant: Tenant) -> QuerySet[Person]:
    return scoped(Person, tenant).select_related("party").order_by("last_name", "first_name")


def member_municipalities(tenant: Tenant) -> QuerySet[Tenant]:
    return Tenant.objects.filter(collaboration_links__collaboration=tenant)


def seat_candidates(tenant: Tenant) -> QuerySet[Person]:
    """Whom a seat in a group of ``tenant`` may offer: its own people and, in a collaboration,
    the public people of its member municipalities (S3.3). Which of them a seat may name
    depends on the municipality it is held on behalf of (``radhus.core.lookup.seat_people``)."""
    return (
        Person.objects.filter(Q(tenant=tenant) | Q(tenant__in=member_municipalities(tenant), is_public=True))
        .select_related("party")
        .order_by("last_name", "first_name")
    )


def represented_tenants(tenant: Tenant) -> QuerySet[Tenant]:
    """The organisations a member can represent: this one and its member municipalities."""
    return Tenant.objects.filter(Q(pk=tenant.pk) | Q(collaboration_links__collaboration=tenant)).distinct()


def _tidy_choices(field: forms.Field) -> None:
    """Choices start with a capital letter, and “nothing chosen” reads as a word, not dashes."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == BLANK_CHOICE_LABEL:
            field.empty_label = _("— none —")
    elif isinstance(field, forms.ChoiceField):
        field.choices = [
            (value, _("— choose —") if label == BLANK_CHOICE_LABEL else capfirst(label))
            for value, label in field.choices
        ]


# Base --------------------------------------------------------------------------------------


class StaffForm(TenantForm):
    """A form of one tenant, rendered with labels, help text and errors tied to each field."""

    template_name = "organisation/staff/forms/form.html"
    error_css_class = "has-error"
    required_css_class = "required"

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, tenant=tenant, **kwargs)
        for field in self.fields.values():
            _tidy_choices(field)

    # (legend, field names) to group the form in fieldsets; empty: one plain list of fields.
    groups: list[tuple[Any, list[str]]] = []

    def fieldsets(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """The visible fields by group; fields no group names come first, without a legend."""
        named = {name for _legend, names in self.groups for name in names}
        rest = [self[n] for n in self.fields if n not in named and not self[n].is_hidden]
        sets = [(None, rest)] if rest else []
        return sets + [
            (legend, [self[n] for n in names if n in self.fields]) for legend, names in self.groups
        ]

    def date_of(self, name: str) -> dt.date | None:
        """The date the form is about, for offering choices as of that day: what was sent in
        field ``name`` when it reads as a date in range, else its initial value."""
        value: Any = self.data.get(self.add_prefix(name)) if self.is_bound else None
        if value is None:
            value = self.initial.get(name, self.fields[name].initial)
        try:
            date = self.fields[name].to_python(value)
        except ValidationError:
            return None
        if isinstance(date, dt.date) and EARLIEST_DATE <= date <= LATEST_DATE:
            return date
        return None

    def tree_as_of(self, date_field: str, *names: str) -> None:
        """Offer the unit choices ``names`` as the tree on the form's date (``date_of``)."""
        on = self.date_of(date_field)
        for name in names:
            self.fields[name].tree_date = on  # type: ignore[attr-defined]

    def check_validity(self, start: str = "valid_from", end: str = "valid_to") -> None:
        """Put an end date before the start date on the end date's field."""
        first, last = self.cleaned_data.get(start), self.cleaned_data.get(end)
        if first and last and last < first:
            self.add_error(end, _("The end date must be on or after the start date."))


# Units, posts and people -------------------------------------------------------------------


class UnitForm(StaffForm):
    """A unit's facts. Renaming or moving it from a date is a reorganisation instead."""

    name = _formfield(Unit, "name")
    short_name = _formfield(Unit, "short_name")
    kind = _formfield(Unit, "kind")
    parent = UnitTreeChoiceField(
        queryset=Unit.objects.none(), required=False, label=_("Part of"), empty_label=_("— (top level)")
    )
    purpose = _formfield(Unit, "purpose", widget=forms.Textarea(attrs={"rows": 5}))
    place = _formfield(Unit, "place")
    responsible_body = UnitChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label=_("Responsible political body"),
        help_text=_("Shown on the unit's page with its chair and secretary."),
    )
    page_owner = PersonChoiceField(queryset=Person.objects.none(), required=False, label=_("Page owner"))
    valid_from = _date(Unit, "valid_from")
    valid_to = _date(Unit, "valid_to")
    sort_order = _formfield(Unit, "sort_order", help_text=_("Lower numbers come first."))

    def __init__(self, *args: Any, unit: Unit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parents = tenant_units(self.tenant)
        if unit is not None:
            parents = parents.exclude(pk=unit.pk)
        self.fields["parent"].queryset = parents
        self.fields["responsible_body"].queryset = political_bodies(self.tenant)
        self.fields["page_owner"].queryset = tenant_people(self.tenant)
        self.creating = unit is None
        if self.creating:
            # A new unit starts on a date, today unless another is given (as in the API):
            # without one it would count as having existed as far back as the registry goes.
            self.fields["valid_from"].initial = today()
            self.fields["valid_from"].help_text = _("The first day the unit exists; empty: today.")
        if self.creating:
            self.tree_as_of("valid_from", "parent")  # where the new unit will be on its first day
        if unit is not None:
            self.fields["name"].help_text = _(
                "Correct a misspelt name here. A new name from a date is a reorganisation: "
                "use “Rename” on the unit's page."
            )

    def clean_valid_from(self) -> dt.date | None:
        value = self.cleaned_data.get("valid_from")
        return today() if value is None and self.creating else value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.check_validity()
        return cleaned


class PostForm(StaffForm):
    title = _formfield(Post, "title")
    reports_to = PostChoiceField(
        queryset=Post.objects.none(),
        required=False,
        label=_("Reports to"),
        help_text=_("The post above this one."),
    )
    single_holder = _formfield(Post, "single_holder")
    is_contact = _formfield(
        Post, "is_contact", help_text=_("Show the holder as a contact on the unit's public page.")
    )
    valid_from = _date(Post, "valid_from")
    valid_to = _date(Post, "valid_to")
    sort_order = _formfield(Post, "sort_order")
    employed_by = UnitChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label=_("Employed by"),
        help_text=_("The body that employs the holder, e.g. the executive board for the director."),
    )
    deputy = PostChoiceField(
        queryset=Post.objects.none(),
        required=False,
        label=_("Deputy"),
        help_text=_("The post whose holder deputises, e.g. the deputy municipal chief."),
    )

    def __init__(self, *args: Any, post: Post | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employed_by"].queryset = political_bodies(self.tenant)
        deputies = tenant_posts(self.tenant)
        if post is not None:
            deputies = deputies.exclude(pk=post.pk)
        self.fields["deputy"].queryset = deputies
        superiors = tenant_posts(self.tenant)
        if post is not None:
            superiors = superiors.exclude(pk=post.pk)
            self.fields["unit"] = UnitChoiceField(
                queryset=tenant_units(self.tenant), label=_("Unit"), empty_label=None
            )
            self.order_fields(["title", "unit"])
        self.fields["reports_to"].queryset = superiors

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self.check_validity()
        return cleaned


class PersonForm(StaffForm):
    shared_choices = frozenset({"party"})  # parties are the same in every organisation

    first_name = _formfield(Person, "first_name")
    last_name = _formfield(Person, "last_name")
    party = PartyChoiceField(
        queryset=Party.objects.order_by("name"),
        required=False,
        label=_("Party"),
        help_text=_("For politicians: shown after the name, e.g. “Per Nylén (S)”."),
    )
    is_public = _formfield(Person, "is_public")


class PartyForm(StaffForm):
    """A political party; parties are shared by every organisation."""

    abbreviation = _formfield(Party, "abbreviation", help_text=_("As shown after a name, e.g. S or MP."))
    name = _formfield(Party, "name", help_text=_("For example “Socialdemokraterna”."))


class AppointmentForm(StaffForm):
    """Appoint a holder to a post: a person in the registry, or a new person added with the
    appointment (``services.appointment_create_with_person``)."""

    shared_choices = frozenset({"new_party"})  # parties are the same in every organisation
    new_person_fields = ["new_first_name", "new_last_name", "new_party", "new_is_public"]

    person = PersonChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label=_("Person"),
        help_text=_("Someone already in the registry; or give a new person's name below."),
    )
    valid_from = _date(Appointment, "valid_from", required=True, label=_("From"), help_text="")
    valid_to = _date(
        Appointment, "valid_to", label=_("To and including"), help_text=_("Empty: until further notice.")
    )
    acting = _formfield(
        Appointment,
        "acting",
        label=_("Acting (vik.)"),
        help_text=_("Stands in for the holder for a while; may overlap the holder's period."),
    )

    new_first_name = _formfield(Person, "first_name", required=False)
    new_last_name = _formfield(Person, "last_name", required=False)
    new_party = PartyChoiceField(
        queryset=Party.objects.order_by("name"),
        required=False,
        label=_("Party"),
        help_text=_("For politicians."),
    )
    new_is_public = _formfield(Person, "is_public")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = tenant_people(self.tenant)

    def fieldsets(self) -> list[tuple[Any, list[forms.BoundField]]]:
        """The person, or a new person, then the period."""
        rest = [self[n] for n in self.fields if n not in self.new_person_fields and not self[n].is_hidden]
        return [
            (None, rest[:1]),
            (_("Or a new person"), [self[n] for n in self.new_person_fields]),
            (None, rest[1:]),
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        first, last = cleaned.get("new_first_name"), cleaned.get("new_last_name")
        if not self.has_error("person"):
            if cleaned.get("person") is not None and (first or last):
                self.add_error("person", _("Choose a person or give a new person's name, not both."))
            elif cleaned.get("person") is None and not (first or last):
                if not (self.has_error("new_first_name") or self.has_error("new_last_name")):
                    self.add_error("person", _("Choose a person, or give the name of a new person."))
            elif cleaned.get("person") is None:
                for name, value in (("new_first_name", first), ("new_last_name", last)):
                    if not value and not self.has_error(name):
                        self.add_error(name, _("Give both the first and the last name of the new person."))
        self.check_validity()
        return cleaned

    def new_person(self) -> dict[str, Any] | None:
        """The new person's fields as ``services.person_create`` takes them; None for a person
        chosen from the registry."""
        if self.cleaned_data.get("person") is not None:
            return None
        return {
            "first_name": self.cleaned_data["new_first_name"],
            "last_name": self.cleaned_data["new_last_name"],
            "party": self.cleaned_data["new_party"],
            "is_public": self.cleaned_data["new_is_public"],
        }

    def appointment(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("valid_from", "valid_to", "acting")}


class EndForm(StaffForm):
    """End an appointment or a membership on a date."""

    valid_to = _date(
        Appointment,
        "valid_to",
        required=True,
        label=_("Last day"),
        help_text=_("The last day the person holds it."),
    )

    def __init__(self, *args: Any, valid_from: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.valid_from = valid_from

    def clean_valid_to(self) -> Any:
        last = self.cleaned_data["valid_to"]
        if self.valid_from and last < self.valid_from:
            raise ValidationError(_("The end date must be on or after the start date."))
        return last


class MembershipForm(StaffForm):
    """A seat in a group, held by a named person (S3.3) or by whoever holds a post (S2.2)."""

    # A collaboration seats people of its member municipalities; the organisations are shared.
    shared_choices = frozenset({"person", "on_behalf_of"})

    person = PersonChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label=_("Person"),
        help_text=_("Choose a person, or a post below."),
    )
    post = PostChoiceField(
        queryset=Post.objects.none(),
        required=False,
        label=_("Post"),
        help_text=_("Whoever holds this post on a date is the member."),
    )
    member_group = UnitChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label=_("A whole group"),
        help_text=_(
            "Or include a group as it is on each date, e.g. the staff; its members are not repeated."
        ),
    )
    role = forms.ChoiceField(choices=MembershipRole.choices, initial=MembershipRole.MEMBER, label=_("Role"))
    is_member = forms.TypedChoiceField(
        choices=[("", _("As the role says")), ("1", _("Yes")), ("0", _("No"))],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
        label=_("Member"),
        help_text=_("Whether the seat is a member as well as its role, e.g. a secretary who is a member."),
    )
    attendance = _formfield(Membership, "attendance", required=False)
    on_behalf_of = forms.ModelChoiceField(
        queryset=Tenant.objects.none(),
        required=False,
        label=_("Representing"),
        help_text=_("The municipality the member comes from."),
    )
    valid_from = _date(Membership, "valid_from", label=_("From"), help_text=_("Empty: from the start."))
    valid_to = _date(
        Membership, "valid_to", label=_("To and including"), help_text=_("Empty: until further notice.")
    )
    sort_order = _formfield(Membership, "sort_order", help_text=_("Lower numbers come first."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = seat_candidates(self.tenant)
        self.fields["post"].queryset = tenant_posts(self.tenant).filter(valid_to__isnull=True)
        self.fields["member_group"].queryset = tenant_units(self.tenant).filter(
            kind__in=[k.value for k in GROUP_KINDS], valid_to__isnull=True
        )
        self.fields["on_behalf_of"].queryset = represented_tenants(self.tenant)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        person, post = cleaned.get("person"), cleaned.get("post")
        if person is not None and person.tenant_id != self.tenant.pk:
            # Another municipality's person only on a seat held on its behalf (S3.3); otherwise
            # the same answer as for an id that does not exist.
            seats = Person.objects.filter(seat_people_q(self.tenant, cleaned.get("on_behalf_of")))
            if not seats.filter(pk=person.pk).exists():
                field = self.fields["person"]
                self.add_error(
                    "person",
                    ValidationError(
                        field.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": person.pk},
                    ),
                )
                person = None
        cleaned["attendance"] = cleaned.get("attendance") or Attendance.REGULAR
        group = cleaned.get("member_group")
        if not self.has_error("person") and not self.has_error("post") and not self.has_error("member_group"):
            chosen = [x for x in (person, post, group) if x is not None]
            if len(chosen) > 1:
                self.add_error("post", _("Choose one: a person, a post or a whole group."))
            elif not chosen:
                self.add_error("person", _("Choose a person, a post or a whole group."))
        self.check_validity()
        return cleaned


class ContactPointForm(StaffForm):
    kind = _formfield(ContactPoint, "kind")
    value = forms.CharField(
        label=_("Phone number, address or e-mail"),
        max_length=500,
        help_text=_("Phone numbers may be written in any common way, e.g. 0660-883 00 or +46 660 883 00."),
    )
    label = _formfield(ContactPoint, "label")
    is_public = _formfield(ContactPoint, "is_public", help_text=_("Untick for a number only staff may see."))
    sort_order = _formfield(ContactPoint, "sort_order", help_text=_("Lower numbers come first."))


class ResponsibilityForm(StaffForm):
    name = _formfield(Responsibility, "name", help_text=_("For example “public health”."))
    description = _formfield(Responsibility, "description", widget=forms.Textarea(attrs={"rows": 4}))
    sort_order = _formfield(
        Responsibility, "sort_order", required=False, help_text=_("Lower numbers come first.")
    )
    valid_from = _date(Responsibility, "valid_from")
    valid_to = _date(Responsibility, "valid_to")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("sort_order") is None:
            cleaned["sort_order"] = 0
        self.check_validity()
        return cleaned


# Reorganisations ---------------------------------------------------------------------------


class ReorganisationForm(StaffForm):
    """The decision and effective date every reorganisation has."""

    title_required = True

    title = _formfield(Reorganisation, "title", label=_("Title"))
    effective_date = _date(
        Reorganisation, "effective_date", help_text=_("The first day the new organisation applies.")
    )
    decided_by = UnitTreeChoiceField(queryset=Unit.objects.none(), required=False, label=_("Decided by"))
    decision_date = _date(Reorganisation, "decision_date")
    decision_reference = _formfield(Reorganisation, "decision_reference")
    description = _formfield(Reorganisation, "description", widget=forms.Textarea(attrs={"rows": 3}))

    decision_fields = ["decided_by", "decision_date", "decision_reference", "description"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.groups = [*self.groups, (_("The decision"), self.decision_fields)]
        self.fields["decided_by"].queryset = tenant_units(self.tenant)
        self.tree_as_of("effective_date", "decided_by")
        if not self.title_required:
            self.fields["title"].required = False
            self.fields["title"].help_text = _("Leave empty to have one written for you.")
        # The decision comes last on every reorganisation form.
        self.order_fields([f for f in self.fields if f not in self.decision_fields] + self.decision_fields)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        decided, effective = cleaned.get("decision_date"), cleaned.get("effective_date")
        if decided and effective and decided > effective:
            self.add_error("decision_date", _("The decision must come on or before the effective date."))
        return cleaned

    def event(self) -> dict[str, Any]:
        """The keywords every reorganisation service takes: when, what, and the decision."""
        return {f: self.cleaned_data[f] for f in ["effective_date", "title", *self.decision_fields]}


class MergeForm(ReorganisationForm):
    sources = UnitMultipleChoiceField(
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Units that merge"),
        help_text=_("They end the day before the effective date."),
    )
    name = _formfield(Unit, "name", label=_("Name of the new unit"))
    short_name = _formfield(Unit, "short_name")
    kind = forms.ChoiceField(
        choices=[("", BLANK_CHOICE_LABEL), *UnitKind.choices], label=_("Kind of the new unit")
    )
    parent = UnitTreeChoiceField(
        queryset=Unit.objects.none(), required=False, label=_("Part of"), empty_label=_("— (top level)")
    )
    purpose = _formfield(Unit, "purpose", widget=forms.Textarea(attrs={"rows": 3}))
    # Shown as a table of the posts the merger affects (``_merger_affected.html``), not here.
    carry_over = TenantMultipleChoiceField(
        queryset=Post.objects.none(),
        required=False,
        label=_("Posts carried over to the new unit"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = open_units(self.tenant)
        self.fields["parent"].queryset = open_units(self.tenant)
        self.fields["carry_over"].queryset = tenant_posts(self.tenant)
        self.tree_as_of("effective_date", "parent")

    groups = [(_("The new unit"), ["name", "short_name", "kind", "parent", "purpose"])]

    def fieldsets(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [
            (legend, [f for f in fields if f.name != "carry_over"]) for legend, fields in super().fieldsets()
        ]

    def result(self) -> dict[str, Any]:
        return {f: self.cleaned_data[f] for f in ("name", "short_name", "kind", "parent", "purpose")}


class MergerAffectedForm(forms.Form):
    """Which units merge on which date: what the list of affected posts on the merger form is
    drawn from (sent with every change to the form, or by its “show” button)."""

    sources = UnitMultipleChoiceField(queryset=Unit.objects.none())
    effective_date = _date(Reorganisation, "effective_date")

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sources"].queryset = open_units(tenant)


class SplitForm(ReorganisationForm):
    """One unit becomes several; each new unit is a row: name, short name and kind."""

    rows = 4

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, self.rows + 1):
            self.fields[f"name_{i}"] = _formfield(Unit, "name", label=_("Name"), required=False)
            self.fields[f"kind_{i}"] = forms.ChoiceField(
                label=_("Kind"),
                choices=[("", BLANK_CHOICE_LABEL), *UnitKind.choices],
                required=False,
            )
            _tidy_choices(self.fields[f"kind_{i}"])
        self.groups = [
            (_("New unit %(n)s") % {"n": i}, [f"name_{i}", f"kind_{i}"]) for i in range(1, self.rows + 1)
        ] + self.groups
        self.order_fields(
            ["title", "effective_date"]
            + [f"{p}_{i}" for i in range(1, self.rows + 1) for p in ("name", "kind")]
            + self.decision_fields
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for i in range(1, self.rows + 1):
            name, kind = cleaned.get(f"name_{i}"), cleaned.get(f"kind_{i}")
            if name and not kind:
                self.add_error(f"kind_{i}", _("Choose the kind of the new unit."))
            elif kind and not name:
                self.add_error(f"name_{i}", _("Give the new unit a name."))
        return cleaned

    def results(self, parent: Unit | None) -> list[dict[str, Any]]:
        return [
            {"name": self.cleaned_data[f"name_{i}"], "kind": self.cleaned_data[f"kind_{i}"], "parent": parent}
            for i in range(1, self.rows + 1)
            if self.cleaned_data.get(f"name_{i}")
        ]


class RenameForm(ReorganisationForm):
    title_required = False

    name = _formfield(Unit, "name", label=_("New name"))
    short_name = _formfield(
        Unit, "short_name", label=_("New short name"), required=False, help_text=_("Leave empty to keep it.")
    )


class MoveForm(ReorganisationForm):
    title_required = False

    parent = UnitTreeChoiceField(
        queryset=Unit.objects.none(),
        required=False,
        label=_("New place: part of"),
        empty_label=_("— (top level)"),
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Offer every other unit; the service says so when a choice would make a cycle.
        self.fields["parent"].queryset = open_units(self.tenant).exclude(pk=unit.pk)
        self.tree_as_of("effective_date", "parent")
        self.order_fields(["parent", "effective_date", "title", *self.decision_fields])


class DissolveForm(ReorganisationForm):
    pass


class TransferForm(ReorganisationForm):
    """A responsibility moves to another unit from a date (S1.4)."""

    title_required = False

    to_unit = UnitChoiceField(queryset=Unit.objects.none(), label=_("To unit"), empty_label=None)

    def __init__(self, *args: Any, responsibility: Responsibility, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = open_units(self.tenant).exclude(pk=responsibility.unit_id)
        self.order_fields(["to_unit", "effective_date", "title", *self.decision_fields])


class DecisionStepForm(StaffForm):
    """One step of the decision chain behind a reorganisation (S1.1)."""

    date = _date(DecisionStep, "date")
    date_text = _formfield(DecisionStep, "date_text")
    body = UnitTreeChoiceField(queryset=Unit.objects.none(), required=False, label=_("By (body)"))
    actor_text = _formfield(
        DecisionStep, "actor_text", help_text=_("When it was not a body, e.g. “the municipal chief”.")
    )
    description = _formfield(DecisionStep, "description")
    reference = _formfield(
        DecisionStep, "reference", help_text=_("Minute item or case number, e.g. KF § 45.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = tenant_units(self.tenant)
        self.tree_as_of("date", "body")


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=_("Find a person"), required=False, max_length=100)


# Oversight and post documents (issue 8) -----------------------------------------------------------


class OversightForm(StaffForm):
    """The executive board's oversight of a committee, company or federation (KL 6 kap. 1 §)."""

    overseen = UnitChoiceField(
        queryset=Unit.objects.none(),
        label=_("Overseen body"),
        help_text=_("A committee, a municipal company or a federation."),
    )
    kind = forms.ChoiceField(
        choices=[("", _("As the body's kind says")), *OversightKind.choices],
        required=False,
        label=_("Kind"),
    )
    valid_from = _date(Oversight, "valid_from")
    valid_to = _date(Oversight, "valid_to")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["overseen"].queryset = tenant_units(self.tenant).filter(
            kind__in=["committee", "board_committee", "political_council", "company", "federation"]
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["kind"] = cleaned.get("kind") or None
        self.check_validity()
        return cleaned


class PostDocumentForm(StaffForm):
    """A post document (the director's instruction); each save is a new version."""

    title = _formfield(PostDocument, "title")
    body = _formfield(PostDocument, "body", widget=forms.Textarea(attrs={"rows": 20}))
    adopted_by = UnitChoiceField(queryset=Unit.objects.none(), required=False, label=_("Adopted by"))
    adopted_on = _date(PostDocument, "adopted_on")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adopted_by"].queryset = political_bodies(self.tenant)
