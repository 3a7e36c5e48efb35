"""Staff editing that matches the work (issue 8, item 6): a merger that carries posts and their
holders over, a new unit that starts on a date, appointment errors on their field with the
post's dates, contact points edited, parties added, a person added from the appointment form,
and unit choices offered as the tree. Services for the rules, views for what a person sees."""

import datetime as dt
import json
import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from radhus.core.models import AuditEvent, Role
from radhus.core.once import TOKEN_FIELD
from radhus.core.selectors import today
from radhus.core.tokens import token_create
from radhus.organisation import selectors, services
from radhus.organisation.models import (
    Appointment,
    MembershipRole,
    Party,
    Person,
    Post,
    Unit,
    UnitKind,
)
from tests.factories import (
    ContactPointFactory,
    PartyFactory,
    PersonFactory,
    PostFactory,
    TenantFactory,
    TenantRoleFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def tenant():
    return TenantFactory(name="Hässleholms kommun", slug="hassleholm")


@pytest.fixture
def editor(tenant):
    return TenantRoleFactory(
        tenant=tenant, role=Role.EDITOR, user__username="redaktor", user__password=None
    ).user


class FormClient(Client):
    """Sends the once-only token each staff form renders, a fresh one per POST unless given."""

    def post(self, path, data=None, **kwargs):
        if isinstance(data, dict) and TOKEN_FIELD not in data:
            data = {**data, TOKEN_FIELD: str(uuid.uuid4())}
        return super().post(path, data, **kwargs)


@pytest.fixture
def client(editor):
    client = FormClient()
    client.force_login(editor)
    return client


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"tenant": tenant.slug, **kwargs})


def text(response):
    return response.content.decode()


@pytest.fixture
def hassleholm(tenant, editor):
    """Hässleholm before 2009 (S1.2): KS with three offices, their heads, a head of finance
    who reports to the municipal chief, a personnel head with an acting stand-in, and the
    chief's management group in which the head of finance sits by post."""
    ks = services.unit_create(
        tenant=tenant, actor=editor, kind=UnitKind.EXECUTIVE_BOARD, name="Kommunstyrelsen"
    )
    klk, eko, pers = (
        services.unit_create(
            tenant=tenant, actor=editor, kind=kind, name=name, parent=ks, valid_from=D(2000, 1, 1)
        )
        for kind, name in [
            (UnitKind.EXECUTIVE_OFFICE, "Kommunledningskontoret"),
            (UnitKind.ADMINISTRATION, "Ekonomikontoret"),
            (UnitKind.ADMINISTRATION, "Personalkontoret"),
        ]
    )
    budget = services.unit_create(
        tenant=tenant, actor=editor, kind=UnitKind.UNIT, name="Budgetenheten", parent=eko
    )
    chief = services.post_create(unit=klk, actor=editor, title="Kommunchef", valid_from=D(2000, 1, 1))
    finance = services.post_create(
        unit=eko, actor=editor, title="Ekonomichef", reports_to=chief, valid_from=D(2000, 1, 1)
    )
    hr = services.post_create(unit=pers, actor=editor, title="Personalchef", valid_from=D(2000, 1, 1))
    analyst = services.post_create(unit=budget, actor=editor, title="Budgetanalytiker", single_holder=False)
    people = {
        name: PersonFactory(tenant=tenant, first_name=name.split()[0], last_name=name.split()[1])
        for name in ["Lars Nilsson", "Eva Ek", "Per Holm", "Åsa Vik", "Kim Berg", "Ola Gammal"]
    }
    services.appointment_create(
        post=chief, person=people["Lars Nilsson"], actor=editor, valid_from=D(2004, 1, 1)
    )
    services.appointment_create(
        post=finance,
        person=people["Ola Gammal"],
        actor=editor,
        valid_from=D(2001, 1, 1),
        valid_to=D(2005, 12, 31),
    )
    services.appointment_create(
        post=finance, person=people["Eva Ek"], actor=editor, valid_from=D(2006, 1, 1), valid_to=D(2010, 6, 30)
    )
    services.appointment_create(post=hr, person=people["Per Holm"], actor=editor, valid_from=D(2003, 1, 1))
    services.appointment_create(
        post=hr, person=people["Åsa Vik"], actor=editor, valid_from=D(2008, 9, 1), acting=True
    )
    services.appointment_create(
        post=analyst, person=people["Kim Berg"], actor=editor, valid_from=D(2007, 1, 1)
    )
    team = services.unit_create(
        tenant=tenant,
        actor=editor,
        kind=UnitKind.MANAGEMENT_TEAM,
        name="Kommunchefens ledningsgrupp",
        parent=ks,
    )
    services.membership_create(
        group=team, actor=editor, role=MembershipRole.MEMBER, post=finance, valid_from=D(2006, 1, 1)
    )
    services.contact_point_add(owner=finance, actor=editor, kind="phone", value="0451-26 70 00")
    return {
        "ks": ks,
        "offices": [klk, eko, pers],
        "budget": budget,
        "chief": chief,
        "finance": finance,
        "hr": hr,
        "analyst": analyst,
        "team": team,
        "people": people,
    }


def merge(h, editor, carry_over=(), **extra):
    return services.reorganisation_merge(
        sources=h["offices"],
        actor=editor,
        effective_date=D(2009, 1, 1),
        title="Nytt kommunledningskontor",
        result={"kind": UnitKind.EXECUTIVE_OFFICE, "name": "Kommunledningskontoret", "parent": h["ks"]},
        carry_over=list(carry_over),
        decided_by=h["ks"],
        decision_date=D(2008, 10, 27),
        **extra,
    )


def holder_names(post, on):
    return sorted(a.person.name for a in selectors.holders_on(post, on))


# The merger ---------------------------------------------------------------------------------


def test_the_posts_a_merger_affects_are_listed_with_their_holders_on_the_day_before(tenant, hassleholm):
    h = hassleholm
    affected = services.merger_affected_posts(h["offices"], D(2009, 1, 1))

    assert [(p.unit.name, p.title) for p in affected] == [
        ("Budgetenheten", "Budgetanalytiker"),
        ("Ekonomikontoret", "Ekonomichef"),
        ("Kommunledningskontoret", "Kommunchef"),
        ("Personalkontoret", "Personalchef"),
    ]
    # Ola Gammal left in 2005: not affected. The acting holder is listed after the holder.
    assert {p.title: [a.person.name for a in p.holders] for p in affected} == {
        "Budgetanalytiker": ["Kim Berg"],
        "Ekonomichef": ["Eva Ek"],
        "Kommunchef": ["Lars Nilsson"],
        "Personalchef": ["Per Holm", "Åsa Vik"],
    }


def test_hassleholm_merger_carries_the_chief_and_the_head_of_finance_over(tenant, editor, hassleholm):
    """S1.2: three offices become one kommunledningskontor from 2009-01-01; the chief and the
    head of finance keep their posts in the new office, the personnel head's post ends."""
    h = hassleholm
    reorganisation, new = merge(h, editor, carry_over=[h["chief"], h["finance"]])

    before, after = D(2008, 12, 31), D(2009, 1, 1)
    tree_before = selectors.tree_as_of(tenant, before)
    tree_after = selectors.tree_as_of(tenant, after)
    ks_before = selectors.find_node(tree_before, h["ks"].pk)
    ks_after = selectors.find_node(tree_after, h["ks"].pk)
    assert [n.unit.name for n in ks_before.children] == [
        "Ekonomikontoret",
        "Kommunchefens ledningsgrupp",
        "Kommunledningskontoret",
        "Personalkontoret",
    ]
    assert [n.unit.pk for n in ks_after.children if n.unit.kind != UnitKind.MANAGEMENT_TEAM] == [new.pk]

    # The day before: the old posts with their holders, in the old offices.
    assert holder_names(h["chief"], before) == ["Lars Nilsson"]
    assert holder_names(h["finance"], before) == ["Eva Ek"]
    assert holder_names(h["hr"], before) == ["Per Holm", "Åsa Vik"]
    # The day of the merger: the old posts have ended; two continue in the new office.
    for post in ("chief", "finance", "hr", "analyst"):
        h[post].refresh_from_db()
        assert h[post].valid_to == before and holder_names(h[post], after) == []
    carried = {p.title: p for p in Post.objects.filter(unit=new)}
    assert set(carried) == {"Kommunchef", "Ekonomichef"}
    assert all(p.valid_from == after and p.valid_to is None for p in carried.values())
    assert holder_names(carried["Kommunchef"], after) == ["Lars Nilsson"]
    assert holder_names(carried["Ekonomichef"], after) == ["Eva Ek"]
    # A holder keeps her own end; the line of command follows the posts.
    assert Appointment.objects.get(post=carried["Ekonomichef"]).valid_to == D(2010, 6, 30)
    assert carried["Ekonomichef"].reports_to == carried["Kommunchef"]
    # The head of finance still sits in the management group, by the post's continuation.
    seats = selectors.members_on(h["team"], after)
    assert [(s.post.pk, s.person.name) for s in seats] == [(carried["Ekonomichef"].pk, "Eva Ek")]
    assert [(s.post.pk, s.person.name) for s in selectors.members_on(h["team"], before)] == [
        (h["finance"].pk, "Eva Ek")
    ]
    # Its number goes with it; the old post keeps its own for the years before.
    assert [c.value for c in carried["Ekonomichef"].contact_points.all()] == ["+46451267000"]
    assert [c.value for c in h["finance"].contact_points.all()] == ["+46451267000"]
    # Audited: what was carried over and what ended, each with its holders.
    events = {e.action: [] for e in AuditEvent.objects.filter(tenant=tenant)}
    for e in AuditEvent.objects.filter(tenant=tenant, action__in=["post.carry_over", "post.end"]):
        events[e.action].append(e.summary)
    assert sorted(events["post.carry_over"]) == [
        "”Ekonomichef” fortsätter i ”Kommunledningskontoret” från och med 2009-01-01, med Eva Ek som innehavare.",
        "”Kommunchef” fortsätter i ”Kommunledningskontoret” från och med 2009-01-01, med Lars Nilsson som innehavare.",
    ]
    assert sorted(events["post.end"]) == [
        "”Budgetanalytiker” upphör efter 2008-12-31 med sammanslagningen; innehavare: Kim Berg.",
        "”Personalchef” upphör efter 2008-12-31 med sammanslagningen; innehavare: Per Holm, Åsa Vik.",
    ]
    assert all(e.actor == editor for e in AuditEvent.objects.filter(action="post.carry_over"))
    assert set(reorganisation.units.all()) == {*h["offices"], new}


def test_a_merger_without_carry_over_ends_every_post_as_before(tenant, editor, hassleholm):
    h = hassleholm
    _reorganisation, new = merge(h, editor)

    assert not Post.objects.filter(unit=new).exists()
    assert not Appointment.objects.filter(valid_to__isnull=True, post__unit__in=h["offices"]).exists()


def test_a_post_of_a_sub_unit_can_be_carried_over_to_the_new_unit(tenant, editor, hassleholm):
    h = hassleholm
    _reorganisation, new = merge(h, editor, carry_over=[h["analyst"]])

    (carried,) = Post.objects.filter(unit=new)
    assert carried.title == "Budgetanalytiker" and not carried.single_holder
    assert holder_names(carried, D(2009, 1, 1)) == ["Kim Berg"]


def test_a_second_merger_of_the_same_units_is_refused_not_recorded_twice(tenant, editor, hassleholm):
    """Two editors send the same merger at once: under the lock the second finds the offices
    ended and is refused, so there is one new office, not two."""
    h = hassleholm
    merge(h, editor, carry_over=[h["chief"]])

    with pytest.raises(ValidationError) as exc:
        merge(h, editor, carry_over=[h["chief"]])

    assert "”Kommunledningskontoret” har redan upphört (2008-12-31)." in exc.value.messages
    assert Unit.objects.filter(valid_from=D(2009, 1, 1)).count() == 1


def test_a_post_outside_the_merger_cannot_be_carried_over(tenant, editor, hassleholm):
    h = hassleholm
    elsewhere = services.post_create(unit=h["ks"], actor=editor, title="Kommunstyrelsens ordförande")

    with pytest.raises(ValidationError) as exc:
        merge(h, editor, carry_over=[h["chief"], elsewhere])

    assert exc.value.message_dict == {
        "carry_over": [
            "”Kommunstyrelsens ordförande” är inte en befattning i de enheter som slås samman 2009-01-01."
        ]
    }
    h["chief"].refresh_from_db()
    assert h["chief"].valid_to is None  # nothing was written


def test_a_post_ended_before_the_merger_cannot_be_carried_over(tenant, editor, hassleholm):
    h = hassleholm
    old = services.post_create(
        unit=h["offices"][1], actor=editor, title="Kamrer", valid_from=D(2000, 1, 1), valid_to=D(2004, 12, 31)
    )

    with pytest.raises(ValidationError) as exc:
        merge(h, editor, carry_over=[old])

    assert list(exc.value.message_dict) == ["carry_over"]


def test_a_post_is_carried_over_once(tenant, editor, hassleholm):
    h = hassleholm
    with pytest.raises(ValidationError) as exc:
        merge(h, editor, carry_over=[h["chief"], h["chief"]])

    assert exc.value.message_dict == {"carry_over": ["Varje befattning får bara anges en gång."]}


def test_the_merger_form_lists_who_is_affected_and_carries_the_ticked_posts_over(client, tenant, hassleholm):
    h = hassleholm
    data = {
        "sources": [u.pk for u in h["offices"]],
        "title": "Nytt kommunledningskontor",
        "effective_date": "2009-01-01",
        "name": "Kommunledningskontoret",
        "kind": UnitKind.EXECUTIVE_OFFICE,
        "parent": h["ks"].pk,
    }
    # The list as htmx fetches it when the units or the date change.
    fragment = client.get(
        url("staff_merge_affected", tenant), {"sources": data["sources"], "effective_date": "2009-01-01"}
    )
    page = text(fragment)
    assert "Befattningar och innehavare 2008-12-31" in page
    assert re.search(r"Personalchef.*Per Holm; Åsa Vik \(vikarierande \(vik\.\)\)", page, re.S)
    assert "Eva Ek till och med 2010-06-30" in page
    assert "Ola Gammal" not in page
    # Without scripts, “show” sends the form by GET and gets it back filled in, with the list.
    shown = text(client.get(url("staff_merge", tenant), {**data, "carry_over": [h["chief"].pk]}))
    assert 'value="Kommunledningskontoret"' in shown
    assert re.search(rf'name="carry_over" value="{h["chief"].pk}"[^>]*checked', shown)
    assert (
        f'value="{h["finance"].pk}" id="carry-over-{h["finance"].pk}" aria-describedby="carry-over-help">'
        in shown
    )

    response = client.post(url("staff_merge", tenant), {**data, "carry_over": [h["chief"].pk]}, follow=True)

    assert response.status_code == 200
    new = Unit.objects.get(name="Kommunledningskontoret", valid_from=D(2009, 1, 1))
    assert [p.title for p in Post.objects.filter(unit=new)] == ["Kommunchef"]
    assert holder_names(Post.objects.get(unit=new), D(2009, 1, 1)) == ["Lars Nilsson"]


def test_the_merger_form_shows_a_refused_carry_over_on_the_list(client, tenant, editor, hassleholm):
    h = hassleholm
    elsewhere = services.post_create(unit=h["ks"], actor=editor, title="Ordförande")
    response = client.post(
        url("staff_merge", tenant),
        {
            "sources": [u.pk for u in h["offices"]],
            "title": "Nytt kontor",
            "effective_date": "2009-01-01",
            "name": "Kommunledningskontoret",
            "kind": UnitKind.EXECUTIVE_OFFICE,
            "carry_over": [elsewhere.pk],
        },
    )

    assert response.status_code == 200
    assert "”Ordförande” är inte en befattning i de enheter som slås samman 2009-01-01." in text(response)
    assert not Unit.objects.filter(valid_from=D(2009, 1, 1)).exists()


def keyed(user):
    _token, key = token_create(user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_api_carries_posts_over_and_refuses_a_stranger_on_its_field(tenant, editor, hassleholm):
    h = hassleholm
    other = PostFactory(unit__tenant=TenantFactory(slug="munkedal"), title="Kommunchef")
    body = {
        "kind": "merge",
        "unit_ids": [u.pk for u in h["offices"]],
        "effective_date": "2009-01-01",
        "title": "Nytt kommunledningskontor",
        "result": {"name": "Kommunledningskontoret", "kind": "executive_office"},
        "parent_id": h["ks"].pk,
    }
    api = Client()

    refused = api.post(
        "/api/v1/reorganisations",
        json.dumps({**body, "carry_over_post_ids": [h["chief"].pk, other.pk]}),
        content_type="application/json",
        **keyed(editor),
    )
    assert refused.status_code == 400
    assert list(refused.json()["errors"]) == ["carry_over_post_ids"]
    missing = api.post(
        "/api/v1/reorganisations",
        json.dumps({**body, "carry_over_post_ids": [h["chief"].pk, 2**62]}),
        content_type="application/json",
        **keyed(editor),
    )
    assert missing.json()["errors"] == refused.json()["errors"]  # another's post is as missing
    assert not Unit.objects.filter(valid_from=D(2009, 1, 1)).exists()

    done = api.post(
        "/api/v1/reorganisations",
        json.dumps({**body, "carry_over_post_ids": [h["finance"].pk]}),
        content_type="application/json",
        **keyed(editor),
    )
    assert done.status_code == 201, done.json()
    new = Unit.objects.get(valid_from=D(2009, 1, 1))
    assert holder_names(Post.objects.get(unit=new), D(2009, 1, 1)) == ["Eva Ek"]


# A new unit starts on a date ------------------------------------------------------------------


def test_a_new_unit_without_a_start_date_starts_today_in_the_form(client, tenant):
    response = client.get(url("staff_unit_create", tenant))
    assert f'name="valid_from" value="{today().isoformat()}"' in text(response)

    client.post(
        url("staff_unit_create", tenant),
        {"name": "Ny enhet", "kind": UnitKind.UNIT, "valid_from": "", "sort_order": 0},
    )

    unit = Unit.objects.get(name="Ny enhet")
    assert unit.valid_from == today()
    assert [n.unit.name for n in selectors.tree_as_of(tenant, D(1990, 1, 1))] == []


def test_a_new_unit_without_a_start_date_starts_today_in_the_api(tenant, editor):
    response = Client().post(
        "/api/v1/units",
        json.dumps({"tenant": tenant.slug, "kind": "unit", "name": "Ny enhet"}),
        content_type="application/json",
        **keyed(editor),
    )

    assert response.status_code == 201, response.json()
    assert Unit.objects.get(name="Ny enhet").valid_from == today()
    assert response.json()["valid_from"] == today().isoformat()


# Appointment errors -------------------------------------------------------------------------


@pytest.fixture
def dated_post(tenant):
    return PostFactory(
        unit__tenant=tenant, title="Biträdande kommunchef", valid_from=D(2009, 1, 1), valid_to=D(2014, 12, 31)
    )


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "field"),
    [
        (D(2008, 6, 1), None, "valid_from"),
        (D(2010, 1, 1), D(2015, 6, 30), "valid_to"),
        (D(2010, 1, 1), None, "valid_to"),
    ],
)
def test_an_appointment_outside_its_post_is_refused_on_the_end_it_breaks(
    editor, dated_post, valid_from, valid_to, field
):
    person = PersonFactory(tenant=dated_post.tenant)
    with pytest.raises(ValidationError) as exc:
        services.appointment_create(
            post=dated_post, person=person, actor=editor, valid_from=valid_from, valid_to=valid_to
        )

    assert exc.value.message_dict == {
        field: ["Tillsättningen måste ligga inom befattningens period 2009-01-01–2014-12-31."]
    }


def test_the_appointment_form_shows_the_posts_dates_on_the_start_field(client, tenant, dated_post):
    person = PersonFactory(tenant=tenant)
    response = client.post(
        url("staff_appointment_create", tenant, post_id=dated_post.pk),
        {"person": person.pk, "valid_from": "2008-06-01"},
    )

    page = text(response)
    assert (
        'href="#id_valid_from">Från och med: Tillsättningen måste ligga inom befattningens period 2009-01-01–2014-12-31.'
        in page
    )
    assert not Appointment.objects.exists()


def test_the_api_names_the_same_field_and_dates(tenant, editor, dated_post):
    person = PersonFactory(tenant=tenant)
    response = Client().post(
        "/api/v1/appointments",
        json.dumps({"post_id": dated_post.pk, "person_id": person.pk, "valid_from": "2014-01-01"}),
        content_type="application/json",
        **keyed(editor),
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "valid_to": ["Tillsättningen måste ligga inom befattningens period 2009-01-01–2014-12-31."]
    }


def test_a_post_shortened_past_its_holder_names_its_new_period(editor, dated_post):
    services.appointment_create(
        post=dated_post,
        person=PersonFactory(tenant=dated_post.tenant),
        actor=editor,
        valid_from=D(2009, 1, 1),
        valid_to=D(2014, 12, 31),
    )
    with pytest.raises(ValidationError) as exc:
        services.post_update(post=dated_post, actor=editor, valid_from=D(2010, 1, 1))

    assert exc.value.message_dict == {
        "valid_from": ["Tillsättningen måste ligga inom befattningens period 2010-01-01–2014-12-31."]
    }


# Contact points -----------------------------------------------------------------------------


def test_a_contact_point_is_edited_checked_and_audited(tenant, editor):
    unit = UnitFactory(tenant=tenant)
    point = ContactPointFactory(unit=unit, kind="phone", value="+4645126700")

    services.contact_point_update(point=point, actor=editor, value="0451-26 80 00", label="Växel")

    point.refresh_from_db()
    assert (point.value, point.label) == ("+46451268000", "Växel")
    event = AuditEvent.objects.filter(action="contact.update").get()
    assert event.changes["value"] == ["+4645126700", "+46451268000"] and event.actor == editor
    with pytest.raises(ValidationError) as exc:
        services.contact_point_update(point=point, actor=editor, kind="email", value="inte en adress")
    assert list(exc.value.message_dict) == ["value"]


def test_the_contact_point_form_edits_a_number(client, tenant):
    post = PostFactory(unit__tenant=tenant)
    point = ContactPointFactory(post=post, kind="phone", value="+4645126700")
    page = text(client.get(url("staff_post", tenant, post_id=post.pk)))
    edit = url("staff_contact_update", tenant, contact_id=point.pk)
    assert f'href="{edit}"' in page
    assert 'value="0451-267 00"' in text(client.get(edit))

    bad = client.post(edit, {"kind": "phone", "value": "12", "label": "", "sort_order": 0, "is_public": "on"})
    assert "är inte ett giltigt telefonnummer" in text(bad)

    client.post(edit, {"kind": "mobile", "value": "070-123 45 67", "label": "Mobil", "sort_order": 0})

    point.refresh_from_db()
    assert (point.kind, point.value, point.label, point.is_public) == (
        "mobile",
        "+46701234567",
        "Mobil",
        False,
    )


def test_another_organisations_contact_point_cannot_be_edited(client, tenant):
    point = ContactPointFactory(unit=UnitFactory(tenant=TenantFactory(slug="munkedal")))

    assert client.get(url("staff_contact_update", tenant, contact_id=point.pk)).status_code == 404
    assert client.get(url("staff_contact_update", tenant, contact_id=2**63)).status_code == 404


# Parties ------------------------------------------------------------------------------------


def test_a_party_is_added_by_the_form_and_offered_to_people(client, tenant, editor):
    response = client.post(
        url("staff_party_create", tenant), {"abbreviation": "SD", "name": "Sverigedemokraterna"}
    )

    party = Party.objects.get(abbreviation="SD")
    assert response.status_code == 302
    assert AuditEvent.objects.get(action="party.create").actor == editor
    assert f'<option value="{party.pk}">Sverigedemokraterna (SD)</option>' in text(
        client.get(url("staff_person_create", tenant))
    )


def test_a_party_abbreviation_is_taken_once(client, tenant, editor):
    PartyFactory(abbreviation="S", name="Socialdemokraterna")

    response = client.post(url("staff_party_create", tenant), {"abbreviation": "S", "name": "Annat"})

    assert response.status_code == 200
    assert Party.objects.count() == 1
    with pytest.raises(ValidationError) as exc:
        services.party_create(tenant=tenant, actor=editor, abbreviation="S", name="Annat")
    assert list(exc.value.message_dict) == ["abbreviation"]


# A new person from the appointment form --------------------------------------------------------


def test_a_new_person_is_added_with_the_appointment_once_even_if_sent_twice(client, tenant, editor):
    post = PostFactory(unit__tenant=tenant, title="Biträdande kommunchef")
    party = PartyFactory(abbreviation="C", name="Centerpartiet")
    data = {
        "new_first_name": "Anna",
        "new_last_name": "Lund",
        "new_party": party.pk,
        "new_is_public": "on",
        "valid_from": "2009-01-01",
        TOKEN_FIELD: str(uuid.uuid4()),
    }
    path = url("staff_appointment_create", tenant, post_id=post.pk)

    first, second = client.post(path, data), client.post(path, data)

    assert first.status_code == second.status_code == 302 and first.url == second.url
    person = Person.objects.get()
    assert (person.name_with_party, person.is_public, person.tenant) == ("Anna Lund (C)", True, tenant)
    appointment = Appointment.objects.get()
    assert (appointment.person, appointment.post, appointment.valid_from) == (person, post, D(2009, 1, 1))
    assert sorted(AuditEvent.objects.values_list("action", flat=True)) == [
        "appointment.create",
        "person.create",
    ]


def test_a_refused_appointment_adds_no_person(client, tenant, dated_post):
    response = client.post(
        url("staff_appointment_create", tenant, post_id=dated_post.pk),
        {"new_first_name": "Anna", "new_last_name": "Lund", "valid_from": "2020-01-01"},
    )

    assert "Tillsättningen måste ligga inom befattningens period 2009-01-01–2014-12-31." in text(response)
    assert not Person.objects.exists() and not Appointment.objects.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "person", "Välj en person, eller ange namnet på en ny person."),
        (
            {"person": "PERSON", "new_last_name": "Lund"},
            "person",
            "Välj en person eller ange en ny persons namn, inte båda.",
        ),
        ({"new_first_name": "Anna"}, "new_last_name", "Ange både för- och efternamn på den nya personen."),
    ],
)
def test_the_appointment_form_asks_for_one_person(client, tenant, data, field, message):
    post = PostFactory(unit__tenant=tenant)
    existing = PersonFactory(tenant=tenant)
    data = {k: existing.pk if v == "PERSON" else v for k, v in data.items()}

    response = client.post(
        url("staff_appointment_create", tenant, post_id=post.pk), {**data, "valid_from": "2020-01-01"}
    )

    assert response.status_code == 200
    assert f'href="#id_{field}">' in text(response) and message in text(response)
    assert Person.objects.count() == 1 and not Appointment.objects.exists()


# Unit choices as a tree ----------------------------------------------------------------------


def options(page, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return [
        label.replace("\xa0", "_").replace("&nbsp;", "_")
        for label in re.findall(r"<option[^>]*>(.*?)</option>", select)
    ]


def test_parent_choices_are_the_tree_indented_in_swedish_order(client, tenant, editor):
    ks = UnitFactory(tenant=tenant, board=True)
    kf = UnitFactory(tenant=tenant, kind=UnitKind.COUNCIL, name="Kommunfullmäktige")
    for name in ["Överförmyndarnämnden", "Äldrenämnden", "Barn- och utbildningsnämnden"]:
        UnitFactory(tenant=tenant, kind=UnitKind.COMMITTEE, name=name, parent=kf)
    office = UnitFactory(
        tenant=tenant, kind=UnitKind.EXECUTIVE_OFFICE, name="Kommunledningskontoret", parent=ks
    )
    UnitFactory(tenant=tenant, name="Ekonomiavdelningen", parent=office)
    UnitFactory(tenant=tenant, name="Arkivet", parent=office)

    labels = options(text(client.get(url("staff_unit_create", tenant))), "parent")

    assert labels == [
        "– (högsta nivån)",
        "Kommunfullmäktige",
        "____Barn- och utbildningsnämnden",
        "____Äldrenämnden",
        "____Överförmyndarnämnden",
        "Kommunstyrelsen (KS)",
        "____Kommunledningskontoret",
        "________Arkivet",
        "________Ekonomiavdelningen",
    ]


def test_decided_by_choices_are_the_tree_on_the_effective_date(client, tenant, editor):
    """A unit moved in 2010 is offered where it was on a 2009 effective date, under the name
    it had then; a unit that had not started yet comes last."""
    ks = UnitFactory(tenant=tenant, board=True, valid_from=D(2000, 1, 1))
    kf = UnitFactory(tenant=tenant, kind=UnitKind.COUNCIL, name="Kommunfullmäktige", valid_from=D(2000, 1, 1))
    audit = UnitFactory(
        tenant=tenant, kind=UnitKind.COMMITTEE, name="Revisionen", parent=kf, valid_from=D(2000, 1, 1)
    )
    services.reorganisation_move(
        unit=audit, actor=editor, effective_date=D(2010, 1, 1), parent=ks, title="Flytt"
    )
    services.reorganisation_rename(unit=audit, actor=editor, effective_date=D(2011, 1, 1), name="Revisorerna")
    UnitFactory(tenant=tenant, name="Ny nämnd", kind=UnitKind.COMMITTEE, valid_from=D(2020, 1, 1))
    unit = UnitFactory(tenant=tenant, name="Avdelningen", parent=ks, valid_from=D(2000, 1, 1))

    path = url("staff_rename", tenant, unit_id=unit.pk)
    page = text(client.post(path, {"name": "", "effective_date": "2009-06-01", "title": ""}))
    then = options(page, "decided_by")
    now = options(text(client.get(path)), "decided_by")

    assert then == [
        "– ingen –",
        "Kommunfullmäktige",
        "____Revisionen",
        "Kommunstyrelsen (KS)",
        "____Avdelningen",
        "Ny nämnd",
    ]
    assert now == [
        "– ingen –",
        "Kommunfullmäktige",
        "Kommunstyrelsen (KS)",
        "____Avdelningen",
        "____Revisorerna",
        "Ny nämnd",
    ]
