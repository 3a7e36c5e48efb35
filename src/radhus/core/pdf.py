"""HTML to PDF with WeasyPrint, for the documents whose layout takes seconds (the minutes, the
follow-up reports)."""

from __future__ import annotations

from radhus.core.collector import fewer_collections


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML document (its stylesheet in a ``<style>`` element)."""
    from weasyprint import HTML  # heavy import, only when a PDF is made

    with fewer_collections():
        return HTML(string=html).write_pdf()
