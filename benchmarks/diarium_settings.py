"""Rådhus's settings with the benchmark's URLs (``benchmarks/diarium_urls.py``)."""

from radhus.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.diarium_urls"
