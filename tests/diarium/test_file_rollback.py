"""A record's file is written to storage before its row commits; when the change rolls back
(refused, a constraint, a failed commit) the file is deleted, so MEDIA_ROOT never keeps a file
with no record. A committed file stays."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from radhus.diarium import services
from radhus.diarium.models import Direction, RecordFile, Status
from tests.diarium.test_views_staff import client_for, form_token
from tests.diarium.world import build_register


def stored_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def add_with_file(case, actor, title="Skrivelse", **fields):
    return services.record_add(
        case=case,
        actor=actor,
        direction=Direction.RECEIVED,
        title=title,
        sender="Föreningen",
        file=ContentFile(b"Inneh\xc3\xa5ll", name="skrivelse.txt"),
        file_name="skrivelse.txt",
        **fields,
    )


@pytest.mark.django_db
def test_a_refused_upload_on_the_staff_page_leaves_no_file():
    """A record refused by the register (its case is closed) keeps no file in MEDIA_ROOT."""
    register = build_register()
    case = services.case_register(
        tenant=register.tenant, actor=register.registrar, series=register.series, title="Stängt"
    )
    case.status = Status.CLOSED
    case.save(update_fields=["status"])
    files_before, rows_before = stored_files(), RecordFile.objects.count()
    client = client_for(register.registrar)
    url = reverse("staff_diarium_record_add", kwargs={"tenant": register.tenant.slug, "case_id": case.pk})
    response = client.post(
        url,
        {
            "once": form_token(client, url),
            "direction": "received",
            "kind": "letter",
            "title": "Sen skrivelse",
            "sender": "Föreningen",
            "secrecy_scope": "record",
            "file": SimpleUploadedFile("sen.txt", b"Kom in efter beslutet."),
        },
    )
    assert response.status_code == 200
    assert (
        "The case is closed" in response.content.decode()
        or "Ärendet är avslutat" in response.content.decode()
    )
    assert RecordFile.objects.count() == rows_before
    assert stored_files() == files_before


@pytest.mark.django_db
def test_a_file_written_in_a_change_that_is_then_refused_is_deleted():
    """Two records in one change, the second refused: the first one's file, already written, goes
    with the rolled back rows; so does a file written in a savepoint that rolls back."""
    register = build_register()
    case = services.case_register(
        tenant=register.tenant, actor=register.registrar, series=register.series, title="Simhall"
    )
    before = stored_files()
    with pytest.raises(ValidationError), transaction.atomic():
        add_with_file(case, register.registrar)
        assert len(stored_files()) == len(before) + 1  # written before the commit
        services.record_add(
            case=case, actor=register.registrar, direction=Direction.RECEIVED, title="Utan avsändare"
        )
    assert stored_files() == before

    with transaction.atomic():
        try:
            with transaction.atomic():
                add_with_file(case, register.registrar, title="Andra försöket")
                raise ValidationError("refused")
        except ValidationError:
            pass
        kept = add_with_file(case, register.registrar, title="Tredje försöket")
    assert stored_files() == sorted([*before, kept.files.get().file.name])


@pytest.mark.django_db(transaction=True)
def test_a_committed_file_stays_and_a_failed_commit_removes_its_file():
    """Across real commits: the committed record keeps its file; a change whose last step fails
    after the file was written leaves nothing."""
    register = build_register()
    case = services.case_register(
        tenant=register.tenant, actor=register.registrar, series=register.series, title="Detaljplan"
    )
    before, rows = stored_files(), RecordFile.objects.count()
    record = add_with_file(case, register.registrar)
    name = record.files.get().file.name
    assert stored_files() == sorted([*before, name])
    with pytest.raises(ValidationError), transaction.atomic():
        add_with_file(case, register.registrar, title="Ny version")
        services.record_add(
            case=case, actor=register.registrar, direction=Direction.SENT, title="Utan mottagare"
        )
    assert stored_files() == sorted([*before, name])
    assert RecordFile.objects.count() == rows + 1
