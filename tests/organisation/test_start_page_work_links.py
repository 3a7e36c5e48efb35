"""A visitor finds the organisation's public work from its start page: the case register, the
notice board, the meetings, the goals and the policy documents, all open without a login
(the public's right to read, TF 2 kap. 1 §)."""

import re

import pytest
from django.test import Client

from tests.factories import TenantFactory

pytestmark = pytest.mark.django_db


def test_the_start_page_leads_to_every_public_module():
    TenantFactory(slug="kommunen", name="Kommunen")
    visitor = Client(HTTP_ACCEPT_LANGUAGE="sv")
    page = visitor.get("/kommunen/").content.decode()
    nav = re.search(r'<nav class="work-links".*?</nav>', page, re.S).group(0)
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav)
    assert [text for _, text in links] == ["Diarium", "Anslagstavla", "Sammanträden", "Mål", "Styrdokument"]
    assert [href for href, _ in links] == [
        "/kommunen/diarium/",
        "/kommunen/anslagstavla/",
        "/kommunen/sammantraden/",
        "/kommunen/mal/",
        "/kommunen/styrdokument/",
    ]
    for href, _ in links:
        assert visitor.get(href).status_code == 200, href
