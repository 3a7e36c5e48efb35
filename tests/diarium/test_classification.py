"""The classification scheme imported from CSV: a hierarchy of processes in the style of SKR's
KLASSA; every bad line is named and nothing is imported unless all are right."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from radhus.diarium import services
from radhus.diarium.models import Classification
from tests.factories import TenantFactory

pytestmark = pytest.mark.django_db


def test_a_hierarchy_is_imported_and_updated():
    tenant = TenantFactory()
    found = services.classification_import(
        tenant=tenant, actor=None, csv_text="code,title,parent\n1,Styra verksamheten,\n1.1,Styra och leda,1\n"
    )
    assert found["1.1"].parent == found["1"]
    services.classification_import(tenant=tenant, actor=None, csv_text="code;title;parent\n1;Styra;\n")
    assert Classification.objects.get(tenant=tenant, code="1").title == "Styra"
    assert Classification.objects.filter(tenant=tenant).count() == 2


@pytest.mark.parametrize(
    "text",
    [
        "kod;rubrik\n1;A\n",
        "code;title;parent\n1.1;Barn;9\n",
        "code;title;parent\n1;;\n",
        "code;title;parent\n1;A;1\n",
        "code;title;parent\n" + "x" * 50 + ";A;\n",
    ],
)
def test_bad_lines_are_refused_and_nothing_is_imported(text):
    tenant = TenantFactory()
    with pytest.raises(ValidationError) as refused:
        services.classification_import(tenant=tenant, actor=None, csv_text=text)
    assert "csv" in refused.value.message_dict
    assert not Classification.objects.filter(tenant=tenant).exists()


def test_a_class_cannot_be_moved_under_its_own_child():
    tenant = TenantFactory()
    services.classification_import(tenant=tenant, actor=None, csv_text="code;title;parent\n1;A;\n1.1;B;1\n")
    with pytest.raises(ValidationError):
        services.classification_import(tenant=tenant, actor=None, csv_text="code;title;parent\n1;A;1.1\n")
