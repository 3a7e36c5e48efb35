"""The register's staff pages under ``/<org>/redigera/diarium/``: a reader of the organisation
may look, an editor (registrar, case officer) may change, and only the editor role sees what a
secrecy marking hides. Every change goes through a service, sent once (``core.staff``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from radhus.core.access import has_role
from radhus.core.models import Role, Tenant
from radhus.core.pdf import html_to_pdf
from radhus.core.selectors import today
from radhus.core.staff import form_data, form_page, object_or_404, staff_view, step_view
from radhus.diarium import public_form, selectors, services
from radhus.diarium.forms import (
    CaseRegisterForm,
    CaseUpdateForm,
    ClassificationImportForm,
    NumberFormatForm,
    OfficersReportForm,
    PartyForm,
    PublicFormSettingsForm,
    RecordForm,
    RelateForm,
    SecrecyForm,
    SeriesForm,
    StepForm,
    VersionForm,
)
from radhus.diarium.models import (
    ENDED,
    Case,
    Classification,
    OfficersReport,
    PublicForm,
    Record,
    Series,
    Status,
)
from radhus.diarium.views import page_number, register_filters, window
from radhus.organisation.models import Person
from radhus.organisation.selectors import person_roles, unit_as_of

CASES = Case.objects.select_related("series__body", "merged_into", "officer", "responsible_unit")


def _context(request: HttpRequest, tenant: Tenant, **extra: Any) -> dict[str, Any]:
    return {
        "tenant": tenant,
        "can_edit": has_role(request.user, tenant, Role.EDITOR),
        "full": services.may_see_secrets(request.user, tenant),
        "today": today(),
        **extra,
    }


def case_url(tenant: Tenant, case: Case) -> str:
    return reverse("staff_diarium_case", kwargs={"tenant": tenant.slug, "case_id": case.pk})


@staff_view
def register(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form, chosen = register_filters(request, tenant)
    page = page_number(request)
    rows, more = window(selectors.case_rows(selectors.case_list(tenant, **chosen)), page)
    full = services.may_see_secrets(request.user, tenant)
    params = request.GET.copy()
    params.pop("sida", None)
    return render(
        request,
        "diarium/staff/register.html",
        _context(
            request,
            tenant,
            form=form,
            cases=[selectors.case_row(c, full) for c in rows],
            page=page,
            more=more,
            query=params.urlencode(),
        ),
    )


@staff_view
def case_register(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = CaseRegisterForm(form_data(request), tenant=tenant)
    return form_page(
        request,
        form,
        lambda: services.case_register(tenant=tenant, actor=request.user, **form.service_kwargs()),
        success=lambda case: _("Registered the case %(number)s.") % {"number": case.number},
        next_url=lambda case: case_url(tenant, case),
        template="diarium/staff/form.html",
        context=_context(request, tenant, title=_("Register a case"), submit=_("Register")),
    )


STEPS: dict[str, tuple[Callable[..., Case], Any, str]] = {
    # step → (service, button, the statuses it starts from, for the page's buttons)
    "prepare": (services.case_start_preparation, gettext_lazy("Start preparation"), "registered"),
    "referral": (
        services.case_send_on_referral,
        gettext_lazy("Send on referral"),
        "registered in_preparation",
    ),
    "referral_back": (services.case_return_from_referral, gettext_lazy("Back from referral"), "on_referral"),
    "ready": (services.case_mark_ready, gettext_lazy("Mark ready for decision"), "registered in_preparation"),
    "back_to_preparation": (services.case_back_to_preparation, gettext_lazy("Back to preparation"), "ready"),
    "agenda": (services.case_put_on_agenda, gettext_lazy("Put on an agenda"), "ready"),
    "off_agenda": (services.case_take_off_agenda, gettext_lazy("Take off the agenda"), "on_agenda"),
    "decided": (services.case_record_decision, gettext_lazy("Record the decision"), "on_agenda"),
    "execution": (services.case_start_execution, gettext_lazy("Start carrying out"), "decided"),
    "close": (services.case_close, gettext_lazy("Close the case"), "decided being_carried_out"),
    "withdraw": (
        services.case_withdraw,
        gettext_lazy("Withdraw"),
        "registered in_preparation on_referral ready on_agenda",
    ),
    "merge": (
        services.case_merge,
        gettext_lazy("Merge into another case"),
        "registered in_preparation on_referral ready on_agenda",
    ),
}


def steps_for(case: Case) -> list[tuple[str, str]]:
    return [
        (step, str(label)) for step, (_s, label, starts) in STEPS.items() if case.status in starts.split()
    ]


@staff_view
def case_detail(request: HttpRequest, tenant: Tenant, case_id: int) -> HttpResponse:
    case = object_or_404(CASES, case_id, tenant=tenant)
    full = services.may_see_secrets(request.user, tenant)
    gaps = (
        services.preparation_gaps(case) if case.status in {Status.REGISTERED, Status.IN_PREPARATION} else {}
    )
    return render(
        request,
        "diarium/staff/case.html",
        _context(
            request,
            tenant,
            case=case,
            view=selectors.case_page(case, full=full),
            flow=selectors.case_flow(case),
            steps=steps_for(case),
            completion_needed=services.completion_needed(case),
            gaps=gaps,
            report=OfficersReport.objects.filter(case=case).first(),
            is_open=case.status not in ENDED,
        ),
    )


def _step_form(request: HttpRequest, tenant: Tenant, step: str = "") -> StepForm:
    """The confirmation of a step: the case to merge into only for a merger, a date only for a
    decision (required), a closing and a withdrawal; a record's steps have neither."""
    form = StepForm(form_data(request), tenant=tenant)
    if step != "merge":
        del form.fields["into"]
    if step not in {"decided", "close", "withdraw"}:
        del form.fields["date"]
    else:
        form.fields["date"].required = step == "decided"
    return form


@staff_view
def case_step(request: HttpRequest, tenant: Tenant, case_id: int, step: str) -> HttpResponse:
    """One step of the workflow, confirmed with its button: the service checks the rule."""
    if step not in STEPS:
        raise Http404
    service, label, _starts = STEPS[step]

    def perform(case: Case, form: StepForm) -> Case:
        data = form.cleaned_data
        kwargs: dict[str, Any] = {}
        if step == "decided":
            kwargs["decided_on"] = data["date"]
        elif step in {"close", "withdraw"}:
            kwargs["closed_on"] = data.get("date")
        elif step == "merge":
            if data.get("into") is None:
                raise ValidationError({"into": _("Give the case to merge into.")})
            kwargs["into"] = data["into"]
        return service(case=case, actor=request.user, **kwargs)

    return step_view(
        request,
        tenant,
        CASES,
        case_id,
        form=lambda _case: _step_form(request, tenant, step),
        perform=perform,
        success=lambda _case, c: (
            _("%(number)s is now %(status)s.") % {"number": c.number, "status": c.get_status_display()}
        ),
        back=lambda case: case_url(tenant, case),
        template="diarium/staff/form.html",
        context=lambda case: _context(
            request, tenant, case=case, title=f"{label}: {case.number}", submit=label
        ),
    )


@staff_view
def record_add(request: HttpRequest, tenant: Tenant, case_id: int) -> HttpResponse:
    case = object_or_404(CASES, case_id, tenant=tenant)
    form = RecordForm(form_data(request), request.FILES or None, tenant=tenant)

    def perform() -> Record:
        data = dict(form.cleaned_data)
        upload = data.pop("file", None)
        return services.record_add(
            case=case,
            actor=request.user,
            file=upload,
            file_name=upload.name if upload is not None else "",
            **data,
        )

    return form_page(
        request,
        form,
        perform,
        success=lambda r: _("Registered the record %(number)s.") % {"number": r.number},
        next_url=lambda r: case_url(tenant, case),
        template="diarium/staff/form.html",
        context=_context(
            request,
            tenant,
            case=case,
            title=_("Add a record to %(number)s") % {"number": case.number},
            submit=_("Register the record"),
            multipart=True,
            cancel_url=case_url(tenant, case),
        ),
    )


@staff_view
def record_detail(request: HttpRequest, tenant: Tenant, record_id: int) -> HttpResponse:
    record = object_or_404(Record.objects.select_related("case"), record_id, tenant=tenant)
    full = services.may_see_secrets(request.user, tenant)
    files = list(record.files.order_by("-version"))
    return render(
        request,
        "diarium/staff/record.html",
        _context(
            request,
            tenant,
            case=record.case,
            record=record,
            view=selectors.RecordView(record=record, full=full, files=files),
            version_form=VersionForm(tenant=tenant),
            secrecy_form=SecrecyForm(tenant=tenant),
        ),
    )


def _record_url(tenant: Tenant, record: Record) -> str:
    return reverse("staff_diarium_record", kwargs={"tenant": tenant.slug, "record_id": record.pk})


@staff_view
def record_version(request: HttpRequest, tenant: Tenant, record_id: int) -> HttpResponse:
    record = object_or_404(Record.objects.select_related("case"), record_id, tenant=tenant)
    form = VersionForm(form_data(request), request.FILES or None, tenant=tenant)
    return form_page(
        request,
        form,
        lambda: services.record_add_version(
            record=record,
            actor=request.user,
            file=form.cleaned_data["file"],
            file_name=form.cleaned_data["file"].name,
        ),
        success=lambda f: _("Added version %(version)s.") % {"version": f.version},
        next_url=lambda f: _record_url(tenant, record),
        template="diarium/staff/form.html",
        context=_context(
            request,
            tenant,
            case=record.case,
            title=_("New version of %(number)s") % {"number": record.number},
            submit=_("Add the version"),
            multipart=True,
            cancel_url=_record_url(tenant, record),
        ),
    )


@staff_view
def record_secrecy(request: HttpRequest, tenant: Tenant, record_id: int) -> HttpResponse:
    record = object_or_404(Record.objects.select_related("case"), record_id, tenant=tenant)
    form = SecrecyForm(form_data(request), tenant=tenant)
    return form_page(
        request,
        form,
        lambda: services.record_mark_secret(
            record=record,
            actor=request.user,
            paragraph=form.cleaned_data["paragraph"],
            scope=form.cleaned_data["scope"],
        ),
        success=lambda r: (
            _("Marked %(number)s secret under %(paragraph)s.") % {"number": r.number, "paragraph": r.secrecy}
        ),
        next_url=lambda r: _record_url(tenant, record),
        template="diarium/staff/form.html",
        context=_context(
            request,
            tenant,
            case=record.case,
            title=_("Mark %(number)s secret") % {"number": record.number},
            submit=_("Mark secret"),
            cancel_url=_record_url(tenant, record),
        ),
    )


def _record_step(
    request: HttpRequest,
    tenant: Tenant,
    record_id: int,
    action: Callable[[Record], Record],
    *,
    success: str,
    title: str,
    submit: str,
) -> HttpResponse:
    """A confirmed step on one record (the form has no fields of its own): ``success`` and
    ``title`` name the record's number as ``%(number)s``."""
    return step_view(
        request,
        tenant,
        Record.objects.select_related("case"),
        record_id,
        form=lambda _record: _step_form(request, tenant),
        perform=lambda record, _form: action(record),
        success=lambda _record, r: success % {"number": r.number},
        back=lambda record: _record_url(tenant, record),
        template="diarium/staff/form.html",
        context=lambda record: _context(
            request, tenant, case=record.case, title=title % {"number": record.number}, submit=submit
        ),
    )


@staff_view
def record_lift_secrecy(request: HttpRequest, tenant: Tenant, record_id: int) -> HttpResponse:
    return _record_step(
        request,
        tenant,
        record_id,
        lambda record: services.record_lift_secrecy(record=record, actor=request.user),
        success=_("The record %(number)s is public."),
        title=_("Lift the secrecy of %(number)s"),
        submit=_("Lift the secrecy"),
    )


@staff_view
def record_finalise(request: HttpRequest, tenant: Tenant, record_id: int) -> HttpResponse:
    return _record_step(
        request,
        tenant,
        record_id,
        lambda record: services.record_finalise(record=record, actor=request.user),
        success=_("Made %(number)s final."),
        title=_("Make %(number)s final"),
        submit=_("Make final"),
    )


@staff_view
def officers_report(request: HttpRequest, tenant: Tenant, case_id: int) -> HttpResponse:
    """Draft the officer's report in the browser (tjänsteskrivelse, S4.8)."""
    case = object_or_404(CASES, case_id, tenant=tenant)
    report = OfficersReport.objects.filter(case=case).first()
    initial = OfficersReportForm.initial_from(report) if report else {"officer": case.officer}
    form = OfficersReportForm(form_data(request), tenant=tenant, initial=initial)
    return form_page(
        request,
        form,
        lambda: services.officers_report_save(case=case, actor=request.user, **form.cleaned_data),
        success=lambda r: _("Saved the officer's report of %(number)s.") % {"number": case.number},
        next_url=lambda r: case_url(tenant, case),
        template="diarium/staff/form.html",
        context=_context(
            request,
            tenant,
            case=case,
            title=_("Officer's report for %(number)s") % {"number": case.number},
            intro=_(
                "The proposed decision and the financing count for the preparation rule: a case from another "
                "committee, a company or a federation needs both before the board decides (S4.6)."
            ),
            submit=_("Save the officer's report"),
            cancel_url=case_url(tenant, case),
        ),
    )


@staff_view
def officers_report_pdf(request: HttpRequest, tenant: Tenant, case_id: int) -> HttpResponse:
    """The officer's report as a PDF (WeasyPrint), with the officer and the signing manager as
    the registry names them on the report's date."""
    case = object_or_404(CASES, case_id, tenant=tenant)
    report = OfficersReport.objects.filter(case=case).select_related("officer", "signed_by").first()
    if report is None:
        raise Http404
    full = services.may_see_secrets(request.user, tenant)
    body = unit_as_of(case.series.body, report.dated)
    unit = unit_as_of(case.responsible_unit, report.dated) if case.responsible_unit_id else None
    html = render_to_string(
        "diarium/officers_report_pdf.html",
        {
            "tenant": tenant,
            "case": case,
            "title": case.title if full else case.shown_title,
            "report": report,
            "body": body,
            "unit": unit,
            "signer_title": _title_on(report.signed_by, report.dated),
            "officer_title": _title_on(report.officer, report.dated),
            "lang": get_language() or "sv",
        },
    )
    pdf = html_to_pdf(html)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = "tjansteskrivelse-" + "".join(c if c.isalnum() else "-" for c in case.number) + ".pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _title_on(person: Person | None, on: dt.date) -> str:
    """The post a person holds on the report's date, as the registry says (“Kommunchef”)."""
    if person is None:
        return ""
    roles = person_roles(person, on)
    return roles[0].title if roles else ""


# Settings: number series, the number format, the classification scheme ------------------------


def _settings_url(tenant: Tenant) -> str:
    return reverse("staff_diarium_settings", kwargs={"tenant": tenant.slug})


@staff_view
def register_settings(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """The register's number series, number format and classification scheme."""
    return render(
        request,
        "diarium/staff/settings.html",
        _context(
            request,
            tenant,
            series=Series.objects.filter(tenant=tenant).select_related("body").order_by("code"),
            number_format=services.settings_of(tenant).number_format,
            classes=Classification.objects.filter(tenant=tenant).order_by("code")[:500],
            question_form=PublicForm.objects.filter(tenant=tenant).select_related("series").first(),
            is_administrator=has_role(request.user, tenant, Role.ADMINISTRATOR),
        ),
    )


def _settings_form(
    request: HttpRequest,
    tenant: Tenant,
    form: Any,
    perform: Callable[[], Any],
    title: str,
    submit: str,
    multipart: bool = False,
) -> HttpResponse:
    return form_page(
        request,
        form,
        perform,
        success=lambda _result: _("Saved."),
        next_url=lambda _result: _settings_url(tenant),
        template="diarium/staff/form.html",
        context=_context(
            request, tenant, title=title, submit=submit, multipart=multipart, cancel_url=_settings_url(tenant)
        ),
    )


@staff_view
def series_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = SeriesForm(form_data(request), tenant=tenant)
    return _settings_form(
        request,
        tenant,
        form,
        lambda: services.series_create(tenant=tenant, actor=request.user, **form.cleaned_data),
        _("New number series"),
        _("Create the series"),
    )


@staff_view
def number_format(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = NumberFormatForm(
        form_data(request),
        tenant=tenant,
        initial={"number_format": services.settings_of(tenant).number_format},
    )
    return _settings_form(
        request,
        tenant,
        form,
        lambda: services.register_settings_update(tenant=tenant, actor=request.user, **form.cleaned_data),
        _("Case number format"),
        _("Save"),
    )


@staff_view
def classification_import(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = ClassificationImportForm(form_data(request), request.FILES or None, tenant=tenant)
    return _settings_form(
        request,
        tenant,
        form,
        lambda: services.classification_import(
            tenant=tenant, actor=request.user, csv_text=form.cleaned_data["csv_file"]
        ),
        _("Import the classification scheme"),
        _("Import"),
        multipart=True,
    )


# A case's facts, parties and related cases --------------------------------------------------


def _case_form(
    request: HttpRequest,
    tenant: Tenant,
    case: Case,
    form: Any,
    perform: Callable[[], Any],
    title: str,
    submit: str,
) -> HttpResponse:
    return form_page(
        request,
        form,
        perform,
        success=lambda _result: _("Saved."),
        next_url=lambda _result: case_url(tenant, case),
        template="diarium/staff/form.html",
        context=_context(
            request, tenant, case=case, title=title, submit=submit, cancel_url=case_url(tenant, case)
        ),
    )


@staff_view
def case_update(request: HttpRequest, tenant: Tenant, case_id: int) -> HttpResponse:
    case = object_or_404(CASES, case_id, tenant=tenant)
    if not services.may_see_secrets(request.user, tenant) and case.title_secrecy:
        raise Http404  # a reader may not see the secret title, not even in a form
    form = CaseUpdateForm(form_data(request), tenant=tenant, initial=CaseUpdateForm.initial_from(case))
    return _case_form(
        request,
        tenant,
        case,
        form,
        lambda: services.case_update(case=case, actor=request.user, **form.cleaned_data),
        _("Change %(number)s") % {"number": case.number},
        _("Save"),
    )


@staff_view
def case_party_add(request: HttpRequest, tenant: Tenant, case_id: int) -> HttpResponse:
    case = object_or_404(CASES, case_id, tenant=tenant)
    form = PartyForm(form_data(request), tenant=tenant)
    return _case_form(
        request,
        tenant,
        case,
        form,
        lambda: services.case_add_party(case=case, actor=request.user, **form.cleaned_data),
        _("Add a party to %(number)s") % {"number": case.number},
        _("Add the party"),
    )


@staff_view
def case_relate(request: HttpRequest, tenant: Tenant, case_id: int) -> HttpResponse:
    case = object_or_404(CASES, case_id, tenant=tenant)
    form = RelateForm(form_data(request), tenant=tenant)
    return _case_form(
        request,
        tenant,
        case,
        form,
        lambda: services.case_relate(case=case, actor=request.user, other=form.cleaned_data["other"]),
        _("Relate %(number)s to another case") % {"number": case.number},
        _("Relate"),
    )


@staff_view
def question_form_settings(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """The public question form's settings (S3.5), for the organisation's editors."""
    current = PublicForm.objects.filter(tenant=tenant).first()
    initial = (
        PublicFormSettingsForm.initial_from(current)
        if current is not None
        else {"is_open": True, "series": Series.objects.filter(tenant=tenant).order_by("code").first()}
    )
    form = PublicFormSettingsForm(form_data(request), tenant=tenant, initial=initial)
    return _settings_form(
        request,
        tenant,
        form,
        lambda: public_form.settings_set(tenant=tenant, actor=request.user, **form.cleaned_data),
        _("The form for questions and ideas"),
        _("Save"),
    )
