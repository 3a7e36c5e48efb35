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
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet


def read_together(*querysets: QuerySet[Any]) -> list[list[Any]]:
    """The objects of each of ``querysets``, in order, as ``list(queryset)`` gives them: the
    statements sent to the database together when it is PostgreSQL. Every queryset must be
    read from the same database."""
    if not querysets:
        return []
    alias = querysets[0].db
    if any(qs.db != alias for qs in querysets):
        raise ValueError("read_together reads from one database")
    connection = connections[alias]
    if connection.vendor != "postgresql" or len(querysets) < 2:
        return [list(qs) for qs in querysets]
    pending = [_Compiled(qs.all(), alias) for qs in querysets]
    to_send = [p for p in pending if p.sql is not None]
    if len(to_send) > 1:
        cursors = [connection.cursor() for _ in to_send]  # the first checks the connection
        try:
            with connection.wrap_database_errors, connection.connection.pipeline():
                for p, cursor in zip(to_send, cursors, strict=True):
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


class _Compiled:
    """A queryset compiled once: its SQL, and then its rows."""

    def __init__(self, queryset: QuerySet[Any], alias: str) -> None:
        self.queryset = queryset
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
