"""Python's cycle collector held back while a large document is made (a PDF laid out by
WeasyPrint, a Popolo export): such a document is hundreds of thousands of short-lived or
still-alive objects that form no cycles, and the collector's passes over them cost a tenth to
a third of the time."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Python's cyclic garbage collector runs after every 700 new container objects, and its full
# passes walk every object the process holds (Django's, the app's, the document's). A 64-page
# layout makes millions of short-lived objects, freed by reference counting anyway, so those
# passes cost a tenth of its CPU time (a 5,000-unit Popolo export, a third). While such a
# document is made the collector waits for this many new objects instead; the objects that existed before are set aside (``gc.freeze``)
# so that a full pass does not walk them either.
THRESHOLD = 100_000


_lock = threading.Lock()
_holders = 0  # documents being made now, in any thread of the process
_saved: tuple[tuple[int, ...], bool] = ((700, 10, 10), False)  # the settings the first one found


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect garbage less often while a large document is made; restore the collector's
    settings after, also on an error. The collector's settings belong to the whole process: the
    first of several documents made at once (threads) changes them and the last gives them back."""
    global _holders, _saved
    with _lock:
        if _holders == 0:
            threshold = gc.get_threshold()
            # A process that keeps objects frozen on purpose (a server after its start) keeps them so.
            freeze = gc.get_freeze_count() == 0
            if freeze:
                gc.freeze()
            gc.set_threshold(max(threshold[0], THRESHOLD), *threshold[1:])
            _saved = (threshold, freeze)
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0:
                threshold, freeze = _saved
                gc.set_threshold(*threshold)
                if freeze:
                    gc.unfreeze()
