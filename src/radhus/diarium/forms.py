"""Forms of the case register. They only parse and offer choices from the page's organisation
(``TenantForm``); every change goes through a service in ``services.py``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from radhus.core.once import OnceOnlyForm
from radhus.core.staff import TenantForm
from radhus.diarium.models import (
    Case,
    CaseParty,
    Classification,
    OfficersReport,
    PartyKind,
    PublicForm,
    Record,
    SecrecyScope,
    Series,
    Status,
)
from radhus.organisation.forms import DateInput, _formfield
from radhus.organisation.models import Person, Unit

# The largest file a record takes through the staff form.
MAX_FILE_SIZE = 50 * 1024 * 1024


def _file_field(**kwargs: Any) -> forms.FileField:
    return forms.FileField(
        label=_("File"),
        max_length=255,
        help_text=_("At most 50 MB. A SHA-256 checksum is kept with each version."),
        **kwargs,
    )


def _check_size(upload: Any) -> Any:
    if upload is not None and upload.size > MAX_FILE_SIZE:
        raise forms.ValidationError(_("The file is larger than 50 MB."), code="too_big")
    return upload


class CaseRegisterForm(TenantForm):
    series = forms.ModelChoiceField(Series.objects.filter(is_active=True), label=_("Number series"))
    title = _formfield(Case, "title", label=_("Title"))
    description = _formfield(Case, "description", widget=forms.Textarea(attrs={"rows": 4}))
    origin = _formfield(Case, "origin")
    origin_unit = forms.ModelChoiceField(
        Unit.objects.all(),
        required=False,
        label=_("From (committee, company or federation)"),
    )
    responsible_unit = forms.ModelChoiceField(Unit.objects.all(), required=False, label=_("Responsible unit"))
    officer = forms.ModelChoiceField(Person.objects.all(), required=False, label=_("Case officer"))
    classification = forms.ModelChoiceField(Classification.objects.all(), required=False, label=_("Class"))
    opened_on = _formfield(Case, "opened_on", widget=DateInput, required=False)
    title_secrecy = _formfield(Case, "title_secrecy")
    public_title = _formfield(Case, "public_title")
    party_kind = forms.ChoiceField(
        choices=[("", "---------"), *PartyKind.choices], required=False, label=_("Party: kind")
    )
    party_name = _formfield(CaseParty, "name", required=False, label=_("Party: name"))
    party_email = _formfield(CaseParty, "email", required=False, label=_("Party: e-mail"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("party_name") and not cleaned.get("party_kind"):
            self.add_error("party_kind", _("Choose the kind of party."))
        return cleaned

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        kind, name, email = data.pop("party_kind"), data.pop("party_name"), data.pop("party_email")
        data["parties"] = [{"kind": kind, "name": name, "email": email}] if name else []
        return data


class RecordForm(TenantForm):
    direction = _formfield(Record, "direction")
    kind = _formfield(Record, "kind")
    title = _formfield(Record, "title", label=_("Title"))
    description = _formfield(Record, "description", widget=forms.Textarea(attrs={"rows": 3}))
    registered_on = _formfield(Record, "registered_on", widget=DateInput, required=False)
    document_date = _formfield(Record, "document_date", widget=DateInput)
    sender = _formfield(Record, "sender")
    recipient = _formfield(Record, "recipient")
    counterpart_is_private = _formfield(Record, "counterpart_is_private")
    secrecy = _formfield(Record, "secrecy")
    secrecy_scope = _formfield(Record, "secrecy_scope")
    file = _file_field(required=False)

    def clean_file(self) -> Any:
        return _check_size(self.cleaned_data.get("file"))


class VersionForm(TenantForm):
    file = _file_field()

    def clean_file(self) -> Any:
        return _check_size(self.cleaned_data.get("file"))


class SecrecyForm(TenantForm):
    paragraph = forms.CharField(
        label=_("OSL paragraph"),
        max_length=100,
        help_text=_("The paragraph the secrecy rests on, e.g. “OSL 21 kap. 1 §”."),
    )
    scope = forms.ChoiceField(choices=SecrecyScope.choices, label=_("What is secret"))


class OfficersReportForm(TenantForm):
    background = _formfield(OfficersReport, "background", widget=forms.Textarea(attrs={"rows": 5}))
    assessment = _formfield(OfficersReport, "assessment", widget=forms.Textarea(attrs={"rows": 5}))
    financing = _formfield(OfficersReport, "financing", widget=forms.Textarea(attrs={"rows": 3}))
    proposed_decision = _formfield(
        OfficersReport, "proposed_decision", widget=forms.Textarea(attrs={"rows": 3})
    )
    officer = forms.ModelChoiceField(Person.objects.all(), required=False, label=_("Officer"))
    signed_by = forms.ModelChoiceField(Person.objects.all(), required=False, label=_("Signing manager"))
    dated = _formfield(OfficersReport, "dated", widget=DateInput, required=False)


class StepForm(TenantForm):
    """Confirms one step of a case's workflow; a decision takes its date, a merger its case."""

    date = forms.DateField(label=_("Date"), required=False, widget=DateInput)
    into = forms.ModelChoiceField(
        Case.objects.exclude(status__in=["closed", "withdrawn", "merged"]),
        required=False,
        label=_("Merge into"),
    )


class RegisterFilterForm(forms.Form):
    """The filters of the register's list; anything it cannot read is left out."""

    organ = forms.TypedChoiceField(label=_("Body"), required=False, coerce=int, empty_value=None)
    ar = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Status.choices])

    def __init__(self, *args: Any, bodies: list[Unit], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organ"].choices = [("", _("All")), *((b.pk, b.name) for b in bodies)]  # type: ignore[attr-defined]
        self.fields["ar"].choices = [("", _("All")), *((y, str(y)) for y in years)]  # type: ignore[attr-defined]


class CopyRequestForm(OnceOnlyForm):
    """The public's request for a copy of a record. ``website`` is a trap for robots: people do
    not see it and leave it empty."""

    name = forms.CharField(label=_("Your name (optional)"), max_length=200, required=False)
    contact = forms.CharField(
        label=_("E-mail or postal address for the copy"),
        max_length=254,
        help_text=_("Only the registrar sees it."),
    )
    message = forms.CharField(
        label=_("Message (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    website = forms.CharField(required=False, max_length=200, label=_("Leave this field empty"))


class SeriesForm(TenantForm):
    body = forms.ModelChoiceField(Unit.objects.all(), label=_("Body"))
    code = _formfield(Series, "code")
    name = _formfield(Series, "name")


class NumberFormatForm(TenantForm):
    number_format = forms.CharField(
        label=_("Case number format"),
        max_length=40,
        help_text=_("For example “{code} {year}/{n}” (KS 2026/123), “{code}/{year}:{n}” or “{year}-{n:06}”."),
    )


class ClassificationImportForm(TenantForm):
    csv_file = forms.FileField(
        label=_("Classification scheme (CSV)"),
        help_text=_("Columns code, title, parent, separated by ; or ,; a parent before its children."),
    )

    def clean_csv_file(self) -> str:
        upload = self.cleaned_data["csv_file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 2 MB."), code="too_big")
        raw = upload.read()
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return raw.decode("cp1252", errors="replace")


class CaseUpdateForm(TenantForm):
    title = _formfield(Case, "title", label=_("Title"))
    description = _formfield(Case, "description", widget=forms.Textarea(attrs={"rows": 4}))
    origin = _formfield(Case, "origin")
    origin_unit = forms.ModelChoiceField(
        Unit.objects.all(), required=False, label=_("From (committee, company or federation)")
    )
    responsible_unit = forms.ModelChoiceField(Unit.objects.all(), required=False, label=_("Responsible unit"))
    officer = forms.ModelChoiceField(Person.objects.all(), required=False, label=_("Case officer"))
    classification = forms.ModelChoiceField(Classification.objects.all(), required=False, label=_("Class"))
    title_secrecy = _formfield(Case, "title_secrecy")
    public_title = _formfield(Case, "public_title")


class PartyForm(TenantForm):
    kind = _formfield(CaseParty, "kind")
    name = _formfield(CaseParty, "name")
    address = _formfield(CaseParty, "address", widget=forms.Textarea(attrs={"rows": 2}))
    email = _formfield(CaseParty, "email")


class RelateForm(TenantForm):
    other = forms.ModelChoiceField(Case.objects.all(), label=_("Related case"))


class PublicFormSettingsForm(TenantForm):
    """The question form's settings (S3.5): where its cases go, open or closed, its texts."""

    series = forms.ModelChoiceField(
        Series.objects.select_related("body").order_by("code"),
        label=_("Number series"),
        help_text=_("The series the incoming cases are registered in."),
    )
    responsible_unit = forms.ModelChoiceField(
        Unit.objects.order_by("name"), label=_("Responsible unit"), required=False
    )
    is_open = forms.BooleanField(label=_("The form is open"), required=False)
    intro = _formfield(PublicForm, "intro")
    receipt_text = _formfield(PublicForm, "receipt_text")
