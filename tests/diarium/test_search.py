"""The register's search: one service over FTS5 (SQLite) and Swedish full text (PostgreSQL).
Accents are folded; a secret title or a wholly secret record is never found by a public search
(OSL 5 kap. 5 §)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from radhus.core.models import Role
from radhus.diarium import search, services
from radhus.diarium.models import CaseSearch, Direction, Status
from radhus.diarium.search import Filters, search_cases
from tests.diarium.factories import SeriesFactory
from tests.factories import PersonFactory, TenantRoleFactory

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)
SECRET = "Hemligtord"


@pytest.fixture
def series():
    return SeriesFactory(code="KS")


@pytest.fixture
def registrar(series):
    return TenantRoleFactory(tenant=series.tenant, role=Role.EDITOR).user


def register(series, actor, title, **fields):
    return services.case_register(
        tenant=series.tenant,
        actor=actor,
        series=series,
        title=title,
        opened_on=fields.pop("opened_on", DAY),
        **fields,
    )


def numbers(results):
    return [c.number for c in results.cases]


def test_accents_are_folded_both_ways(series, registrar):
    case = register(series, registrar, "Ny förskola i Åsele")
    assert numbers(search_cases(tenant=series.tenant, query="forskola")) == [case.number]
    assert numbers(search_cases(tenant=series.tenant, query="FÖRSKOLA asele")) == [case.number]
    assert numbers(search_cases(tenant=series.tenant, query="förskolan")) == []  # every word must match
    assert numbers(search_cases(tenant=series.tenant, query="försk")) == [case.number]  # a prefix


def test_descriptions_and_record_titles_are_searched(series, registrar):
    case = register(series, registrar, "Budget", description="Om simhallens renovering")
    services.record_add(
        case=case,
        actor=registrar,
        direction=Direction.RECEIVED,
        title="Skrivelse om idrottsplatsen",
        sender="Föreningen",
        registered_on=DAY,
    )
    assert numbers(search_cases(tenant=series.tenant, query="simhallens")) == [case.number]
    assert numbers(search_cases(tenant=series.tenant, query="idrottsplatsen")) == [case.number]


def test_a_secret_title_and_a_secret_record_are_found_only_with_the_right(series, registrar):
    case = register(
        series, registrar, f"Placering {SECRET}", title_secrecy="OSL 26 kap. 1 §", public_title="Placering"
    )
    other = register(series, registrar, "Öppet ärende")
    services.record_add(
        case=other,
        actor=registrar,
        direction=Direction.DRAWN_UP,
        title=f"Utredning {SECRET}x",
        registered_on=DAY,
        secrecy="OSL 21 kap. 1 §",
    )
    tenant = series.tenant
    assert numbers(search_cases(tenant=tenant, query=SECRET)) == []
    assert numbers(search_cases(tenant=tenant, query=SECRET, secrets=True)) == [other.number, case.number]
    assert numbers(search_cases(tenant=tenant, query="placering")) == [case.number]
    for doc in CaseSearch.objects.all():
        assert search.fold(SECRET) not in doc.public_text


def test_lifting_secrecy_makes_the_title_searchable(series, registrar):
    case = register(
        series, registrar, f"Ärende {SECRET}", title_secrecy="OSL 26 kap. 1 §", public_title="Ärende"
    )
    assert numbers(search_cases(tenant=series.tenant, query=SECRET)) == []
    services.case_lift_title_secrecy(case=case, actor=registrar)
    assert numbers(search_cases(tenant=series.tenant, query=SECRET)) == [case.number]


def test_filters_narrow_and_other_organisations_are_never_found(series, registrar):
    tenant = series.tenant
    anna = PersonFactory(tenant=tenant)
    first = register(series, registrar, "Vägunderhåll norr", officer=anna)
    second = register(series, registrar, "Vägunderhåll söder", opened_on=dt.date(2025, 5, 5))
    services.case_start_preparation(case=second, actor=registrar)
    elsewhere = SeriesFactory(code="KS")
    register(elsewhere, None, "Vägunderhåll väst")
    assert numbers(search_cases(tenant=tenant, query="vagunderhall")) == [first.number, second.number]
    assert numbers(search_cases(tenant=tenant, query="vagunderhall", filters=Filters(year=2025))) == [
        second.number
    ]
    assert numbers(search_cases(tenant=tenant, query="vagunderhall", filters=Filters(officer=anna.pk))) == [
        first.number
    ]
    assert numbers(
        search_cases(tenant=tenant, query="vagunderhall", filters=Filters(status=Status.IN_PREPARATION))
    ) == [second.number]
    assert numbers(
        search_cases(tenant=tenant, query="vagunderhall", filters=Filters(body=series.body_id))
    ) == [first.number, second.number]
    assert numbers(search_cases(tenant=tenant, query="", filters=Filters(year=2025))) == [second.number]


@pytest.mark.parametrize(
    "query", ['"', "AND OR NOT", "col:*", "\x00", "')--", "(((", "a" * 5000, "NEAR(a b)", "*", "ö:*&|!"]
)
def test_odd_queries_never_fail(series, registrar, query):
    register(series, registrar, "Förskola")
    result = search_cases(tenant=series.tenant, query=query)
    assert isinstance(result.cases, list)


def test_paging_tells_whether_more_follow(series, registrar):
    cases = [register(series, registrar, f"Detaljplan {n}") for n in range(3)]
    page = search_cases(tenant=series.tenant, query="detaljplan", limit=2)
    assert numbers(page) == [cases[2].number, cases[1].number] and page.more  # newest first
    rest = search_cases(tenant=series.tenant, query="detaljplan", limit=2, offset=2)
    assert numbers(rest) == [cases[0].number] and not rest.more
    assert numbers(search_cases(tenant=series.tenant, query="detaljplan", filters=Filters(year=2026))) == [
        c.number for c in reversed(cases)
    ]
    assert search_cases(tenant=series.tenant, query="detaljplan", filters=Filters(year=2025)).cases == []


def test_each_hit_links_to_its_case_page_public_or_staff(client, series, registrar):
    """The public follows a hit to the public case page; a registrar to the staff case page."""
    case = register(series, registrar, "Ny förskola i Tyringe")
    address = reverse("diarium_search", kwargs={"tenant": series.tenant.slug})
    public_page = f"/{series.tenant.slug}/diarium/arende/{case.pk}/"
    staff_page = f"/{series.tenant.slug}/redigera/diarium/arende/{case.pk}/"

    html = client.get(address, {"q": "forskola"}).content.decode()
    assert f'<a href="{public_page}">{case.number}</a>' in html
    assert staff_page not in html
    assert client.get(public_page).status_code == 200

    client.force_login(registrar)
    html = client.get(address, {"q": "forskola"}).content.decode()
    assert f'<a href="{staff_page}">{case.number}</a>' in html
    assert public_page not in html
    assert client.get(staff_page).status_code == 200
    staff_register = client.get(
        reverse("staff_diarium", kwargs={"tenant": series.tenant.slug})
    ).content.decode()
    assert f'href="{address}"' in staff_register  # the staff reach the search from their register


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's stored tsvector columns")
def test_postgresql_searches_the_stored_tsvector_not_one_computed_per_row(series, registrar):
    """The search documents' tsvectors are stored, over the folded text (migration 0005), and the
    search reads them through their GIN index instead of calling to_tsvector per row."""
    case = register(series, registrar, "Ny förskola i Åsele", title_secrecy="", description="Lokaler")
    with connection.cursor() as cursor:
        cursor.execute("SELECT public_tsv::text FROM diarium_casesearch WHERE case_id = %s", [case.pk])
        (stored,) = cursor.fetchone()
        assert "'forskol'" in stored and "'asel'" in stored  # folded, then stemmed in Swedish
        sql, names = search.search_sql(vendor="postgresql", secrets=False, filters=Filters(), has_words=True)
        values = {"tenant": series.tenant.pk, "match": "forskola:*", "limit": 51, "offset": 0}
        cursor.execute("EXPLAIN " + sql, [values[n] for n in names])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "public_tsv @@" in plan and "to_tsvector" not in plan
    assert numbers(search_cases(tenant=series.tenant, query="forskola asele")) == [case.number]


def test_a_common_word_is_paged_from_the_newest_documents_exactly_as_the_index_pages_it(
    series, registrar, monkeypatch, django_assert_num_queries
):
    """A word in many cases fills its page from the newest documents (one statement), without
    the index reading every match; a page beyond that window is asked of the index. Either way
    the pages are the same, newest first, and a secret title (OSL 5 kap. 5 §) or another
    organisation's case is never among them."""
    monkeypatch.setattr(search, "WALK_WINDOW", 6)
    tenant = series.tenant
    register(SeriesFactory(code="KS"), None, "Förskola i en annan kommun")
    cases = [register(series, registrar, "Förskola i Tyringe" if n % 2 else "Simhall") for n in range(14)]
    secret = register(
        series, registrar, "Förskola för placering", title_secrecy="OSL 26 kap. 1 §", public_title="Placering"
    )
    expected = [c.number for c in reversed(cases) if "Förskola" in c.title]  # 7, newest first
    for limit, offset in [(2, 0), (2, 2), (2, 4), (2, 6), (3, 0), (7, 0)]:
        page = search_cases(tenant=tenant, query="forskola", limit=limit, offset=offset)
        assert numbers(page) == expected[offset : offset + limit]
        assert page.more == (offset + limit < len(expected))
        by_year = search_cases(
            tenant=tenant, query="forskola", limit=limit, offset=offset, filters=Filters(year=2026)
        )
        assert numbers(by_year) == numbers(page)
    # The six newest documents (the secret one and five others) hold three public matches, and
    # the secret one besides for those who may read secrets: enough for these pages.
    with django_assert_num_queries(1):
        assert numbers(search_cases(tenant=tenant, query="forskola", limit=1)) == expected[:1]
    with django_assert_num_queries(1):
        found = search_cases(tenant=tenant, query="forskola", limit=2, secrets=True)
    assert numbers(found) == [secret.number, *expected[:1]]
    with django_assert_num_queries(2):
        assert numbers(search_cases(tenant=tenant, query="forskola", limit=2, offset=4)) == expected[4:6]
