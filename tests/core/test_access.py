"""Tenant isolation, checked by walking every URL pattern of the project.

Each pattern is requested as an anonymous visitor, as a user whose role is only in the
other organisation, and as an editor (and a reader) of the right organisation. Public
patterns must answer everybody alike and never show what is not public; staff patterns
(under ``/<tenant>/redigera/``) must send visitors to the login page, refuse the wrong
organisation's users with 403 and write nothing, and serve the right editor.

A new URL pattern is covered automatically; when its path has a keyword this file has no
recipe for, the test says so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RoutePattern

from radhus.core.models import ApiToken, Role, Tenant
from radhus.core.tokens import token_create
from radhus.diarium.models import Case, Record, RecordFile
from radhus.followup.models import Assignment, Deviation
from radhus.meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingSeries,
    MinutesParagraph,
    Signer,
)
from radhus.organisation import services
from radhus.organisation.models import (
    Appointment,
    ContactPoint,
    Membership,
    Person,
    Post,
    Reorganisation,
    Responsibility,
    Unit,
    UnitKind,
)
from tests.diarium.world import add_small_register
from tests.factories import (
    AppointmentFactory,
    ContactPointFactory,
    PersonFactory,
    PostFactory,
    TenantFactory,
    TenantRoleFactory,
    UnitFactory,
)
from tests.followup.goals_world import access_goal, access_indicator, access_policy
from tests.followup.world import add_small_followup
from tests.meetings.world import add_small_meetings

# Not ours to test here: Django's admin (its own staff check), the language switch, static
# files, and the login and logout views themselves.
SKIPPED_PREFIXES = ("admin/", "i18n/", "static/", "konto/logga-in/", "konto/logga-ut/")
STAFF_MARK = "/redigera/"
ACCOUNT_PREFIX = "konto/"

# Text that must never appear on a public page.
SECRET_EMAIL = "skyddad.adress@example.se"
SECRET_PHONE = "+46701112233"
SECRET_PHONE_DISPLAY = "070-111 22 33"
SECRET_NAME = "Hemlighetsfull"


@dataclass
class Side:
    """One organisation's objects, enough to fill every URL keyword."""

    tenant: Tenant
    board: Unit
    office: Unit
    group: Unit
    post: Post
    person: Person
    hidden_person: Person
    appointment: Appointment
    membership: Membership
    contact_point: ContactPoint
    responsibility: Responsibility
    reorganisation: Reorganisation
    token: ApiToken
    oversight: Any = None
    document: Any = None


def build_side(slug: str) -> Side:
    tenant = TenantFactory(slug=slug, name=f"{slug.capitalize()} kommun")
    board = UnitFactory(tenant=tenant, board=True, slug=f"ks-{slug}", valid_from=dt.date(2000, 1, 1))
    office = UnitFactory(
        tenant=tenant,
        kind=UnitKind.EXECUTIVE_OFFICE,
        name=f"Kommunledningsförvaltningen {slug}",
        slug=f"klf-{slug}",
        parent=board,
        responsible_body=board,
        valid_from=dt.date(2000, 1, 1),
    )
    group = UnitFactory(tenant=tenant, kind=UnitKind.MANAGEMENT_TEAM, parent=office, slug=f"klg-{slug}")
    post = PostFactory(unit=office, title="Kommundirektör", contact=True)
    person = PersonFactory(
        tenant=tenant, first_name="Öppen", last_name=f"Person {slug}", slug=f"oppen-{slug}"
    )
    hidden = PersonFactory(
        tenant=tenant, first_name=SECRET_NAME, last_name="Skyddad", slug=f"skyddad-{slug}", protected=True
    )
    appointment = AppointmentFactory(post=post, person=person, valid_from=dt.date(2020, 1, 1))
    # What is not public is written through the services, so that it is in the audit trail
    # too: a public history page must not tell it either.
    hidden_post = PostFactory(unit=office, title="Utredare", contact=True)
    services.appointment_create(post=hidden_post, person=hidden, actor=None, valid_from=dt.date(2020, 1, 1))
    membership = services.membership_create(group=group, actor=None, role="chair", post=post)
    services.membership_create(group=group, actor=None, role="member", person=hidden)
    services.membership_create(group=board, actor=None, role="secretary", person=hidden)
    point = services.contact_point_add(owner=office, actor=None, kind="switchboard", value="+4666088300")
    services.contact_point_add(owner=office, actor=None, kind="email", value=SECRET_EMAIL, is_public=False)
    services.contact_point_add(owner=post, actor=None, kind="mobile", value=SECRET_PHONE, is_public=False)
    ContactPointFactory(person=person, kind="email", value=f"oppen@{slug}.example.se")
    responsibility = Responsibility.objects.create(tenant=tenant, unit=office, name="Folkhälsa")
    reorganisation = services.reorganisation_rename(
        unit=board, actor=None, effective_date=dt.date(2010, 1, 1), name="Kommunstyrelsen"
    )
    add_small_register(tenant, board)
    add_small_meetings(tenant, board)
    add_small_followup(tenant, board)
    return Side(
        tenant=tenant,
        board=board,
        office=office,
        group=group,
        post=post,
        person=person,
        hidden_person=hidden,
        appointment=appointment,
        membership=membership,
        contact_point=point,
        responsibility=responsibility,
        reorganisation=reorganisation,
        token=token_create(user=TenantRoleFactory(tenant=tenant, user__password=None).user)[0],
        oversight=services.oversight_create(
            overseer=board,
            overseen=UnitFactory(tenant=tenant, kind=UnitKind.COMMITTEE, slug=f"namnd-{slug}"),
            actor=None,
        ),
        document=services.post_document_add(post=post, actor=None, title="Instruktion", body="Text."),
    )


# How to fill each URL keyword from one organisation's objects. A new keyword in a URL
# pattern needs a line here.
RECIPES: dict[str, Callable[[Side], Any]] = {
    "tenant": lambda s: s.tenant.slug,
    "unit": lambda s: s.office.slug,
    "person": lambda s: s.person.slug,
    "unit_id": lambda s: s.office.pk,
    "post_id": lambda s: s.post.pk,
    "person_id": lambda s: s.person.pk,
    "appointment_id": lambda s: s.appointment.pk,
    "membership_id": lambda s: s.membership.pk,
    "contact_id": lambda s: s.contact_point.pk,
    "responsibility_id": lambda s: s.responsibility.pk,
    "reorganisation_id": lambda s: s.reorganisation.pk,
    "token_id": lambda s: s.token.pk,
    "oversight_id": lambda s: s.oversight.pk,
    "document_id": lambda s: s.document.pk,
    "case_id": lambda s: Case.objects.get(tenant=s.tenant).pk,
    "record_id": lambda s: Record.objects.get(tenant=s.tenant).pk,
    "file_id": lambda s: RecordFile.objects.get(record__tenant=s.tenant).pk,
    "step": lambda s: "prepare",
    # Routes that answer only with a key (KEYED below): an id nobody has is enough here.
    "referral_id": lambda s: 999_999,
    "watch_id": lambda s: 999_999,
    "meeting_id": lambda s: Meeting.objects.get(tenant=s.tenant, status="approved").pk,
    "series_id": lambda s: MeetingSeries.objects.get(tenant=s.tenant).pk,
    "item_id": lambda s: AgendaItem.objects.filter(meeting__tenant=s.tenant).first().pk,
    "signer_id": lambda s: Signer.objects.filter(meeting__tenant=s.tenant).first().pk,
    "number": lambda s: 1,
    # A private calendar's secret key: one nobody has answers 404 to everybody alike.
    "key": lambda s: "kal_nobody",
    "paragraph_id": lambda s: MinutesParagraph.objects.filter(tenant=s.tenant).first().pk,
    "attendance_id": lambda s: Attendance.objects.filter(meeting__tenant=s.tenant).first().pk,
    "assignment_id": lambda s: Assignment.objects.filter(tenant=s.tenant).first().pk,
    "decision_id": lambda s: Decision.objects.filter(tenant=s.tenant).first().pk,
    "deviation_id": lambda s: Deviation.objects.filter(tenant=s.tenant).first().pk,
    "report": lambda s: "verkstallighet",
    # Goals and policy documents (followup), made on first use.
    "goal_id": lambda s: access_goal(s.tenant).pk,
    "indicator_id": lambda s: access_indicator(s.tenant).pk,
    "policy_id": lambda s: access_policy(s.tenant, s.office).pk,
}


# Posted to every staff pattern: valid input for many forms, so that a view that forgot the
# access check would write something.
def post_payload(side: Side) -> dict[str, Any]:
    return {
        "name": "Ny enhet",
        "kind": UnitKind.DEPARTMENT,
        "title": "Ny rubrik",
        "first_name": "Ny",
        "last_name": "Person",
        "person": side.person.pk,
        "post": side.post.pk,
        "role": "member",
        "value": "0660-883 00",
        "valid_from": "2031-01-01",
        "valid_to": "2031-12-31",
        "effective_date": "2031-01-01",
        "date": "2030-01-01",
        "description": "Beslut",
        "parent": side.board.pk,
        "to_unit": side.board.pk,
        "sources": [side.office.pk, side.group.pk],
        "sort_order": "0",
        "is_public": "on",
    }


@dataclass(frozen=True)
class Route:
    route: str
    name: str | None
    keywords: tuple[str, ...]

    @property
    def is_staff(self) -> bool:
        return STAFF_MARK in "/" + self.route

    @property
    def is_account(self) -> bool:
        return self.route.startswith(ACCOUNT_PREFIX)

    def path(self, side: Side, *, ids_from: Side | None = None) -> str:
        """The path with its keywords filled from ``side`` (ids from ``ids_from`` if given)."""
        missing = [k for k in self.keywords if k not in RECIPES]
        if missing:
            pytest.fail(
                f"The URL pattern '{self.route}' (name {self.name!r}) has the keyword(s) {missing} "
                f"that tests/core/test_access.py cannot fill: add a recipe to RECIPES."
            )

        def fill(match: re.Match[str]) -> str:
            keyword = match.group(2)
            source = side if keyword == "tenant" or ids_from is None else ids_from
            return str(RECIPES[keyword](source))

        return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, self.route)


def walk(patterns: list[Any], prefix: str = "") -> Iterator[Route]:
    """Every URL pattern of the project, with the full route, however deep it is included."""
    for p in patterns:
        if not isinstance(p.pattern, RoutePattern):
            route = prefix + str(p.pattern)
            if route.lstrip("^").startswith(SKIPPED_PREFIXES):
                continue
            raise AssertionError(f"'{route}' is a regular expression; use path() so this test can fill it.")
        route = prefix + str(p.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield Route(route, p.name, tuple(re.findall(r"<(?:\w+:)?(\w+)>", route)))


ROUTES = list(walk(get_resolver().url_patterns))
# API routes that answer only with a key: a user's own watches, and writes with no read. Their
# own tests are in tests/diarium/test_api_referrals.py; here, that nobody without a key gets in.
# The dispatch lists of meetings and extracts name recipients and their addresses: a key too.
KEYED = {
    "watches",
    "watch_done",
    "referral_answer",
    "diarium_backlog",
    "meeting_dispatches",
    "paragraph_dispatches",
}
PUBLIC = [r for r in ROUTES if not r.is_staff and not r.is_account and r.name not in KEYED]
STAFF = [r for r in ROUTES if r.is_staff]
ACCOUNT = [r for r in ROUTES if r.is_account]


def ids(routes: list[Route]) -> list[str]:
    return ["/" + r.route for r in routes]


@pytest.fixture
def world(db) -> tuple[Side, Side]:
    return build_side("alfa"), build_side("beta")


def client_for(user: AbstractBaseUser | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def users(world) -> dict[str, AbstractBaseUser | None]:
    right, other = world

    def role(side: Side, role: Role) -> AbstractBaseUser:
        # force_login needs no password, and hashing one per user would slow every test.
        return TenantRoleFactory(tenant=side.tenant, role=role, user__password=None).user

    return {
        "anonymous": None,
        "other tenant's editor": role(other, Role.EDITOR),
        "other tenant's administrator": role(other, Role.ADMINISTRATOR),
        "editor": role(right, Role.EDITOR),
        "reader": role(right, Role.READER),
    }


def database_state() -> dict[str, list[dict[str, Any]]]:
    """Every row of our own apps, to tell whether a request wrote anything."""
    state = {}
    for label in ("core", "organisation", "diarium"):
        for model in apps.get_app_config(label).get_models():
            state[model._meta.label] = sorted(
                (tuple(sorted(row.items(), key=lambda kv: kv[0])) for row in model.objects.values()), key=repr
            )
    return state


def test_the_walk_finds_the_public_and_the_staff_pages():
    """Guards the walk itself: if it found nothing, every test below would pass vacuously."""
    names = {r.name for r in ROUTES}
    assert {"home", "tenant_home", "unit_detail", "staff_home", "staff_unit_update"} <= names
    assert all(r.route.startswith("<slug:tenant>/redigera/") for r in STAFF)
    assert len(STAFF) >= 20


@pytest.mark.parametrize("route", ROUTES, ids=ids(ROUTES))
def test_every_pattern_has_a_recipe_for_its_keywords(route):
    missing = [k for k in route.keywords if k not in RECIPES]
    assert not missing, (
        f"The URL pattern '{route.route}' (name {route.name!r}) has the keyword(s) {missing} that "
        f"tests/core/test_access.py cannot fill: add a recipe to RECIPES."
    )


@pytest.mark.parametrize("route", PUBLIC, ids=ids(PUBLIC))
def test_public_page_answers_everybody_alike_and_hides_what_is_not_public(route, world, users):
    right, _other = world
    path = route.path(right)
    assert resolve(path).url_name == route.name
    statuses = {}
    for who, user in users.items():
        # A search for the protected person's name must not find them either.
        # An API list may need the organisation (the case register's search does).
        params = {"q": SECRET_NAME.lower()}
        if path.startswith("/api/"):
            params["tenant"] = right.tenant.slug
        response = client_for(user).get(path, params)
        statuses[who] = response.status_code
        content = b"".join(response.streaming_content) if response.streaming else response.content
        body = content.decode(errors="replace")
        for secret in (SECRET_EMAIL, SECRET_PHONE, SECRET_PHONE_DISPLAY, SECRET_NAME):
            assert secret not in body, f"{path} shows non-public “{secret}” to {who}"
    # A write-only API address (a transition, a signature) has nothing to read: 405 for all.
    assert set(statuses.values()) <= {200, 404} or set(statuses.values()) == {405}, f"{path}: {statuses}"
    assert len(set(statuses.values())) == 1, f"{path} answers differently by user: {statuses}"


@pytest.mark.parametrize("route", [r for r in ROUTES if r.name in KEYED], ids=lambda r: "/" + r.route)
def test_keyed_api_routes_refuse_everybody_without_a_key(route, world, users):
    right, _other = world
    path = route.path(right)
    for who, user in users.items():
        for method in ("get", "post"):
            response = getattr(client_for(user), method)(path, {"tenant": right.tenant.slug})
            assert response.status_code in {401, 405}, f"{method} {path} as {who}: {response.status_code}"


def test_a_protected_persons_public_page_is_not_found(world, users):
    right, _other = world
    path = reverse("person_detail", kwargs={"tenant": right.tenant.slug, "person": right.hidden_person.slug})
    for who, user in users.items():
        assert client_for(user).get(path).status_code == 404, who


@pytest.mark.parametrize("route", STAFF, ids=ids(STAFF))
def test_staff_page_needs_a_role_in_its_own_tenant(route, world, users):
    right, other = world
    path = route.path(right)
    assert resolve(path).url_name == route.name
    payload = post_payload(right)
    before = database_state()

    for method in ("get", "post"):
        response = getattr(client_for(None), method)(path, payload if method == "post" else None)
        assert response.status_code == 302, f"anonymous {method.upper()} {path}: {response.status_code}"
        assert response["Location"].startswith(reverse(settings.LOGIN_URL) + "?next="), response["Location"]

    for who in ("other tenant's editor", "other tenant's administrator"):
        client = client_for(users[who])
        assert client.get(path).status_code == 403, f"{who} GET {path}"
        assert client.post(path, payload).status_code == 403, f"{who} POST {path}"

    reader = client_for(users["reader"])
    assert reader.get(path).status_code == 200, f"reader GET {path}"
    assert reader.post(path, payload).status_code == 403, f"reader POST {path}"

    assert database_state() == before, f"a refused request to {path} changed the database"
    assert client_for(users["editor"]).get(path).status_code == 200, f"editor GET {path}"


# Keywords that name a page rather than an object (a case's step, a report): no other
# organisation's id can be put in them.
PAGE_NAMES = {"tenant", "step", "report"}
STAFF_WITH_IDS = [r for r in STAFF if any(k not in PAGE_NAMES for k in r.keywords)]


@pytest.mark.parametrize("route", STAFF_WITH_IDS, ids=ids(STAFF_WITH_IDS))
def test_staff_page_of_own_tenant_does_not_reach_another_tenants_objects(route, world, users):
    """The right tenant's editor, with the other tenant's ids in the address: not found."""
    right, other = world
    path = route.path(right, ids_from=other)
    editor = client_for(users["editor"])
    before = database_state()

    assert editor.get(path).status_code == 404, f"GET {path}"
    assert editor.post(path, post_payload(right)).status_code == 404, f"POST {path}"
    assert database_state() == before


def test_the_walk_finds_the_account_pages():
    assert {"account", "password_change", "token_revoke"} <= {r.name for r in ACCOUNT}


@pytest.mark.parametrize("route", ACCOUNT, ids=ids(ACCOUNT))
def test_account_page_needs_a_login_and_never_reaches_another_users_key(route, world, users):
    """Any logged-in user has an account page of their own; a visitor is sent to log in, and
    another user's key (here the right organisation's) is not found and not revoked."""
    right, _other = world
    path = route.path(right)
    assert resolve(path).url_name == route.name
    before = database_state()

    for method in ("get", "post"):
        response = getattr(client_for(None), method)(path)
        assert response.status_code == 302, f"anonymous {method.upper()} {path}: {response.status_code}"
        assert response["Location"].startswith(reverse(settings.LOGIN_URL) + "?next="), response["Location"]

    for who in ("other tenant's administrator", "reader"):
        client = client_for(users[who])
        if "token_id" in route.keywords:
            assert client.post(path).status_code == 404, f"{who} POST {path}"
        else:
            assert client.get(path).status_code == 200, f"{who} GET {path}"
    assert database_state() == before, f"a request to {path} changed the database"
