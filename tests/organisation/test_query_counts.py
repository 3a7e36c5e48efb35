"""A page or an API call costs what it shows: the number of queries behind it does not grow
with the organisation (issue 7). Each test measures the same request on a small organisation,
grows it (more units, deeper, with renames and moves, more posts and holders) and measures
again."""

import datetime as dt
import random

import pytest
from django.core.cache import cache
from django.db import connection

from radhus.organisation import selectors, services
from radhus.organisation.models import (
    Appointment,
    Membership,
    Oversight,
    Person,
    Post,
    PostDocument,
    Reorganisation,
    Responsibility,
    Unit,
    UnitChange,
)
from tests.factories import (
    AppointmentFactory,
    ContactPointFactory,
    MembershipFactory,
    PersonFactory,
    PostFactory,
    TenantFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db
D = dt.date
PAST = D(2015, 6, 1)  # before the renames and moves below: every page reads the history


def queries(client, address: str) -> int:
    """The statements of a request as a running server makes it: with the organisation and the
    site's notices already kept by the process (``cache.remembered``), as they are after its
    first request, whatever has changed inside the organisation since."""
    return len(_sent(client, address))


def round_trips(client, address: str) -> int:
    """The times the request waits for the database, ``queries`` made it: on PostgreSQL the
    statements sent together (``radhus.core.reads.read_together``) are one wait; on SQLite,
    where a statement is a function call, every statement is one."""
    trips, previous = 0, None
    for pipeline in _sent(client, address):
        trips += pipeline is None or pipeline is not previous
        previous = pipeline
    return trips


def _sent(client, address: str) -> list[object]:
    """Each statement of the request made afresh, as the pipeline it was sent in (None: on its
    own)."""
    cache.clear()
    client.get("/storstad/sok/")
    sent: list[object] = []

    def note(execute, sql, params, many, context):
        sent.append(getattr(connection.connection, "_pipeline", None))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        response = client.get(address)
    assert response.status_code == 200, address
    return sent


class World:
    """An organisation that grows: a chain of levels down to a leaf, siblings at every level,
    renames and moves dated after ``PAST``, posts with public and protected holders."""

    def __init__(self) -> None:
        self.tenant = TenantFactory(name="Storstads kommun", slug="storstad")
        self.top = UnitFactory(tenant=self.tenant, board=True, slug="ks", valid_from=D(2000, 1, 1))
        # The board every unit answers to: a chair in person, a secretary through a post.
        MembershipFactory(group=self.top, role="chair", person=PersonFactory(tenant=self.tenant))
        secretary = PostFactory(unit=self.top, title="Nämndsekreterare")
        AppointmentFactory(post=secretary, person=PersonFactory(tenant=self.tenant), valid_from=D(2010, 1, 1))
        MembershipFactory(group=self.top, role="secretary", post=secretary, person=None)
        self.leaf = self.top
        self.n = 0
        self.level = 0
        self.moved_via: dict[int, Unit] = {}  # a level → the sibling it stood under in 2018–2020
        self.grow(levels=2, siblings=2)

    def unit(self, parent: Unit, name: str) -> Unit:
        self.n += 1
        return UnitFactory(
            tenant=self.tenant,
            parent=parent,
            name=name,
            slug=f"enhet-{self.n}",
            valid_from=D(2000, 1, 1),
            responsible_body=self.top,
        )

    def grow(self, *, levels: int, siblings: int) -> None:
        for _level in range(levels):
            self.level += 1
            below = self.unit(self.leaf, f"Nivå {self.level}")
            for i in range(siblings):
                sibling = self.unit(self.leaf, f"Syskon {self.n}")
                services.reorganisation_rename(
                    unit=sibling,
                    actor=None,
                    effective_date=D(2020, 1, 1 + i % 28),
                    name=f"Nytt namn {self.n}",
                )
                post = PostFactory(unit=sibling, title=f"Chef för {sibling.name}", is_contact=True)
                AppointmentFactory(
                    post=post, person=PersonFactory(tenant=self.tenant), valid_from=D(2010, 1, 1)
                )
            services.reorganisation_rename(
                unit=below, actor=None, effective_date=D(2019, 1, 1), name=f"Nivå {self.level} (ny)"
            )
            services.reorganisation_move(unit=below, actor=None, effective_date=D(2018, 1, 1), parent=sibling)
            services.reorganisation_move(
                unit=below, actor=None, effective_date=D(2021, 1, 1), parent=self.leaf
            )
            self.moved_via[below.pk] = sibling
            for i in range(siblings):
                child_of_leaf = self.unit(below, f"Under {self.n}")
                post = PostFactory(unit=child_of_leaf, title=f"Chef {i}")
                AppointmentFactory(post=post, valid_from=D(2010, 1, 1))
            self.leaf = below
        principal = None
        for i in range(siblings):
            post = PostFactory(unit=self.leaf, title=f"Handläggare {self.n}-{i}", is_contact=True)
            person = PersonFactory(tenant=self.tenant, is_public=i % 3 != 0)
            AppointmentFactory(post=post, person=person, valid_from=D(2010, 1, 1))
            ContactPointFactory(post=post)
            ContactPointFactory(post=None, person=person, kind="email", value=f"p{self.n}{i}@example.se")
            document = PostDocument.objects.create(post=post, title=f"Instruktion {i}", body="Text")
            services.post_document_update(document=document, actor=None, body="Ny text")  # version 2
            if principal is not None:
                Post.objects.filter(pk=principal.pk).update(deputy=post)
            principal = post
        ContactPointFactory(unit=self.leaf, post=None, kind="switchboard", value="+4640100000")


@pytest.fixture
def world():
    return World()


# What making a unit page reads, counted by hand (the render cache is empty after every
# change): the unit (the view); then together the unit, the units above it and those right
# under it, with their names and parents of the day (one recursive query), the posts, the
# seats of the responsible body, the holders of the posts, the holders of the seats, the
# reorganisations with their units, their decision steps and their changes; then together
# the posts their holders deputise for, every contact point of the unit, its contact posts,
# their holders and the seats, and the documents; last the earlier versions of those saved
# again. The areas of responsibility and oversight only when the unit has any (this one has
# none: see the test of a plain unit below). The organisation and the site's notices are kept
# by the process (``cache.remembered``).
UNIT_PAGE = 13
UNIT_PAGE_ROUND_TRIPS = 4 if connection.vendor == "postgresql" else UNIT_PAGE
# The person; then together the appointments, the person's own seats, the contact points of
# the person and those of the posts held (the seats held through a post only when there are
# any: see below).
PERSON_PAGE = 5
PERSON_PAGE_ROUND_TRIPS = 2 if connection.vendor == "postgresql" else PERSON_PAGE
# The tree (its shape, the changes after the date, the units drawn); the collaborations in
# both directions on the date (then kept by the process until an organisation or a membership
# changes).
START_PAGE = 4
# The unit; the unit as of today with the units above it; the reorganisations with their
# units, steps and changes; the audit events; the dates of the reorganisations among them (the
# one kind of dated thing there).
HISTORY_PAGE = 7


def test_a_leaf_unit_page_deep_in_a_big_tree_costs_the_same_as_in_a_small_one(client, world):
    for on in ("", f"?datum={PAST.isoformat()}"):
        address = f"/storstad/enhet/{world.leaf.slug}/{on}"
        assert queries(client, address) == UNIT_PAGE
        assert round_trips(client, address) == UNIT_PAGE_ROUND_TRIPS
        world.grow(levels=6, siblings=5)
        assert queries(client, f"/storstad/enhet/{world.leaf.slug}/{on}") == UNIT_PAGE
        assert round_trips(client, address) == UNIT_PAGE_ROUND_TRIPS


def test_the_unit_page_reads_what_it_shows_once(client, world):
    """The body's chair and secretary, the deputies, the switchboard and the revised
    documents are on the page the counts above are taken of."""
    page = client.get(f"/storstad/enhet/{world.leaf.slug}/").content.decode()
    chair, secretary = (
        m.person or m.post.appointments.get().person for m in world.top.memberships.order_by("role")
    )
    assert chair.name in page and secretary.name in page
    assert "Nämndsekreterare" in page
    assert page.count("Ställföreträdare för: Handläggare") == 1  # the second deputises for the first
    assert "040-10 00 00" in page


def test_a_unit_page_sends_no_statement_for_what_the_unit_has_none_of(client, world):
    """The unit read by the page says whether it has areas of responsibility, oversight and
    reorganisations at all, and each post whether it has documents and is anyone's deputy:
    most units have none of them, and each statement is a round trip on PostgreSQL (issue 7).
    When the unit gets one of each, the page shows it, at one statement (two for the document,
    with its earlier versions; three for a reorganisation, with its decision steps and changes)
    more each."""
    plain = UnitFactory(tenant=world.tenant, parent=world.top, name="Enkel enhet", slug="enkel")
    first = PostFactory(unit=plain, title="Enhetschef", is_contact=True)
    AppointmentFactory(
        post=first, person=PersonFactory(tenant=world.tenant, first_name="Ada", last_name="Enkel")
    )
    ContactPointFactory(unit=plain, post=None, kind="switchboard", value="+4640100001")
    address = "/storstad/enhet/enkel/"
    # The unit; it with the units above and under it, its posts and their holders; the contact
    # points (its own switchboard: no need to look above it for one): nothing else. On
    # PostgreSQL the three in the middle are sent together.
    assert queries(client, address) == 5
    assert round_trips(client, address) == (3 if connection.vendor == "postgresql" else 5)

    second = PostFactory(unit=plain, title="Biträdande chef")
    Post.objects.filter(pk=first.pk).update(deputy=second)
    document = PostDocument.objects.create(post=first, title="Delegationsordning", body="Text")
    services.post_document_update(document=document, actor=None, body="Ny text")  # version 2
    Responsibility.objects.create(tenant=world.tenant, unit=plain, name="Turism")
    company = UnitFactory(tenant=world.tenant, parent=world.top, name="Enkla AB", slug="enkla-ab")
    Oversight.objects.create(tenant=world.tenant, overseer=plain, overseen=company, kind="company")
    services.reorganisation_rename(unit=plain, actor=None, effective_date=D(2020, 1, 1), name="Enkla enheten")
    cache.clear()
    assert queries(client, address) == 5 + 1 + 2 + 1 + 1 + 3
    # Each sent with the others it does not depend on: only the earlier versions wait apart.
    assert round_trips(client, address) == (
        3 + 1 if connection.vendor == "postgresql" else 5 + 1 + 2 + 1 + 1 + 3
    )
    page = client.get(address).content.decode()
    for shown in (
        "Ställföreträdare för: Enhetschef",
        "Delegationsordning",
        "Turism",
        "Enkla AB",
        "Enkel enhet",
    ):
        assert shown in page, shown
    # The other side of oversight: the company's page names the unit that oversees it.
    company = client.get("/storstad/enhet/enkla-ab/").content.decode()
    oversight = company[company.index('class="panel oversight"') :]
    assert 'href="/storstad/enhet/enkel/"' in oversight[: oversight.index("</section>")]


def test_the_start_page_costs_the_same_however_big_the_organisation(client, world):
    assert queries(client, "/storstad/") == START_PAGE
    world.grow(levels=4, siblings=5)
    assert queries(client, f"/storstad/?datum={PAST.isoformat()}") == START_PAGE


def test_the_history_page_costs_the_same_however_big_the_organisation(client, world):
    assert queries(client, f"/storstad/enhet/{world.leaf.slug}/historik/") == HISTORY_PAGE
    world.grow(levels=4, siblings=5)
    assert queries(client, f"/storstad/enhet/{world.leaf.slug}/historik/") == HISTORY_PAGE


def test_the_unit_page_shows_the_breadcrumbs_and_children_of_its_date(client, world):
    level_one = Unit.objects.get(name="Nivå 1 (ny)")
    level_two = Unit.objects.get(name="Nivå 2 (ny)")
    then = client.get(f"/storstad/enhet/{level_two.slug}/?datum={PAST.isoformat()}").content.decode()
    assert "<h1>Nivå 2</h1>" in then and "Nivå 1</a></li>" in then and "Kommunstyrelsen</a></li>" in then
    now = client.get(f"/storstad/enhet/{level_two.slug}/").content.decode()
    assert "<h1>Nivå 2 (ny)</h1>" in now and "Nivå 1 (ny)</a></li>" in now
    # In 2018–2020 level one stood under a sibling: the breadcrumbs of that day say so.
    moved = client.get(f"/storstad/enhet/{level_two.slug}/?datum=2018-06-01").content.decode()
    sibling_then = world.moved_via[level_one.pk].changes.get(field="name").old_text  # renamed 2020
    assert f"{sibling_then}</a></li>" in moved
    children = client.get(f"/storstad/enhet/{level_one.slug}/").content.decode()
    assert f'href="/storstad/enhet/{level_two.slug}/">Nivå 2 (ny)</a>' in children
    # ... and the sibling's page of that day lists it among its units, by its name of the day.
    sibling = world.moved_via[level_one.pk]
    then = client.get(f"/storstad/enhet/{sibling.slug}/?datum=2018-06-01").content.decode()
    assert f'href="/storstad/enhet/{level_one.slug}/?datum=2018-06-01">Nivå 1</a>' in then
    assert level_one.slug not in client.get(f"/storstad/enhet/{sibling.slug}/").content.decode()


def test_a_person_page_costs_the_same_however_many_posts_the_organisation_has(client, world):
    person = PersonFactory(tenant=world.tenant, slug="anna")
    AppointmentFactory(post=PostFactory(unit=world.leaf), person=person, valid_from=D(2010, 1, 1))
    MembershipFactory(group=world.top, person=person, role="member")
    assert queries(client, "/storstad/person/anna/") == PERSON_PAGE
    assert round_trips(client, "/storstad/person/anna/") == PERSON_PAGE_ROUND_TRIPS
    world.grow(levels=3, siblings=5)
    AppointmentFactory(post=PostFactory(unit=world.leaf), person=person, valid_from=D(2011, 1, 1))
    assert queries(client, "/storstad/person/anna/") == PERSON_PAGE
    assert round_trips(client, "/storstad/person/anna/") == PERSON_PAGE_ROUND_TRIPS


def test_a_person_page_reads_the_seats_only_when_the_person_or_a_post_held_has_one(client, world):
    """Most people have no seat in a group, of their own or through a post: the person is read
    with whether it has any, either way, and the page then asks no more (issue 7). A seat
    through a post is still shown."""
    person = PersonFactory(tenant=world.tenant, slug="bo")
    post = PostFactory(unit=world.leaf, title="Förvaltningschef")
    AppointmentFactory(post=post, person=person, valid_from=D(2010, 1, 1))
    assert queries(client, "/storstad/person/bo/") == PERSON_PAGE - 1
    assert "Förvaltningschef" in client.get("/storstad/person/bo/").content.decode()

    MembershipFactory(group=world.top, post=post, person=None, role="member")
    assert queries(client, "/storstad/person/bo/") == PERSON_PAGE
    page = client.get("/storstad/person/bo/").content.decode()
    assert "Medlem, <a" in page and "(som Förvaltningschef)" in page


# What the Popolo export reads, counted by hand: what imported documents said (PopoloRecord);
# the units; the posts; the holders; the seats; the organisation's people (with whether they
# are public, so that a protected holder costs no look-up among other organisations' people);
# the collaborations; the areas of responsibility; oversight; then the public contact points of
# the units, the posts and the people (one UNION ALL) and the former names. The organisation
# is kept by the process. On PostgreSQL the first nine are sent together, then the other two.
POPOLO_EXPORT = 11
POPOLO_EXPORT_ROUND_TRIPS = 2 if connection.vendor == "postgresql" else POPOLO_EXPORT


def test_the_popolo_export_costs_the_same_however_big_the_organisation(client, world):
    """World has protected holders (every third): they are left out without a query of their
    own."""
    assert queries(client, "/api/v1/popolo/storstad") == POPOLO_EXPORT
    assert round_trips(client, "/api/v1/popolo/storstad") == POPOLO_EXPORT_ROUND_TRIPS
    world.grow(levels=4, siblings=5)
    assert queries(client, "/api/v1/popolo/storstad") == POPOLO_EXPORT
    assert round_trips(client, "/api/v1/popolo/storstad") == POPOLO_EXPORT_ROUND_TRIPS


def test_a_holder_from_another_organisation_costs_the_popolo_export_two_statements_and_one_wait(
    client, world
):
    """A public person of a neighbouring municipality holds one of the city's posts: she is
    read with the contact points (she is known to be wanted only once the holders are), and her
    organisation, which the document names, after her."""
    neighbour = TenantFactory(name="Grannby kommun", slug="grannby")
    post = PostFactory(unit=world.top, title="Gemensam kommunjurist", single_holder=False)
    for n, public in enumerate((True, True, False)):
        person = PersonFactory(tenant=neighbour, slug=f"jurist-{n}", is_public=public)
        AppointmentFactory(post=post, person=person, valid_from=D(2010 + n, 1, 1))
        ContactPointFactory(post=None, person=person, kind="email", value=f"jurist{n}@grannby.se")

    assert queries(client, "/api/v1/popolo/storstad") == POPOLO_EXPORT + 2
    assert round_trips(client, "/api/v1/popolo/storstad") == (
        3 if connection.vendor == "postgresql" else POPOLO_EXPORT + 2
    )
    document = client.get("/api/v1/popolo/storstad").json()
    people = {p["id"]: p for p in document["persons"]}
    assert [d["value"] for d in people["grannby/person/jurist-1"]["contact_details"]] == [
        "jurist1@grannby.se"
    ]
    assert "grannby/person/jurist-2" not in people, "a protected person of another organisation"
    assert "jurist2@grannby.se" not in client.get("/api/v1/popolo/storstad").content.decode(), (
        "her contact point is read with the others but never written"
    )
    assert "Grannby kommun" in {o.get("name") for o in document["organizations"]}
    holders = [m for m in document["memberships"] if m.get("role") == "Gemensam kommunjurist"]
    assert sorted(m["person_id"] for m in holders) == ["grannby/person/jurist-0", "grannby/person/jurist-1"]


def test_search_for_a_common_word_runs_a_few_queries_whatever_the_hits(client, world):
    small = queries(client, "/storstad/sok/?q=chef")
    world.grow(levels=4, siblings=8)
    big = queries(client, "/storstad/sok/?q=chef")
    assert big == small <= 10
    # On PostgreSQL two waits: the names of every unit, post and person found, then the rows of
    # the first of each and the holders of those posts.
    assert round_trips(client, "/storstad/sok/?q=chef") == (2 if connection.vendor == "postgresql" else big)


def test_search_lists_only_public_holders(client, world):
    page = client.get("/storstad/sok/?q=handläggare").content.decode()
    hidden = [a.person.name for post in world.leaf.posts.all() for a in post.appointments.all()]
    shown = [name for name in hidden if name in page]
    assert 0 < len(shown) < len(hidden)


@pytest.mark.parametrize(
    "address",
    [
        "/api/v1/units?tenant=storstad",
        f"/api/v1/units?tenant=storstad&as_of={PAST.isoformat()}",
        f"/api/v1/units?as_of={PAST.isoformat()}",
        "/api/v1/units?parent={top}",
        f"/api/v1/units?parent={{top}}&as_of={PAST.isoformat()}",
        "/api/v1/people?tenant=storstad",
        "/api/v1/people",
        "/api/v1/posts",
        "/api/v1/posts?tenant=storstad",
    ],
)
def test_an_api_list_page_costs_the_same_however_big_the_registry(client, world, address):
    address = address.format(top=world.top.pk)
    small = queries(client, address + "&page_size=5" if "?" in address else address + "?page_size=5")
    world.grow(levels=4, siblings=5)
    assert queries(client, address + "&page_size=5" if "?" in address else address + "?page_size=5") == small


def test_an_api_list_without_an_organisation_counts_nothing_and_says_if_there_is_more(client, world):
    first = client.get("/api/v1/people?page_size=2").json()
    assert first["count"] is None and first["next_page"] == 2
    assert len(first["items"]) == 2
    last = client.get("/api/v1/people?tenant=storstad&page_size=1000").json()
    assert last["count"] == len(last["items"]) and last["next_page"] is None


def test_the_api_unit_list_by_parent_follows_the_moves(client, world):
    level_one = Unit.objects.get(name="Nivå 1 (ny)")
    sibling = world.moved_via[level_one.pk]
    before = client.get(f"/api/v1/units?parent={sibling.pk}&as_of=2018-06-01").json()["items"]
    after = client.get(f"/api/v1/units?parent={sibling.pk}&as_of=2022-01-01").json()["items"]
    assert [u["name"] for u in before] == ["Nivå 1"]  # moved there in 2018, renamed in 2019
    assert after == []
    top = client.get(f"/api/v1/units?parent={world.top.pk}&as_of=2022-01-01").json()["items"]
    assert "Nivå 1 (ny)" in {u["name"] for u in top}


def _walked(unit: Unit, on: dt.date) -> tuple[list[int], list[int]]:
    """Ancestors and children of ``unit`` on ``on`` as read from the whole organisation
    (``units_as_of``, which breaks cycles): what the page's own queries must agree with."""
    units = selectors.units_as_of(unit.tenant, on)
    chain: list[int] = []
    current = units.get(unit.pk, selectors.unit_as_of(Unit.objects.get(pk=unit.pk), on)).parent_id
    while current and current in units and len(chain) < selectors.MAX_DEPTH:
        chain.append(current)
        current = units[current].parent_id
    children = [u.pk for u in sorted(units.values(), key=selectors._unit_order) if u.parent_id == unit.pk]
    return chain[::-1], children


@pytest.mark.parametrize("seed", range(4))
def test_the_page_reads_the_same_tree_as_the_whole_organisation_even_with_bad_data(seed):
    """Random moves over time, some written around the services so that they make cycles on
    some dates, some units ended: for every unit and date, the recursive query up and the
    direct query down give the breadcrumbs and children that the whole-organisation read
    gives, with each cycle broken at the same unit."""
    rnd = random.Random(seed)
    tenant = TenantFactory(slug=f"slump{seed}")
    units = [UnitFactory(tenant=tenant, name=f"Enhet {i}", valid_from=D(2000, 1, 1)) for i in range(14)]
    for i, unit in enumerate(units[1:], start=1):
        unit.parent = units[rnd.randrange(i)]
        if rnd.random() < 0.15:
            unit.valid_to = D(2015, 1, 1)
        unit.save()
    for year in range(2011, 2024, 2):
        reorganisation = Reorganisation.objects.create(
            tenant=tenant, kind="move", title=f"Flytt {year}", effective_date=D(year, 1, 1)
        )
        for unit in rnd.sample(units[1:], 3):
            old = Unit.objects.get(pk=unit.pk).parent_id
            new = rnd.choice([u for u in units if u.pk != unit.pk])
            UnitChange.objects.create(
                reorganisation=reorganisation, unit=unit, field="parent", old_parent_id=old, new_parent=new
            )
            Unit.objects.filter(pk=unit.pk).update(parent=new)
            UnitChange.objects.create(
                reorganisation=reorganisation, unit=unit, field="name", old_text=f"{unit.name} före {year}"
            )
    for on in [D(2010, 6, 1), *(D(year, 6, 1) for year in range(2011, 2025, 2)), D(2026, 1, 1)]:
        for unit in Unit.objects.filter(tenant=tenant):
            around = selectors.neighbourhood_as_of(unit, on)
            ancestors, children = _walked(unit, on)
            assert [u.pk for u in around.ancestors] == ancestors, (unit.name, on)
            assert [u.pk for u in around.children] == children, (unit.name, on)
            names = {u.pk: u.name for u in selectors.units_as_of(tenant, on).values()}
            assert [u.name for u in around.ancestors + around.children] == [
                names[pk] for pk in ancestors + children
            ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_an_api_list_narrowed_to_an_organisation_is_planned_for_it_each_time(client, world):
    """PostgreSQL plans a prepared statement once for any organisation, and the organisations
    differ a hundredfold in size (issue 7): a list narrowed to one (its page and its count) is
    sent unprepared, so that it is planned for the one asked for; the country's list is
    prepared as usual."""
    for _ in range(6):
        narrowed = client.get("/api/v1/memberships?tenant=storstad&page_size=1").json()
        assert narrowed["count"] == 2 and len(narrowed["items"]) == 1  # the board's chair and secretary
        assert client.get("/api/v1/people?page_size=5").json()["count"] is None
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "organisation_person"' in s and "LIMIT" in s for s in prepared)
    assert not [s for s in prepared if 'FROM "organisation_membership"' in s]


def test_the_people_holding_a_post_on_a_date_are_those_with_a_post_or_a_seat_that_day(world):
    nothing = PersonFactory(tenant=world.tenant)
    former = PersonFactory(tenant=world.tenant)
    AppointmentFactory(
        post=PostFactory(unit=world.top, title="Utredare"),
        person=former,
        valid_from=D(2012, 1, 1),
        valid_to=D(2020, 1, 1),
    )
    MembershipFactory(group=world.top, person=former, valid_from=D(2025, 1, 1))
    seated = PersonFactory(tenant=world.tenant)
    MembershipFactory(group=world.top, person=seated, valid_from=D(2024, 1, 1))
    people = Person.objects.filter(tenant=world.tenant)
    holding = set(selectors.holding_on(people, D(2024, 6, 1)))
    assert seated in holding and nothing not in holding and former not in holding
    assert holding, "the board's chair and the secretary at least"
    for person in people:
        held = person.appointments.filter(Appointment.valid_on_q(D(2024, 6, 1))).exists()
        sits = person.memberships.filter(Membership.valid_on_q(D(2024, 6, 1))).exists()
        assert (person in holding) == (held or sits), person


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_who_holds_a_post_on_a_date_is_looked_up_by_person_not_by_hashing_every_appointment(world):
    """PostgreSQL may answer ``EXISTS … OR EXISTS …`` by hashing every appointment and seat of
    the country first: a cost that grows with the whole registry (issue 7). Each person's posts
    and seats are looked up through the person's index instead."""
    sql, params = selectors.holding_on(
        Person.objects.filter(tenant=world.tenant), D(2024, 6, 1)
    ).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "SubPlan" in plan
    assert "hashed SubPlan" not in plan, plan
