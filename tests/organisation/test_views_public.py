"""The public pages of the organisation registry, as a visitor sees them: in Swedish, with no
login, and with nothing that is not public (S0.5, S1.1–S1.4, S2.2, S2.5, S3.1, S3.3, S4.1)."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from radhus.core.models import CollaborationMember, Role, SiteNotice
from radhus.organisation import services
from radhus.organisation.models import MembershipRole, Unit, UnitKind
from tests.factories import PartyFactory, TenantFactory, TenantRoleFactory, UserFactory

pytestmark = pytest.mark.django_db
D = dt.date


class _Page(HTMLParser):
    """The text a person reads (with the visually hidden parts a screen reader adds), and the
    links with their accessible names."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[tuple[str, list[str]]] = []
        self._skip = 0
        self._in_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "br":
            self.text.append(" ")
        if tag == "a":
            self.links.append((dict(attrs).get("href") or "", []))
            self._in_link = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "a":
            self._in_link = False
        if tag in ("p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "td", "th", "summary", "span", "div"):
            self.text.append(" ")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._in_link:
            self.links[-1][1].append(data)


def read(response) -> SimpleNamespace:
    """What the page says, with white space collapsed, and its links as (href, name)."""
    assert response.status_code == 200, response.status_code
    parser = _Page()
    parser.feed(response.content.decode())
    links = [(href, " ".join("".join(parts).split())) for href, parts in parser.links]
    return SimpleNamespace(
        text=" ".join("".join(parser.text).split()), links=links, html=response.content.decode()
    )


def link_names(page: SimpleNamespace, href_part: str) -> list[str]:
    return [name for href, name in page.links if href_part in href]


@pytest.fixture
def client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="sv")


@pytest.fixture
def ornskoldsvik() -> SimpleNamespace:
    """The executive administration of S0 as its public page shows it."""
    tenant = TenantFactory(name="Örnsköldsviks kommun", slug="ornskoldsvik")
    ks = services.unit_create(
        tenant=tenant, actor=None, kind=UnitKind.EXECUTIVE_BOARD, name="Kommunstyrelsen", short_name="KS"
    )
    office = services.unit_create(
        tenant=tenant,
        actor=None,
        kind=UnitKind.EXECUTIVE_OFFICE,
        name="Kommunledningsförvaltningen",
        parent=ks,
        responsible_body=ks,
        purpose="I kommunledningsförvaltningen finns fem avdelningar samt en stab.",
    )
    finance = services.unit_create(
        tenant=tenant, actor=None, kind=UnitKind.DEPARTMENT, name="Ekonomiavdelningen", parent=office
    )
    director_post = services.post_create(unit=office, actor=None, title="Kommundirektör", is_contact=True)
    assistant_post = services.post_create(
        unit=office, actor=None, title="Chefssekreterare", is_contact=True, sort_order=1
    )
    hidden_post = services.post_create(
        unit=office, actor=None, title="Utredare", is_contact=True, sort_order=2
    )
    director = services.person_create(tenant=tenant, actor=None, first_name="Magnus", last_name="Haglund")
    assistant = services.person_create(tenant=tenant, actor=None, first_name="Maria", last_name="Persson")
    protected = services.person_create(
        tenant=tenant, actor=None, first_name="Skyddad", last_name="Hemligsson", is_public=False
    )
    chair = services.person_create(
        tenant=tenant, actor=None, first_name="Per", last_name="Nylén", party=PartyFactory()
    )
    secretary = services.person_create(
        tenant=tenant, actor=None, first_name="Ann-Christin", last_name="Nordqvist"
    )
    services.appointment_create(post=director_post, person=director, actor=None, valid_from=D(2015, 1, 1))
    services.appointment_create(post=assistant_post, person=assistant, actor=None, valid_from=D(2015, 1, 1))
    services.appointment_create(post=hidden_post, person=protected, actor=None, valid_from=D(2015, 1, 1))
    secretary_post = services.post_create(unit=ks, actor=None, title="Sekreterare Kommunalråd")
    services.appointment_create(post=secretary_post, person=secretary, actor=None, valid_from=D(2015, 1, 1))
    services.membership_create(group=ks, actor=None, role=MembershipRole.CHAIR, person=chair)
    services.membership_create(group=ks, actor=None, role=MembershipRole.SECRETARY, post=secretary_post)

    def add(owner, kind, value, **kw):
        services.contact_point_add(owner=owner, actor=None, kind=kind, value=value, **kw)

    add(director_post, "phone", "+4666088300")
    add(director, "email", "magnus.haglund@ornskoldsvik.example")
    add(director, "mobile", "070-111 22 33", is_public=False)
    add(assistant_post, "phone", "0660-882 64")
    add(office, "email", "klf@ornskoldsvik.example")
    add(office, "email", "intern@ornskoldsvik.example", is_public=False)
    add(office, "switchboard", "0660-880 00")
    add(office, "fax", "0660-849 67")
    add(office, "visiting_address", "Kommunledningsförvaltningen\nJärnvägsgatan 6\n891 88 Örnsköldsvik")
    add(chair, "phone", "0660-881 57")
    add(chair, "email", "per.nylen@ornskoldsvik.example")
    add(secretary_post, "phone", "0660-881 56")
    services.post_document_add(
        post=director_post,
        actor=None,
        title="Instruktion för kommundirektören",
        body="Kommundirektören är anställd av kommunstyrelsen och svarar inför denna.",
        adopted_by=ks,
        adopted_on=D(2019, 3, 1),
    )
    noon = timezone.make_aware(dt.datetime(2019, 5, 13, 12, 0))
    Unit.objects.filter(pk=office.pk).update(page_owner=assistant, updated_at=noon)
    return SimpleNamespace(
        tenant=tenant,
        ks=ks,
        office=office,
        finance=finance,
        director=director,
        protected=protected,
        director_post=director_post,
    )


def unit_url(unit: Unit, **query: str) -> str:
    url = reverse("unit_detail", kwargs={"tenant": unit.tenant.slug, "unit": unit.slug})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


# The unit page (S0.5) ------------------------------------------------------------------------


def test_the_unit_page_shows_what_the_ornskoldsvik_page_shows(client, ornskoldsvik):
    """S0.5: contacts with title, phone and e-mail; the unit's e-mail, switchboard and fax; the
    responsible committee with its chair “Per Nylén (S)” and secretary; the visiting address;
    “Sidan uppdaterades” and “Sidansvarig”."""
    page = read(client.get(unit_url(ornskoldsvik.office)))

    assert re.search(r"<h1>Kommunledningsförvaltningen</h1>", page.html)
    for expected in [
        "I kommunledningsförvaltningen finns fem avdelningar samt en stab.",
        "Kontakta oss Magnus Haglund Kommundirektör 0660-883 00 Skicka e-post till Magnus Haglund",
        "Maria Persson Chefssekreterare 0660-882 64",
        "Skicka e-post till förvaltningen",
        "Växel: 0660-880 00",
        "Faxnr: 0660-849 67",
        "Ansvarig politisk nämnd Kommunstyrelsen Per Nylén (S) Ordförande 0660-881 57 "
        "Skicka e-post till Per Nylén",
        "Ann-Christin Nordqvist Sekreterare Kommunalråd 0660-881 56",
        "Besöksadress Kommunledningsförvaltningen Järnvägsgatan 6 891 88 Örnsköldsvik",
        "Sidan uppdaterades 2019-05-13",
        "Sidansvarig Maria Persson",
    ]:
        assert expected in page.text, expected
    assert link_names(page, "mailto:magnus.haglund@") == ["Skicka e-post till Magnus Haglund"]
    assert link_names(page, "mailto:klf@") == ["Skicka e-post till förvaltningen"]
    assert "tel:+4666088300" in page.html


def test_the_unit_page_links_its_sub_units_breadcrumbs_history_and_people(client, ornskoldsvik):
    page = read(client.get(unit_url(ornskoldsvik.office)))

    assert "Ingående enheter Ekonomiavdelningen avdelning" in page.text
    assert link_names(page, unit_url(ornskoldsvik.finance)) == ["Ekonomiavdelningen"]
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', page.html, re.S).group(0)
    assert "Örnsköldsviks kommun" in crumbs and "Kommunstyrelsen" in crumbs
    history = reverse("unit_history", kwargs={"tenant": "ornskoldsvik", "unit": ornskoldsvik.office.slug})
    assert link_names(page, history) == ["Ändringshistorik för Kommunledningsförvaltningen"]
    person = reverse("person_detail", kwargs={"tenant": "ornskoldsvik", "person": ornskoldsvik.director.slug})
    assert "Magnus Haglund" in link_names(page, person)


def test_the_directors_instruction_is_on_the_page(client, ornskoldsvik):
    """S4.1: the instruction that defines the director's post (KL 7 kap. 2 §)."""
    page = read(client.get(unit_url(ornskoldsvik.office)))

    assert "Dokument Instruktion för kommundirektören" in page.text
    assert "Gäller befattningen Kommundirektör. Antagen av Kommunstyrelsen den 2019-03-01." in page.text
    assert "Kommundirektören är anställd av kommunstyrelsen och svarar inför denna." in page.text


def test_nothing_that_is_not_public_is_in_the_html(client, ornskoldsvik):
    html = read(client.get(unit_url(ornskoldsvik.office))).html

    assert "intern@ornskoldsvik.example" not in html  # the unit's hidden e-mail
    assert "070-111 22 33" not in html and "+46701112233" not in html  # the director's hidden mobile
    assert "Hemligsson" not in html and "Skyddad" not in html  # a protected person
    assert "Utredare" in html  # the post itself is public, its holder is not


def test_the_page_updated_date_follows_the_last_change(client, ornskoldsvik):
    services.contact_point_add(owner=ornskoldsvik.office, actor=None, kind="web", value="https://example.se")

    page = read(client.get(unit_url(ornskoldsvik.office)))

    assert f"Sidan uppdaterades {timezone.localdate():%Y-%m-%d}" in page.text
    assert "Webbplats: https://example.se" in page.text


def test_an_unknown_unit_or_organisation_is_not_found(client, ornskoldsvik):
    other = TenantFactory(slug="munkedal")
    assert client.get("/ornskoldsvik/enhet/finns-inte/").status_code == 404
    assert client.get("/finns-inte/enhet/kommunstyrelsen/").status_code == 404
    # Another organisation's unit is not reachable under this one's address.
    assert client.get(f"/{other.slug}/enhet/{ornskoldsvik.office.slug}/").status_code == 404


# As of a date: the Hässleholm merger (S1.1–S1.4) ---------------------------------------------


@pytest.fixture
def hassleholm() -> SimpleNamespace:
    tenant = TenantFactory(name="Hässleholms kommun", slug="hassleholm")
    kf = services.unit_create(
        tenant=tenant, actor=None, kind=UnitKind.COUNCIL, name="Kommunfullmäktige", valid_from=D(2000, 1, 1)
    )
    ks = services.unit_create(
        tenant=tenant,
        actor=None,
        kind=UnitKind.EXECUTIVE_BOARD,
        name="Kommunstyrelsen",
        valid_from=D(2000, 1, 1),
    )
    leisure = services.unit_create(
        tenant=tenant, actor=None, kind=UnitKind.COMMITTEE, name="Fritidsnämnden", valid_from=D(2000, 1, 1)
    )
    old = [
        services.unit_create(
            tenant=tenant,
            actor=None,
            kind=UnitKind.ADMINISTRATION,
            name=name,
            slug=slug,
            parent=ks,
            valid_from=D(2000, 1, 1),
        )
        for name, slug in [
            ("Kommunledningskontoret", "gamla-kommunledningskontoret"),
            ("Ekonomikontoret", "ekonomikontoret"),
            ("Personalkontoret", "personalkontoret"),
        ]
    ]
    merger, new = services.reorganisation_merge(
        sources=old,
        actor=None,
        effective_date=D(2009, 1, 1),
        title="Nytt kommunledningskontor",
        result={
            "kind": UnitKind.EXECUTIVE_OFFICE,
            "name": "Kommunledningskontoret",
            "parent": ks,
            "slug": "kommunledningskontoret",
        },
        decided_by=ks,
        decision_date=D(2008, 10, 27),
        decision_reference="KS § 215",
    )
    services.decision_step_add(
        reorganisation=merger,
        actor=None,
        date=D(2007, 9, 1),
        date_text="hösten 2007",
        body=kf,
        description="Beslut att inrätta en strategisk funktion",
    )
    services.decision_step_add(
        reorganisation=merger,
        actor=None,
        date=D(2008, 4, 1),
        date_text="april 2008",
        body=ks,
        description="Uppdrag till kommunchefen att bilda en ny förvaltning",
    )
    health = services.responsibility_add(unit=leisure, actor=None, name="Folkhälsa", valid_from=D(2000, 1, 1))
    services.reorganisation_transfer(
        responsibility=health, to_unit=new, actor=None, effective_date=D(2009, 1, 1)
    )
    return SimpleNamespace(tenant=tenant, ks=ks, old=old, new=new, leisure=leisure)


def test_the_new_office_did_not_exist_the_day_before_the_merger(client, hassleholm):
    response = client.get(unit_url(hassleholm.new, datum="2008-12-31"))

    page = read(response)  # a notice, not a 404
    assert "Enheten fanns inte den 2008-12-31. Den finns från och med 2009-01-01." in page.text
    assert link_names(page, unit_url(hassleholm.new, datum="2009-01-01")) == [
        "Visa enheten som den ser ut den 2009-01-01"
    ]


def test_the_new_office_page_tells_the_decision_chain_and_links_the_three_old_offices(client, hassleholm):
    """S1.1–S1.2: KF's decision in the autumn of 2007, the assignment in April 2008, KS's
    decision, and the three offices that became one from 2009-01-01."""
    page = read(client.get(unit_url(hassleholm.new, datum="2009-01-01")))

    assert "Omorganisationer Nytt kommunledningskontor Typ av förändring Sammanslagning" in page.text
    assert "Gäller från 2009-01-01" in page.text
    assert "Beslut Kommunstyrelsen, 2008-10-27, KS § 215" in page.text
    assert (
        "Beslutsgång hösten 2007 – Kommunfullmäktige Beslut att inrätta en strategisk funktion" in page.text
    )
    assert "april 2008 – Kommunstyrelsen Uppdrag till kommunchefen" in page.text
    for old in hassleholm.old:
        # Each old office is linked as it was on its last day.
        assert link_names(page, unit_url(old, datum="2008-12-31")) == [old.name]
    assert "Ansvarsområden Folkhälsa" in page.text  # S1.4: moved here from the leisure committee


def test_an_old_office_shows_what_became_of_it(client, hassleholm):
    finance = hassleholm.old[1]

    before = read(client.get(unit_url(finance, datum="2008-12-31")))
    after = read(client.get(unit_url(finance, datum="2009-01-01")))

    assert "fanns inte" not in before.text
    assert (
        "Enheten fanns inte den 2009-01-01. Den fanns från och med 2000-01-01 till och med 2008-12-31."
        in after.text
    )
    assert link_names(after, unit_url(hassleholm.new)) == ["Kommunledningskontoret"]


def test_the_tree_differs_before_and_after_the_merger(client, hassleholm):
    home = reverse("tenant_home", kwargs={"tenant": "hassleholm"})

    before = read(client.get(home, {"datum": "2008-12-31"}))
    after = read(client.get(home, {"datum": "2009-01-01"}))

    assert "Du ser läget den 2008-12-31." in before.text
    assert "Ekonomikontoret" in before.text and "Personalkontoret" in before.text
    assert "Ekonomikontoret" not in after.text and "Personalkontoret" not in after.text
    # Links in the tree keep the date.
    assert link_names(before, unit_url(hassleholm.old[1], datum="2008-12-31")) == ["Ekonomikontoret"]
    assert link_names(after, unit_url(hassleholm.new, datum="2009-01-01")) == ["Kommunledningskontoret"]


def test_the_tree_nests_units_under_their_parents(client, hassleholm):
    html = read(client.get("/hassleholm/", {"datum": "2009-01-01"})).html

    ks = html.index(">Kommunstyrelsen</a>")
    summary = html.index("Ingående enheter", ks)
    assert ks < summary < html.index(">Kommunledningskontoret</a>")
    assert '<span class="visually-hidden"> i Kommunstyrelsen</span> (1)' in html


def test_a_date_that_is_not_a_date_gives_a_clear_message_and_today(client, hassleholm):
    page = read(client.get("/hassleholm/", {"datum": "31/12/2008"}))

    assert (
        "”31/12/2008” är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2009-01-01. "
        "Sidan visar i stället läget i dag."
    ) in page.text
    assert "Ekonomikontoret" not in page.text  # today's organisation
    assert 'aria-invalid="true"' in page.html


# History: what changed and when; who changed it only for staff ------------------------------


@pytest.fixture
def edited(ornskoldsvik) -> SimpleNamespace:
    editor = UserFactory(username="eva", first_name="Eva", last_name="Redaktörsson")
    TenantRoleFactory(user=editor, tenant=ornskoldsvik.tenant, role=Role.EDITOR)
    services.unit_update(unit=ornskoldsvik.office, actor=editor, purpose="Ett nytt uppdrag.")
    return SimpleNamespace(
        editor=editor,
        url=reverse("unit_history", kwargs={"tenant": "ornskoldsvik", "unit": ornskoldsvik.office.slug}),
    )


def test_the_public_history_says_what_changed_and_when_but_not_who(client, edited):
    page = read(client.get(edited.url))

    assert "Historik för Kommunledningsförvaltningen" in page.text
    assert "Ändrade uppdrag." in page.text
    assert f"{timezone.localdate():%Y-%m-%d}" in page.text
    assert "Redaktörsson" not in page.html
    assert "Ändrad av" not in page.text


def test_what_has_no_start_date_is_listed_last_without_the_day_it_was_registered(client, ornskoldsvik):
    """A unit registered with no start date has been there as far back as the register knows:
    its history says so, last, instead of dating it the day someone typed it in."""
    unit = services.unit_create(
        tenant=ornskoldsvik.tenant,
        actor=None,
        kind="department",
        name="Gamla arkivet",
        parent=ornskoldsvik.office,
    )
    post = services.post_create(unit=unit, actor=None, title="Arkivarie", valid_from=dt.date(2015, 3, 1))
    services.unit_update(unit=unit, actor=None, purpose="Arkivet.")
    url = reverse("unit_history", kwargs={"tenant": "ornskoldsvik", "unit": unit.slug})

    rows = [r.strip() for r in re.findall(r"<tr>(.*?)</tr>", read(client.get(url)).html, re.S)][1:]
    cells = [re.sub(r"<[^>]+>", "", r).split() for r in rows]
    assert [c[0] for c in cells] == [f"{timezone.localdate():%Y-%m-%d}", "2015-03-01", "utan"]
    assert "Arkivarie" in rows[1] and post.title in rows[1]
    assert "Gamla arkivet" in rows[2]


def test_staff_of_the_organisation_see_who_made_each_change(edited, ornskoldsvik):
    reader = TenantRoleFactory(tenant=ornskoldsvik.tenant, role=Role.READER, user__password=None).user
    staff = Client(HTTP_ACCEPT_LANGUAGE="sv")
    staff.force_login(reader)

    page = read(staff.get(edited.url))

    assert "Ändrad av" in page.text
    # The day it took effect, the change, when it was recorded, and by whom.
    assert re.search(r"Ändrade uppdrag\. \d{4}-\d\d-\d\d \d\d:\d\d Eva Redaktörsson", page.text)


def test_staff_of_another_organisation_do_not_see_who(edited):
    outsider = TenantRoleFactory(role=Role.ADMINISTRATOR, user__password=None).user
    other = Client(HTTP_ACCEPT_LANGUAGE="sv")
    other.force_login(outsider)

    assert "Redaktörsson" not in read(other.get(edited.url)).html


def test_the_public_history_leaves_out_what_concerns_hidden_people_and_contacts(client, edited):
    html = read(client.get(edited.url)).html

    assert "Hemligsson" not in html  # the protected person's appointment
    assert "intern@ornskoldsvik.example" not in html  # the hidden e-mail's audit event
    assert "klf@ornskoldsvik.example" in html  # the public one is told


def test_the_history_lists_the_reorganisations(client, hassleholm):
    url = reverse("unit_history", kwargs={"tenant": "hassleholm", "unit": hassleholm.new.slug})

    page = read(client.get(url))

    assert "Omorganisationer Nytt kommunledningskontor" in page.text
    assert "Folkhälsa flyttas från ”Fritidsnämnden” till ”Kommunledningskontoret”" in page.text
    assert "Från Fritidsnämnden" in page.text and "Till Kommunledningskontoret" in page.text


# Groups: members by post and from other municipalities (S2.2, S2.5, S3.3) --------------------


@pytest.fixture
def umearegionen(ornskoldsvik) -> SimpleNamespace:
    region = TenantFactory(name="Umeåregionen", slug="umearegionen", collaboration=True)
    vindeln = TenantFactory(name="Vindelns kommun", slug="vindeln")
    for municipality in (ornskoldsvik.tenant, vindeln):
        CollaborationMember.objects.create(collaboration=region, municipality=municipality)
    council = services.unit_create(
        tenant=region, actor=None, kind=UnitKind.POLITICAL_COUNCIL, name="Regionrådet"
    )
    group = services.unit_create(
        tenant=region,
        actor=None,
        kind=UnitKind.CHIEF_EXECUTIVES_GROUP,
        name="Kommunchefsgruppen",
        parent=council,
    )
    office = services.unit_create(
        tenant=region, actor=None, kind=UnitKind.SECRETARIAT, name="Kansliet", parent=council
    )
    head = services.post_create(unit=office, actor=None, title="Kanslichef", is_contact=True)
    lisa = services.person_create(tenant=region, actor=None, first_name="Lisa A", last_name="Lindberg")
    lena = services.person_create(tenant=region, actor=None, first_name="Lena", last_name="Sandlin")
    services.appointment_create(post=head, person=lisa, actor=None, valid_from=D(2018, 1, 1))
    services.appointment_create(post=head, person=lena, actor=None, valid_from=D(2019, 1, 1), acting=True)
    services.contact_point_add(owner=lisa, actor=None, kind="phone", value="090-16 13 32", label="Kontor")
    services.contact_point_add(owner=lena, actor=None, kind="mobile", value="070-336 01 13")
    therese = services.person_create(tenant=vindeln, actor=None, first_name="Therese", last_name="Berg")
    services.membership_create(
        group=group, actor=None, role=MembershipRole.CHAIR, person=therese, on_behalf_of=vindeln
    )
    services.membership_create(
        group=group,
        actor=None,
        role=MembershipRole.MEMBER,
        person=ornskoldsvik.director,
        on_behalf_of=ornskoldsvik.tenant,
    )
    # A protected person sits only in a seat of their own organisation (lookup.seat_people).
    protected = services.person_create(
        tenant=region, actor=None, first_name="Hemlig", last_name="Hemligsson", is_public=False
    )
    services.membership_create(group=group, actor=None, role=MembershipRole.MEMBER, person=protected)
    return SimpleNamespace(tenant=region, group=group, office=office, vindeln=vindeln)


def test_the_chief_executives_group_lists_its_members_with_their_municipalities(client, umearegionen):
    """S3.3: a chair, and members who represent different municipalities."""
    page = read(client.get(unit_url(umearegionen.group)))

    assert "Medlemmar Ordförande Therese Berg Vindelns kommun" in page.text
    assert (
        "Övriga medlemmar Magnus Haglund Örnsköldsviks kommun Skicka e-post till Magnus Haglund" in page.text
    )
    assert "Hemligsson" not in page.html
    # The member from Örnsköldsvik links to his page there.
    assert link_names(page, "/ornskoldsvik/person/magnus-haglund/") == ["Magnus Haglund"]


def test_an_acting_head_of_office_is_shown_as_vik(client, umearegionen):
    """S3.3: “Lena Sandlin, vik. Kanslichef” beside the head of office."""
    page = read(client.get(unit_url(umearegionen.office)))

    assert "Lisa A Lindberg Kanslichef Kontor: 090-16 13 32" in page.text
    assert "Lena Sandlin vik. Kanslichef Mobil: 070-336 01 13" in page.text


def test_a_management_group_defined_by_posts_shows_whoever_holds_them(client):
    """S2.2: whoever holds the post is the member; S2.5: the KS chair may attend."""
    tenant = TenantFactory(name="Munkedals kommun", slug="munkedal")
    ks = services.unit_create(
        tenant=tenant, actor=None, kind=UnitKind.EXECUTIVE_BOARD, name="Kommunstyrelsen"
    )
    office = services.unit_create(
        tenant=tenant, actor=None, kind=UnitKind.ADMINISTRATION, name="Förvaltningen"
    )
    group = services.unit_create(
        tenant=tenant,
        actor=None,
        kind=UnitKind.MANAGEMENT_TEAM,
        name="Kommunchefens ledningsgrupp",
        short_name="KLG",
        parent=office,
    )
    chief = services.post_create(unit=office, actor=None, title="Kommunchef")
    finance = services.post_create(unit=office, actor=None, title="Ekonomichef")
    chair_post = services.post_create(unit=ks, actor=None, title="Kommunstyrelsens ordförande")
    holder = services.person_create(tenant=tenant, actor=None, first_name="Anna", last_name="Andersson")
    services.appointment_create(post=chief, person=holder, actor=None, valid_from=D(2016, 1, 1))
    services.membership_create(group=group, actor=None, role=MembershipRole.CHAIR, post=chief)
    services.membership_create(group=group, actor=None, role=MembershipRole.MEMBER, post=finance)
    services.membership_create(
        group=group, actor=None, role=MembershipRole.OPTIONAL_ATTENDEE, post=chair_post
    )

    page = read(client.get(unit_url(group)))

    assert "Kommunchefens ledningsgrupp (KLG)" in page.text
    assert "Ordförande Anna Andersson Kommunchef" in page.text
    assert "Övriga medlemmar Vakant Ekonomichef" in page.text
    assert "Kan delta Vakant Kommunstyrelsens ordförande" in page.text


def test_a_political_bodys_page_lists_its_chair_with_party_and_its_members(client, ornskoldsvik):
    member = services.person_create(
        tenant=ornskoldsvik.tenant, actor=None, first_name="Ola", last_name="Ledamot", party=PartyFactory()
    )
    services.membership_create(group=ornskoldsvik.ks, actor=None, role=MembershipRole.MEMBER, person=member)

    page = read(client.get(unit_url(ornskoldsvik.ks)))

    assert "Medlemmar Ordförande Per Nylén (S)" in page.text
    assert "Sekreterare Ann-Christin Nordqvist Sekreterare Kommunalråd" in page.text
    assert "Övriga ledamöter Ola Ledamot (S)" in page.text


def test_a_collaborations_start_page_lists_its_member_municipalities(client, umearegionen):
    """S3.1: the collaboration and its municipalities."""
    page = read(client.get("/umearegionen/"))

    assert "Umeåregionen Samverkan" in page.text
    assert "Medlemskommuner Vindelns kommun Örnsköldsviks kommun" in page.text
    assert link_names(page, "/vindeln/") == ["Vindelns kommun"]
    assert "Kommunchefsgruppen" in page.text


def test_a_municipalitys_start_page_names_its_collaborations(client, umearegionen):
    page = read(client.get("/ornskoldsvik/"))

    assert "Örnsköldsviks kommun samverkar med andra kommuner i: Umeåregionen" in page.text


# The person page (S3.3) ----------------------------------------------------------------------


def test_the_person_page_lists_every_post_across_organisations(client, umearegionen, ornskoldsvik):
    """S3.3: the Örnsköldsvik director also sits in Umeåregionen's group."""
    url = reverse("person_detail", kwargs={"tenant": "ornskoldsvik", "person": ornskoldsvik.director.slug})

    page = read(client.get(url))

    assert "<h1>Magnus Haglund</h1>" in page.html
    assert "Örnsköldsviks kommun Kommundirektör, Kommunledningsförvaltningen" in page.text
    assert "Umeåregionen Medlem, Kommunchefsgruppen" in page.text
    assert link_names(page, "/umearegionen/enhet/kommunchefsgruppen/") == ["Kommunchefsgruppen"]
    assert "Kontakt Skicka e-post till Magnus Haglund Kommundirektör: 0660-883 00" in page.text
    assert "070-111 22 33" not in page.html


def test_a_politicians_page_shows_the_party(client, ornskoldsvik):
    page = read(client.get("/ornskoldsvik/person/per-nylen/"))

    assert "<h1>Per Nylén (S)</h1>" in page.html
    assert "Parti: Socialdemokraterna" in page.text
    assert "Ordförande, Kommunstyrelsen" in page.text


def test_a_protected_persons_page_is_not_found(client, ornskoldsvik):
    url = reverse("person_detail", kwargs={"tenant": "ornskoldsvik", "person": ornskoldsvik.protected.slug})

    assert client.get(url).status_code == 404
    assert client.get("/ornskoldsvik/person/finns-inte/").status_code == 404


# Search --------------------------------------------------------------------------------------


def test_search_finds_units_posts_and_people_and_announces_the_count(client, ornskoldsvik):
    page = read(client.get("/ornskoldsvik/sok/", {"q": "kommun"}))

    status = re.search(r'<p role="status"[^>]*>(.*?)</p>', page.html, re.S).group(1)
    assert status.strip() == "4 träffar för ”kommun”."
    assert "Enheter (2) Kommunledningsförvaltningen kommunledningsförvaltning" in page.text
    assert "Kommunstyrelsen (KS) kommunstyrelse" in page.text
    assert "Befattningar (2) Kommundirektör, Kommunledningsförvaltningen: Magnus Haglund" in page.text
    assert "Sekreterare Kommunalråd, Kommunstyrelsen: Ann-Christin Nordqvist" in page.text


def test_search_finds_a_person_by_name_and_in_swedish_letters(client, ornskoldsvik):
    page = read(client.get("/ornskoldsvik/sok/", {"q": "NYLÉN"}))

    assert "1 träff för ”NYLÉN”." in page.text
    assert "Personer (1) Per Nylén (S)" in page.text


@pytest.mark.parametrize("query", ["nylen", "Nylén", "NYLEN", "per nylen", "NYLÉN PER"])
def test_search_finds_a_person_with_or_without_accents_and_capitals(client, ornskoldsvik, query):
    page = read(client.get("/ornskoldsvik/sok/", {"q": query}))

    assert f"1 träff för ”{query}”." in page.text
    assert "Personer (1) Per Nylén (S)" in page.text


@pytest.mark.parametrize("query", ["forskola", "FÖRSKOLA", "forskolan solen", "Förskolan Sölen"])
def test_search_finds_a_unit_with_or_without_accents(client, ornskoldsvik, query):
    services.unit_create(
        tenant=ornskoldsvik.tenant,
        actor=None,
        kind=UnitKind.UNIT,
        name="Förskolan Solen",
        valid_from=D(2010, 1, 1),
    )
    page = read(client.get("/ornskoldsvik/sok/", {"q": query}))

    assert "Enheter (1) Förskolan Solen" in page.text


@pytest.mark.parametrize("query", ["hemligsson", "HÉMLIGSSÖN", "skyddad hemligsson", "Skyddad"])
def test_search_never_finds_a_protected_person(client, ornskoldsvik, query):
    page = read(client.get("/ornskoldsvik/sok/", {"q": query}))

    assert f"0 träffar för ”{query}”." in page.text
    assert "Hemligsson" not in page.html.replace(f"”{query}”", "")


def test_an_empty_search_asks_for_a_name(client, ornskoldsvik):
    page = read(client.get("/ornskoldsvik/sok/", {"q": "   "}))

    status = re.search(r'<p role="status"[^>]*>(.*?)</p>', page.html, re.S).group(1)
    assert "Skriv ett namn eller en del av ett namn" in status
    assert "Enheter (" not in page.text


# The frame: notices and the language ---------------------------------------------------------


def test_the_site_notice_shows_on_its_organisations_pages_only(client, ornskoldsvik, hassleholm):
    """S0.5: the covid-19 banner on top of Örnsköldsvik's pages."""
    SiteNotice.objects.create(
        tenant=ornskoldsvik.tenant, text="Coronaviruset och covid-19: nya föreskrifter."
    )

    own = read(client.get(unit_url(ornskoldsvik.office)))
    other = read(client.get("/hassleholm/"))

    assert "Coronaviruset och covid-19: nya föreskrifter. Stäng" in own.text
    assert "Coronaviruset" not in other.text


def test_the_pages_are_in_english_for_a_visitor_who_asks(ornskoldsvik):
    english = Client()
    english.post("/i18n/setlang/", {"language": "en", "next": "/"})  # the switch in the header

    page = read(english.get(unit_url(ornskoldsvik.office)))

    assert '<html lang="en">' in page.html
    assert "Contact us" in page.text and "Responsible political committee" in page.text
    assert "Switchboard: 0660-880 00" in page.text
    assert "Page updated 2019-05-13" in page.text


def test_the_swedish_page_says_it_is_swedish(client, ornskoldsvik):
    assert '<html lang="sv">' in read(client.get("/ornskoldsvik/")).html


# Issue 6, item 5: no ``?datum=`` ever gives a 500 ------------------------------------------

NOT_A_DATE = "är inget datum. Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2009-01-01."
OUT_OF_RANGE = "Ange ett datum mellan 1800-01-01 och 2200-12-31."
ODD_DATES = {
    "0001-01-01": OUT_OF_RANGE,
    "2201-01-01": OUT_OF_RANGE,
    "0": NOT_A_DATE,
    "99999-01-01": NOT_A_DATE,
    "2026-02-30": NOT_A_DATE,
    "-1": NOT_A_DATE,
    "2026-1-1": NOT_A_DATE,
    "٢٠٢٦-٠١-٠١": NOT_A_DATE,  # digits, but not the ones a date is written with
    "9" * 5000: NOT_A_DATE,
}


@pytest.fixture
def munkedal(db):
    tenant = TenantFactory(name="Munkedals kommun", slug="munkedal")
    editor = UserFactory(password=None)
    ks = services.unit_create(
        tenant=tenant, actor=editor, kind=UnitKind.EXECUTIVE_BOARD, name="Kommunstyrelsen", short_name="KS"
    )
    return SimpleNamespace(tenant=tenant, ks=ks)


@pytest.mark.parametrize("value", ODD_DATES, ids=lambda v: v[:12])
@pytest.mark.parametrize("page", ["tree", "unit"])
def test_an_odd_date_on_a_page_shows_today_with_a_swedish_notice(client, munkedal, page, value):
    path = f"/munkedal/enhet/{munkedal.ks.slug}/" if page == "unit" else "/munkedal/"

    shown = read(client.get(path, {"datum": value}))

    assert ODD_DATES[value] in shown.text
    assert "Sidan visar i stället läget i dag." in shown.text
    assert "Kommunstyrelsen" in shown.text
    assert "9" * 100 not in shown.text  # a long value is not repeated whole


@pytest.mark.parametrize("value", ODD_DATES, ids=lambda v: v[:12])
@pytest.mark.parametrize("file", ["kontakter.csv", "schema.svg"])
def test_an_odd_date_for_a_file_is_refused_with_a_swedish_reason(client, munkedal, file, value):
    """A file cannot carry a notice, so it is not silently made for today instead."""
    response = client.get(f"/munkedal/enhet/{munkedal.ks.slug}/{file}", {"datum": value})

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert ODD_DATES[value] in response.content.decode()


def test_an_odd_date_on_the_chart_page_is_explained_on_the_date_field(client, munkedal):
    for value, message in (("0001-01-01", OUT_OF_RANGE), ("2026-1-1", f"”2026-1-1” {NOT_A_DATE}")):
        response = client.get(f"/munkedal/enhet/{munkedal.ks.slug}/schema/", {"datum": value})

        assert response.status_code == 400
        assert response.context["form"].errors["datum"] == [message]


def test_the_first_and_last_dates_of_the_range_are_shown(client, munkedal):
    for value in ("1800-01-01", "2200-12-31"):
        page = read(client.get("/munkedal/", {"datum": value}))
        assert f"Du ser läget den {value}." in page.text
        csv = client.get(f"/munkedal/enhet/{munkedal.ks.slug}/kontakter.csv", {"datum": value})
        assert csv.status_code == 200


def test_a_search_with_a_nul_byte_is_answered(client, munkedal):
    """PostgreSQL refuses NUL in a query; the search drops it instead of failing."""
    page = read(client.get("/munkedal/sok/", {"q": "Kommun\x00styrelsen"}))

    assert "Sök" in page.text
