"""The archive export: closed cases as an FGS Ärendehantering package, validated against the
schema, with every file and its SHA-256 checksum, secrecy and personal data marked."""

from __future__ import annotations

import datetime as dt
import hashlib
import xml.etree.ElementTree as ET
import zipfile

import pytest
import xmlschema
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from radhus.diarium import fgs, services
from radhus.diarium.models import Direction, PartyKind
from tests.diarium.factories import SeriesFactory
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

NS = {"f": fgs.NAMESPACE}
DAY = dt.date(2025, 3, 2)


@pytest.fixture
def closed_case():
    series = SeriesFactory(code="KS", tenant__slug="testkommun")
    officer = PersonFactory(tenant=series.tenant, first_name="Eva", last_name="Handläggare")
    case = services.case_register(
        tenant=series.tenant,
        actor=None,
        series=series,
        title="Skolskjuts",
        opened_on=DAY,
        officer=officer,
        parties=[{"kind": PartyKind.PRIVATE_PERSON, "name": "Pelle Privat"}],
    )
    services.record_add(
        case=case,
        actor=None,
        direction=Direction.RECEIVED,
        title="Ansökan",
        sender="Pelle Privat",
        counterpart_is_private=True,
        registered_on=DAY,
        file=ContentFile(b"ansokan", name="a.pdf"),
        file_name="Ansökan (1).pdf",
    )
    services.record_add(
        case=case,
        actor=None,
        direction=Direction.DRAWN_UP,
        title="Utredning",
        registered_on=DAY,
        secrecy="OSL 23 kap. 2 §",
    )
    services.record_add(
        case=case,
        actor=None,
        direction=Direction.SENT,
        title="Beslut",
        recipient="Pelle Privat",
        counterpart_is_private=True,
        registered_on=DAY,
    )
    return services.case_withdraw(case=case, actor=None, closed_on=dt.date(2025, 6, 1))


def test_the_package_validates_and_holds_the_case_its_records_and_files(closed_case, tmp_path):
    package = fgs.export(
        closed_case.tenant, closed_before=dt.date(2026, 1, 1), out_dir=tmp_path, make_zip=True
    )
    assert (package.cases, package.records, package.files) == (1, 3, 1)
    fgs.schema().validate(str(package.xml))
    tree = ET.parse(package.xml)
    case = tree.find(".//f:ArkivobjektArende", NS)
    assert case.findtext("f:ArkivobjektID", namespaces=NS) == closed_case.number
    assert case.findtext("f:Arendemening", namespaces=NS) == "Skolskjuts"
    assert case.findtext("f:StatusArande", namespaces=NS) == "Makulerat"
    assert case.findtext("f:Agent/f:Namn", namespaces=NS) == "Eva Handläggare"
    assert case.find("f:Restriktion[@Typ='Personuppgifter']", NS) is not None
    records = case.findall(".//f:ArkivobjektHandling", NS)
    assert [r.findtext("f:StatusHandling", namespaces=NS) for r in records] == [
        "Inkommen",
        "Upprättad",
        "Expedierad",
    ]
    assert [r.findtext("f:Lopnummer", namespaces=NS) for r in records] == ["1", "2", "3"]
    assert records[1].find("f:Restriktion[@Typ='Sekretess']/f:Lagrum", NS).text == "OSL 23 kap. 2 §"
    attachment = records[0].find("f:Bilaga", NS)
    stored = (package.root / attachment.get("Lank")).read_bytes()
    assert stored == b"ansokan"
    assert attachment.get("Checksumma") == hashlib.sha256(b"ansokan").hexdigest()
    assert attachment.get("Namn") == "Ansökan (1).pdf"
    with zipfile.ZipFile(package.zip) as archive:
        assert any(name.endswith("arenden.xml") for name in archive.namelist())


def test_only_cases_closed_before_the_date_are_exported(closed_case, tmp_path):
    package = fgs.export(closed_case.tenant, closed_before=dt.date(2025, 6, 1), out_dir=tmp_path)
    assert package.cases == 0
    fgs.schema().validate(str(package.xml))


def test_the_schema_refuses_a_wrong_status(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text(
        f'<Leveransobjekt xmlns="{fgs.NAMESPACE}"><ArkivbildarStruktur><Arkivbildare><ArkivbildareNamn>X'
        "</ArkivbildareNamn></Arkivbildare></ArkivbildarStruktur><SystemNamn>R</SystemNamn>"
        "<Skapad>2026-01-01T00:00:00</Skapad><ArkivobjektListaArenden><ArkivobjektArende>"
        "<ArkivobjektID>1</ArkivobjektID><Skapad>2026-01-01</Skapad><StatusArande>Pågående</StatusArande>"
        "<Arendemening>x</Arendemening></ArkivobjektArende></ArkivobjektListaArenden></Leveransobjekt>"
    )
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        fgs.schema().validate(str(bad))


def test_the_command_writes_the_package(closed_case, tmp_path, capsys):
    call_command("export_fgs", "testkommun", "--closed-before", "2026-01-01", "--out", str(tmp_path), "--zip")
    assert "1 ärenden, 3 handlingar, 1 filer" in capsys.readouterr().out
    assert (tmp_path / "testkommun-fgs-2026-01-01" / "arenden.xml").exists()
    for bad in (
        ["nowhere", "--closed-before", "2026-01-01"],
        ["testkommun", "--closed-before", "2026-13-45"],
        ["testkommun", "--closed-before", "0001-01-01"],
    ):
        with pytest.raises(CommandError):
            call_command("export_fgs", *bad, "--out", str(tmp_path))
