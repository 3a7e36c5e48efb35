"""The case's history shows its legal dates on the public and the staff case page: the day it
was registered and the day each record came in, was drawn up or sent (OSL 5 kap. 1–2 §§), each
referral's sending, due date (overdue marked) and answer, and the decision; a secret record's
title stays hidden from the public (OSL 5 kap. 5 §)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from radhus.diarium import services_referrals
from tests.diarium.test_views_staff import client_for
from tests.diarium.world import MARKER, build_register

pytestmark = pytest.mark.django_db


def date_rows(html: str) -> list[tuple[str, str, str]]:
    table = html.split('<table class="case-dates">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr[^>]*><td><time[^>]*>([^<]+)</time></td><td>(.*?)</td><td>(.*?)</td></tr>", table)
    return [(d, re.sub(r"<[^>]+>", "", w), x) for d, w, x in rows]


def test_the_case_page_lists_the_legal_dates_oldest_first():
    register = build_register()
    case, board = register.case, register.series.body
    answered = services_referrals.referral_send(
        case=case, actor=None, body=board, sent_on=dt.date(2026, 3, 3), due_on=dt.date(2026, 3, 20)
    )
    services_referrals.referral_send(
        case=case,
        actor=None,
        recipient="Region Skåne",
        sent_on=dt.date(2026, 3, 4),
        due_on=dt.date(2026, 3, 25),
    )
    services_referrals.referral_answer(referral=answered, actor=None, answered_on=dt.date(2026, 3, 18))
    case.refresh_from_db()
    case.decided_on = dt.date(2026, 4, 14)
    case.save(update_fields=["decided_on"])
    n = case.number

    public = Client().get(
        reverse("diarium_case", kwargs={"tenant": register.tenant.slug, "case_id": case.pk})
    )
    rows = date_rows(public.content.decode())
    assert rows == [
        ("2026-03-02", "Registrerat", n),
        ("2026-03-02", "Inkom", f"{n}-1 Skrivelse från medborgare"),
        ("2026-03-02", "Upprättad", f"{n}-2 Sekretess enligt OSL 39 kap. 3 §"),
        ("2026-03-02", "Inkom", f"{n}-3 Anbud från bolag"),
        ("2026-03-03", "Expedierad", f"{n}-4 Remiss till Kommunstyrelsen"),
        ("2026-03-03", "Skickat på remiss", "Kommunstyrelsen"),
        ("2026-03-04", "Expedierad", f"{n}-5 Remiss till Region Skåne"),
        ("2026-03-04", "Skickat på remiss", "Region Skåne"),
        ("2026-03-18", "Inkom", f"{n}-6 Remissvar från Kommunstyrelsen"),
        ("2026-03-18", "Remissvar inkom", "Kommunstyrelsen"),
        ("2026-03-25", "Sista dag för remissvar (försenad)", "Region Skåne"),
        ("2026-04-14", "Beslutat", ""),
    ]
    assert MARKER not in public.content.decode()

    staff = client_for(register.registrar).get(
        reverse("staff_diarium_case", kwargs={"tenant": register.tenant.slug, "case_id": case.pk})
    )
    staff_rows = date_rows(staff.content.decode())
    assert staff_rows[2] == ("2026-03-02", "Upprättad", f"{n}-2 Personalutredning {MARKER}")
    assert [r[:2] for r in staff_rows] == [r[:2] for r in rows]
