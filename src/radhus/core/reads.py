"""Reads that do not depend on each other, sent to PostgreSQL together (issue 7).

A page made afresh sends a handful of statements, each of which waits for the one before it:
on PostgreSQL every statement is a round trip (0.1–0.3 ms on one machine, more across a
network), and those round trips were most of what made a small page cost more than on SQLite,
where a statement is a function call. ``read_together`` compiles the querysets it is given,
sends them in one pipeline (psycopg's pipeline mode: every statement is sent before any answer
is awaited) and builds each queryset's objects from its rows as Django would have, its
``select_related``, annotations and ``prefetch_related`` included (the last read afterwards, as
usual). On SQLite, or with one queryset, it simply evaluates them one after the other.

Each queryset is still one statement, with its own plan (prepared as any other: see
``RADHUS_PG_PREPARED``) and its own log entry (``django_assert_num_queries`` counts it); only
the waiting is shared. A statement that fails fails the read, as it would on its own.

A prepared statement is planned once for any values (PostgreSQL's generic plan, once it judges
it as good as planning each time), and that plan is made for an organisation of average size.
Where the best plan depends on which organisation is asked for, wrap the queryset in
``PlannedEachTime``: its statement is sent unprepared, and PostgreSQL plans it with its values
every time; ``planned_each_time()`` does the same for every statement sent inside it. The
Popolo export's seats, joined to the organisation's units, are such a statement: planned for
the average organisation it read all 40,000 seats of the country (6.4 ms) where a 200-unit
town's 139 cost 0.2 ms, planning included. So are the API's lists narrowed to one
organisation (``core.api.LazyPage``): planned for any organisation, a page of the 20,000-unit
municipality's posts took 14 ms instead of 0.1.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Exists, QuerySet


@dataclass(frozen=True)
class PlannedEachTime:
    """A queryset for ``read_together`` whose statement PostgreSQL plans with its values each
    time (sent unprepared), for a statement whose best plan depends on the organisation asked
    for. On SQLite it is read as any other."""

    queryset: QuerySet[Any]


def read_together(*querysets: QuerySet[Any] | PlannedEachTime) -> list[list[Any]]:
    """The objects of each of ``querysets``, in order, as ``list(queryset)`` gives them: the
    statements sent to the database together when it is PostgreSQL. Every queryset must be
    read from the same database."""
    if not querysets:
        return []
    items = [(q.queryset, False) if isinstance(q, PlannedEachTime) else (q, True) for q in querysets]
    alias = items[0][0].db
    if any(qs.db != alias for qs, _ in items):
        raise ValueError("read_together reads from one database")
    connection = connections[alias]
    if connection.vendor != "postgresql" or (len(items) < 2 and items[0][1]):
        return [list(qs) for qs, _ in items]
    pending = [_Compiled(qs.all(), alias, prepared) for qs, prepared in items]
    to_send = [p for p in pending if p.sql is not None]
    if len(to_send) > 1 or not all(p.prepared for p in to_send):
        cursors = [connection.cursor() for _ in to_send]  # the first checks the connection
        together = connection.connection.pipeline() if len(to_send) > 1 else nullcontext()
        try:
            with connection.wrap_database_errors, together:
                for p, cursor in zip(to_send, cursors, strict=True):
                    with nullcontext() if p.prepared else _unprepared(connection.connection):
                        cursor.execute(p.sql, p.params)
            for p, cursor in zip(to_send, cursors, strict=True):
                p.rows = cursor.fetchall()
        finally:
            for cursor in cursors:
                cursor.close()
    else:
        for p in to_send:
            p.rows = None  # one statement: sent as Django sends it
    return [p.objects() for p in pending]


@contextmanager
def planned_each_time(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Every statement sent inside is planned by PostgreSQL with its values (sent unprepared,
    never given the generic plan of a prepared statement); the connection is checked first, as
    for any statement. On SQLite nothing changes. The statements are logged and counted as any."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    connection.cursor().close()  # connects, or checks a kept connection (no statement)
    with _unprepared(connection.connection):
        yield


@contextmanager
def _unprepared(raw: Any) -> Iterator[None]:
    """psycopg's connection ``raw`` sends its statements unprepared for a while."""
    threshold = raw.prepare_threshold
    raw.prepare_threshold = None  # psycopg: no statement is prepared, nor a prepared one used
    try:
        yield
    finally:
        raw.prepare_threshold = threshold


class _Compiled:
    """A queryset compiled once: its SQL, and then its rows."""

    def __init__(self, queryset: QuerySet[Any], alias: str, prepared: bool = True) -> None:
        self.queryset = queryset
        self.prepared = prepared
        self.compiler = queryset.query.get_compiler(using=alias)
        self.rows: Sequence[tuple[Any, ...]] | None = None
        try:
            self.sql, self.params = self.compiler.as_sql()
        except EmptyResultSet:  # filtered on an empty list: no rows, no statement
            self.sql, self.params = None, ()
            self.rows = []
        if not self.sql:
            self.sql, self.rows = None, []

    def objects(self) -> list[Any]:
        if self.rows is None:
            return list(self.queryset)
        rows = self.rows
        if self.compiler.has_extra_select:  # as Django's cursor_iter trims them
            rows = [row[: self.compiler.col_count] for row in rows]
        compiler = self.compiler
        # The queryset's iterable asks its query for a compiler and that compiler for its rows:
        # it gets the one that made the statement (which knows the columns), with the rows.
        compiler.execute_sql = lambda *args, **kwargs: [rows] if rows else iter([])  # type: ignore[method-assign]
        query = self.queryset.query
        query.get_compiler = lambda *args, **kwargs: compiler  # type: ignore[method-assign]
        try:
            return list(self.queryset)
        finally:
            del query.get_compiler


class ProbedExists(Exists):
    """``Exists`` that PostgreSQL answers row by row through the subquery's index, as SQLite
    does, never by reading the whole subquery's table into a hash first.

    For ``EXISTS (…) OR EXISTS (…)`` PostgreSQL may hash every row of each subquery's table
    once and look each outer row up there. That costs the size of the whole country's table
    whatever the outer rows: a 200-unit town's people who hold a post on a date took 14 ms,
    reading all 190,000 appointments and 40,000 seats (issue 7). ``OFFSET 0`` is a fence that
    changes no answer but keeps the planner from turning the subquery into a hashed one, so
    each person's holdings are looked up by person: 1.3 ms."""

    def as_postgresql(self, compiler: Any, connection: Any, template: str | None = None, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="EXISTS(%(subquery)s OFFSET 0)", **extra)
