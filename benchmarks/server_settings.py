"""Rådhus's settings with one more URL, ``/bench-hello/``, for ``benchmarks/server.py``: the
hello-world floor is served by the same gunicorn, middleware and settings as the pages, while
the application itself has no such URL."""

from radhus.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.server_urls"
