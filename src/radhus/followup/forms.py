"""Forms of the follow-up. They only parse and offer choices; every rule is in ``services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from radhus.core.selectors import today
from radhus.core.staff import TenantForm
from radhus.diarium.models import Case
from radhus.followup import services
from radhus.followup.models import Assignment, Deviation, DeviationKind, NotificationChoice, Source
from radhus.meetings.models import Decision
from radhus.organisation.forms import DateInput, _formfield
from radhus.organisation.models import Person, Post, Unit


class _Named(forms.ModelChoiceField):
    """A choice that names the organisation of a row from a collaboration's member."""

    def __init__(self, *args: Any, home: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.home = home

    def label_from_instance(self, obj: Any) -> str:
        text = str(obj)
        if self.home is not None and obj.tenant_id != self.home:
            text = f"{text} ({obj.tenant.name})"
        return text


class AssigneeForm(TenantForm):
    """Who carries it out: a unit, a post or a person, of the organisation or of its
    collaboration (the service checks the rule again)."""

    shared_choices = frozenset({"assignee_unit", "assignee_post", "assignee_person"})

    assignee_unit = _Named(Unit.objects.none(), required=False, label=_("Unit"))
    assignee_post = _Named(Post.objects.none(), required=False, label=_("Post"))
    assignee_person = _Named(Person.objects.none(), required=False, label=_("Person"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tenants = services.assignee_tenants(self.tenant, today())
        self.fields["assignee_unit"].queryset = Unit.objects.filter(tenant__in=tenants).select_related(
            "tenant"
        )
        self.fields["assignee_post"].queryset = Post.objects.filter(tenant__in=tenants).select_related(
            "tenant"
        )
        people = Person.objects.filter(tenant=self.tenant) | Person.objects.filter(
            tenant__in=tenants - {self.tenant.pk}, is_public=True
        )
        self.fields["assignee_person"].queryset = people.select_related("tenant")
        for name in self.shared_choices:
            self.fields[name].home = self.tenant.pk  # type: ignore[attr-defined]
            self.fields[name].help_text = _("Give one of unit, post or person.")


class AssignmentForm(AssigneeForm):
    title = _formfield(Assignment, "title")
    description = _formfield(Assignment, "description", widget=forms.Textarea(attrs={"rows": 4}))
    due_on = _formfield(Assignment, "due_on", widget=DateInput)
    secrecy = _formfield(Assignment, "secrecy")

    field_order = [
        "title",
        "description",
        "due_on",
        "assignee_unit",
        "assignee_post",
        "assignee_person",
        "secrecy",
    ]


class SourceAssignmentForm(AssignmentForm):
    """An assignment from a decision that is not a paragraph of minutes."""

    source = forms.ChoiceField(
        choices=[(k, v) for k, v in Source.choices if k != Source.MINUTES], label=_("Made from")
    )
    body = forms.ModelChoiceField(Unit.objects.all(), label=_("Deciding body, group or officer's unit"))
    decided_on = _formfield(Assignment, "decided_on", widget=DateInput)
    reference = _formfield(Assignment, "reference")
    case = forms.ModelChoiceField(Case.objects.all(), required=False, label=_("Case"))

    field_order = ["source", "body", "decided_on", "reference", "case", *AssignmentForm.field_order]


class ProgressForm(TenantForm):
    progress = forms.IntegerField(min_value=0, max_value=99, label=_("Progress (%)"))
    text = _formfield(
        Assignment, "description", label=_("How it goes"), widget=forms.Textarea(attrs={"rows": 4})
    )
    reported_on = forms.DateField(
        required=False, widget=DateInput, label=_("Reported on"), help_text=_("Empty: today.")
    )


class CompleteForm(TenantForm):
    completed_on = forms.DateField(
        required=False, widget=DateInput, label=_("Completed on"), help_text=_("Empty: today.")
    )
    text = _formfield(
        Assignment, "description", label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4})
    )


class CancelForm(TenantForm):
    reason = forms.CharField(max_length=2000, label=_("Why"), widget=forms.Textarea(attrs={"rows": 3}))


class DeviationForm(TenantForm):
    kind = forms.ChoiceField(choices=DeviationKind.choices, label=_("Kind"))
    reason = _formfield(Deviation, "reason", widget=forms.Textarea(attrs={"rows": 4}))
    alternative_measure = _formfield(
        Deviation, "alternative_measure", widget=forms.Textarea(attrs={"rows": 4})
    )
    proposed_due_on = _formfield(Deviation, "proposed_due_on", widget=DateInput)
    reported_on = forms.DateField(
        required=False, widget=DateInput, label=_("Reported on"), help_text=_("Empty: today.")
    )


class DeviationDecisionForm(TenantForm):
    """The body's decision on a deviation: its paragraph, and the new due date if it adopted one."""

    decision = forms.ModelChoiceField(
        Decision.objects.select_related("body").order_by("-decided_on", "-id"), label=_("Decision")
    )
    new_due_on = forms.DateField(
        required=False, widget=DateInput, label=_("New due date"), help_text=_("Empty: the due date stays.")
    )


class ConfirmForm(TenantForm):
    """A button that confirms one action."""


class NotificationChoiceForm(forms.ModelForm):
    class Meta:
        model = NotificationChoice
        fields = ["due_soon", "days_before", "late", "deviations", "policy_reviews", "oversight_due"]
