"""A report's rows as CSV (streamed, for Swedish Excel), XLSX (openpyxl, written row by row)
and PDF (WeasyPrint, A4, with the question as heading, the date, the organisation and page
numbers)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from radhus.core.pdf import html_to_pdf
from radhus.followup.reports.base import Cell, Context, Filters, Kind, PageColumn, Report, Summary

# A cell that a spreadsheet would read as a formula starts with one of these; it gets a
# leading apostrophe so that it is shown as the text it is (CSV injection).
_FORMULA = re.compile(r"^[=+\-@\t\r]")


def text(value: Cell) -> str:
    """A cell as text: dates as ISO dates (YYYY-MM-DD, the Swedish standard), nothing as ""."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _value_html(value: Cell) -> str:
    """A value on the page: a date as a ``<time>`` that does not break at its hyphens."""
    if isinstance(value, dt.date):
        iso = value.isoformat()
        return f'<time datetime="{iso}">{iso}</time>'
    return escape(text(value))


def _cell_html(column: PageColumn, row: dict[str, Cell], labels: dict[str, str]) -> str:
    """One cell of the page: the first value, then each other one that is not empty (nor 0) on
    a line of its own, labelled unless it is bare."""
    first = row[column.keys[0]]
    parts = [_value_html(first)] if first is not None and first != "" else []
    for key in column.keys[1:]:
        value = row[key]
        if value is None or value == "" or value == 0:
            continue
        shown = _value_html(value) if key in column.bare else f"{escape(labels[key])}: {_value_html(value)}"
        parts.append(f'<span class="part">{shown}</span>')
    return "".join(parts)


def html_head(report: Report) -> SafeString:
    """The header row of a page's table."""
    cells = "".join(
        f'<th scope="col" class="number">{escape(c.label)}</th>'
        if report.is_number(c)
        else f'<th scope="col">{escape(c.label)}</th>'
        for c in report.page_columns()
    )
    return mark_safe(f"<tr>{cells}</tr>")  # noqa: S308 - every label is escaped above


def html_rows(report: Report, rows: Iterable[tuple[Cell, ...]]) -> SafeString:
    """The rows of a page's table as HTML, every cell escaped; written here rather than in a
    template loop, which would cost the page most of its time at a hundred rows. Each cell
    carries its column's label (``data-label``), which a phone shows before it when the table
    is laid out as one block per row."""
    keys = [c.key for c in report.columns]
    labels = {c.key: str(c.label) for c in report.columns}
    columns = [(c, escape(c.label), report.is_number(c)) for c in report.page_columns()]
    out = []
    for row in rows:
        values = dict(zip(keys, row, strict=True))
        tds = []
        for column, label, numeric in columns:
            html = _cell_html(column, values, labels)
            classes = " ".join(k for k, on in (("number", numeric), ("empty", not html)) if on)
            attrs = f' class="{classes}"' if classes else ""
            tds.append(f'<td data-label="{label}"{attrs}>{html}</td>')
        out.append(f"<tr>{''.join(tds)}</tr>")
    return mark_safe("".join(out))  # noqa: S308 - every cell is escaped above


def records(report: Report, rows: Iterable[tuple[Cell, ...]]) -> list[tuple[str, str]]:
    """Rows for the PDF, each as one paragraph: the first two cells as its head, then “label:
    value” for each cell that is not empty. WeasyPrint lays out a paragraph many times faster
    than a table of the same text (every cell is a box of its own), which keeps a report of a
    thousand rows within seconds."""
    labels = report.headers()
    out = []
    for row in rows:
        values = [text(c) for c in row]
        head = " · ".join(v for v in values[:2] if v)
        rest = " · ".join(f"{label}: {v}" for label, v in zip(labels[2:], values[2:], strict=True) if v)
        out.append((head, rest))
    return out


def _csv_text(value: Cell) -> str:
    if isinstance(value, str) and _FORMULA.match(value):
        return f"'{value}"
    return text(value)


class _Line:
    """What ``csv.writer`` writes to: it hands the line back instead of keeping it."""

    def write(self, value: str) -> str:
        return value


def iter_csv(report: Report, rows: Iterable[tuple[Cell, ...]]) -> Iterator[bytes]:
    """CSV as Swedish Excel opens it (UTF-8 with a byte order mark, “;” between fields), a few
    hundred lines at a time so that a large report is streamed, not built in memory."""
    writer = csv.writer(_Line(), delimiter=";", lineterminator="\r\n")
    yield ("\ufeff" + writer.writerow(report.headers())).encode("utf-8")
    lines: list[str] = []
    for row in rows:
        lines.append(writer.writerow([_csv_text(c) for c in row]))
        if len(lines) >= 500:
            yield "".join(lines).encode("utf-8")
            lines = []
    if lines:
        yield "".join(lines).encode("utf-8")


def xlsx(report: Report, rows: Iterable[tuple[Cell, ...]], title: str) -> bytes:
    """The report as a workbook: one sheet, the header in bold and frozen, dates as dates and
    numbers as numbers, text always as text (never a formula). Write-only mode keeps no cells in
    memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "Rapport")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for label in report.headers():
        cell = WriteOnlyCell(sheet, value=label)
        cell.data_type = "s"
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    kinds = [c.kind for c in report.columns]
    for row in rows:
        cells = []
        for kind, value in zip(kinds, row, strict=True):
            if value is None:
                cells.append(None)
            elif kind == Kind.DATE and isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            elif kind == Kind.NUMBER and isinstance(value, int):
                cells.append(value)
            else:
                cell = WriteOnlyCell(sheet, value=text(value))
                cell.data_type = "s"
                cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pdf(
    report: Report,
    ctx: Context,
    f: Filters,
    rows: Iterable[tuple[Cell, ...]],
    summary: Summary | None,
    chosen: list[tuple[str, str]],
) -> bytes:
    """The report on A4 pages: the organisation and the question at the top, the date it was
    made and the filters chosen, the table, and “page n (m)” at the foot of every page."""
    context: dict[str, Any] = {
        "tenant": ctx.tenant,
        "report": report,
        "filters": f,
        "chosen": chosen,
        "summary": summary,
        "rows": records(report, rows),
        "lang": get_language(),
    }
    return html_to_pdf(render_to_string("followup/reports/report_pdf.html", context))
