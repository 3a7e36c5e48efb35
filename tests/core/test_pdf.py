"""PDFs are laid out with the garbage collector waiting (``core.pdf``): its settings are given
back after every PDF, also when WeasyPrint fails, so the rest of the process collects as usual."""

import gc
import io

import pytest
from pypdf import PdfReader

from radhus.core.pdf import LAYOUT_GC_THRESHOLD, fewer_collections, html_to_pdf


def test_the_collector_waits_during_a_layout_and_is_restored_after_an_error():
    before = gc.get_threshold()
    with pytest.raises(ValueError), fewer_collections():
        assert gc.get_threshold()[0] >= LAYOUT_GC_THRESHOLD
        assert gc.get_freeze_count() > 0  # what existed before is set aside
        raise ValueError("the layout failed")
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_html_becomes_a_pdf_with_its_text():
    pdf = html_to_pdf('<html lang="sv"><p>Protokoll § 12 – Kommunstyrelsen, justerat 2026-11-30</p></html>')
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Protokoll § 12 – Kommunstyrelsen, justerat 2026-11-30" in text
    assert gc.get_freeze_count() == 0


def test_objects_frozen_by_the_process_stay_frozen():
    gc.freeze()
    try:
        kept = gc.get_freeze_count()
        with fewer_collections():
            pass
        assert gc.get_freeze_count() == kept
    finally:
        gc.unfreeze()
