"""A large report's PDF kept ready (issue 11): once made, the PDF link gives it at once to every
reader with the same access to secrets, until the organisation changes; after a change the
worker makes it again, once, and ``radhus prepare-reports`` makes it for a new day."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from radhus.core import cache
from radhus.followup import services
from radhus.followup.reports import prepared, queue
from radhus.followup.reports.base import REGISTRY, Context, Filters
from tests.factories import client_for
from tests.followup.reports_world import ON, World, build_world

pytestmark = pytest.mark.django_db
FILES = "followup_report_files"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch, settings) -> World:
    settings.TASKS = IMMEDIATE
    monkeypatch.setattr(queue, "SYNC_ROWS", 4)  # the world's report has five open assignments
    return build_world()


def pdf_link(c: Client, w: World, **params: str):
    url = reverse("followup_report_pdf", kwargs={"tenant": w.tenant.slug, "report": "verkstallighet"})
    return c.get(url, {"datum": "2026-06-30", **params})


def ask(c: Client, w: World, capture) -> None:
    data = {"tenant": w.tenant.slug, "report": "verkstallighet", "query": "datum=2026-06-30"}
    with capture(execute=True):
        assert c.post(reverse(FILES), data).status_code == 302


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def is_offer(response) -> bool:
    return response["Content-Type"].startswith("text/html") and "En stor PDF görs i bakgrunden" in (
        response.content.decode()
    )


def test_a_pdf_once_made_is_given_at_once_to_readers_of_the_same_access_until_a_change(
    world: World, django_capture_on_commit_callbacks
) -> None:
    reader, editor = client_for(world.reader), client_for(world.editor)
    offer = pdf_link(reader, world)
    assert is_offer(offer) and "hålls den redo" in offer.content.decode()
    ask(reader, world, django_capture_on_commit_callbacks)

    # Another reader of the organisation gets the same PDF from the link itself, at once.
    other = build_world("annanby").reader
    from radhus.core.models import Role, TenantRole

    TenantRole.objects.create(tenant=world.tenant, user=other, role=Role.READER)
    given = pdf_link(client_for(other), world)
    assert given["Content-Type"] == "application/pdf"
    assert given["Content-Disposition"] == 'inline; filename="rapportby-verkstallighet-2026-06-30.pdf"'
    flat = text_of(given.content)
    assert "Nya skjutsregler" in flat and "2026-06-30" in flat
    # What secrecy hides (OSL 5 kap. 5 §) is not in the readers' copy ...
    assert "Bygg förskolan" not in flat
    # ... and the editor, who may read it, is not given the readers' copy: theirs is made apart.
    assert is_offer(pdf_link(editor, world))
    ask(editor, world, django_capture_on_commit_callbacks)
    assert "Bygg förskolan" in text_of(pdf_link(editor, world).content)
    assert "Bygg förskolan" not in text_of(pdf_link(reader, world).content)
    # Another language or other filters are other PDFs.
    assert is_offer(pdf_link(reader, world, till="2026-06-01"))
    with translation.override("en"):
        assert prepared.kept(REGISTRY["verkstallighet"], Context(world.tenant, False), Filters(on=ON)) is None
    with translation.override("sv"):
        assert (
            prepared.kept(REGISTRY["verkstallighet"], Context(world.tenant, False), Filters(on=ON))
            is not None
        )

    # A change in the organisation: the kept PDFs are no longer given.
    with django_capture_on_commit_callbacks(execute=True):
        services.progress_report(
            assignment=world.a["trafik_utred"],
            actor=world.editor,
            progress=50,
            reported_on=dt.date(2026, 6, 1),
        )
    assert is_offer(pdf_link(reader, world))
    assert is_offer(pdf_link(editor, world))


def test_asking_for_a_pdf_keeps_what_is_kept(world: World, django_capture_on_commit_callbacks) -> None:
    """The audit trail records who asked for a PDF, but asking changes nothing shown, so the
    organisation's pages and files kept in the cache stay kept."""
    before = cache.tenant_version(world.tenant.pk)
    ask(client_for(world.reader), world, django_capture_on_commit_callbacks)
    assert cache.tenant_version(world.tenant.pk) == before


@pytest.mark.django_db(transaction=True)
def test_after_changes_the_pdfs_asked_for_are_made_again_once(world: World, settings) -> None:
    settings.TASKS = DATABASE
    reader = client_for(world.reader)
    assert is_offer(pdf_link(reader, world))  # asked for: noted, to be kept ready

    for progress in (20, 30):
        services.progress_report(assignment=world.a["trafik_utred"], actor=world.editor, progress=progress)
    refreshes = DBTaskResult.objects.filter(task_path="radhus.followup.reports.prepared.refresh")
    # Two changes close together: one run of the worker for both.
    assert refreshes.count() == 1
    assert refreshes.get().run_after > timezone.now() + dt.timedelta(minutes=1)
    refreshes.update(run_after=timezone.now())  # the two minutes have passed
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload")
    given = pdf_link(reader, world)
    assert given["Content-Type"] == "application/pdf"
    assert "Nya skjutsregler" in text_of(given.content)


def test_nothing_is_made_again_for_an_organisation_nobody_asked_a_pdf_of(
    world: World, settings, django_capture_on_commit_callbacks
) -> None:
    settings.TASKS = DATABASE
    with django_capture_on_commit_callbacks(execute=True):
        services.progress_report(assignment=world.a["trafik_utred"], actor=world.editor, progress=20)
    assert not DBTaskResult.objects.exists()


def test_prepare_reports_makes_the_pdfs_asked_for_as_of_the_new_day(world: World) -> None:
    reader = client_for(world.reader)
    url = reverse("followup_report_pdf", kwargs={"tenant": world.tenant.slug, "report": "verkstallighet"})
    assert is_offer(reader.get(url))  # no day chosen: the report as of the day it is made
    report, ctx = REGISTRY["verkstallighet"], Context(tenant=world.tenant, full=False)
    day = dt.date(2026, 7, 1)
    assert prepared.kept(report, ctx, Filters(on=day)) is None
    out = io.StringIO()
    call_command("prepare_reports", "--date", day.isoformat(), stdout=out)
    assert "1 " in out.getvalue() and "2026-07-01" in out.getvalue()
    made = prepared.kept(report, ctx, Filters(on=day))
    assert made is not None and "2026-07-01" in text_of(made)
    # The editor's copy was not asked for, so it was not made.
    assert prepared.kept(report, Context(tenant=world.tenant, full=True), Filters(on=day)) is None
    for edge in ("1800-01-01", "2200-12-31"):
        call_command("prepare_reports", "--date", edge, stdout=io.StringIO())
    for odd in ("0001-01-01", "9999-12-31", "2026-13-01"):
        with pytest.raises(CommandError, match="Ange ett|inget datum"):
            call_command("prepare_reports", "--date", odd)


def test_only_valid_filters_are_noted_each_choice_once_and_a_few_at_most(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What is kept ready is the filters people choose, not what an address may carry: other
    parameters and their order make no new PDF to keep, and filters in error none at all."""
    reader = client_for(world.reader)
    pdf_link(reader, world)
    pdf_link(reader, world, x="1", sida="2")
    pdf_link(reader, world, organ="abc")  # not a body: the whole report, but nothing noted
    pdf_link(reader, world, fran="2026-06-01", till="2025-01-01")  # a period that ends before it starts
    assert prepared.asked_for(world.tenant.pk, ON) == [("verkstallighet", "datum=2026-06-30", False, "sv")]
    monkeypatch.setattr(prepared, "MAX_ASKED", 2)
    for day in ("2026-06-28", "2026-06-29"):
        pdf_link(reader, world, datum=day)
    assert len(prepared.asked_for(world.tenant.pk, ON)) == 2
