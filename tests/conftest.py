import pytest


@pytest.fixture(autouse=True)
def _swedish(settings):
    """Tests see the Swedish interface unless they ask for English."""
    settings.LANGUAGE_CODE = "sv"


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Each test starts with an empty cache of its own: rendered pages from another test (whose
    organisation may have had the same id) are never served."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files (the case register's records) go to a directory of the test's own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
