"""The pattern every staff form page follows, written once: find the object inside the tenant,
offer choices from the tenant only, send the form once, run the service, show its errors on
the form, and go to the result.

A new domain's form page is a form class (a ``TenantForm``) and a view of a few lines::

    @staff_view
    def case_update(request, tenant, case_id):
        case = object_or_404(Case, case_id, tenant=tenant)
        form = CaseForm(form_data(request), tenant=tenant, initial=CaseForm.initial_from(case))
        return form_page(
            request, form, lambda: services.case_update(case=case, actor=request.user, **form.cleaned_data),
            success=..., next_url=..., template=..., context=...,
        )

A step on one object (confirm a workflow step, record a vote on a paragraph) is ``step_view``:
the object, the form, the service and the way back, each a small function of the object.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured, ValidationError
from django.db import IntegrityError, models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from radhus.core.access import check_role, tenant_view
from radhus.core.integrity import constraint_error
from radhus.core.lookup import MAX_ID, resolve, resolve_among, scoped
from radhus.core.models import Role, Tenant
from radhus.core.once import TOKEN_FIELD, OnceOnlyForm, send_once
from radhus.core.validators import validate_date_in_range

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")
F = TypeVar("F", bound=forms.BaseForm)


SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def staff_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A staff page of a tenant: a reader may look, only an editor may change (POST)."""

    @wraps(view)
    def inner(request: HttpRequest, tenant: Tenant, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in SAFE_METHODS:
            check_role(request.user, tenant, Role.EDITOR)
        return view(request, tenant, *args, **kwargs)

    wrapped = tenant_view(Role.READER)(inner)
    wrapped.radhus_change_role = Role.EDITOR  # type: ignore[attr-defined]
    return wrapped


def object_or_404(
    model_or_queryset: type[M] | QuerySet[M], pk: Any, *, tenant: Tenant, path: str | None = None
) -> M:
    """The object with id ``pk`` inside ``tenant``; another organisation's id is as missing as
    an id that does not exist (404). ``path`` leads from a row to its tenant where the model
    names none of its own (an agenda item's is its meeting's: ``meeting__tenant``)."""
    try:
        if path is None:
            return resolve(model_or_queryset, pk, tenant=tenant, field="id")
        queryset = (
            model_or_queryset
            if isinstance(model_or_queryset, QuerySet)
            else model_or_queryset._default_manager.all()
        )
        return resolve_among(queryset.filter(**{path: tenant}), pk, field="id")
    except ValidationError:
        raise Http404 from None


def object_or_none(model_or_queryset: type[M] | QuerySet[M], raw: str, *, tenant: Tenant) -> M | None:
    """The object an id in a query string (``?parent=12``) names inside ``tenant``; ``None`` for
    anything else, from a missing id to text that is not a number."""
    if not (raw.isascii() and raw.isdigit()):
        return None
    try:
        return resolve(model_or_queryset, int(raw), tenant=tenant, field="id")
    except ValidationError:
        return None


def form_data(request: HttpRequest) -> Any:
    """The data a form is bound to: what was posted, or nothing on a GET."""
    return request.POST if request.method == "POST" else None


class TenantMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several rows that refuses an id no database row can have as an invalid
    choice (SQLite cannot even compare one), like any other id it does not offer."""

    def _check_values(self, value: Any) -> QuerySet[Any]:
        for pk in value:
            digits = str(pk).strip()
            if digits.isascii() and digits.isdigit() and int(digits) > MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)


class TenantForm(OnceOnlyForm):
    """A staff form of one tenant. Every model choice it offers, and accepts, is scoped to the
    tenant through ``radhus.core.lookup.scoped``; a field whose choices are not the tenant's own
    rows (parties, organisations, seats from member municipalities) is named in
    ``shared_choices`` and sets its queryset itself. A posted id from another organisation is
    then refused as “not a valid choice”, the same as an id that does not exist."""

    shared_choices: frozenset[str] = frozenset()

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tenant = tenant

    @classmethod
    def initial_from(cls, obj: models.Model, *extra: str) -> dict[str, Any]:
        """The form's fields (and ``extra``) filled from ``obj``, to edit it."""
        names = [n for n in cls.base_fields if n != TOKEN_FIELD] + list(extra)
        return {name: getattr(obj, name) for name in names}

    def scope_choices(self) -> None:
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelMultipleChoiceField) and not isinstance(
                field, TenantMultipleChoiceField
            ):
                raise ImproperlyConfigured(f"{type(self).__name__}.{name}: use a TenantMultipleChoiceField.")
            if isinstance(field, forms.ModelChoiceField) and name not in self.shared_choices:
                field.queryset = scoped(field.queryset, self.tenant)

    def full_clean(self) -> None:
        # Scope here as well as when rendering: subclasses may set querysets after __init__.
        self.scope_choices()
        super().full_clean()

    def get_context(self) -> dict[str, Any]:
        self.scope_choices()
        return super().get_context()

    def clean(self) -> dict[str, Any]:
        """Every date a staff form takes lies in the registry's range (``radhus.core.validators``)."""
        cleaned = super().clean()
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if isinstance(field, forms.DateField) and value is not None:
                try:
                    validate_date_in_range(value)
                except ValidationError as exc:
                    self.add_error(name, exc)
        return cleaned


def add_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ``ValidationError`` on ``form``: a field's error on that field when the
    form has it, everything else at the top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            if field != NON_FIELD_ERRORS and target is None:
                # A rule about a field this form does not show: say which field it was about.
                errors = [ValidationError(msg) for e in errors for msg in e.messages]
            form.add_error(target, errors)
    else:
        form.add_error(None, exc)


def form_page(
    request: HttpRequest,
    form: TenantForm,
    perform: Callable[[], T],
    *,
    success: Callable[[T], str],
    next_url: Callable[[T], str],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """Show ``form``; on a valid POST run ``perform`` (a service call) once for the form's
    token and redirect to ``next_url``, or show the service's errors on the form. The same
    form sent again goes to the page the first send led to, and changes nothing."""
    if request.method == "POST" and form.is_valid():
        if form.token is None:  # a form whose clean() forgot to call super().clean()
            raise ImproperlyConfigured(f"{type(form).__name__}.clean() must call super().clean().")
        try:
            sent = send_once(token=form.token, user=request.user, perform=perform, result_url=next_url)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except IntegrityError as exc:  # a constraint the checks did not see coming (two editors at once)
            add_service_errors(form, constraint_error(exc))
        else:
            if sent.repeated:
                messages.info(request, _("This form had already been sent; nothing more was changed."))
            else:
                messages.success(request, success(sent.result))  # type: ignore[arg-type]
            return redirect(sent.url)
    return render(request, template, {**context, "form": form})


def step_view(
    request: HttpRequest,
    tenant: Tenant,
    queryset: QuerySet[M],
    pk: Any,
    *,
    form: Callable[[M], F],
    perform: Callable[[M, F], T],
    success: Callable[[M, T], str],
    back: Callable[[M], str],
    template: str,
    context: Callable[[M], dict[str, Any]],
    page: Callable[..., HttpResponse] = form_page,
    path: str | None = None,
) -> HttpResponse:
    """One step on one object of ``tenant`` (mark a paragraph secret, report an assignment's
    progress, make a record final), on a form page of its own, in a view under ``staff_view``
    (a reader may look, an editor may send).

    The object is found inside the tenant by the shared lookup: another organisation's id is
    as missing as one that does not exist (404). ``form(obj)`` makes the form; a valid POST
    runs ``perform(obj, form)`` once through ``page`` (``form_page``, or a module's variant of
    it), which shows the service's ValidationError on the form, or gives the message
    ``success(obj, result)`` and goes ``back(obj)``, where the page's cancel link goes too.
    ``context(obj)`` is the rest of the page's context; ``path`` as for ``object_or_404``."""
    obj = object_or_404(queryset, pk, tenant=tenant, path=path)
    bound = form(obj)
    return page(
        request,
        bound,
        lambda: perform(obj, bound),
        success=lambda result: success(obj, result),
        next_url=lambda _result: back(obj),
        template=template,
        context={**context(obj), "cancel_url": back(obj)},
    )
