"""What a report is: a heading that names the question it answers (an auditor's or the
board's), a description, columns, and rows computed by one selector in a fixed number of
queries whatever the number of rows. The same rows feed the page, the PDF, the CSV and the
XLSX, so the four can never disagree."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise

from radhus.core.models import Tenant
from radhus.organisation.models import Person, Unit

Cell = str | int | dt.date | None


class Kind:
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    kind: str = Kind.TEXT


@dataclass(frozen=True)
class PageColumn:
    """A column of the page's table, which may hold several of the report's columns: the first
    as the cell's text, each other one on a line of its own under it, with its label unless it
    is named in ``bare``. A wide report fits the screen this way while its files keep one
    column per value (auditors sort and filter them)."""

    label: str | Promise
    keys: tuple[str, ...]
    bare: tuple[str, ...] = ()


@dataclass(frozen=True)
class Filters:
    """What the reader chose: a body, a period (inclusive at both ends), an officer, and the
    day the report is made as of (“now” for the days counted)."""

    on: dt.date
    body: Unit | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    officer: Person | None = None


@dataclass(frozen=True)
class Context:
    """Who reads: the organisation, and whether they may read what secrecy hides."""

    tenant: Tenant
    full: bool


@dataclass
class Summary:
    """Figures about all the rows (not only the page shown): label and value, in order."""

    items: list[tuple[str | Promise, Cell]] = field(default_factory=list)


@dataclass(frozen=True)
class Report:
    """One report. ``source`` is the selector: one queryset, in the report's order, that reads
    every row in one query (joins and subqueries, no query per row; a test holds it to that at
    two sizes). ``row`` turns one of its objects into the cells, in the order of ``columns``.
    A page reads a window of the queryset; the exports stream all of it. ``summary`` is
    optional figures about all the rows, in a fixed number of queries too."""

    slug: str
    question: str | Promise
    description: str | Promise
    columns: tuple[Column, ...]
    source: Callable[[Context, Filters], QuerySet[Any]]
    row: Callable[[Any, Context, Filters], tuple[Cell, ...]]
    summary: Callable[[Context, Filters], Summary] | None = None
    law: str = ""  # the rule the report applies, e.g. "KL 5 kap. 35 §"
    answers: tuple[str, ...] = ()  # the questions of docs/audit-questions.md it answers (Q1 …)
    # How the page's table shows the columns (several in one cell); one per column when empty.
    page: tuple[PageColumn, ...] = ()

    def page_columns(self) -> tuple[PageColumn, ...]:
        return self.page or tuple(PageColumn(c.label, (c.key,)) for c in self.columns)

    def is_number(self, column: PageColumn) -> bool:
        """A page column that holds one number (right-aligned)."""
        kinds = {c.key: c.kind for c in self.columns}
        return len(column.keys) == 1 and kinds[column.keys[0]] == Kind.NUMBER

    def headers(self) -> list[str]:
        return [str(c.label) for c in self.columns]

    def rows(self, ctx: Context, f: Filters) -> Iterator[tuple[Cell, ...]]:
        """Every row, streamed from the database in chunks (for the exports)."""
        for obj in self.source(ctx, f).iterator(chunk_size=2000):
            yield self.row(obj, ctx, f)

    def window(self, ctx: Context, f: Filters, page: int, size: int) -> tuple[list[tuple[Cell, ...]], bool]:
        """One page of rows, read in SQL with one row more to tell whether another page follows
        (no COUNT of the whole table)."""
        offset = (page - 1) * size
        objs = list(self.source(ctx, f)[offset : offset + size + 1])
        return [self.row(o, ctx, f) for o in objs[:size]], len(objs) > size


REGISTRY: dict[str, Report] = {}


def register(report: Report) -> Report:
    if report.slug in REGISTRY:
        raise ValueError(f"two reports named {report.slug}")
    REGISTRY[report.slug] = report
    return report


def all_reports() -> list[Report]:
    return list(REGISTRY.values())


def chunked(rows: Iterable[Any], size: int = 500) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
