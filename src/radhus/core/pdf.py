"""HTML to PDF with WeasyPrint, for every PDF Rådhus makes (the minutes, the follow-up reports,
the officer's report, the organisation chart).

Importing WeasyPrint and laying out a first document (Pango, fontconfig's font list, the
DejaVu fonts, Pillow's PNG decoder) costs about a second on a small server. ``warm_up`` pays
it when a server worker loads the app (``radhus.wsgi``), so that no visitor's first PDF does.
"""

from __future__ import annotations

import base64
import logging
import time
from io import BytesIO

from radhus.core.collector import fewer_collections

logger = logging.getLogger(__name__)


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML document (its stylesheet in a ``<style>`` element)."""
    from weasyprint import HTML  # heavy import, only when a PDF is made (or at warm_up)

    with fewer_collections():
        return HTML(string=html).write_pdf()


def _warm_up_document() -> str:
    """A one-page document that touches what the real ones use: DejaVu Sans in regular and
    bold, Swedish letters, an embedded PNG picture and an SVG one."""
    from PIL import Image

    png = BytesIO()
    Image.new("RGB", (2, 2), "white").save(png, format="PNG")
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>'
    return (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Rådhus</title>'
        "<style>@page { size: A4 landscape; } body { font-family: 'DejaVu Sans', sans-serif; }</style>"
        "</head><body><h1>Rådhus</h1><p>Kommunstyrelsen, § 1 – åäö ÅÄÖ</p>"
        f'<img src="data:image/png;base64,{base64.b64encode(png.getvalue()).decode()}" alt="">'
        f'<img src="data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}" alt="">'
        "</body></html>"
    )


def warm_up() -> float:
    """Load WeasyPrint and lay out a small document, so that the process's first real PDF costs
    what its layout costs. Returns the seconds it took. A failure is logged, not raised: a
    server whose PDFs fail still serves its pages, and the PDF view gives the error itself."""
    started = time.perf_counter()
    try:
        html_to_pdf(_warm_up_document())
    except Exception:  # noqa: BLE001 - the server starts anyway; the error is in the log
        logger.exception("WeasyPrint could not make a PDF at start")
    return time.perf_counter() - started
