"""HTML to PDF with WeasyPrint, for the documents whose layout takes seconds (the minutes, the
follow-up reports)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Python's cyclic garbage collector runs after every 700 new container objects, and its full
# passes walk every object the process holds (Django's, the app's, WeasyPrint's boxes). A
# 64-page layout makes millions of short-lived objects, freed by reference counting anyway, so
# those passes cost a tenth of its CPU time. While a PDF is laid out the collector waits for
# this many new objects instead; the objects that existed before are set aside (``gc.freeze``)
# so that a full pass does not walk them either.
LAYOUT_GC_THRESHOLD = 100_000


_lock = threading.Lock()
_layouts = 0  # PDFs being laid out now, in any thread of the process
_saved: tuple[tuple[int, ...], bool] = ((700, 10, 10), False)  # the settings the first one found


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect garbage less often while a large document is laid out; restore the collector's
    settings after, also on an error. The collector's settings belong to the whole process: the
    first of several PDFs laid out at once (threads) changes them and the last gives them back."""
    global _layouts, _saved
    with _lock:
        if _layouts == 0:
            threshold = gc.get_threshold()
            # A process that keeps objects frozen on purpose (a server after its start) keeps them so.
            freeze = gc.get_freeze_count() == 0
            if freeze:
                gc.freeze()
            gc.set_threshold(max(threshold[0], LAYOUT_GC_THRESHOLD), *threshold[1:])
            _saved = (threshold, freeze)
        _layouts += 1
    try:
        yield
    finally:
        with _lock:
            _layouts -= 1
            if _layouts == 0:
                threshold, freeze = _saved
                gc.set_threshold(*threshold)
                if freeze:
                    gc.unfreeze()


def html_to_pdf(html: str) -> bytes:
    """The PDF of an HTML document (its stylesheet in a ``<style>`` element)."""
    from weasyprint import HTML  # heavy import, only when a PDF is made

    with fewer_collections():
        return HTML(string=html).write_pdf()
