"""The question form's settings (S3.5): an editor of the organisation chooses the series its
cases go to, opens or closes it and writes the receipt's opening; a reader may look, not change;
another organisation's series is refused. The receipt is mailed by the task queue's worker."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from radhus.core.audit import AuditEvent
from radhus.diarium import services
from radhus.diarium.models import Case, PublicForm
from tests.diarium.test_views_staff import client_for, form_token
from tests.diarium.world import build_register


def settings_url(tenant):
    return reverse("staff_diarium_question_settings", kwargs={"tenant": tenant.slug})


def save_settings(client, tenant, **fields):
    url = settings_url(tenant)
    data = {"once": form_token(client, url), "intro": "", "receipt_text": "", **fields}
    return client.post(url, data)


def send_question(tenant, subject="Gatubelysning"):
    return Client().post(
        reverse("diarium_question", kwargs={"tenant": tenant.slug}),
        {
            "kind": "question",
            "subject": subject,
            "message": "När lagas lamporna?",
            "name": "Greta Privat",
            "email": "greta@example.org",
            "webbplats": "",
        },
        REMOTE_ADDR="10.9.9.9",
    )


@pytest.mark.django_db(transaction=True)
def test_an_editor_sets_up_the_form_and_the_receipt_says_what_they_wrote():
    register = build_register()
    tenant = register.tenant
    other_series = services.series_create(tenant=tenant, actor=None, body=register.series.body, code="KSF")
    question_page = reverse("diarium_question", kwargs={"tenant": tenant.slug})
    assert Client().get(question_page).status_code == 404  # no form yet

    editor = client_for(register.registrar)
    response = save_settings(
        editor,
        tenant,
        series=other_series.pk,
        is_open="on",
        intro="Fråga oss om gator och parker.",
        receipt_text="Hej!\nVi svarar inom två veckor.",
    )
    assert response.status_code == 302
    form = PublicForm.objects.get(tenant=tenant)
    assert (form.series, form.is_open, form.receipt_text) == (
        other_series,
        True,
        "Hej!\nVi svarar inom två veckor.",
    )
    event = AuditEvent.objects.filter(action="diarium.public_form.settings").get()
    assert event.summary == "Öppnade formuläret för frågor och idéer (ärenden i KSF)."
    assert "Fråga oss om gator och parker." in Client().get(question_page).content.decode()

    assert send_question(tenant).status_code == 302
    case = Case.objects.get(tenant=tenant, series=other_series)
    assert case.number.startswith("KSF ")
    assert mail.outbox == []
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload")
    (receipt,) = mail.outbox
    assert receipt.to == ["greta@example.org"]
    assert receipt.body == (
        "Hej!\nVi svarar inom två veckor.\n\n"
        f"Ditt meddelande har registrerats med diarienumret {case.number}. Ange numret om du kontaktar oss om det.\n\n"
        "Ämne: Gatubelysning\n"
    )

    # Closed: the page is gone and nothing more is registered.
    assert save_settings(editor, tenant, series=other_series.pk).status_code == 302
    assert Client().get(question_page).status_code == 404
    assert send_question(tenant, subject="Till ett stängt formulär").status_code == 404
    assert Case.objects.filter(series=other_series).count() == 1


@pytest.mark.django_db
def test_a_reader_may_not_change_the_form_and_another_organisations_series_is_refused():
    register = build_register()
    tenant = register.tenant
    reader = client_for(register.reader)
    assert reader.get(settings_url(tenant)).status_code == 200
    refused = reader.post(settings_url(tenant), {"series": register.series.pk, "is_open": "on"})
    assert refused.status_code == 403

    elsewhere = build_register(slug="umea")
    response = save_settings(client_for(register.registrar), tenant, series=elsewhere.series.pk, is_open="on")
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert not PublicForm.objects.filter(tenant=tenant).exists()
