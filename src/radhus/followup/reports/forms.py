"""The filters every report offers: a body, a period, an officer, and the day the report is made
as of. Ids are resolved inside the reader's organisation; a foreign or unknown id is refused
like any other choice that is not offered."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from radhus.core.collation import swedish_sort_key
from radhus.core.models import Tenant
from radhus.core.validators import validate_date_in_range
from radhus.diarium.models import OfficerLink
from radhus.followup.models import Assignment
from radhus.followup.reports.base import Filters
from radhus.organisation.models import POLITICAL_KINDS, Person, Unit, UnitKind

# Bodies that take decisions someone must carry out: the political bodies, and the officials'
# groups whose decisions give tasks (the chief's management group, S2.1; the chief executives'
# group of a collaboration, S3.2).
DECIDING_KINDS = {
    *POLITICAL_KINDS,
    UnitKind.MANAGEMENT_TEAM,
    UnitKind.GROUP_MANAGEMENT_TEAM,
    UnitKind.CHIEF_EXECUTIVES_GROUP,
    UnitKind.WORKING_GROUP,
}


def deciding_bodies(tenant: Tenant) -> list[Unit]:
    return list(
        Unit.objects.filter(tenant=tenant, kind__in=[k.value for k in DECIDING_KINDS]).order_by("name")
    )


def officers(tenant: Tenant) -> list[Person]:
    """The officers a report can be narrowed to: the people linked to the organisation's staff
    users and the people given assignments by name (each person looked up in the
    assignments' index, never a scan of ten years of assignments)."""
    linked = OfficerLink.objects.filter(tenant=tenant, person=OuterRef("pk"))
    assigned = Assignment.objects.filter(assignee_person=OuterRef("pk"))
    people = (
        Person.objects.filter(Exists(linked) | Exists(assigned), tenant=tenant)
        .order_by()
        .only("id", "first_name", "last_name")
    )
    # Sorted here with the Swedish key the database collation uses: SQLite would call it back
    # twice for every comparison.
    return sorted(people, key=lambda p: (swedish_sort_key(p.last_name), swedish_sort_key(p.first_name), p.pk))


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class ReportFilterForm(forms.Form):
    """Query-string filters (GET): nothing is changed, so no once-only token."""

    organ = forms.TypedChoiceField(label=_("Body"), required=False, coerce=int, empty_value=None)
    fran = forms.DateField(
        label=_("From"), required=False, widget=_DateInput(), validators=[validate_date_in_range]
    )
    till = forms.DateField(
        label=_("To"), required=False, widget=_DateInput(), validators=[validate_date_in_range]
    )
    handlaggare = forms.TypedChoiceField(label=_("Officer"), required=False, coerce=int, empty_value=None)
    datum = forms.DateField(
        label=_("As of"),
        required=False,
        widget=_DateInput(),
        validators=[validate_date_in_range],
        help_text=_("The day the days are counted to; today when empty."),
    )

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tenant = tenant
        self.bodies = {b.pk: b for b in deciding_bodies(tenant)}
        self.people = {p.pk: p for p in officers(tenant)}
        self.fields["organ"].choices = [("", _("All")), *((pk, b.name) for pk, b in self.bodies.items())]  # type: ignore[attr-defined]
        self.fields["handlaggare"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            *((pk, f"{p.first_name} {p.last_name}") for pk, p in self.people.items()),
        ]

    def query(self) -> str | None:
        """The filters chosen as a query string of this form's fields only, in a fixed order
        (the same choice always gives the same string); ``None`` when they are not valid."""
        if not self.is_bound:
            return ""
        if not self.is_valid():
            return None
        return urlencode([(name, self.data[name]) for name in sorted(self.fields) if self.data.get(name)])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("fran"), data.get("till")
        if start and end and start > end:
            raise ValidationError(_("The period starts after it ends: give a start on or before the end."))
        return data

    def filters(self, today: dt.date) -> Filters:
        """The filters chosen; when the form has errors, none (the whole report, as of today)."""
        if not self.is_bound or not self.is_valid():
            return Filters(on=today)
        d = self.cleaned_data
        return Filters(
            on=d["datum"] or today,
            body=self.bodies.get(d["organ"]) if d["organ"] is not None else None,
            date_from=d["fran"],
            date_to=d["till"],
            officer=self.people.get(d["handlaggare"]) if d["handlaggare"] is not None else None,
        )

    def options(self, name: str) -> SafeString:
        """A select's options as HTML, written here: the organisation may have hundreds of
        officers, and a widget template per option costs a report page most of its time."""
        current = str(self[name].value() or "")
        return mark_safe(
            "".join(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    value,
                    " selected" if str(value) == current else "",
                    label,
                )
                for value, label in self.fields[name].choices  # type: ignore[attr-defined]
            )
        )

    def organ_options(self) -> SafeString:
        return self.options("organ")

    def officer_options(self) -> SafeString:
        return self.options("handlaggare")

    def chosen(self) -> list[tuple[str, str]]:
        """The filters chosen, as label and value, to print under the report's heading."""
        if not self.is_bound or not self.is_valid():
            return []
        out: list[tuple[str, str]] = []
        d = self.cleaned_data
        if d["organ"] is not None:
            out.append((str(_("Body")), self.bodies[d["organ"]].name))
        if d["fran"] or d["till"]:
            period = (
                f"{d['fran'].isoformat() if d['fran'] else ''}–{d['till'].isoformat() if d['till'] else ''}"
            )
            out.append((str(_("Period")), period))
        if d["handlaggare"] is not None:
            p = self.people[d["handlaggare"]]
            out.append((str(_("Officer")), f"{p.first_name} {p.last_name}"))
        return out
