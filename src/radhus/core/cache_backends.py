"""The file cache Rådhus uses by default (``RADHUS_CACHE`` unset): Django's, culled less often.

Django's file cache lists its whole directory on every write, to see whether it is full, which
costs a few milliseconds once it holds thousands of renders, on every page made afresh and on
every change (each writes the organisation's version). This one looks only on every
``CULL_EVERY``-th write of the process (an option, 64 by default; 0: never), so the directory
may pass ``MAX_ENTRIES`` by that many entries per process before the next cull brings it down.
"""

from __future__ import annotations

import itertools
from typing import Any

from django.core.cache.backends.filebased import FileBasedCache


class FileCache(FileBasedCache):
    def __init__(self, dir: str, params: dict[str, Any]) -> None:  # noqa: A002 - Django's name
        options = dict(params.get("OPTIONS") or {})
        self._cull_every = int(options.pop("CULL_EVERY", 64))
        super().__init__(dir, {**params, "OPTIONS": options})
        self._writes = itertools.count(1)

    def _cull(self) -> None:
        if self._cull_every and next(self._writes) % self._cull_every == 0:
            super()._cull()
