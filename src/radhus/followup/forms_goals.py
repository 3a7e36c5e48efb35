"""Staff forms for goals, indicators, measured values, policy documents and oversight. Every
choice is scoped to the organisation (``TenantForm``); the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from radhus.core.staff import TenantForm
from radhus.followup.models import (
    Goal,
    GoalAssignment,
    Indicator,
    IndicatorTarget,
    Measurement,
    OversightExpectation,
    OversightReceipt,
    PolicyDocument,
    PolicyKind,
    PolicyStatus,
)
from radhus.followup.services_goals import IMPORT_MAX_BYTES
from radhus.meetings.models import Decision, Meeting
from radhus.organisation.forms import DateInput, _formfield
from radhus.organisation.models import Post, Unit


class NumberField(forms.DecimalField):
    """A number as people type it: 1 234,5 (Swedish, spaces between thousands) or 1234.5."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)


def _number(model: Any, name: str) -> forms.Field:
    return _formfield(model, name, form_class=NumberField, localize=True)


def _date(model: Any, name: str, **kwargs: Any) -> forms.Field:
    return _formfield(model, name, widget=DateInput(), **kwargs)


class GoalForm(TenantForm):
    title = _formfield(Goal, "title")
    level = _formfield(Goal, "level")
    parent = forms.ModelChoiceField(Goal.objects.all(), required=False, label=_("Part of"))
    description = _formfield(Goal, "description", widget=forms.Textarea(attrs={"rows": 4}))
    target_year = _formfield(Goal, "target_year")
    weight = _formfield(Goal, "weight")
    is_public = _formfield(Goal, "is_public")
    shared_with_members = _formfield(Goal, "shared_with_members")
    sort_order = _formfield(Goal, "sort_order")


class IndicatorForm(TenantForm):
    name = _formfield(Indicator, "name")
    description = _formfield(Indicator, "description", widget=forms.Textarea(attrs={"rows": 3}))
    unit = _formfield(Indicator, "unit")
    direction = _formfield(Indicator, "direction")
    baseline_value = _number(Indicator, "baseline_value")
    baseline_year = _formfield(Indicator, "baseline_year")
    source = _formfield(Indicator, "source")
    weight = _formfield(Indicator, "weight")
    sort_order = _formfield(Indicator, "sort_order")


class TargetForm(TenantForm):
    year = _formfield(IndicatorTarget, "year")
    value = _number(IndicatorTarget, "value")


class MeasurementForm(TenantForm):
    measured_on = _date(Measurement, "measured_on")
    value = _number(Measurement, "value")
    source = _formfield(Measurement, "source")
    comment = _formfield(Measurement, "comment")


class MeasurementImportForm(TenantForm):
    csv_file = forms.FileField(
        label=_("Measured values (CSV)"),
        help_text=_(
            "Columns indikator;datum;värde;källa;kommentar, with the indicator's id, the date as "
            "YYYY-MM-DD and the value as 1 234,5 or 1234.5. A file with any problem is refused whole."
        ),
    )

    def clean_csv_file(self) -> bytes:
        upload = self.cleaned_data["csv_file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."), code="too_big")
        return upload.read()


class PolicyForm(TenantForm):
    title = _formfield(PolicyDocument, "title")
    kind = _formfield(PolicyDocument, "kind")
    status = _formfield(PolicyDocument, "status")
    owner_unit = forms.ModelChoiceField(Unit.objects.all(), required=False, label=_("Owner (unit)"))
    owner_post = forms.ModelChoiceField(Post.objects.all(), required=False, label=_("Owner (post)"))
    adopted_by = forms.ModelChoiceField(Unit.objects.all(), required=False, label=_("Adopted by"))
    decision = forms.ModelChoiceField(Decision.objects.all(), required=False, label=_("Adopting decision"))
    decision_reference = _formfield(PolicyDocument, "decision_reference")
    decided_on = _date(PolicyDocument, "decided_on")
    valid_from = _date(PolicyDocument, "valid_from")
    valid_to = _date(PolicyDocument, "valid_to")
    review_on = _date(PolicyDocument, "review_on")
    link = _formfield(PolicyDocument, "link", assume_scheme="https")
    file = forms.FileField(label=_("Document file"), required=False)

    def service_kwargs(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "once"}
        if not data.get("file"):
            data.pop("file", None)
        return data


class PolicyFilterForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[("", _("All kinds")), *PolicyKind.choices], required=False, label=_("Kind")
    )
    status = forms.ChoiceField(
        choices=[("", _("All statuses")), *PolicyStatus.choices], required=False, label=_("Status")
    )
    overdue = forms.BooleanField(required=False, label=_("Only reviews overdue"))


class ExpectationForm(TenantForm):
    kind = _formfield(OversightExpectation, "kind")
    rule = _formfield(OversightExpectation, "rule")
    due_month = _formfield(OversightExpectation, "due_month")
    due_day = _formfield(OversightExpectation, "due_day")
    days_after_meeting = _formfield(OversightExpectation, "days_after_meeting")
    first_year = _formfield(OversightExpectation, "first_year")
    note = _formfield(OversightExpectation, "note")


class ReceiptForm(TenantForm):
    kind = _formfield(OversightReceipt, "kind")
    received_on = _date(OversightReceipt, "received_on")
    title = _formfield(OversightReceipt, "title")
    meeting = forms.ModelChoiceField(Meeting.objects.all(), required=False, label=_("Meeting"))
    record_number = forms.CharField(
        label=_("Record number in the case register"),
        required=False,
        max_length=70,
        help_text=_("For example KS 2026/12-3, once it is registered."),
    )


class GoalChoiceField(forms.ModelChoiceField):
    """A goal of the organisation's trees, indented under its parent, with the collaboration's
    name when it is a collaboration's goal."""

    def __init__(self, *args: Any, depths: dict[int, int], home: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.depths = depths
        self.home = home

    def label_from_instance(self, obj: Goal) -> str:  # type: ignore[override]
        text = " " * self.depths.get(obj.pk, 0) + obj.title
        if obj.tenant_id != self.home:
            text = f"{text} ({obj.tenant.name})"
        return text


class GoalLinkForm(TenantForm):
    """Link an assignment to a goal of the organisation or of a collaboration it is a member of
    (``selectors_goals.goal_forest``); the service checks the rule again."""

    shared_choices = frozenset({"goal"})

    weight = _formfield(GoalAssignment, "weight")

    def __init__(self, *args: Any, goals: list[tuple[Goal, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        order = [g.pk for g, _depth in goals]
        field = GoalChoiceField(
            Goal.objects.filter(pk__in=order).select_related("tenant"),
            label=_("Goal"),
            depths={g.pk: depth for g, depth in goals},
            home=self.tenant.pk,
        )
        # The choices in the order of the trees, not of the table.
        field.choices = [("", "---------")] + [(g.pk, field.label_from_instance(g)) for g, _d in goals]
        self.fields = {"goal": field, **self.fields}
