"""A large report's PDF made by the task queue (issue 11): above a few hundred rows the PDF
link offers to have it made in the background, the worker makes it, and the user who asked
downloads it from /konto/rapporter/ when it is ready. Only that user, only with a role in the
organisation, never a 500 on bad input."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from radhus.core.models import AuditEvent
from radhus.followup.models import ReportFile
from radhus.followup.reports import queue
from tests.factories import client_for
from tests.followup.reports_world import World, build_world

pytestmark = pytest.mark.django_db
FILES = "followup_report_files"


@pytest.fixture(autouse=True)
def _immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setattr(queue, "SYNC_ROWS", 4)  # the world's report has five open assignments
    return build_world()


def pdf_url(w: World) -> str:
    return reverse("followup_report_pdf", kwargs={"tenant": w.tenant.slug, "report": "verkstallighet"})


def ask(c: Client, w: World, capture, **fields: str):
    data = {"tenant": w.tenant.slug, "report": "verkstallighet", "query": "datum=2026-06-30", **fields}
    with capture(execute=True):
        return c.post(reverse(FILES), data)


def test_a_large_pdf_is_made_in_the_background_and_downloaded_when_ready(
    world: World, django_capture_on_commit_callbacks
) -> None:
    c = client_for(world.reader)
    offer = c.get(pdf_url(world), {"datum": "2026-06-30"})
    page = offer.content.decode()
    assert offer["Content-Type"].startswith("text/html")
    assert "En stor PDF görs i bakgrunden" in page and "fler än 4 rader" in page
    assert 'name="query" value="datum=2026-06-30"' in page
    assert (
        reverse("followup_report_csv", args=[world.tenant.slug, "verkstallighet"]) + "?datum=2026-06-30"
        in page
    )

    asked = ask(c, world, django_capture_on_commit_callbacks)
    assert asked.status_code == 302 and asked["Location"] == reverse(FILES)
    made = ReportFile.objects.get()
    assert (made.user, made.status, made.report) == (world.reader, "ready", "verkstallighet")
    assert AuditEvent.objects.filter(action="followup.report.pdf", actor=world.reader).count() == 1
    listing = c.get(reverse(FILES)).content.decode()
    assert "Vilka beslut har ännu inte verkställts, och hur långt har de kommit?" in listing
    assert f"{reverse(FILES)}?fil={made.pk}" in listing and "Hämta PDF-filen" in listing

    download = c.get(reverse(FILES), {"fil": made.pk})
    assert download["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(download.content)).pages)
    flat = " ".join(text.split())
    assert "Rapportby kommun" in flat and "2026-06-30" in flat and "Nya skjutsregler" in flat
    # A reader is shown no secret title (OSL 5 kap. 5 §), as on the page.
    assert "Bygg förskolan" not in flat

    # Asked for again at once: the same file, not a second one.
    ask(c, world, django_capture_on_commit_callbacks)
    assert ReportFile.objects.count() == 1
    # Somebody else's file is not found, nor one that does not exist.
    other = client_for(world.editor)
    assert other.get(reverse(FILES), {"fil": made.pk}).status_code == 404
    for raw in ("99999999999999999999", "abc", "-1", "1\n2"):
        assert c.get(reverse(FILES), {"fil": raw}).status_code == 404, raw
    # A narrower report is small enough to be made at once.
    narrowed = c.get(pdf_url(world), {"datum": "2026-06-30", "organ": world.ks.pk})
    assert narrowed["Content-Type"] == "application/pdf"


def test_a_report_file_needs_a_role_a_known_report_and_sane_filters(
    world: World, django_capture_on_commit_callbacks
) -> None:
    stranger = build_world("annanby").reader
    assert ask(client_for(stranger), world, django_capture_on_commit_callbacks).status_code == 403
    c = client_for(world.reader)
    for tenant in ("finns-inte", "rapport\x00by", "x" * 500):
        assert ask(c, world, django_capture_on_commit_callbacks, tenant=tenant).status_code == 404
    refused = ask(c, world, django_capture_on_commit_callbacks, report="finns-inte")
    assert refused.status_code == 302
    assert "Det finns ingen sådan rapport." in c.get(reverse(FILES)).content.decode()
    ask(c, world, django_capture_on_commit_callbacks, query="datum=\x00")
    ask(c, world, django_capture_on_commit_callbacks, query="x" * 3000)
    assert not ReportFile.objects.exists()
    assert client_for(world.reader).post(reverse(FILES), {}).status_code == 404


def test_a_report_file_of_too_many_rows_says_why(
    world: World, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks
) -> None:
    monkeypatch.setattr(queue, "MAX_ROWS", 2)
    c = client_for(world.reader)
    ask(c, world, django_capture_on_commit_callbacks)
    assert ReportFile.objects.get().status == "failed"
    listing = c.get(reverse(FILES)).content.decode()
    assert "Mer än 2 rader" in listing and "Hämta PDF-filen" not in listing
