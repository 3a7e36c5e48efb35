"""Organisations as real ones are built (issue 8, item 3): groups inside groups, seats with a
role and membership apart, responsibilities in order, the board's oversight, who employs a post
and who deputises for it, posts by rank, and versions of post documents. Services, pages and
the API."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client

from radhus.core.models import AuditEvent, Role
from radhus.core.tokens import token_create
from radhus.organisation import selectors, services
from radhus.organisation.models import (
    Attendance,
    Membership,
    MembershipRole,
    Oversight,
    Post,
    PostDocumentVersion,
    Responsibility,
    UnitKind,
)
from tests.factories import (
    AppointmentFactory,
    PersonFactory,
    PostFactory,
    TenantFactory,
    TenantRoleFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = dt.date.today()


@pytest.fixture
def org() -> dict[str, Any]:
    """A municipality as on S2: a board, a committee, a company, a staff group inside the
    management group, a director employed by the board with a deputy."""
    tenant = TenantFactory(name="Munkedals kommun", slug="munkedal")
    board = UnitFactory(tenant=tenant, board=True, slug="ks")
    committee = UnitFactory(tenant=tenant, kind=UnitKind.COMMITTEE, name="Bygg- och miljönämnden", slug="bmn")
    company = UnitFactory(tenant=tenant, kind=UnitKind.COMPANY, name="Munkedals Bostäder AB", slug="bostader")
    office = UnitFactory(
        tenant=tenant, kind=UnitKind.EXECUTIVE_OFFICE, name="Kommunledningskontoret", slug="klk"
    )
    team = UnitFactory(tenant=tenant, kind=UnitKind.MANAGEMENT_TEAM, name="Ledningsgruppen", slug="klg")
    staff = UnitFactory(tenant=tenant, kind=UnitKind.MANAGEMENT_TEAM, name="Staben", slug="staben")
    chief = PostFactory(unit=office, title="Kommunchef", sort_order=1)
    finance = PostFactory(unit=office, title="Ekonomichef", sort_order=3, reports_to=chief)
    deputy = PostFactory(unit=office, title="Biträdande kommunchef", sort_order=2, reports_to=chief)
    alice = AppointmentFactory(post=chief, person__first_name="Anna", person__last_name="Ek").person
    bo = AppointmentFactory(post=finance, person__first_name="Bo", person__last_name="Al").person
    return {
        "tenant": tenant,
        "board": board,
        "committee": committee,
        "company": company,
        "office": office,
        "team": team,
        "staff": staff,
        "chief": chief,
        "finance": finance,
        "deputy": deputy,
        "anna": alice,
        "bo": bo,
    }


# 1. A group that includes a group ------------------------------------------------------------------


def test_a_group_includes_another_group_and_its_members_count_without_repeating(org):
    services.membership_create(group=org["staff"], actor=None, role=MembershipRole.CHAIR, post=org["chief"])
    services.membership_create(
        group=org["staff"], actor=None, role=MembershipRole.MEMBER, post=org["finance"]
    )
    services.membership_create(group=org["team"], actor=None, role=MembershipRole.CHAIR, post=org["chief"])
    services.membership_create(
        group=org["team"], actor=None, role=MembershipRole.MEMBER, member_group=org["staff"]
    )

    seats = selectors.members_on(org["team"], TODAY)
    assert [s.membership.member_group for s in seats] == [None, org["staff"]]
    effective = selectors.effective_members_on(org["team"], TODAY)
    # The chief chairs both groups and sits once; the head of finance comes through the staff.
    assert [(m.post.title, [g.name for g in m.via]) for m in effective] == [
        ("Kommunchef", []),
        ("Ekonomichef", ["Staben"]),
    ]
    # A new member of the staff is a member of the management group from that day, with no
    # change to the management group.
    services.membership_create(
        group=org["staff"], actor=None, role=MembershipRole.MEMBER, post=org["deputy"], valid_from=TODAY
    )
    later = [m.post.title for m in selectors.effective_members_on(org["team"], TODAY)]
    assert later == ["Kommunchef", "Ekonomichef", "Biträdande kommunchef"]
    assert "Biträdande kommunchef" not in [
        m.post.title for m in selectors.effective_members_on(org["team"], TODAY - dt.timedelta(days=1))
    ]


def test_a_group_never_includes_itself_on_any_date(org):
    a, b, c = org["team"], org["staff"], UnitFactory(tenant=org["tenant"], kind=UnitKind.WORKING_GROUP)
    services.membership_create(group=a, actor=None, role="member", member_group=b, valid_to=D(2020, 12, 31))
    services.membership_create(group=b, actor=None, role="member", member_group=c)
    # c → a only from 2021: a no longer includes b then, so no cycle on any date.
    services.membership_create(group=c, actor=None, role="member", member_group=a, valid_from=D(2021, 1, 1))
    # During 2020 it would close the circle a → b → c → a.
    with pytest.raises(ValidationError) as exc:
        services.membership_create(
            group=c,
            actor=None,
            role="member",
            member_group=a,
            valid_from=D(2020, 6, 1),
            valid_to=D(2020, 12, 31),
        )
    assert "2020-06-01" in str(exc.value)
    assert exc.value.error_dict["member_group"][0].code == "cycle"
    # Nothing was written.
    assert Membership.objects.filter(group=c, member_group=a).count() == 1
    with pytest.raises(ValidationError):
        services.membership_create(group=a, actor=None, role="member", member_group=a)
    # Once on any date: b is in a until 2020, so again only from 2021.
    with pytest.raises(ValidationError) as exc:
        services.membership_create(
            group=a, actor=None, role="member", member_group=b, valid_from=D(2020, 12, 1)
        )
    assert exc.value.error_dict["member_group"][0].code == "included_twice"


def test_ending_an_inclusion_is_checked_over_the_timeline_too(org):
    a, b = org["team"], org["staff"]
    first = services.membership_create(
        group=a, actor=None, role="member", member_group=b, valid_to=D(2020, 12, 31)
    )
    services.membership_create(group=b, actor=None, role="member", member_group=a, valid_from=D(2021, 1, 1))
    with pytest.raises(ValidationError):
        services.membership_end(membership=first, actor=None, valid_to=D(2021, 6, 30))


def test_only_a_group_of_the_same_organisation_can_be_included(org):
    with pytest.raises(ValidationError) as exc:
        services.membership_create(group=org["team"], actor=None, role="member", member_group=org["office"])
    assert exc.value.error_dict["member_group"][0].code == "not_a_group"
    foreign = UnitFactory(kind=UnitKind.MANAGEMENT_TEAM)
    with pytest.raises(ValidationError) as exc:
        services.membership_create(group=org["team"], actor=None, role="member", member_group=foreign)
    assert list(exc.value.error_dict) == ["member_group"]


def test_the_database_holds_one_holder_per_seat(org):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(group=org["team"], post=org["chief"], member_group=org["staff"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(group=org["team"], member_group=org["team"])


# 2. Role and membership apart; attendance ----------------------------------------------------------


def test_a_secretary_who_is_a_member_has_one_seat(org):
    seat = services.membership_create(
        group=org["board"], actor=None, role=MembershipRole.SECRETARY, person=org["bo"], is_member=True
    )
    plain = services.membership_create(
        group=org["board"], actor=None, role=MembershipRole.SECRETARY, post=org["finance"]
    )
    assert seat.is_member and not plain.is_member
    chair = services.membership_create(
        group=org["board"], actor=None, role=MembershipRole.CHAIR, person=org["anna"]
    )
    assert chair.is_member  # a chair is a member unless said otherwise
    with pytest.raises(ValidationError):
        services.membership_create(
            group=org["board"], actor=None, role=MembershipRole.MEMBER, person=org["anna"], is_member=False
        )
    [(heading, seats)] = [g for g in selectors.group_seats(org["board"], TODAY) if g[0] == "secretary"]
    assert [s.member_note for s in seats] == [True, False]


def test_called_when_needed_is_an_attendance_shown_apart(org, client):
    services.membership_create(
        group=org["team"],
        actor=None,
        role=MembershipRole.OPTIONAL_ATTENDEE,
        post=org["finance"],
        attendance=Attendance.WHEN_NEEDED,
    )
    services.membership_create(group=org["team"], actor=None, role=MembershipRole.CHAIR, post=org["chief"])
    headings = [h for h, _seats in selectors.group_seats(org["team"], TODAY)]
    assert headings == ["chair", "when_needed"]
    page = client.get("/munkedal/enhet/klg/").content.decode()
    assert "Kallas vid behov" in page


# 3. Responsibilities --------------------------------------------------------------------------------


def test_responsibilities_have_a_description_an_order_and_are_once_per_unit(org):
    office = org["office"]
    second = services.responsibility_add(unit=office, actor=None, name="Näringsliv", sort_order=2)
    first = services.responsibility_add(
        unit=office,
        actor=None,
        name="Folkhälsa",
        description="Folkhälsorådet och det förebyggande arbetet.",
        sort_order=1,
    )
    page = selectors.unit_page(office, TODAY)
    assert page.responsibilities == [first, second]
    with pytest.raises(ValidationError) as exc:
        services.responsibility_add(unit=office, actor=None, name="Folkhälsa", valid_from=D(2030, 1, 1))
    assert exc.value.error_dict["name"][0].code == "responsibility_twice"
    # After it ends, the unit may take it on again.
    services.responsibility_update(responsibility=first, actor=None, valid_to=D(2029, 12, 31))
    services.responsibility_add(unit=office, actor=None, name="Folkhälsa", valid_from=D(2030, 1, 1))
    assert AuditEvent.objects.filter(action="responsibility.update").count() == 1


def test_the_database_holds_one_open_responsibility_per_unit_and_name(org):
    Responsibility.objects.create(tenant=org["tenant"], unit=org["office"], name="Turism")
    with pytest.raises(IntegrityError), transaction.atomic():
        Responsibility.objects.create(tenant=org["tenant"], unit=org["office"], name="Turism")


@pytest.mark.postgresql
@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints need PostgreSQL")
def test_on_postgresql_the_database_refuses_overlapping_responsibilities_and_oversight(org):
    Responsibility.objects.create(
        tenant=org["tenant"], unit=org["office"], name="Turism", valid_to=D(2020, 12, 31)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Responsibility.objects.create(
            tenant=org["tenant"],
            unit=org["office"],
            name="Turism",
            valid_from=D(2020, 6, 1),
            valid_to=D(2021, 1, 1),
        )
    Responsibility.objects.create(
        tenant=org["tenant"], unit=org["office"], name="Turism", valid_from=D(2021, 1, 1)
    )
    Oversight.objects.create(
        tenant=org["tenant"],
        overseer=org["board"],
        overseen=org["company"],
        kind="company",
        valid_to=D(2020, 12, 31),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Oversight.objects.create(
            tenant=org["tenant"],
            overseer=org["board"],
            overseen=org["company"],
            kind="company",
            valid_from=D(2020, 1, 1),
            valid_to=D(2020, 3, 1),
        )


# 4. Oversight -----------------------------------------------------------------------------------------


def test_the_board_oversees_committees_and_companies(org, client):
    board, committee, company = org["board"], org["committee"], org["company"]
    services.oversight_create(overseer=board, overseen=committee, actor=None)
    services.oversight_create(overseer=board, overseen=company, actor=None, valid_from=D(2020, 1, 1))
    assert [(o.overseen, o.kind) for o in selectors.oversight_of(board, TODAY)[0]] == [
        (committee, "committee"),
        (company, "company"),
    ]
    # Audited on both sides' pages.
    assert AuditEvent.objects.filter(action="oversight.create", page_id=committee.pk).exists()
    assert AuditEvent.objects.filter(action="oversight.create", page_id=board.pk).count() == 2
    # Not a responsible body.
    committee.refresh_from_db()
    assert committee.responsible_body is None

    page = client.get("/munkedal/enhet/bostader/").content.decode()
    assert "Under <a" in page and "kommunstyrelsens</a> uppsikt" in page
    page = client.get("/munkedal/enhet/ks/").content.decode()
    assert "Kommunstyrelsen har uppsikt över" in page
    assert "Munkedals Bostäder AB" in page and "Bygg- och miljönämnden" in page


def test_oversight_rules(org):
    board, committee, office = org["board"], org["committee"], org["office"]
    with pytest.raises(ValidationError) as exc:
        services.oversight_create(overseer=committee, overseen=org["company"], actor=None)
    assert exc.value.error_dict["overseer"][0].code == "overseer_not_board"
    with pytest.raises(ValidationError) as exc:
        services.oversight_create(overseer=board, overseen=office, actor=None)
    assert "overseen" in exc.value.error_dict
    with pytest.raises(ValidationError):
        services.oversight_create(overseer=board, overseen=committee, actor=None, kind="company")
    with pytest.raises(ValidationError) as exc:
        services.oversight_create(overseer=board, overseen=UnitFactory(kind=UnitKind.COMMITTEE), actor=None)
    assert list(exc.value.error_dict) == ["overseen"]
    first = services.oversight_create(
        overseer=board, overseen=committee, actor=None, valid_to=D(2020, 12, 31)
    )
    with pytest.raises(ValidationError) as exc:
        services.oversight_create(overseer=board, overseen=committee, actor=None, valid_from=D(2020, 6, 1))
    assert exc.value.error_dict["valid_from"][0].code == "oversight_twice"
    later = services.oversight_create(
        overseer=board, overseen=committee, actor=None, valid_from=D(2021, 1, 1)
    )
    # Moving the first one's end into the second is refused; ending the second is fine.
    with pytest.raises(ValidationError):
        services.oversight_end(oversight=first, actor=None, valid_to=D(2021, 3, 1))
    services.oversight_end(oversight=later, actor=None, valid_to=D(2022, 12, 31))
    assert Oversight.objects.get(pk=later.pk).valid_to == D(2022, 12, 31)
    assert AuditEvent.objects.filter(action="oversight.end").count() == 2


# 5, 6. Employer, deputy, rank ------------------------------------------------------------------------


def test_a_post_is_employed_by_the_board_and_has_a_deputy(org, client):
    chief = services.post_update(
        post=org["chief"], actor=None, employed_by=org["board"], deputy=org["deputy"]
    )
    assert chief.employed_by == org["board"] and chief.deputy == org["deputy"]
    event = AuditEvent.objects.filter(action="post.update").latest("id")
    assert set(event.changes) == {"employed_by", "deputy"}

    with pytest.raises(ValidationError) as exc:
        services.post_update(post=org["chief"], actor=None, employed_by=org["office"])
    assert exc.value.error_dict["employed_by"][0].code == "employer_not_political"
    with pytest.raises(ValidationError) as exc:
        services.post_update(post=org["chief"], actor=None, deputy=org["chief"])
    assert "deputy" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.post_update(post=org["chief"], actor=None, deputy=PostFactory())
    assert list(exc.value.error_dict) == ["deputy"]
    ended = PostFactory(unit=org["office"], valid_from=D(2000, 1, 1), valid_to=D(2005, 12, 31))
    new = PostFactory(unit=org["office"], valid_from=D(2010, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.post_update(post=new, actor=None, deputy=ended)
    assert exc.value.error_dict["deputy"][0].code == "deputy_outside_period"

    page = client.get("/munkedal/enhet/klk/").content.decode()
    # By rank, not alphabet: the chief, the deputy, the head of finance.
    assert (
        page.index("Kommunchef</span>")
        < page.index("Biträdande kommunchef</span>")
        < page.index("Ekonomichef</span>")
    )
    assert "Anställd av" in page and "Ställföreträdare" in page
    assert "Rapporterar till" in page
    assert "Ställföreträdare för: Kommunchef" in page


def test_posts_in_rank_in_the_api_and_the_chart(org, client):
    from radhus.organisation import charts

    data = client.get("/api/v1/posts", {"unit": org["office"].pk}).json()
    assert [p["title"] for p in data["items"]] == ["Kommunchef", "Biträdande kommunchef", "Ekonomichef"]
    tree = charts.chart_tree(org["office"], TODAY, show_posts=True)
    assert tree.posts[0].startswith("Kommunchef")
    assert any("Kommunchef" in line and "→" in line for line in tree.posts[1:])


# 7. Post documents with versions --------------------------------------------------------------------


def test_a_document_is_edited_in_versions_with_who_and_when(org, client):
    editor = UserFactory(username="redaktor", first_name="Rut", last_name="Redaktör")
    doc = services.post_document_add(
        post=org["chief"], actor=None, title="Instruktion för kommunchefen", body="Första lydelsen."
    )
    assert [v.number for v in doc.versions.all()] == [1]
    doc = services.post_document_update(
        document=doc, actor=editor, body="Andra lydelsen.", adopted_by=org["board"]
    )
    assert doc.version == 2
    versions = list(PostDocumentVersion.objects.filter(document=doc))
    assert [(v.number, v.body, v.saved_by_name) for v in versions] == [
        (2, "Andra lydelsen.", "Rut Redaktör"),
        (1, "Första lydelsen.", "system"),
    ]
    # A save that changes nothing makes no version.
    services.post_document_update(document=doc, actor=editor, body="Andra lydelsen.")
    assert PostDocumentVersion.objects.filter(document=doc).count() == 2
    assert AuditEvent.objects.filter(action="post.document.update").count() == 1
    with pytest.raises(ValidationError):
        services.post_document_update(document=doc, actor=editor, adopted_by=UnitFactory(board=True))

    page = client.get("/munkedal/enhet/klk/").content.decode()
    assert "Andra lydelsen." in page
    assert "Version 2" in page and "Första lydelsen." in page  # the earlier one, folded
    assert "Rut Redaktör" not in page  # who saved it is for staff


# The API ----------------------------------------------------------------------------------------------


def keyed(user: Any) -> dict[str, str]:
    _token, key = token_create(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_api_shows_the_new_facts(org, client: Client):
    services.membership_create(
        group=org["staff"], actor=None, role=MembershipRole.MEMBER, post=org["finance"]
    )
    inclusion = services.membership_create(
        group=org["team"], actor=None, role="member", member_group=org["staff"]
    )
    services.oversight_create(overseer=org["board"], overseen=org["committee"], actor=None)
    services.post_update(post=org["chief"], actor=None, employed_by=org["board"], deputy=org["deputy"])
    services.responsibility_add(
        unit=org["office"], actor=None, name="Folkhälsa", description="Text", sort_order=4
    )

    seat = client.get(f"/api/v1/memberships/{inclusion.pk}").json()
    assert (
        seat["member_group_id"] == org["staff"].pk and seat["is_member"] and seat["attendance"] == "regular"
    )
    team = client.get(f"/api/v1/units/{org['team'].pk}").json()
    assert [(m["post_id"], m["via_group_ids"]) for m in team["effective_members"]] == [
        (org["finance"].pk, [org["staff"].pk])
    ]
    board = client.get(f"/api/v1/units/{org['board'].pk}").json()
    assert [o["overseen_id"] for o in board["oversees"]] == [org["committee"].pk]
    committee = client.get(f"/api/v1/units/{org['committee'].pk}").json()
    assert [o["overseer_name"] for o in committee["overseen_by"]] == ["Kommunstyrelsen"]
    chief = client.get(f"/api/v1/posts/{org['chief'].pk}").json()
    assert chief["employed_by_id"] == org["board"].pk and chief["deputy_id"] == org["deputy"].pk
    listed = client.get("/api/v1/responsibilities", {"unit": org["office"].pk}).json()["items"]
    assert [(r["name"], r["description"], r["sort_order"]) for r in listed] == [("Folkhälsa", "Text", 4)]
    assert client.get("/api/v1/oversights", {"tenant": "munkedal"}).json()["count"] == 1


def test_the_api_writes_through_the_services_inside_the_tenant(org, client: Client):
    editor = TenantRoleFactory(tenant=org["tenant"], role=Role.EDITOR, user__username="redaktor").user
    headers = keyed(editor)
    response = client.post(
        "/api/v1/oversights",
        {"overseer_id": org["board"].pk, "overseen_id": org["company"].pk},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "company"
    foreign = UnitFactory(kind=UnitKind.COMMITTEE)
    response = client.post(
        "/api/v1/oversights",
        {"overseer_id": org["board"].pk, "overseen_id": foreign.pk},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["overseen_id"]  # as an id that does not exist
    assert not Oversight.objects.filter(overseen=foreign).exists()
    response = client.post(
        "/api/v1/memberships",
        {"group_id": org["team"].pk, "member_group_id": org["staff"].pk, "attendance": "when_needed"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    response = client.post(
        "/api/v1/memberships",
        {"group_id": org["staff"].pk, "member_group_id": org["team"].pk},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 400 and "member_group_id" in response.json()["errors"]
    response = client.patch(
        f"/api/v1/posts/{org['chief'].pk}",
        {"employed_by_id": org["board"].pk, "deputy_id": org["deputy"].pk},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200, response.content
    response = client.post(
        "/api/v1/responsibilities",
        {"unit_id": org["office"].pk, "name": "Turism", "sort_order": 1},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    again = client.post(
        "/api/v1/responsibilities",
        {"unit_id": org["office"].pk, "name": "Turism"},
        content_type="application/json",
        **headers,
    )
    assert again.status_code == 400 and "name" in again.json()["errors"]
    assert Post.objects.get(pk=org["chief"].pk).employed_by == org["board"]


def test_the_api_tells_a_protected_persons_seat_nothing(org, client: Client):
    hidden = PersonFactory(tenant=org["tenant"], protected=True)
    services.membership_create(group=org["staff"], actor=None, role="member", person=hidden)
    services.membership_create(group=org["team"], actor=None, role="member", member_group=org["staff"])
    team = client.get(f"/api/v1/units/{org['team'].pk}").json()
    assert team["effective_members"] == []


# Staff forms ------------------------------------------------------------------------------------------


@pytest.fixture
def staff_client(org):
    from tests.organisation.test_views_staff import FormClient

    editor = TenantRoleFactory(
        tenant=org["tenant"],
        role=Role.EDITOR,
        user__username="redaktor",
        user__first_name="Rut",
        user__password=None,
    ).user
    client = FormClient()
    client.force_login(editor)
    return client


def staff_url(name: str, org: dict[str, Any], **kwargs: Any) -> str:
    from django.urls import reverse

    return reverse(name, kwargs={"tenant": org["tenant"].slug, **kwargs})


def test_staff_record_and_end_the_boards_oversight(org, staff_client):
    board = org["board"]
    page = staff_client.get(staff_url("staff_unit", org, unit_id=board.pk)).content.decode()
    assert staff_url("staff_oversight_create", org, unit_id=board.pk) in page
    response = staff_client.post(
        staff_url("staff_oversight_create", org, unit_id=board.pk),
        {"overseen": org["company"].pk, "valid_from": "2020-01-01"},
    )
    assert response.status_code == 302, response.content.decode()
    oversight = Oversight.objects.get(overseer=board)
    assert (oversight.overseen, oversight.kind) == (org["company"], "company")
    # Another organisation's unit is not a choice.
    foreign = UnitFactory(kind=UnitKind.COMPANY)
    response = staff_client.post(
        staff_url("staff_oversight_create", org, unit_id=board.pk), {"overseen": foreign.pk}
    )
    assert response.status_code == 200 and Oversight.objects.count() == 1
    response = staff_client.post(
        staff_url("staff_oversight_end", org, oversight_id=oversight.pk), {"valid_to": "2024-12-31"}
    )
    assert response.status_code == 302
    assert Oversight.objects.get(pk=oversight.pk).valid_to == D(2024, 12, 31)
    assert AuditEvent.objects.filter(action="oversight.end", actor__username="redaktor").exists()


def test_staff_include_a_group_and_mark_a_secretary_as_member(org, staff_client):
    response = staff_client.post(
        staff_url("staff_membership_create", org, unit_id=org["team"].pk),
        {"member_group": org["staff"].pk, "role": "member", "sort_order": "0"},
    )
    assert response.status_code == 302, response.content.decode()
    response = staff_client.post(
        staff_url("staff_membership_create", org, unit_id=org["team"].pk),
        {
            "post": org["finance"].pk,
            "role": "secretary",
            "is_member": "1",
            "attendance": "regular",
            "sort_order": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert Membership.objects.get(group=org["team"], post=org["finance"]).is_member
    # Both a post and a group: refused, nothing written.
    response = staff_client.post(
        staff_url("staff_membership_create", org, unit_id=org["team"].pk),
        {"post": org["chief"].pk, "member_group": org["staff"].pk, "role": "member", "sort_order": "0"},
    )
    assert response.status_code == 200 and Membership.objects.filter(group=org["team"]).count() == 2
    # The circle back is refused with the service's words on the field.
    response = staff_client.post(
        staff_url("staff_membership_create", org, unit_id=org["staff"].pk),
        {"member_group": org["team"].pk, "role": "member", "sort_order": "0"},
    )
    assert "skulle ingå i sig själv" in response.content.decode()
    page = staff_client.get(staff_url("staff_unit", org, unit_id=org["team"].pk)).content.decode()
    assert "hela gruppen" in page and "även medlem" in page
    inclusion = Membership.objects.get(group=org["team"], member_group=org["staff"])
    response = staff_client.post(
        staff_url("staff_membership_end", org, membership_id=inclusion.pk), {"valid_to": "2030-01-01"}
    )
    assert response.status_code == 302


def test_staff_edit_a_post_document_in_versions(org, staff_client, client):
    doc = services.post_document_add(post=org["chief"], actor=None, title="Instruktion", body="Första.")
    post_page = staff_client.get(staff_url("staff_post", org, post_id=org["chief"].pk)).content.decode()
    assert staff_url("staff_post_document", org, document_id=doc.pk) in post_page
    response = staff_client.post(
        staff_url("staff_post_document", org, document_id=doc.pk),
        {"title": "Instruktion", "body": "Andra.", "adopted_by": org["board"].pk, "adopted_on": "2024-05-01"},
    )
    assert response.status_code == 302, response.content.decode()
    response = staff_client.post(
        staff_url("staff_post_document", org, document_id=doc.pk),
        {
            "title": "Instruktion",
            "body": "Tredje.",
            "adopted_by": org["board"].pk,
            "adopted_on": "2024-06-01",
        },
    )
    assert response.status_code == 302, response.content.decode()
    page = staff_client.get(staff_url("staff_post_document", org, document_id=doc.pk)).content.decode()
    versions = page[page.index("<tbody>") :]
    # Every version with who saved it: the first by the system, the later ones by the editor
    # (shown by her first name).
    assert "Första." in versions and "Andra." in versions and "Tredje." in versions
    assert "system" in versions and "Rut" in versions
    public = client.get("/munkedal/enhet/klk/").content.decode()
    assert "Tredje." in public and "Andra." in public and "redaktor" not in public
    response = staff_client.post(
        staff_url("staff_post_document_create", org, post_id=org["chief"].pk),
        {"title": "Delegation", "body": "Text."},
    )
    assert response.status_code == 302
    assert [d.version for d in org["chief"].documents.order_by("id")] == [3, 1]


def test_staff_edit_a_responsibility_and_set_a_posts_employer_and_deputy(org, staff_client):
    responsibility = services.responsibility_add(unit=org["office"], actor=None, name="Folkhälsa")
    response = staff_client.post(
        staff_url("staff_responsibility_update", org, responsibility_id=responsibility.pk),
        {"name": "Folkhälsa", "description": "Rådet.", "sort_order": "3"},
    )
    assert response.status_code == 302, response.content.decode()
    responsibility.refresh_from_db()
    assert (responsibility.description, responsibility.sort_order) == ("Rådet.", 3)
    chief = org["chief"]
    response = staff_client.post(
        staff_url("staff_post", org, post_id=chief.pk),
        {
            "title": chief.title,
            "unit": chief.unit_id,
            "single_holder": "on",
            "sort_order": "1",
            "employed_by": org["board"].pk,
            "deputy": org["deputy"].pk,
        },
    )
    assert response.status_code == 302, response.content.decode()
    chief.refresh_from_db()
    assert (chief.employed_by, chief.deputy) == (org["board"], org["deputy"])


def test_a_dissolved_body_is_no_longer_overseen_nor_included(org):
    services.membership_create(group=org["team"], actor=None, role="member", member_group=org["staff"])
    services.oversight_create(overseer=org["board"], overseen=org["committee"], actor=None)
    services.reorganisation_dissolve(
        unit=org["staff"], actor=None, effective_date=D(2030, 1, 1), title="Staben avvecklas"
    )
    services.reorganisation_dissolve(
        unit=org["committee"], actor=None, effective_date=D(2030, 1, 1), title="Nämnden avvecklas"
    )
    assert Membership.objects.get(member_group=org["staff"]).valid_to == D(2029, 12, 31)
    assert Oversight.objects.get(overseen=org["committee"]).valid_to == D(2029, 12, 31)


# Writers at once ------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_editors_at_once_never_make_groups_include_each_other_nor_record_oversight_twice():
    from tests.organisation.test_concurrency import assert_every_answer_is_2xx_or_4xx, at_once, send

    tenant = TenantFactory(slug="samtidiga", name="Samtidiga kommun")
    editor = TenantRoleFactory(tenant=tenant, role=Role.EDITOR, user__username="redaktor").user
    headers = keyed(editor)
    a, b = (UnitFactory(tenant=tenant, kind=UnitKind.MANAGEMENT_TEAM) for _ in range(2))
    board = UnitFactory(tenant=tenant, board=True, slug="ks")
    company = UnitFactory(tenant=tenant, kind=UnitKind.COMPANY, slug="bolaget")
    calls = [
        send("post", "/api/v1/memberships", {"group_id": outer.pk, "member_group_id": inner.pk}, headers)
        for outer, inner in [(a, b), (b, a)] * 8
    ] + [
        send("post", "/api/v1/oversights", {"overseer_id": board.pk, "overseen_id": company.pk}, headers)
        for _ in range(16)
    ]
    statuses = at_once(calls)
    assert_every_answer_is_2xx_or_4xx(statuses)
    directions = {
        (m.group_id, m.member_group_id) for m in Membership.objects.filter(member_group__isnull=False)
    }
    assert len(directions) == 1  # one way round, never both
    assert Membership.objects.filter(member_group__isnull=False).count() == 1  # and once
    assert Oversight.objects.filter(overseer=board, overseen=company).count() == 1
    assert AuditEvent.objects.filter(action="oversight.create").count() == 2  # board's and company's pages


def test_the_group_page_names_the_included_group_with_its_members_under_it(org, client):
    services.membership_create(group=org["staff"], actor=None, role=MembershipRole.CHAIR, post=org["finance"])
    services.membership_create(group=org["staff"], actor=None, role=MembershipRole.MEMBER, post=org["deputy"])
    services.membership_create(group=org["team"], actor=None, role=MembershipRole.CHAIR, post=org["chief"])
    services.membership_create(
        group=org["team"], actor=None, role=MembershipRole.MEMBER, member_group=org["staff"]
    )
    page = client.get("/munkedal/enhet/klg/").content.decode()
    included = page[page.index('class="card included-group"') :]
    assert 'href="/munkedal/enhet/staben/"' in included
    assert "2 medlemmar genom Staben" in included
    # The staff's own chair keeps the role under the group; the head of finance is listed once.
    assert "Ekonomichef" in included and "Ordförande" in included and "Biträdande kommunchef" in included
    assert page.count("Bo Al") == 1
