"""Staff views: forms that call services. Thin: parse the request, call a service or a
selector, render.

Reading a staff page needs the reader role in the page's tenant; any change (a POST) needs
the editor role (see ``radhus.core.access``). Every object in a URL is looked up within the
tenant (``radhus.core.staff.object_or_404``), so another organisation's id gives the same 404 as
a missing one; every form is sent once only and runs its service through
``radhus.core.staff.form_page``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from radhus.core.access import has_role
from radhus.core.audit import history_of
from radhus.core.lookup import MAX_ID
from radhus.core.models import AuditEvent, Role, Tenant
from radhus.core.selectors import today
from radhus.core.staff import form_data, form_page, object_or_404, object_or_none, staff_view
from radhus.organisation import forms, selectors, services
from radhus.organisation.models import (
    Appointment,
    ContactPoint,
    Membership,
    Oversight,
    Person,
    Post,
    PostDocument,
    Reorganisation,
    Responsibility,
    Unit,
)


def _context(request: HttpRequest, tenant: Tenant, **extra: Any) -> dict[str, Any]:
    return {
        "tenant": tenant,
        "can_edit": has_role(request.user, tenant, Role.EDITOR),
        "today": today(),
        **extra,
    }


def _form_page(
    request: HttpRequest,
    tenant: Tenant,
    form: forms.StaffForm,
    perform: Callable[[], Any],
    *,
    success: Callable[[Any], str],
    next_url: Callable[[Any], str],
    title: str,
    cancel_url: str,
    intro: str = "",
    submit: str = "",
    template: str = "organisation/staff/form.html",
    danger: bool = False,
    **extra: Any,
) -> HttpResponse:
    """A staff form page (``radhus.core.staff.form_page``) with the staff pages' context."""
    context = _context(
        request,
        tenant,
        title=title,
        intro=intro,
        submit=submit or _("Save"),
        cancel_url=cancel_url,
        danger=danger,
        **extra,
    )
    return form_page(
        request, form, perform, success=success, next_url=next_url, template=template, context=context
    )


def _url(name: str, tenant: Tenant, **kwargs: Any) -> str:
    return reverse(name, kwargs={"tenant": tenant.slug, **kwargs})


def _unit_url(tenant: Tenant, unit: Unit) -> str:
    return _url("staff_unit", tenant, unit_id=unit.pk)


def _owner_url(tenant: Tenant, owner: Unit | Post | Person) -> str:
    if isinstance(owner, Unit):
        return _unit_url(tenant, owner)
    if isinstance(owner, Post):
        return _url("staff_post", tenant, post_id=owner.pk)
    return _url("staff_person", tenant, person_id=owner.pk)


def _crumbs(owner: Unit | Post | Person) -> dict[str, Any]:
    if isinstance(owner, Post):
        return {"unit": owner.unit, "post": owner}
    return {"unit": owner} if isinstance(owner, Unit) else {"person": owner}


def _page_url(tenant: Tenant, event: AuditEvent) -> str | None:
    """Where an audit event's page is edited."""
    if event.page_type == Unit._meta.label_lower:
        return _url("staff_unit", tenant, unit_id=event.page_id)
    if event.page_type == Person._meta.label_lower:
        return _url("staff_person", tenant, person_id=event.page_id)
    return None


# Home --------------------------------------------------------------------------------------


@staff_view
def staff_home(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """The organisation as of today, people, and the latest changes, with links to edit."""
    on = today()
    filter_form = forms.PeopleFilterForm(request.GET or None)
    # A query the form refuses (too long, a NUL byte) finds nothing and says why.
    query = filter_form.cleaned_data["q"].strip() if filter_form.is_valid() else ""
    if query:
        people = selectors.search(tenant, query, on, public_only=False, limit=25).people
        people_total = len(people)
    else:
        all_people = Person.objects.filter(tenant=tenant).select_related("party")
        people_total = all_people.count()
        people = list(all_people.order_by("last_name", "first_name")[:25])
    people_context = {"people": people, "people_total": people_total, "query": query}
    if request.htmx and request.htmx.target == "people-list":
        return render(request, "organisation/staff/_people.html", _context(request, tenant, **people_context))
    events = list(AuditEvent.objects.filter(tenant=tenant)[:15])
    return render(
        request,
        "organisation/staff/home.html",
        _context(
            request,
            tenant,
            tree=selectors.tree_as_of(tenant, on),
            other_units=Unit.objects.filter(tenant=tenant).exclude(Unit.valid_on_q(on)).order_by("name"),
            events=[(e, _page_url(tenant, e)) for e in events],
            filter_form=filter_form,
            **people_context,
        ),
    )


# Units -------------------------------------------------------------------------------------


def _unit(tenant: Tenant, unit_id: int) -> Unit:
    return object_or_404(Unit.objects.select_related("parent", "responsible_body"), unit_id, tenant=tenant)


@staff_view
def unit_detail(request: HttpRequest, tenant: Tenant, unit_id: int) -> HttpResponse:
    unit = _unit(tenant, unit_id)
    posts = unit.posts.prefetch_related(
        Prefetch("appointments", Appointment.objects.select_related("person__party").order_by("valid_from")),
        "contact_points",
    )
    return render(
        request,
        "organisation/staff/unit.html",
        _context(
            request,
            tenant,
            unit=unit,
            posts=posts,
            children=unit.children.all(),
            memberships=unit.memberships.select_related(
                "person__party", "post__unit", "on_behalf_of", "member_group"
            ),
            oversees=unit.oversees.select_related("overseen"),
            overseen_by=unit.overseen_by.select_related("overseer"),
            contact_points=unit.contact_points.all(),
            responsibilities=unit.responsibilities.all(),
            reorganisations=unit.reorganisations.distinct().select_related("decided_by"),
            events=[(e, None) for e in history_of(unit)[:10]],
        ),
    )


@staff_view
def unit_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    initial = {"parent": object_or_none(Unit, request.GET.get("parent", ""), tenant=tenant)}
    form = forms.UnitForm(form_data(request), tenant=tenant, initial=initial)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.unit_create(tenant=tenant, actor=request.user, **form.cleaned_data),
        success=lambda unit: _("The unit “%(name)s” was created.") % {"name": unit.name},
        next_url=lambda unit: _unit_url(tenant, unit),
        title=_("New unit"),
        intro=_("A unit that is created by a decision from a date can be given that date as “Valid from”."),
        cancel_url=_url("staff_home", tenant),
    )


@staff_view
def unit_update(request: HttpRequest, tenant: Tenant, unit_id: int) -> HttpResponse:
    unit = _unit(tenant, unit_id)
    initial = forms.UnitForm.initial_from(unit)
    form = forms.UnitForm(form_data(request), tenant=tenant, unit=unit, initial=initial)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.unit_update(unit=unit, actor=request.user, **form.cleaned_data),
        success=lambda unit: _("The unit “%(name)s” was saved.") % {"name": unit.name},
        next_url=lambda unit: _unit_url(tenant, unit),
        title=_("Edit “%(name)s”") % {"name": unit.name},
        cancel_url=_unit_url(tenant, unit),
        unit=unit,
    )


# Posts and appointments --------------------------------------------------------------------


def _post(tenant: Tenant, post_id: int) -> Post:
    return object_or_404(Post.objects.select_related("unit", "reports_to"), post_id, tenant=tenant)


@staff_view
def post_create(request: HttpRequest, tenant: Tenant, unit_id: int) -> HttpResponse:
    unit = _unit(tenant, unit_id)
    form = forms.PostForm(form_data(request), tenant=tenant)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.post_create(unit=unit, actor=request.user, **form.cleaned_data),
        success=lambda post: _("The post “%(title)s” was created.") % {"title": post.title},
        next_url=lambda post: _url("staff_post", tenant, post_id=post.pk),
        title=_("New post in “%(unit)s”") % {"unit": unit.name},
        cancel_url=_unit_url(tenant, unit),
        unit=unit,
    )


@staff_view
def post_detail(request: HttpRequest, tenant: Tenant, post_id: int) -> HttpResponse:
    """A post: its facts as a form, its holders over time and its contact points."""
    post = _post(tenant, post_id)
    initial = forms.PostForm.initial_from(post, "unit")
    form = forms.PostForm(form_data(request), tenant=tenant, post=post, initial=initial)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.post_update(post=post, actor=request.user, **form.cleaned_data),
        success=lambda post: _("The post “%(title)s” was saved.") % {"title": post.title},
        next_url=lambda post: _url("staff_post", tenant, post_id=post.pk),
        title=post.title,
        cancel_url=_unit_url(tenant, post.unit),
        template="organisation/staff/post.html",
        post=post,
        unit=post.unit,
        appointments=post.appointments.select_related("person__party").order_by("-valid_from"),
        contact_points=post.contact_points.all(),
        memberships=post.memberships.select_related("group"),
        documents=post.documents.all(),
    )


@staff_view
def appointment_create(request: HttpRequest, tenant: Tenant, post_id: int) -> HttpResponse:
    post = _post(tenant, post_id)
    form = forms.AppointmentForm(form_data(request), tenant=tenant, initial={"valid_from": today()})

    def perform() -> Appointment:
        new_person = form.new_person()
        if new_person is None:
            return services.appointment_create(
                post=post, person=form.cleaned_data["person"], actor=request.user, **form.appointment()
            )
        return services.appointment_create_with_person(
            post=post, actor=request.user, **new_person, **form.appointment()
        )

    return _form_page(
        request,
        tenant,
        form,
        perform,
        success=lambda a: (
            _("%(person)s was appointed to “%(post)s”.") % {"person": a.person.name, "post": post.title}
        ),
        next_url=lambda a: _url("staff_post", tenant, post_id=post.pk),
        title=_("Appoint a holder to “%(post)s”") % {"post": post.title},
        intro=_(
            "A post with one holder at a time cannot have two holders in the same period, "
            "but an acting holder (vik.) may stand in beside the holder. Someone not yet in the "
            "registry is added with the appointment."
        ),
        cancel_url=_url("staff_post", tenant, post_id=post.pk),
        unit=post.unit,
    )


@staff_view
def appointment_end(request: HttpRequest, tenant: Tenant, appointment_id: int) -> HttpResponse:
    appointment = object_or_404(
        Appointment.objects.select_related("post__unit", "person"), appointment_id, tenant=tenant
    )
    post = appointment.post
    form = forms.EndForm(
        form_data(request),
        tenant=tenant,
        valid_from=appointment.valid_from,
        initial={"valid_to": appointment.valid_to or today()},
    )
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.appointment_end(appointment=appointment, actor=request.user, **form.cleaned_data),
        success=lambda a: (
            _("%(person)s leaves “%(post)s” after %(date)s.")
            % {"person": a.person.name, "post": post.title, "date": a.valid_to.isoformat()}
        ),
        next_url=lambda a: _url("staff_post", tenant, post_id=post.pk),
        title=_("End %(person)s's appointment as %(post)s")
        % {"person": appointment.person.name, "post": post.title},
        submit=_("End the appointment"),
        cancel_url=_url("staff_post", tenant, post_id=post.pk),
        unit=post.unit,
    )


# People ------------------------------------------------------------------------------------


def _person(tenant: Tenant, person_id: int) -> Person:
    return object_or_404(Person.objects.select_related("party"), person_id, tenant=tenant)


@staff_view
def person_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = forms.PersonForm(form_data(request), tenant=tenant)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.person_create(tenant=tenant, actor=request.user, **form.cleaned_data),
        success=lambda p: _("%(name)s was added.") % {"name": p.name},
        next_url=lambda p: _url("staff_person", tenant, person_id=p.pk),
        title=_("New person"),
        cancel_url=_url("staff_home", tenant),
    )


@staff_view
def person_detail(request: HttpRequest, tenant: Tenant, person_id: int) -> HttpResponse:
    person = _person(tenant, person_id)
    initial = forms.PersonForm.initial_from(person)
    form = forms.PersonForm(form_data(request), tenant=tenant, initial=initial)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.person_update(person=person, actor=request.user, **form.cleaned_data),
        success=lambda p: _("%(name)s was saved.") % {"name": p.name},
        next_url=lambda p: _url("staff_person", tenant, person_id=p.pk),
        title=person.name_with_party,
        cancel_url=_url("staff_home", tenant),
        template="organisation/staff/person.html",
        person=person,
        appointments=person.appointments.select_related("post__unit__tenant").order_by("-valid_from"),
        memberships=person.memberships.select_related("group__tenant").order_by("-valid_from"),
        contact_points=person.contact_points.all(),
    )


@staff_view
def party_create(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    form = forms.PartyForm(form_data(request), tenant=tenant)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.party_create(tenant=tenant, actor=request.user, **form.cleaned_data),
        success=lambda p: (
            _("The party %(name)s (%(abbreviation)s) was added.")
            % {"name": p.name, "abbreviation": p.abbreviation}
        ),
        next_url=lambda p: _url("staff_person_create", tenant),
        title=_("New party"),
        intro=_("Parties are the same in every organisation: a party added here can be chosen by all."),
        cancel_url=_url("staff_home", tenant),
    )


# Groups ------------------------------------------------------------------------------------


@staff_view
def membership_create(request: HttpRequest, tenant: Tenant, unit_id: int) -> HttpResponse:
    group = _unit(tenant, unit_id)
    form = forms.MembershipForm(form_data(request), tenant=tenant)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.membership_create(group=group, actor=request.user, **form.cleaned_data),
        success=lambda m: (
            _("%(who)s was added to “%(group)s”.") % {"who": _seat_name(m), "group": group.name}
        ),
        next_url=lambda m: _unit_url(tenant, group),
        title=_("Add a member to “%(group)s”") % {"group": group.name},
        intro=_(
            "A seat held by a post goes to whoever holds the post on the day; a seat held by a "
            "person stays with that person."
        ),
        cancel_url=_unit_url(tenant, group),
        unit=group,
    )


@staff_view
def membership_end(request: HttpRequest, tenant: Tenant, membership_id: int) -> HttpResponse:
    membership = object_or_404(
        Membership.objects.select_related("group", "person", "post", "member_group"),
        membership_id,
        tenant=tenant,
    )
    group = membership.group
    who = _seat_name(membership)
    form = forms.EndForm(
        form_data(request),
        tenant=tenant,
        valid_from=membership.valid_from,
        initial={"valid_to": membership.valid_to or today()},
    )
    form.fields["valid_to"].help_text = _("The last day of the seat.")
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.membership_end(membership=membership, actor=request.user, **form.cleaned_data),
        success=lambda m: (
            _("The membership of %(who)s ends after %(date)s.") % {"who": who, "date": m.valid_to.isoformat()}
        ),
        next_url=lambda m: _unit_url(tenant, group),
        title=_("End the membership of %(who)s in “%(group)s”") % {"who": who, "group": group.name},
        submit=_("End the membership"),
        cancel_url=_unit_url(tenant, group),
        unit=group,
    )


# Contact points ----------------------------------------------------------------------------


def _contact_owner(
    tenant: Tenant, unit_id: int | None, post_id: int | None, person_id: int | None
) -> Unit | Post | Person:
    if unit_id is not None:
        return _unit(tenant, unit_id)
    if post_id is not None:
        return _post(tenant, post_id)
    assert person_id is not None
    return _person(tenant, person_id)


@staff_view
def contact_point_add(
    request: HttpRequest,
    tenant: Tenant,
    unit_id: int | None = None,
    post_id: int | None = None,
    person_id: int | None = None,
) -> HttpResponse:
    owner = _contact_owner(tenant, unit_id, post_id, person_id)
    form = forms.ContactPointForm(form_data(request), tenant=tenant)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.contact_point_add(owner=owner, actor=request.user, **form.cleaned_data),
        success=lambda p: (
            _("Added %(kind)s: %(value)s.") % {"kind": p.get_kind_display(), "value": p.display}
        ),
        next_url=lambda p: _owner_url(tenant, owner),
        title=_("New contact point for “%(owner)s”") % {"owner": owner},
        cancel_url=_owner_url(tenant, owner),
        **_crumbs(owner),
    )


@staff_view
def contact_point_update(request: HttpRequest, tenant: Tenant, contact_id: int) -> HttpResponse:
    point = _contact_point(tenant, contact_id)
    owner = point.unit or point.post or point.person
    assert owner is not None
    initial = {**forms.ContactPointForm.initial_from(point), "value": point.display}
    form = forms.ContactPointForm(form_data(request), tenant=tenant, initial=initial)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.contact_point_update(point=point, actor=request.user, **form.cleaned_data),
        success=lambda p: (
            _("Saved %(kind)s: %(value)s.") % {"kind": p.get_kind_display(), "value": p.display}
        ),
        next_url=lambda p: _owner_url(tenant, owner),
        title=_("Edit a contact point of “%(owner)s”") % {"owner": owner},
        cancel_url=_owner_url(tenant, owner),
        **_crumbs(owner),
    )


def _contact_point(tenant: Tenant, contact_id: int) -> ContactPoint:
    if contact_id > MAX_ID:
        raise Http404
    return get_object_or_404(
        ContactPoint.objects.select_related("unit", "post__unit", "person"),
        Q(unit__tenant=tenant) | Q(post__tenant=tenant) | Q(person__tenant=tenant),
        pk=contact_id,
    )


@staff_view
def contact_point_remove(request: HttpRequest, tenant: Tenant, contact_id: int) -> HttpResponse:
    point = get_object_or_404(
        ContactPoint.objects.select_related("unit", "post", "person"),
        Q(unit__tenant=tenant) | Q(post__tenant=tenant) | Q(person__tenant=tenant),
        pk=contact_id,
    )
    owner = point.unit or point.post or point.person
    assert owner is not None
    if request.method == "POST":
        text = str(point)
        services.contact_point_remove(point=point, actor=request.user)
        messages.success(request, _("Removed %(point)s.") % {"point": text})
        return redirect(_owner_url(tenant, owner))
    return render(
        request,
        "organisation/staff/confirm.html",
        _context(
            request,
            tenant,
            title=_("Remove a contact point"),
            question=_("Remove %(point)s from “%(owner)s”?") % {"point": point, "owner": owner},
            submit=_("Remove"),
            cancel_url=_owner_url(tenant, owner),
        ),
    )


# Responsibilities and reorganisations ------------------------------------------------------


@staff_view
def responsibility_add(request: HttpRequest, tenant: Tenant, unit_id: int) -> HttpResponse:
    unit = _unit(tenant, unit_id)
    form = forms.ResponsibilityForm(form_data(request), tenant=tenant)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.responsibility_add(unit=unit, actor=request.user, **form.cleaned_data),
        success=lambda r: _("“%(unit)s” is responsible for %(name)s.") % {"unit": unit.name, "name": r.name},
        next_url=lambda r: _unit_url(tenant, unit),
        title=_("New area of responsibility for “%(unit)s”") % {"unit": unit.name},
        cancel_url=_unit_url(tenant, unit),
        unit=unit,
    )


def _reorganisation_done(reorganisation: Reorganisation) -> str:
    return _("Saved the reorganisation “%(title)s” from %(date)s.") % {
        "title": reorganisation.title,
        "date": reorganisation.effective_date.isoformat(),
    }


def _reorganisation_url(tenant: Tenant) -> Callable[[Reorganisation], str]:
    return lambda r: _url("staff_reorganisation", tenant, reorganisation_id=r.pk)


@staff_view
def reorganisation_list(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    return render(
        request,
        "organisation/staff/reorganisations.html",
        _context(
            request,
            tenant,
            reorganisations=Reorganisation.objects.filter(tenant=tenant)
            .select_related("decided_by")
            .prefetch_related("unit_links__unit")
            .order_by("-effective_date", "-id"),
        ),
    )


@staff_view
def reorganisation_detail(request: HttpRequest, tenant: Tenant, reorganisation_id: int) -> HttpResponse:
    """A reorganisation with its decision chain, and a form to add a step to it (S1.1)."""
    reorganisation = object_or_404(
        Reorganisation.objects.select_related("decided_by"), reorganisation_id, tenant=tenant
    )
    form = forms.DecisionStepForm(form_data(request), tenant=tenant)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.decision_step_add(
            reorganisation=reorganisation, actor=request.user, **form.cleaned_data
        ),
        success=lambda step: _("Added the decision step “%(what)s”.") % {"what": step.description},
        next_url=lambda step: _url("staff_reorganisation", tenant, reorganisation_id=reorganisation.pk),
        title=reorganisation.title,
        submit=_("Add the step"),
        cancel_url=_url("staff_reorganisations", tenant),
        template="organisation/staff/reorganisation.html",
        reorganisation=reorganisation,
        links=reorganisation.unit_links.select_related("unit").order_by("role", "unit__name"),
        steps=reorganisation.steps.select_related("body"),
    )


def _merger_affected(tenant: Tenant, data: Any) -> dict[str, Any]:
    """The posts and holders a merger affects, for the units and date in ``data`` (a GET or
    POST of the merger form), with the posts ticked to be carried over."""
    preview = forms.MergerAffectedForm(data or None, tenant=tenant)
    if not preview.is_valid():
        return {"affected_ready": False}
    on = preview.cleaned_data["effective_date"]
    carried = {v for v in data.getlist("carry_over") if v.isascii() and v.isdigit()}
    return {
        "affected_ready": True,
        "affected": services.merger_affected_posts(preview.cleaned_data["sources"], on),
        "affected_date": on,
        "affected_last_day": on - dt.timedelta(days=1),
        "carried": carried,
    }


@staff_view
def reorganisation_merge(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """A merger, with the posts it affects listed as of its date: each is carried over to the
    new unit with its holders, or ends."""
    # “Show the posts affected” without scripts sends the form by GET: filled in again, listed.
    shown = request.GET if request.method == "GET" and "sources" in request.GET else None
    initial = {}
    if shown is not None:
        initial = {name: shown.get(name) for name in forms.MergeForm.base_fields if name in shown}
        initial["sources"] = shown.getlist("sources")
    form = forms.MergeForm(form_data(request), tenant=tenant, initial=initial)

    def perform() -> Reorganisation:
        reorganisation, _unit = services.reorganisation_merge(
            sources=list(form.cleaned_data["sources"]),
            actor=request.user,
            result=form.result(),
            carry_over=list(form.cleaned_data["carry_over"]),
            **form.event(),
        )
        return reorganisation

    return _form_page(
        request,
        tenant,
        form,
        perform,
        success=_reorganisation_done,
        next_url=_reorganisation_url(tenant),
        title=_("Merge units"),
        intro=_(
            "Several units become one new unit from the effective date. The units that merge end "
            "the day before, with their sub-units; each of their posts is carried over to the new "
            "unit with its holders, or ends with its appointments."
        ),
        cancel_url=_url("staff_reorganisations", tenant),
        template="organisation/staff/merge.html",
        **_merger_affected(tenant, request.POST if request.method == "POST" else shown),
    )


@staff_view
def merger_affected(request: HttpRequest, tenant: Tenant) -> HttpResponse:
    """The list of affected posts of the merger form, fetched by htmx as the form changes."""
    return render(
        request,
        "organisation/staff/_merger_affected.html",
        _context(request, tenant, **_merger_affected(tenant, request.GET)),
    )


@staff_view
def reorganisation_split(request: HttpRequest, tenant: Tenant, unit_id: int) -> HttpResponse:
    unit = _unit(tenant, unit_id)
    form = forms.SplitForm(form_data(request), tenant=tenant)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.reorganisation_split(
            source=unit,
            actor=request.user,
            results=form.results(unit.parent),
            **form.event(),
        )[0],
        success=_reorganisation_done,
        next_url=_reorganisation_url(tenant),
        title=_("Split “%(unit)s”") % {"unit": unit.name},
        intro=_(
            "The unit ends the day before the effective date and at least two new units, in the same "
            "place in the organisation, start on it."
        ),
        cancel_url=_unit_url(tenant, unit),
        unit=unit,
    )


@staff_view
def reorganisation_rename(request: HttpRequest, tenant: Tenant, unit_id: int) -> HttpResponse:
    unit = _unit(tenant, unit_id)
    form = forms.RenameForm(form_data(request), tenant=tenant, initial={"short_name": unit.short_name})
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.reorganisation_rename(
            unit=unit,
            actor=request.user,
            name=form.cleaned_data["name"],
            short_name=form.cleaned_data["short_name"] or None,
            **form.event(),
        ),
        success=_reorganisation_done,
        next_url=_reorganisation_url(tenant),
        title=_("Rename “%(unit)s”") % {"unit": unit.name},
        intro=_("The unit keeps its posts and history; the old name is kept for dates before the change."),
        cancel_url=_unit_url(tenant, unit),
        unit=unit,
    )


@staff_view
def reorganisation_move(request: HttpRequest, tenant: Tenant, unit_id: int) -> HttpResponse:
    unit = _unit(tenant, unit_id)
    form = forms.MoveForm(form_data(request), tenant=tenant, unit=unit, initial={"parent": unit.parent})
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.reorganisation_move(
            unit=unit,
            actor=request.user,
            parent=form.cleaned_data["parent"],
            **form.event(),
        ),
        success=_reorganisation_done,
        next_url=_reorganisation_url(tenant),
        title=_("Move “%(unit)s”") % {"unit": unit.name},
        intro=_("The unit is placed under another unit from the effective date, with its sub-units."),
        cancel_url=_unit_url(tenant, unit),
        unit=unit,
    )


@staff_view
def reorganisation_dissolve(request: HttpRequest, tenant: Tenant, unit_id: int) -> HttpResponse:
    unit = _unit(tenant, unit_id)
    form = forms.DissolveForm(form_data(request), tenant=tenant)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.reorganisation_dissolve(
            unit=unit,
            actor=request.user,
            **form.event(),
        ),
        success=_reorganisation_done,
        next_url=_reorganisation_url(tenant),
        title=_("Dissolve “%(unit)s”") % {"unit": unit.name},
        intro=_(
            "The unit ends the day before the effective date, with its sub-units, posts, "
            "appointments and memberships. Its history is kept."
        ),
        submit=_("Dissolve the unit"),
        danger=True,
        cancel_url=_unit_url(tenant, unit),
        unit=unit,
    )


@staff_view
def reorganisation_transfer(request: HttpRequest, tenant: Tenant, responsibility_id: int) -> HttpResponse:
    responsibility = object_or_404(
        Responsibility.objects.select_related("unit"), responsibility_id, tenant=tenant
    )
    form = forms.TransferForm(form_data(request), tenant=tenant, responsibility=responsibility)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.reorganisation_transfer(
            responsibility=responsibility,
            to_unit=form.cleaned_data["to_unit"],
            actor=request.user,
            **form.event(),
        ),
        success=_reorganisation_done,
        next_url=_reorganisation_url(tenant),
        title=_("Transfer “%(name)s” from “%(unit)s”")
        % {"name": responsibility.name, "unit": responsibility.unit.name},
        intro=_(
            "The responsibility moves to another unit from the effective date (for example public "
            "health from a committee to the executive office)."
        ),
        cancel_url=_unit_url(tenant, responsibility.unit),
        unit=responsibility.unit,
    )


# Seats, oversight, responsibilities and post documents (issue 8) ---------------------------------


def _seat_name(membership: Membership) -> str:
    if membership.person is not None:
        return membership.person.name
    if membership.post is not None:
        return membership.post.title
    return membership.member_group.name  # type: ignore[union-attr]


@staff_view
def oversight_create(request: HttpRequest, tenant: Tenant, unit_id: int) -> HttpResponse:
    """The executive board's oversight of a committee, company or federation (KL 6 kap. 1 §)."""
    board = _unit(tenant, unit_id)
    form = forms.OversightForm(form_data(request), tenant=tenant)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.oversight_create(overseer=board, actor=request.user, **form.cleaned_data),
        success=lambda o: (
            _("“%(overseer)s” has oversight of “%(overseen)s”.")
            % {"overseer": board.name, "overseen": o.overseen.name}
        ),
        next_url=lambda o: _unit_url(tenant, board),
        title=_("Oversight by “%(unit)s”") % {"unit": board.name},
        intro=_(
            "The executive board has oversight (uppsikt) of the committees, the municipal companies "
            "and the federations the municipality is a member of (KL 6 kap. 1 §)."
        ),
        cancel_url=_unit_url(tenant, board),
        unit=board,
    )


@staff_view
def oversight_end(request: HttpRequest, tenant: Tenant, oversight_id: int) -> HttpResponse:
    oversight = object_or_404(
        Oversight.objects.select_related("overseer", "overseen"), oversight_id, tenant=tenant
    )
    form = forms.EndForm(
        form_data(request),
        tenant=tenant,
        valid_from=oversight.valid_from,
        initial={"valid_to": oversight.valid_to or today()},
    )
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.oversight_end(oversight=oversight, actor=request.user, **form.cleaned_data),
        success=lambda o: (
            _("The oversight of “%(overseen)s” ends after %(date)s.")
            % {"overseen": o.overseen.name, "date": o.valid_to.isoformat()}
        ),
        next_url=lambda o: _unit_url(tenant, oversight.overseer),
        title=_("End the oversight of “%(overseen)s”") % {"overseen": oversight.overseen.name},
        cancel_url=_unit_url(tenant, oversight.overseer),
        unit=oversight.overseer,
    )


@staff_view
def responsibility_update(request: HttpRequest, tenant: Tenant, responsibility_id: int) -> HttpResponse:
    responsibility = object_or_404(
        Responsibility.objects.select_related("unit"), responsibility_id, tenant=tenant
    )
    unit = responsibility.unit
    initial = forms.ResponsibilityForm.initial_from(responsibility)
    form = forms.ResponsibilityForm(form_data(request), tenant=tenant, initial=initial)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.responsibility_update(
            responsibility=responsibility, actor=request.user, **form.cleaned_data
        ),
        success=lambda r: _("Changed the responsibility “%(name)s”.") % {"name": r.name},
        next_url=lambda r: _unit_url(tenant, unit),
        title=_("Edit “%(name)s”") % {"name": responsibility.name},
        cancel_url=_unit_url(tenant, unit),
        unit=unit,
    )


@staff_view
def post_document_create(request: HttpRequest, tenant: Tenant, post_id: int) -> HttpResponse:
    post = _post(tenant, post_id)
    form = forms.PostDocumentForm(form_data(request), tenant=tenant)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.post_document_add(post=post, actor=request.user, **form.cleaned_data),
        success=lambda d: _("The document “%(title)s” was saved.") % {"title": d.title},
        next_url=lambda d: _url("staff_post", tenant, post_id=post.pk),
        title=_("New document for “%(post)s”") % {"post": post.title},
        intro=_("For example the director's instruction (KL 7 kap. 2 §). Each save is kept as a version."),
        cancel_url=_url("staff_post", tenant, post_id=post.pk),
        unit=post.unit,
        post=post,
    )


@staff_view
def post_document_update(request: HttpRequest, tenant: Tenant, document_id: int) -> HttpResponse:
    """Edit a post document: each save is a new version; the earlier ones are listed with who
    saved them and when."""
    document = object_or_404(PostDocument.objects.select_related("post__unit"), document_id, tenant=tenant)
    post = document.post
    initial = forms.PostDocumentForm.initial_from(document)
    form = forms.PostDocumentForm(form_data(request), tenant=tenant, initial=initial)
    return _form_page(
        request,
        tenant,
        form,
        lambda: services.post_document_update(document=document, actor=request.user, **form.cleaned_data),
        success=lambda d: (
            _("Version %(number)s of “%(title)s” was saved.") % {"number": d.version, "title": d.title}
        ),
        next_url=lambda d: _url("staff_post_document", tenant, document_id=d.pk),
        title=_("Edit “%(title)s”") % {"title": document.title},
        cancel_url=_url("staff_post", tenant, post_id=post.pk),
        template="organisation/staff/document.html",
        unit=post.unit,
        post=post,
        document=document,
        versions=document.versions.select_related("adopted_by"),
    )
