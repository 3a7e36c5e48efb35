"""PDFs and Popolo exports are made with the garbage collector waiting (``core.collector``): its
settings are given back after every document, also when making it fails, so the rest of the
process collects as usual."""

import gc
import io
import threading

import pytest
from pypdf import PdfReader

from radhus.core.collector import THRESHOLD, fewer_collections
from radhus.core.pdf import html_to_pdf


def test_the_collector_waits_during_a_layout_and_is_restored_after_an_error():
    before = gc.get_threshold()
    with pytest.raises(ValueError), fewer_collections():
        assert gc.get_threshold()[0] >= THRESHOLD
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
        with fewer_collections():
            pass
        # Not unfrozen (that would make the count 0); some frozen objects may die meanwhile.
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_two_layouts_at_once_give_the_settings_back_when_the_last_ends():
    """Two threads of a server making PDFs at the same time: the collector waits until both are
    done, and its settings are then those from before either began."""
    before = gc.get_threshold()
    first, second = threading.Event(), threading.Event()

    def layout(started, release):
        with fewer_collections():
            started.set()
            release.wait(5)

    release_first, release_second = threading.Event(), threading.Event()
    one = threading.Thread(target=layout, args=(first, release_first))
    two = threading.Thread(target=layout, args=(second, release_second))
    one.start()
    first.wait(5)
    two.start()
    second.wait(5)
    release_first.set()
    one.join(5)
    assert gc.get_threshold()[0] >= THRESHOLD  # the second is still laying out
    release_second.set()
    two.join(5)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_pdf_library_that_fails_at_start_is_logged_and_the_server_starts_anyway(monkeypatch, caplog):
    """``warm_up`` runs when a server worker loads the app: a broken WeasyPrint must not stop the
    pages being served; the failure is in the log, and the PDF view reports it when asked."""
    import weasyprint

    from radhus.core.pdf import warm_up

    def broken(self, *args, **kwargs):
        raise OSError("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", broken)
    with caplog.at_level("ERROR", logger="radhus.core.pdf"):
        assert warm_up() >= 0
    assert "WeasyPrint could not make a PDF at start" in caplog.text
    assert "libpango" in caplog.text
    assert gc.get_freeze_count() == 0  # the collector is given back after the failure too
