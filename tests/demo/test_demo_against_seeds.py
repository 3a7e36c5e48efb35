"""The demo data checked against the five seed pages (../shared/seeds/), fact by fact, through
the selectors that the public pages use. Each test names the requirement it checks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.utils import timezone

from radhus.core.access import role_in
from radhus.core.audit import history_of
from radhus.core.models import AuditEvent, Role, SiteNotice, Tenant, TenantRole
from radhus.core.selectors import notices_for, today
from radhus.demo.loader import DEMO_SLUGS
from radhus.organisation import selectors, services
from radhus.organisation.models import (
    Appointment,
    ContactKind,
    ContactPoint,
    Membership,
    MembershipRole,
    Person,
    Post,
    Reorganisation,
    Responsibility,
    Unit,
    UnitKind,
)
from tests.demo.conftest import load

pytestmark = pytest.mark.django_db

BEFORE = dt.date(2008, 12, 31)  # Hässleholm, the last day of the three old offices
AFTER = dt.date(2009, 1, 1)  # the new office's first day


def tenant(slug: str) -> Tenant:
    return Tenant.objects.get(slug=slug)


def node(slug: str, name: str, on: dt.date, kind: str | None = None) -> Unit:
    """The unit called ``name`` in the tree of ``slug`` as of ``on``."""
    found = [
        u
        for u in selectors.units_as_of(tenant(slug), on).values()
        if u.name == name and (kind is None or u.kind == kind)
    ]
    assert len(found) == 1, f"{name} as of {on}: {found}"
    return found[0]


def names(units: list[Unit]) -> list[str]:
    return [u.name for u in units]


def card(page: selectors.UnitPage, title: str) -> selectors.ContactCard:
    return next(c for c in page.contacts if c.title == title)


def phones(contact_card: selectors.ContactCard) -> list[str]:
    return [p.display for p in contact_card.phones]


def points(page: selectors.UnitPage, kind: str) -> list[str]:
    return [p.display for p in page.unit_points.get(kind, [])]


def post_in(unit: Unit, title: str, on: dt.date) -> Post:
    """A post of ``unit`` found through the search selector, as a visitor would find it."""
    results = selectors.search(unit.tenant, title, on)
    return next(p for p, _holders in results.posts if p.title == title and p.unit_id == unit.pk)


def person_named(slug: str, name: str, on: dt.date) -> Person:
    found = [p for p in selectors.search(tenant(slug), name, on).people if p.name == name]
    assert len(found) == 1, name
    return found[0]


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


# S0 — Örnsköldsvik ------------------------------------------------------------------------

KLF = "Kommunledningsförvaltningen"


def test_the_administration_has_five_departments_and_a_staff_unit(demo):
    """S0.1: five departments (ekonomi, personal, kommunikation, tillväxt, utveckling) and a stab,
    in the seed's order, each department with the seed's purpose sentence."""
    office = node("ornskoldsvik", KLF, today(), UnitKind.EXECUTIVE_OFFICE)
    children = selectors.children_as_of(office, today())
    assert [(u.name, u.kind) for u in children] == [
        ("Ekonomiavdelningen", UnitKind.DEPARTMENT),
        ("Personalavdelningen", UnitKind.DEPARTMENT),
        ("Kommunikationsavdelningen", UnitKind.DEPARTMENT),
        ("Tillväxtavdelningen", UnitKind.DEPARTMENT),
        ("Utvecklingsavdelningen", UnitKind.DEPARTMENT),
        ("Staben", UnitKind.STAFF_UNIT),
    ]
    for department in children[:5]:
        assert department.purpose.startswith("Avdelningarna är strategiska kommunövergripande")


def test_the_administration_page_shows_the_seed_purpose_text(demo):
    """S0.1, S0.2: the purpose (uppdrag) of the administration and the director's role, as on
    the seed page."""
    page = selectors.unit_page(node("ornskoldsvik", KLF, today()), today())
    purpose = page.unit.purpose
    assert purpose.startswith("I kommunledningsförvaltningen finns fem avdelningar;")
    assert "Förvaltningens uppdrag som helhet är att samordna och koordinera" in purpose
    assert "ekologisk, ekonomisk och social hållbarhet." in purpose
    assert "Kommundirektören är kommunens högste chef och chef för kommunledningsförvaltningen." in (purpose)
    assert "företräda kommunstyrelsen gentemot styrelser, nämnder, förvaltningar och kommunala bolag" in (
        purpose
    )


def test_the_director_and_the_assistant_are_the_page_contacts(demo):
    """S0.5: "Magnus Haglund, Kommundirektör, 0660-883 00" and "Maria Persson,
    Chefssekreterare, 0660 - 882 64", each with an e-mail link."""
    page = selectors.unit_page(node("ornskoldsvik", KLF, today()), today())
    assert [(c.title, c.person.name) for c in page.contacts] == [
        ("Kommundirektör", "Magnus Haglund"),
        ("Chefssekreterare", "Maria Persson"),
    ]
    assert phones(card(page, "Kommundirektör")) == ["0660-883 00"]
    assert phones(card(page, "Chefssekreterare")) == ["0660-882 64"]
    assert all(c.email is not None for c in page.contacts)


def test_the_unit_contacts_address_and_page_date(demo):
    """S0.5: the unit's e-mail, "Växel: 0660 - 880 00", "Faxnr: 0660 - 849 67", the visiting
    address and "Sidan uppdaterades 2019-05-13"."""
    page = selectors.unit_page(node("ornskoldsvik", KLF, today()), today())
    assert points(page, ContactKind.SWITCHBOARD) == ["0660-880 00"]
    assert points(page, ContactKind.FAX) == ["0660-849 67"]
    assert points(page, ContactKind.VISITING_ADDRESS) == ["Järnvägsgatan 6, 891 88 Örnsköldsvik"]
    assert len(points(page, ContactKind.EMAIL)) == 1
    assert local_date(page.updated) == dt.date(2019, 5, 13)


def test_the_responsible_body_shows_its_chair_with_party_and_its_secretary(demo):
    """S0.5: "Ansvarig politisk nämnd: Kommunstyrelsen", "Per Nylén (S), Ordförande,
    0660 - 881 57" and "Ann-Christin Nordqvist, Sekreterare Kommunalråd, 0660-881 56"."""
    page = selectors.unit_page(node("ornskoldsvik", KLF, today()), today())
    assert page.body is not None and page.body.name == "Kommunstyrelsen"
    assert page.body.short_name == "KS"
    assert page.body_chair.person.name_with_party == "Per Nylén (S)"
    assert page.body_chair.person.party.name == "Socialdemokraterna"
    assert phones(page.body_chair) == ["0660-881 57"]
    assert page.body_secretary.title == "Sekreterare Kommunalråd"
    assert page.body_secretary.person.name == "Ann-Christin Nordqvist"
    assert phones(page.body_secretary) == ["0660-881 56"]


def test_the_director_leads_the_group_management_team(demo):
    """S0.3: the director leads KS's koncernledningsgrupp of heads of administrations and the
    companies' managing directors; the seed names none of them, so those seats are vacant
    posts rather than invented people."""
    group = node("ornskoldsvik", "Kommunstyrelsens koncernledningsgrupp", today())
    assert group.kind == UnitKind.GROUP_MANAGEMENT_TEAM
    assert selectors.ancestors_as_of(group, today())[-1].name == "Kommunstyrelsen"
    seats = selectors.members_on(group, today())
    chair = selectors.seat_with_role(group, MembershipRole.CHAIR, today())
    assert chair.post.title == "Kommundirektör" and chair.person.name == "Magnus Haglund"
    others = [(s.post.title, s.person) for s in seats if s.role == MembershipRole.MEMBER]
    assert others == [
        ("Förvaltningschef", None),
        ("Verkställande direktör i kommunalt bolag", None),
    ]


def test_the_covid_notice_sits_on_top_of_oernskoeldsviks_pages_only(demo):
    """S0.5: the site-wide notice about covid-19, open-ended, for Örnsköldsvik."""
    notices = notices_for(tenant("ornskoldsvik"), today())
    assert len(notices) == 1
    assert notices[0].text.startswith("Coronaviruset och covid-19: Nya skärpta nationella föreskrifter")
    assert notices[0].valid_to is None
    assert notices_for(tenant("munkedal"), today()) == []


def test_the_directors_instruction_is_a_document_on_the_directors_post(demo):
    """S4.1, S4.2 (KL 7 kap. 2 §: the board gives the director an instruction): seed 004 on
    the Kommundirektör post, adopted by KS, marked as a model since the seed names no
    municipality."""
    page = selectors.unit_page(node("ornskoldsvik", KLF, today()), today())
    [document] = page.documents
    assert document.post.title == "Kommundirektör"
    assert "mall" in document.title.lower()
    assert document.adopted_by.name == "Kommunstyrelsen"
    assert "Kommundirektören är anställd av kommunstyrelsen och svarar inför denna." in document.body
    assert "Att vara chef över förvaltningscheferna." in document.body
    assert "rätt att göra en anteckning till protokollet" in document.body


def test_the_director_is_employed_by_the_board(demo):
    """S4.1, KL 7 kap. 1 §: "Kommundirektören är anställd av kommunstyrelsen"; the director's
    post says so, and the unit page lists the director first."""
    office = node("ornskoldsvik", KLF, today())
    places = selectors.posts_in_rank(office, today())
    assert [p.post.title for p in places] == ["Kommundirektör", "Chefssekreterare"]
    director = places[0].post
    assert director.employed_by.name == "Kommunstyrelsen"
    assert places[1].post.reports_to == director


# S1 — Hässleholm --------------------------------------------------------------------------

KLK = "Kommunledningskontoret"


def offices(on: dt.date) -> list[str]:
    board = node("hassleholm", "Kommunstyrelsen", on)
    return names(selectors.children_as_of(board, on))


def test_the_tree_before_the_merger_has_the_three_old_offices(demo):
    """S1.2: on 2008-12-31 Hässleholm has kommunledningskontoret, ekonomikontoret and
    personalkontoret, and not the new office."""
    assert offices(BEFORE) == ["Kommunledningskontoret", "Ekonomikontoret", "Personalkontoret"]
    old = node("hassleholm", KLK, BEFORE)
    new = node("hassleholm", KLK, AFTER)
    assert old.pk != new.pk
    assert new.pk not in selectors.units_as_of(tenant("hassleholm"), BEFORE)


def test_the_tree_after_the_merger_has_only_the_new_office(demo):
    """S1.2: from 2009-01-01 one new kommunledningskontor: a stab and the citizen-service
    department (the only one of the six the seed names) and the chief's management group."""
    assert offices(AFTER) == ["Kommunledningskontoret"]
    new = node("hassleholm", KLK, AFTER)
    assert new.valid_from == AFTER
    assert [(u.name, u.kind) for u in selectors.children_as_of(new, AFTER)] == [
        ("Staben", UnitKind.STAFF_UNIT),
        ("Avdelningen för medborgarservice", UnitKind.DEPARTMENT),
        ("Kommunchefens ledningsgrupp", UnitKind.MANAGEMENT_TEAM),
    ]
    assert "sex avdelningar av mer operativ karaktär" in new.purpose
    assert "Stabens arbete leds av kommunchefen" in node("hassleholm", "Staben", AFTER).purpose


def test_the_new_office_shows_the_decision_chain(demo):
    """S1.1: KF autumn 2007 → pre-study → assignment to the chief in April 2008 → KS adopts the
    proposal in October 2008 → in force 2009-01-01; the press release is the source."""
    page = selectors.unit_page(node("hassleholm", KLK, AFTER), AFTER)
    [merger] = [r for r in page.reorganisations if r.kind == "merge"]
    assert merger.effective_date == AFTER
    assert merger.decided_by.name == "Kommunstyrelsen"
    assert "pressmeddelande" in merger.description.lower()
    assert "22 januari 2009" in merger.description
    assert local_date(page.updated) == dt.date(2009, 1, 22)  # the page is dated by its source
    steps = list(merger.steps.all())
    assert [s.date_text for s in steps] == ["hösten 2007", "före april 2008", "april 2008", "oktober 2008"]
    assert steps[0].body.name == "Kommunfullmäktige"
    assert "förstudie" in steps[1].description
    assert "Johan Eriksson" in steps[2].description
    assert steps[3].body.name == "Kommunstyrelsen"
    assert sorted(u.name for u in merger.units.all()) == [
        "Ekonomikontoret",
        "Kommunledningskontoret",
        "Kommunledningskontoret",
        "Personalkontoret",
    ]


def test_the_former_head_of_finance_becomes_deputy_chief(demo):
    """S1.3: Bengt-Arne Persson was ekonomichef of Ekonomikontoret on 2008-12-31 and holds the
    new post of biträdande kommunchef from 2009-01-01."""
    person = person_named("hassleholm", "Bengt-Arne Persson", AFTER)
    before = selectors.person_roles(person, BEFORE)
    assert [(r.title, r.unit.name) for r in before] == [("Ekonomichef", "Ekonomikontoret")]
    after = selectors.person_roles(person, AFTER)
    assert [(r.title, r.unit.name) for r in after] == [("Biträdande kommunchef", KLK)]
    deputy_post = post_in(node("hassleholm", KLK, AFTER), "Biträdande kommunchef", AFTER)
    assert [a.person.name for a in selectors.holders_on(deputy_post, AFTER)] == ["Bengt-Arne Persson"]
    assert deputy_post.reports_to.title == "Kommunchef"
    # The deputy chief stands in for the chief (issue 8); the board employs the chief.
    chief_post = post_in(node("hassleholm", KLK, AFTER), "Kommunchef", AFTER)
    assert chief_post.deputy == deputy_post
    assert chief_post.employed_by.name == "Kommunstyrelsen"
    # The seed's setting of deputy and employer is history of 2009, not of the day of loading.
    rows = selectors.dated_history(selectors.unit_history(chief_post.unit, public_only=True))
    (correction,) = [
        r for r in rows if r.event.action == "post.update" and r.event.subject_id == chief_post.pk
    ]
    assert correction.effective == AFTER == dt.date(2009, 1, 1)


def test_the_board_oversees_the_leisure_committee(demo):
    """KL 6 kap. 1 §: the board's oversight of the leisure committee is a relation of its own,
    not the committee's responsible body."""
    board = node("hassleholm", "Kommunstyrelsen", AFTER)
    leisure = node("hassleholm", "Fritidsnämnden", AFTER)
    oversees, _by = selectors.oversight_of(board, AFTER)
    assert [(o.overseen, o.kind) for o in oversees] == [(leisure, "committee")]
    assert [o.overseer for o in selectors.oversight_of(leisure, AFTER)[1]] == [board]
    assert leisure.responsible_body is None


def test_public_health_moves_from_the_leisure_committee_to_the_new_office(demo):
    """S1.4: public health is with fritidsnämnden on 2008-12-31 and with the new office on
    2009-01-01."""
    leisure = node("hassleholm", "Fritidsnämnden", AFTER)
    office = node("hassleholm", KLK, AFTER)
    assert names(selectors.unit_page(leisure, BEFORE).responsibilities) == ["Folkhälsofrågor"]
    assert names(selectors.unit_page(leisure, AFTER).responsibilities) == []
    assert names(selectors.unit_page(office, AFTER).responsibilities) == ["Folkhälsofrågor"]
    transfer = next(r for r in selectors.unit_page(office, AFTER).reorganisations if r.kind == "transfer")
    assert transfer.effective_date == AFTER and transfer.decided_by.name == "Kommunstyrelsen"


def test_citizen_service_holds_reception_service_offices_and_tourist_office(demo):
    """S1.5: reception and switchboard, service offices in Vittsjö, Hästveda and Sösdala (with
    their places), and the tourist office."""
    department = node("hassleholm", "Avdelningen för medborgarservice", AFTER)
    units = selectors.children_as_of(department, AFTER)
    assert names(units) == [
        "Stadshusets reception och växel",
        "Servicekontoret i Vittsjö",
        "Servicekontoret i Hästveda",
        "Servicekontoret i Sösdala",
        "Turistbyrån",
    ]
    service_offices = [(u.place, u.kind) for u in units if u.kind == UnitKind.SERVICE_OFFICE]
    assert service_offices == [
        ("Vittsjö", UnitKind.SERVICE_OFFICE),
        ("Hästveda", UnitKind.SERVICE_OFFICE),
        ("Sösdala", UnitKind.SERVICE_OFFICE),
    ]
    assert selectors.children_as_of(department, BEFORE) == []


def test_the_chief_forms_a_management_group_with_staff_heads_and_information_chief(demo):
    """S1.6: "Kommunchefen bildar ledningsgrupp med stabscheferna och informationschefen"."""
    team = node("hassleholm", "Kommunchefens ledningsgrupp", AFTER)
    seats = [
        (s.role, s.post.title, s.person.name if s.person else None) for s in selectors.members_on(team, AFTER)
    ]
    assert seats == [
        (MembershipRole.CHAIR, "Kommunchef", "Johan Eriksson"),
        (MembershipRole.MEMBER, "Stabschef", None),  # the seed names no staff head
        (MembershipRole.MEMBER, "Informationschef", "Hanna Gardell"),
    ]


def test_the_press_release_contacts_with_office_and_mobile_numbers(demo):
    """S1.7: "Kommunchef Johan Eriksson, 0451-26 83 42, 0709-81 83 42; Informationschef Hanna
    Gardell, 0451-26 83 48, 0709-81 83 48". The mobiles are the same numbers, shown in the
    standard Swedish grouping for mobiles (070-981 83 42)."""
    page = selectors.unit_page(node("hassleholm", KLK, AFTER), dt.date(2009, 1, 22))
    chief = card(page, "Kommunchef")
    assert chief.person.name == "Johan Eriksson"
    assert phones(chief) == ["0451-26 83 42", "070-981 83 42"]
    information = card(page, "Informationschef")
    assert information.person.name == "Hanna Gardell"
    assert phones(information) == ["0451-26 83 48", "070-981 83 48"]


# S2 — Munkedal ----------------------------------------------------------------------------

KLG = "Kommunchefens ledningsgrupp"
KLG_POSTS = [
    "Kommunchef",
    "Sektorchef Barn och utbildning",
    "Socialchef",
    "Sektorchef Samhällsbyggnad",
    "Ekonomichef",
    "Administrativ chef",
    "Personalchef",
    "Lönechef",
]


def test_the_management_group_has_the_seed_purpose(demo):
    """S2.1, S2.3: the KLG is the chief's body for coordination with a mandate from KS; formal
    decisions rest with the chief; the standing items are named in its text."""
    team = node("munkedal", KLG, today())
    assert team.short_name == "KLG" and team.kind == UnitKind.MANAGEMENT_TEAM
    assert team.purpose.startswith("Ledningsgruppen är kommunchefens organ för att samordna")
    assert "Det formella ansvaret för beslut i gruppen ligger på kommunchefen." in team.purpose
    for item in ("Verksamhetsutveckling", "Ekonomifrågor", "Personalfrågor"):
        assert item in team.purpose


def test_the_management_group_members_are_the_eight_posts(demo):
    """S2.2: the members are defined by post; the seed names no holders, so every seat is
    vacant until someone is appointed."""
    team = node("munkedal", KLG, today())
    seats = [
        s for s in selectors.effective_members_on(team, today()) if s.role != MembershipRole.OPTIONAL_ATTENDEE
    ]
    assert [s.post.title for s in seats] == KLG_POSTS
    assert all(s.person is None for s in seats)
    assert seats[0].role == MembershipRole.CHAIR


def test_the_staff_sits_in_the_management_group_as_a_whole(demo):
    """S2.4 (issue 8): the chief meets the staff between KLG meetings; the KLG includes the
    staff group as one seat, and its four heads sit in the KLG through it, the chief once."""
    team = node("munkedal", KLG, today())
    included = [
        s.membership.member_group for s in selectors.members_on(team, today()) if s.membership.member_group
    ]
    assert [g.name for g in included] == ["Kommunchefens stab, stabsmöte"]
    through_staff = [s.post.title for s in selectors.effective_members_on(team, today()) if s.via]
    assert through_staff == KLG_POSTS[4:]


def test_whoever_holds_the_post_is_the_member(demo):
    """S2.2: appoint someone to a member post and they sit in the group from that day, by the
    post alone."""
    team = node("munkedal", KLG, today())
    sector = node("munkedal", "Sektor Barn och utbildning", today())
    head_post = post_in(sector, "Sektorchef Barn och utbildning", today())
    someone = services.person_create(
        tenant=tenant("munkedal"), actor=None, first_name="Test", last_name="Chef"
    )
    services.appointment_create(post=head_post, person=someone, actor=None, valid_from=today())

    seat = next(s for s in selectors.members_on(team, today()) if s.post == head_post)
    assert seat.person == someone
    yesterday = today() - dt.timedelta(days=1)
    assert next(s for s in selectors.members_on(team, yesterday) if s.post == head_post).person is None


def test_sector_groups_nest_under_the_management_group(demo):
    """S2.4: each sector head meets their own group between KLG meetings: nested groups."""
    team = node("munkedal", KLG, today())
    groups = selectors.children_as_of(team, today())
    assert [g.kind for g in groups] == [UnitKind.MANAGEMENT_TEAM] * 3
    chairs = [selectors.seat_with_role(g, MembershipRole.CHAIR, today()).post.title for g in groups]
    assert chairs == ["Sektorchef Barn och utbildning", "Socialchef", "Sektorchef Samhällsbyggnad"]


def test_the_board_chair_may_attend(demo):
    """S2.5: "Kommunstyrelsens ordförande kan på eget initiativ delta i ledningsgruppens möten"."""
    team = node("munkedal", KLG, today())
    seat = selectors.seat_with_role(team, MembershipRole.OPTIONAL_ATTENDEE, today())
    assert seat.post.title == "Kommunstyrelsens ordförande"
    assert seat.post.unit.name == "Kommunstyrelsen"


def test_munkedals_organisation_number_address_phone_and_fax(demo):
    """S2.6: organisationsnummer 21 20 00-13 30 (stored as 212000-1330), 455 80 Munkedal,
    Centrumtorget 5, telefon 0524-180 00, fax 0524-181 10; page owner Håkan Sundberg, last
    changed 2017-08-17."""
    munkedal = tenant("munkedal")
    assert munkedal.organisation_number == "212000-1330"
    assert munkedal.municipality_code == "1430"
    page = selectors.unit_page(node("munkedal", KLG, today()), today())
    assert points(page, ContactKind.PHONE) == ["0524-180 00"]
    assert points(page, ContactKind.FAX) == ["0524-181 10"]
    assert points(page, ContactKind.VISITING_ADDRESS) == ["Centrumtorget 5, Munkedal"]
    assert points(page, ContactKind.POSTAL_ADDRESS) == ["Munkedals kommun, 455 80 Munkedal"]
    assert page.unit.page_owner.name == "Håkan Sundberg"
    assert local_date(page.updated) == dt.date(2017, 8, 17)


# S3 — Umeåregionen ------------------------------------------------------------------------

GROUP = "Kommunchefsgruppen"


def test_umearegionen_has_six_member_municipalities_and_a_political_council(demo):
    """S3.1: a collaboration of six municipalities; Regionrådet on top, the chief executives'
    group under it."""
    region = tenant("umearegionen")
    assert region.kind == Tenant.Kind.COLLABORATION
    assert names(selectors.collaboration_members(region, today())) == [
        "Bjurholms kommun",
        "Nordmalings kommun",
        "Robertsfors kommun",
        "Umeå kommun",
        "Vindelns kommun",
        "Vännäs kommun",
    ]
    [root] = selectors.tree_as_of(region, today())
    assert (root.unit.name, root.unit.kind) == ("Regionrådet", UnitKind.POLITICAL_COUNCIL)
    assert [(n.unit.name, n.unit.kind) for n in root.children] == [(GROUP, UnitKind.CHIEF_EXECUTIVES_GROUP)]


def test_the_group_has_its_chair_and_seven_members_from_their_municipalities(demo):
    """S3.3: chair Therese Berg (Vindelns kommun) and the members in the seed's order, each
    representing their municipality; the seed lists Örnsköldsvik's director too."""
    group = node("umearegionen", GROUP, today())
    seats = [
        (s.role, s.person.name, s.membership.on_behalf_of.name) for s in selectors.members_on(group, today())
    ]
    assert seats[0] == (MembershipRole.CHAIR, "Therese Berg", "Vindelns kommun")
    assert seats[1:] == [
        (MembershipRole.MEMBER, "Magnus Haglund", "Örnsköldsviks kommun"),
        (MembershipRole.MEMBER, "Jimmy Johansson", "Bjurholms kommun"),
        (MembershipRole.MEMBER, "Jonas Wallin", "Nordmalings kommun"),
        (MembershipRole.MEMBER, "Margaretha Alfredsson", "Umeå kommun"),
        (MembershipRole.MEMBER, "Karolina Johansson", "Vännäs kommun"),
        (MembershipRole.MEMBER, "Anders Persson", "Robertsfors kommun"),
    ]
    assert len(seats) == 7


def test_one_person_holds_posts_in_two_organisations(demo):
    """S3.3: the Örnsköldsvik director (S0) is the same person as the member of Umeåregionen's
    group; his roles list both organisations."""
    director = person_named("ornskoldsvik", "Magnus Haglund", today())
    roles = selectors.person_roles(director, today())
    assert {r.tenant.name for r in roles} == {"Örnsköldsviks kommun", "Umeåregionen"}
    assert ("Kommundirektör", KLF) in [(r.title, r.unit.name) for r in roles]
    assert GROUP in [r.unit.name for r in roles if r.tenant.slug == "umearegionen"]
    assert selectors.search(tenant("umearegionen"), "Magnus Haglund", today()).people == []


def test_the_head_of_office_and_the_acting_head_of_office(demo):
    """S3.3: Kanslichef Lisa A Lindberg (Kontor 090-16 13 32, Mobil 070-644 11 47) and
    "vik Kanslichef" Lena Sandlin (Mobil 070-336 01 13) on the same post."""
    secretariat = node("umearegionen", "Umeåregionens kansli", today(), UnitKind.SECRETARIAT)
    head_post = post_in(secretariat, "Kanslichef", today())
    assert head_post.single_holder
    holders = selectors.holders_on(head_post, today())
    assert [(a.person.name, a.acting) for a in holders] == [
        ("Lisa A Lindberg", False),
        ("Lena Sandlin", True),
    ]
    page = selectors.unit_page(secretariat, today())
    lisa, lena = page.contacts
    assert [(p.label, p.display) for p in lisa.phones] == [("Kontor", "090-16 13 32"), ("", "070-644 11 47")]
    assert phones(lena) == ["070-336 01 13"] and lena.acting


def test_the_vision_is_in_the_groups_text(demo):
    """S3.4, S3.5: the vision "världens bästa livsmiljö för en kvarts miljon människor 2050"
    and the invitation to send questions, comments and ideas."""
    group = node("umearegionen", GROUP, today())
    assert '"världens bästa livsmiljö för en kvarts miljon människor 2050"' in group.purpose
    assert "Välkommen att ställa frågor, lämna synpunkter eller idéer." in group.purpose
    assert "Kommunchefsgruppen är den högsta operativa ledningen för Umeåregionen" in group.purpose


# Loading ----------------------------------------------------------------------------------

MODELS = [
    Tenant,
    Unit,
    Post,
    Person,
    Appointment,
    Membership,
    ContactPoint,
    Responsibility,
    Reorganisation,
    SiteNotice,
    TenantRole,
    AuditEvent,
]


def counts() -> dict[str, int]:
    counted = {m.__name__: m.objects.count() for m in MODELS}
    counted["User"] = get_user_model().objects.count()
    return counted


def test_a_second_load_changes_nothing_and_says_so(demo):
    """Issue 2, item 8: `make run` loads the demo every time; the second run must neither fail
    nor duplicate."""
    before = counts()
    output = load()
    assert counts() == before
    assert "ingenting ändrades" in output


def test_reset_wipes_and_reloads_the_demo_without_duplicates(demo):
    """`load_demo --reset` gives the same demo again, not a second copy."""
    before = counts()
    output = load("--reset")
    assert counts() == before
    assert "på nytt" in output
    assert offices(BEFORE) == ["Kommunledningskontoret", "Ekonomikontoret", "Personalkontoret"]


def test_the_first_load_prints_a_summary_with_the_demo_logins(demo):
    """The summary names the organisations and the demo-only logins."""
    assert "Demodata har lästs in: 11 organisationer" in demo  # Pargas (issue 8) the eleventh
    assert "/ornskoldsvik/" in demo and "/umearegionen/" in demo and "/pargas/" in demo
    assert "demo / demo-radhus" in demo and "admin / admin-radhus" in demo


def test_the_demo_logins_hold_their_roles_in_every_demo_organisation(demo):
    """Issue 2, item 2: "demo" is editor and "admin" administrator (and superuser) in every
    demo organisation."""
    editor = authenticate(username="demo", password="demo-radhus")
    admin = authenticate(username="admin", password="admin-radhus")
    assert editor is not None and admin is not None
    assert admin.is_superuser and not editor.is_superuser
    for slug in DEMO_SLUGS:
        assert role_in(editor, tenant(slug)) == Role.EDITOR
        assert role_in(admin, tenant(slug)) == Role.ADMINISTRATOR


def test_the_audit_trail_records_the_demo_load(demo):
    """Issue 2, item 7: every change is in the audit trail; the demo's are by "system"."""
    office = node("ornskoldsvik", KLF, today())
    history = list(history_of(office))
    assert history and {e.actor_name for e in history} == {"system"}
    assert "Skapade enheten ”Kommunledningsförvaltningen”." in [e.summary for e in history]
    loaded = AuditEvent.objects.filter(action="demo.load")
    assert sorted(e.tenant.slug for e in loaded) == sorted(DEMO_SLUGS)
    merger_events = history_of(node("hassleholm", KLK, AFTER)).filter(action="reorganisation.merge")
    assert merger_events.count() == 1


def test_a_demo_from_an_older_version_is_kept_and_the_command_says_how_to_renew_it(demo):
    """`make run` must not fail on a database loaded by an older version of the demo; it keeps
    the data and points to `load_demo --reset`."""
    AuditEvent.objects.filter(action="demo.load", tenant__slug="munkedal").update(changes={"version": 0})
    before = counts()
    output = load()
    assert counts() == before
    assert "äldre version" in output and "--reset" in output
