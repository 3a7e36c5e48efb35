"""The render cache (issue 7): a render is reused until the organisation changes, and never
outlives a change, whichever way the cache lost track of the organisation's version."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import translation

from radhus.core import audit, cache, lookup
from radhus.core.models import CollaborationMember, SiteNotice, Tenant
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
    # The organisation's version, and that of every organisation (saved when it was made).
    assert len(list((tmp_path / "versions").glob("*.djcache"))) == 2
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


def test_what_the_process_keeps_is_kept_until_the_version_moves(django_capture_on_commit_callbacks):
    tenant, other = TenantFactory(), TenantFactory()
    assert cache.remembered(tenant.pk, ("id", "x"), lambda: 1) == 1
    assert cache.remembered(other.pk, ("id", "x"), lambda: 2) == 2
    assert cache.remembered(tenant.pk, ("id", "x"), lambda: 3) == 1
    with django_capture_on_commit_callbacks(execute=True):
        audit.record(tenant=tenant, actor=None, action="unit.update", subject=tenant, summary="Ändrad.")
    assert cache.remembered(tenant.pk, ("id", "x"), lambda: 4) == 4
    assert cache.remembered(other.pk, ("id", "x"), lambda: 5) == 2


def test_an_organisation_saved_in_any_way_is_read_again_by_its_address():
    """Saved without a service too (the admin, a script): the organisation's address, name
    and kind are read again on the next lookup."""
    tenant = TenantFactory(slug="kommunen", name="Kommunen")
    assert lookup.tenant_by_slug("kommunen").name == "Kommunen"
    tenant.name = "Nya kommunen"
    tenant.save()
    assert lookup.tenant_by_slug("kommunen").name == "Nya kommunen"
    tenant.slug = "nya-kommunen"
    tenant.save()
    assert lookup.tenant_by_slug("kommunen") is None
    assert lookup.tenant_by_slug("nya-kommunen").pk == tenant.pk
    tenant.delete()
    assert lookup.tenant_by_slug("nya-kommunen") is None


def test_each_caller_gets_its_own_copy_of_the_organisation():
    TenantFactory(slug="kommunen", name="Kommunen")
    first = lookup.tenant_by_slug("kommunen")
    first.name = "Ändrad i minnet"
    assert lookup.tenant_by_slug("kommunen").name == "Kommunen"


def test_what_a_transaction_reads_is_not_kept():
    """A transaction may read its own change, which a rollback undoes: nothing it reads is kept
    for the requests after it."""
    tenant = TenantFactory()
    with transaction.atomic():
        assert cache.remembered(tenant.pk, ("id", "y"), lambda: "in the transaction") == "in the transaction"
    assert cache.remembered(tenant.pk, ("id", "y"), lambda: "after it") == "after it"


def test_a_notice_added_or_ended_shows_at_once_on_pages_already_served(client):
    TenantFactory(slug="kommunen", name="Kommunen")
    assert "Planerat underhåll" not in client.get("/kommunen/").content.decode()
    notice = SiteNotice.objects.create(text="Planerat underhåll i kväll.")
    assert "Planerat underhåll" in client.get("/kommunen/").content.decode()
    notice.delete()
    assert "Planerat underhåll" not in client.get("/kommunen/").content.decode()


def test_a_new_collaboration_shows_at_once_on_the_start_pages_of_both(client):
    region = TenantFactory(slug="regionen", name="Regionen", kind=Tenant.Kind.COLLABORATION)
    TenantFactory(slug="kommunen", name="Kommunen")
    assert "Regionen" not in client.get("/kommunen/").content.decode()
    assert "Kommunen" not in client.get("/regionen/").content.decode()
    CollaborationMember.objects.create(
        collaboration=region, municipality=Tenant.objects.get(slug="kommunen"), valid_from=dt.date(2000, 1, 1)
    )
    assert "Regionen" in client.get("/kommunen/").content.decode()
    assert "Kommunen" in client.get("/regionen/").content.decode()
