"""When minutes, or a paragraph approved at once, are approved and posted on the notice board,
the worker makes the public minutes PDF and keeps it in the cache, so the first visitor who
opens it does not wait for WeasyPrint (KL 8 kap. 12 §: the approval is posted, and the public
comes to read the minutes). The task is enqueued when the approval commits."""

from __future__ import annotations

import pytest
from django.core.cache import cache as django_cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from radhus.core import cache
from radhus.meetings import services_approval
from tests.meetings.test_notice import pdf_text
from tests.meetings.test_services import sign_all
from tests.meetings.world import MEETING_DAY, build_board, hold_meeting

pytestmark = pytest.mark.django_db(transaction=True)


def run_worker() -> None:
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload")


def kept_pdf(tenant_id: int, meeting_id: int, language: str = "sv") -> bytes | None:
    """The PDF kept for the organisation's public pages in ``language``, or None."""
    with translation.override(language):
        found = django_cache.get(cache.key(tenant_id, "minutes-pdf", [meeting_id]))
    return found[0] if found is not None else None


def pdf_tasks() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path="radhus.meetings.tasks.make_minutes_pdf"))


def served(path: str) -> tuple[bytes, int]:
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content, len(queries.captured_queries)


def test_approved_minutes_have_their_pdf_made_by_the_worker():
    board = hold_meeting(build_board())
    meeting = board.meeting
    assert pdf_tasks() == []
    sign_all(board)
    # Enqueued once the last signature committed; nothing made before the worker runs.
    assert [t.status for t in pdf_tasks()] == ["READY"]
    assert kept_pdf(board.tenant.pk, meeting.pk) is None
    run_worker()
    assert [t.status for t in pdf_tasks()] == ["SUCCESSFUL"]
    made = kept_pdf(board.tenant.pk, meeting.pk)
    assert made is not None and made.startswith(b"%PDF")
    # The first visitor gets the kept PDF: no reading of the minutes, no WeasyPrint.
    path = f"/munkedal/protokoll/{meeting.pk}.pdf"
    content, from_cache = served(path)
    assert content == made
    django_cache.clear()  # what the visitor would have waited for without the worker
    _content, afresh = served(path)
    assert from_cache < afresh


def test_the_worker_makes_the_english_pdf_too():
    """A visitor who reads the site in English gets the English minutes PDF without waiting
    either; it is a document of its own (headings in English), kept beside the Swedish one."""
    board = hold_meeting(build_board())
    sign_all(board)
    run_worker()
    swedish = kept_pdf(board.tenant.pk, board.meeting.pk, "sv")
    english = kept_pdf(board.tenant.pk, board.meeting.pk, "en")
    assert swedish is not None and english is not None
    assert "Protokoll" in pdf_text(swedish) and "Minutes" not in pdf_text(swedish)
    assert "Minutes" in pdf_text(english)


def test_a_paragraph_approved_at_once_has_the_minutes_pdf_made_too():
    """KL 5 kap. 69 §: a paragraph approved at once is public with its own posting before the
    rest of the minutes; the public PDF then holds that paragraph."""
    board = hold_meeting(build_board())
    paragraph = board.meeting.paragraphs.get(number=2)
    services_approval.paragraph_approve_at_once(
        paragraph=paragraph, actor=board.secretary_user, on=MEETING_DAY
    )
    assert [t.status for t in pdf_tasks()] == ["READY"]
    run_worker()
    assert [t.status for t in pdf_tasks()] == ["SUCCESSFUL"]
    made = kept_pdf(board.tenant.pk, board.meeting.pk)
    assert made is not None
    content, _queries = served(f"/munkedal/protokoll/{board.meeting.pk}.pdf")
    assert content == made


def test_nothing_is_made_when_the_approval_is_rolled_back():
    board = hold_meeting(build_board())
    with pytest.raises(RuntimeError), transaction.atomic():
        sign_all(board)
        raise RuntimeError("the approval is rolled back")
    assert pdf_tasks() == []
    board.meeting.refresh_from_db()
    assert not board.meeting.is_locked
