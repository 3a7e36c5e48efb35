"""Searching the case register: one service over two engines.

Each case has one search document (``CaseSearch``) with two folded texts: what anyone may
search (the number, the public title, the description unless the title is secret, and the
titles of records that are not wholly secret) and the whole text, for those who may read
secrets (OSL 5 kap. 5 §: secret parts are marked and the rest stays public; a secret title is
never in the public text, so no public search can find a case by it).

Folding (lower case, accents and ring removed: ``förskola`` → ``forskola``) is done here in
Python for the documents and the query alike, so that ``forskola`` finds ``förskola`` on both
databases:

- SQLite: an FTS5 table over the documents (made by migration 0002), prefix terms
  (``"forskola"*``) standing in for a stemmer, which FTS5 lacks for Swedish.
- PostgreSQL: a stored ``tsvector`` per text (``public_tsv``, ``full_tsv``: generated columns
  ``to_tsvector('swedish', …)`` over the folded text, migration 0005) with a GIN index each, and
  prefix terms (``forskola:*``) after the Swedish stemmer.

The document is rewritten whenever a case or one of its records is saved (signals connected by
the app), inside the same transaction as the change.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models.signals import post_save

from radhus.core.models import Tenant
from radhus.diarium.models import Case, CaseSearch, Record, SecrecyScope, shown_title, status_label

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
PAGE_SIZE = 50
# How many of the newest documents a search reads first, testing each, before it asks the
# full-text index for every match (see ``walk_sql``).
WALK_WINDOW = 4_000
_TERM = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower case without accents: ``Förskola i Åsele`` → ``forskola i asele``."""
    decomposed = unicodedata.normalize("NFKD", (text or "").replace("\x00", " ").lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def terms(query: str) -> list[str]:
    """The words of a query, folded; anything else (quotes, operators, NUL) is dropped, so the
    query can never be read as the engines' own syntax."""
    return _TERM.findall(fold(query[:MAX_QUERY_LENGTH]))[:MAX_TERMS]


# Documents ----------------------------------------------------------------------------------


def texts(case: Case, records: list[tuple[str, str, str]]) -> tuple[str, str]:
    """(public text, whole text) of a case; ``records`` are (title, secrecy, scope)."""
    full = [case.number, case.title, case.public_title, case.description]
    public = [case.number, case.shown_title]
    if not case.title_secrecy:
        public.append(case.description)
    for title, secrecy, scope in records:
        full.append(title)
        if not (secrecy and scope == SecrecyScope.RECORD):
            public.append(title)
    return fold(" ".join(p for p in public if p)), fold(" ".join(p for p in full if p))


def index_case(case: Case | int, *, new: bool = False) -> None:
    """Rewrite the search document of a case. A ``new`` case, just inserted, has no records
    and no document yet: its document is written in one insert."""
    if not isinstance(case, Case):
        case = Case.objects.get(pk=case)
    if new:
        public, full = texts(case, [])
        CaseSearch.objects.create(
            case_id=case.pk,
            tenant_id=case.tenant_id,
            public_text=public,
            full_text=full,
            year=case.year,
            sequence=case.sequence,
        )
        return
    records = list(case.records.values_list("title", "secrecy", "secrecy_scope"))
    public, full = texts(case, records)
    CaseSearch.objects.update_or_create(
        case_id=case.pk,
        defaults={
            "tenant_id": case.tenant_id,
            "public_text": public,
            "full_text": full,
            "year": case.year,
            "sequence": case.sequence,
        },
    )


def reindex(tenant: Tenant | None = None) -> int:
    """Rewrite every document (of one organisation); for an index built before a change of rule."""
    cases = Case.objects.all() if tenant is None else Case.objects.filter(tenant=tenant)
    n = 0
    for case in cases.iterator():
        index_case(case)
        n += 1
    return n


def _case_saved(sender: Any, instance: Case, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        index_case(instance, new=created)


def _record_saved(sender: Any, instance: Record, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        index_case(instance.case_id)


def connect() -> None:
    post_save.connect(_case_saved, sender=Case, dispatch_uid="radhus.diarium.search.case")
    post_save.connect(_record_saved, sender=Record, dispatch_uid="radhus.diarium.search.record")


# Searching ----------------------------------------------------------------------------------


# The columns of a case a result shows, read in the search's one query. A hit is made from its
# row as it comes (no model instance: making 50 ``Case`` objects cost more than the query).
ROW_COLUMNS = [
    "id",
    "number",
    "year",
    "sequence",
    "title",
    "title_secrecy",
    "public_title",
    "status",
    "opened_on",
]


@dataclass(frozen=True, slots=True)
class CaseHit:
    """One case in a page of results: what the list shows and the id its link needs."""

    id: int
    number: str
    year: int
    sequence: int
    title: str
    title_secrecy: str
    public_title: str
    status: str
    opened_on: dt.date

    @property
    def pk(self) -> int:
        return self.id

    @property
    def shown_title(self) -> str:
        """The title the public may read (OSL 5 kap. 5 §)."""
        return shown_title(self.title, self.title_secrecy, self.public_title)

    def get_status_display(self) -> str:
        return status_label(self.status)


@dataclass(frozen=True)
class Filters:
    """Narrowing a search: the body (the series' unit), the year, the status, the class and the
    case officer; ids are of the organisation searched (others simply match nothing)."""

    body: int | None = None
    year: int | None = None
    status: str | None = None
    classification: int | None = None
    officer: int | None = None


def match_expression(words: list[str], vendor: str) -> str:
    """The engine's query for ``words``: every word, as a prefix."""
    if vendor == "postgresql":
        return " & ".join(f"{w}:*" for w in words)
    return " AND ".join(f'"{w}"*' for w in words)


def search_sql(*, vendor: str, secrets: bool, filters: Filters, has_words: bool) -> tuple[str, list[str]]:
    """The SQL of a search (the cases' rows a result shows, newest first) and the names of its
    parameters in order. The benchmark runs the same SQL by hand to measure what the service
    adds."""
    where = ["c.tenant_id = %s"]
    names = ["tenant"]
    lateral = has_words and vendor == "postgresql"
    if lateral:
        names = ["tenant", "match", "tenant"]
        source = "diarium_case c"
    elif has_words:
        source = "diarium_search_fts f JOIN diarium_case c ON c.id = f.rowid"
        where.append("diarium_search_fts MATCH %s")
        names.append("match")
    else:
        source = "diarium_case c"
    if filters.body is not None:
        source += " JOIN diarium_series r ON r.id = c.series_id"
        where.append("r.body_id = %s")
        names.append("body")
    for name, col in (
        ("year", "year"),
        ("status", "status"),
        ("classification", "classification_id"),
        ("officer", "officer_id"),
    ):
        if getattr(filters, name) is not None:
            where.append(f"c.{col} = %s")
            names.append(name)
    columns = ", ".join(f"c.{column}" for column in ROW_COLUMNS)
    if lateral and walkable(filters):
        return _page_from_documents(columns, secrets=secrets, year=filters.year is not None)
    select = f"SELECT {columns} FROM {source} WHERE {' AND '.join(where)}"  # noqa: S608 - no input in the text
    if lateral:
        # The matches first, by the GIN index, then each match's case by its key: left to
        # itself the planner walks the cases newest first through (tenant, year, sequence)
        # computing the tsvector of each until it has a page (for a rare word, every case), or
        # hashes or merges the whole case table to join a handful of matches (OFFSET 0 keeps the
        # lateral lookup from being flattened into such a join).
        # The tsvector is a stored, GIN-indexed column (migration 0005): neither the match nor
        # the recheck of a lossy bitmap (a common word) computes it per row.
        tsv = "full_tsv" if secrets else "public_tsv"
        select = (
            "WITH m AS MATERIALIZED (SELECT case_id FROM diarium_casesearch WHERE tenant_id = %s AND "
            f"{tsv} @@ to_tsquery('swedish'::regconfig, %s)) "
            f"SELECT {columns} FROM m CROSS JOIN LATERAL ({select} AND c.id = m.case_id OFFSET 0) c"
        )
    # Newest first, as the register's index on (tenant, year, sequence) reads them.
    sql = f"{select} ORDER BY c.year DESC, c.sequence DESC LIMIT %s OFFSET %s"
    return sql, [*names, "limit", "offset"]


def _page_from_documents(columns: str, *, secrets: bool, year: bool) -> tuple[str, list[str]]:
    """PostgreSQL, words and no filter but the year: the matches are taken from the GIN index
    over the stored tsvector, and the page is picked among them by the case's order (year,
    sequence) that the search documents carry, so only the cases of the page are read (50
    lookups instead of one per match). The matches are materialised first: left to itself the
    planner, which cannot tell a rare prefix from a common one, may walk every document newest
    first testing each (0.1 s for a rare word at 50,000 cases)."""
    tsv = "full_tsv" if secrets else "public_tsv"
    names = ["tenant", "match", *(["year"] if year else []), "limit", "offset", "tenant"]
    sql = (
        "WITH hits AS MATERIALIZED (SELECT case_id, year, sequence FROM diarium_casesearch "  # noqa: S608
        f"WHERE tenant_id = %s AND {tsv} @@ to_tsquery('swedish'::regconfig, %s)"
        + (" AND year = %s" if year else "")
        + "), m AS (SELECT case_id, year, sequence FROM hits ORDER BY year DESC, sequence DESC "
        "LIMIT %s OFFSET %s) "
        f"SELECT {columns} FROM m CROSS JOIN LATERAL (SELECT {columns} FROM diarium_case c "
        "WHERE c.tenant_id = %s AND c.id = m.case_id OFFSET 0) c ORDER BY m.year DESC, m.sequence DESC"
    )
    return sql, names


def walkable(filters: Filters) -> bool:
    """Whether a search with words may first walk the newest documents: with no filter but the
    year, which the documents carry."""
    return all(v is None for v in (filters.body, filters.status, filters.classification, filters.officer))


def walk_sql(*, vendor: str, secrets: bool, year: bool) -> tuple[str, list[str]]:
    """The first try of a search with words: the newest ``WALK_WINDOW`` documents of the
    organisation, read in the register's order through the index (tenant, year, sequence),
    each tested against the words, and the page taken among those that match.

    A word in one case of eight (``förskola``) fills a page within a few hundred documents,
    where asking the index for every match reads and sorts all of them (64,000 at a million
    cases: 80 ms on SQLite, 120 ms on PostgreSQL, against 13 and 2 ms this way). When the window
    does not fill the page (a rarer word, a later page, a small register), ``search_cases``
    asks the index (``search_sql``), which is exact and cheap for few matches; the walk is what
    a rare word pays for the common one (2 ms at a million cases). The order is the same: the
    documents carry their case's year and sequence (migration 0006)."""
    names = ["tenant", *(["year"] if year else []), "window"]
    window = (
        "SELECT case_id, year, sequence{tsv} FROM diarium_casesearch WHERE tenant_id = %s"
        + (" AND year = %s" if year else "")
        + " ORDER BY year DESC, sequence DESC LIMIT %s"
    )
    columns = ", ".join(f"c.{column}" for column in ROW_COLUMNS)
    if vendor == "postgresql":
        tsv = "full_tsv" if secrets else "public_tsv"
        sql = (
            f"WITH w AS ({window.format(tsv=', ' + tsv)}), "  # noqa: S608 - no input in the text
            "m AS (SELECT case_id, year, sequence FROM w "
            f"WHERE {tsv} @@ to_tsquery('swedish'::regconfig, %s) "
            "ORDER BY year DESC, sequence DESC LIMIT %s OFFSET %s) "
            f"SELECT {columns} FROM m CROSS JOIN LATERAL (SELECT {columns} FROM diarium_case c "
            "WHERE c.tenant_id = %s AND c.id = m.case_id OFFSET 0) c ORDER BY m.year DESC, m.sequence DESC"
        )
        return sql, [*names, "match", "limit", "offset", "tenant"]
    # SQLite: the matches' ids come from the FTS5 index as one list (cheap even for 64,000:
    # it is the join to the cases and their sort that cost), probed for each document walked.
    sql = (
        f"WITH w AS ({window.format(tsv='')}) "  # noqa: S608 - no input in the text
        f"SELECT {columns} FROM w JOIN diarium_case c ON c.id = w.case_id "
        "WHERE w.case_id IN (SELECT rowid FROM diarium_search_fts WHERE diarium_search_fts MATCH %s) "
        "ORDER BY w.year DESC, w.sequence DESC LIMIT %s OFFSET %s"
    )
    return sql, [*names, "match", "limit", "offset"]


def plans(*, vendor: str, secrets: bool, filters: Filters, has_words: bool) -> list[tuple[str, list[str]]]:
    """The statements a search runs, in turn, until one fills its page (the last one always
    answers): the walk over the newest documents where it may (``walk_sql``), then the full
    search (``search_sql``). The benchmark runs the same by hand."""
    # The text depends on which filters are given, not on their values: made once per shape.
    shape = Filters(**{name: (None if value is None else 1) for name, value in vars(filters).items()})
    return _plans(vendor, secrets, shape, has_words)


@functools.lru_cache(maxsize=128)
def _plans(vendor: str, secrets: bool, shape: Filters, has_words: bool) -> list[tuple[str, list[str]]]:
    full = search_sql(vendor=vendor, secrets=secrets, filters=shape, has_words=has_words)
    if not has_words or not walkable(shape):
        return [full]
    return [walk_sql(vendor=vendor, secrets=secrets, year=shape.year is not None), full]


def run_plans(statements: list[tuple[str, list[str]]], values: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Run ``plans``' statements in turn: the first that gives a full page (``limit`` rows,
    which is the page and one more) answers."""
    rows: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for sql, names in statements:
            cursor.execute(sql, [values[n] for n in names])
            rows = cursor.fetchall()
            if len(rows) >= values["limit"]:
                break
    return rows


def fts_match(words: list[str], secrets: bool) -> str:
    """SQLite: the words in the one column the caller may search."""
    column = "full_text" if secrets else "public_text"
    return f"{column} : ({match_expression(words, 'sqlite')})"


@dataclass
class Results:
    cases: list[CaseHit]
    more: bool
    words: list[str]


def search_cases(
    *,
    tenant: Tenant,
    query: str,
    secrets: bool = False,
    filters: Filters | None = None,
    limit: int = PAGE_SIZE,
    offset: int = 0,
) -> Results:
    """The cases of ``tenant`` matching every word of ``query`` (as a prefix, accents folded),
    newest first, narrowed by ``filters``. ``secrets``: search the whole text (the caller may
    read secrets); otherwise only what the public may read."""
    filters = filters or Filters()
    words = terms(query or "")
    if (query or "").strip() and not words:
        return Results([], False, [])
    vendor = connection.vendor
    statements = plans(vendor=vendor, secrets=secrets, filters=filters, has_words=bool(words))
    values: dict[str, Any] = {
        "tenant": tenant.pk,
        "match": fts_match(words, secrets) if vendor != "postgresql" else match_expression(words, vendor),
        "limit": limit + 1,
        "offset": max(0, offset),
        "window": WALK_WINDOW,
        **{k: v for k, v in vars(filters).items()},
    }
    rows = run_plans(statements, values)
    more = len(rows) > limit
    if vendor == "sqlite":
        hits = [CaseHit(*row[:8], _date(row[8])) for row in rows[:limit]]
    else:
        hits = [CaseHit(*row) for row in rows[:limit]]
    return Results(hits, more, words)


def _date(value: Any) -> dt.date:
    """SQLite hands a date back as text when it comes through a subquery, which has lost the
    column's declared type."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value
