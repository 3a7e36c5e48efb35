"""The render cache (issue 7): a render is reused until the organisation changes, and never
outlives a change, whichever way the cache lost track of the organisation's version."""

import pytest
from django.utils import translation

from radhus.core import audit, cache
from tests.factories import TenantFactory

pytestmark = pytest.mark.django_db


def test_a_render_is_reused_until_an_audit_event_is_recorded(django_capture_on_commit_callbacks):
    tenant, other = TenantFactory(), TenantFactory()
    assert cache.cached(tenant.pk, "tree", ["2024-01-01"], lambda: "before") == "before"
    assert cache.cached(other.pk, "tree", ["2024-01-01"], lambda: "neighbour") == "neighbour"
    assert cache.cached(tenant.pk, "tree", ["2024-01-01"], lambda: "not made again") == "before"

    with django_capture_on_commit_callbacks(execute=True):
        audit.record(tenant=tenant, actor=None, action="unit.update", subject=tenant, summary="Ändrad.")
    assert cache.cached(tenant.pk, "tree", ["2024-01-01"], lambda: "after") == "after"
    assert cache.cached(other.pk, "tree", ["2024-01-01"], lambda: "not made again") == "neighbour"


def test_the_key_tells_dates_options_and_languages_apart():
    tenant = TenantFactory()
    with translation.override("sv"):
        swedish = cache.key(tenant.pk, "tree", ["2024-01-01"])
        assert cache.key(tenant.pk, "tree", ["2024-01-02"]) != swedish
        assert cache.key(tenant.pk, "chart", ["2024-01-01"]) != swedish
    with translation.override("en"):
        assert cache.key(tenant.pk, "tree", ["2024-01-01"]) != swedish


def test_a_lost_version_never_brings_back_old_renders():
    """The version may be evicted (a full cache culls entries); it then starts afresh."""
    tenant = TenantFactory()
    old = cache.key(tenant.pk, "tree", ["2024-01-01"])
    cache.versions().delete(cache._version_key(tenant.pk))
    assert cache.key(tenant.pk, "tree", ["2024-01-01"]) != old


def test_with_a_file_cache_full_of_renders_a_change_still_makes_them_stale(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    """The versions of a file cache are kept apart from its renders, so writing one never
    lists (and never culls) the thousands of renders beside it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
            "OPTIONS": {"MAX_ENTRIES": 5},
        }
    }
    tenant = TenantFactory()
    for day in range(1, 9):  # more renders than the cache keeps: it culls them, not the version
        cache.cached(tenant.pk, "tree", [f"2024-01-0{day}"], lambda d=day: f"render {d}")
    assert cache.cached(tenant.pk, "tree", ["2024-01-08"], lambda: "not made again") == "render 8"
    with django_capture_on_commit_callbacks(execute=True):
        audit.record(tenant=tenant, actor=None, action="unit.update", subject=tenant, summary="Ändrad.")
    assert cache.cached(tenant.pk, "tree", ["2024-01-08"], lambda: "after") == "after"
    assert len(list((tmp_path / "versions").glob("*.djcache"))) == 1
    assert len(list(tmp_path.glob("*.djcache"))) <= 5


def test_the_default_file_cache_stays_near_its_size_while_it_looks_less_often(tmp_path):
    """Rådhus's file cache looks at its directory only on every CULL_EVERY-th write: it may pass
    MAX_ENTRIES by that many before a cull, never by more, and the newest write is kept."""
    from radhus.core.cache_backends import FileCache

    store = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 20, "CULL_EVERY": 8}})
    for n in range(300):
        store.set(f"render-{n}", n)
        assert len(list(tmp_path.glob("*.djcache"))) <= 20 + 8
    assert store.get("render-299") == 299
    never = FileCache(str(tmp_path / "versions"), {"OPTIONS": {"MAX_ENTRIES": 3, "CULL_EVERY": 0}})
    for n in range(10):
        never.set(f"version-{n}", n)
    assert [never.get(f"version-{n}") for n in range(10)] == list(range(10))  # none culled
