"""Archive export: closed cases with their records and files as an FGS Ärendehantering package
(Riksarkivet's common specification for delivering case management records to an archive).

A package is a directory (or a zip of it) with ``arenden.xml`` and the files under
``Bilagor/``; every file is written as stored, with its SHA-256 checksum in the XML, and the
XML is validated against ``schemas/fgs_arendehantering.xsd`` (with ``xmlschema``) before the
package is finished: an export that does not validate is not written.

The archive receives the whole record, secrets included: secrecy follows the records into the
archive (OSL 11 kap. 4 §, paragraph to check), so every secret title or record carries a
``Restriktion`` of type ``Sekretess`` with its OSL paragraph, and a private person's name a
``Restriktion`` of type ``Personuppgifter``. The package is written by the operator's command
only, never served to the public.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

import xmlschema
from django.db.models import Prefetch
from django.utils import timezone

from radhus.core.models import Tenant
from radhus.diarium.models import Case, CaseParty, Direction, Record, RecordFile, Status

NAMESPACE = "http://xml.ra.se/e-arkiv/FGS-ERMS"
SCHEMA_PATH = Path(__file__).parent / "schemas" / "fgs_arendehantering.xsd"
SYSTEM_NAME = "Rådhus"

STATUS_ARENDE = {Status.CLOSED: "Avslutat", Status.WITHDRAWN: "Makulerat", Status.MERGED: "Sammanfört"}
STATUS_HANDLING = {
    Direction.RECEIVED: "Inkommen",
    Direction.DRAWN_UP: "Upprättad",
    Direction.SENT: "Expedierad",
}
DATE_ELEMENT = {Direction.RECEIVED: "Inkommen", Direction.DRAWN_UP: "Upprattad", Direction.SENT: "Expedierad"}

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMA_PATH))


def _el(parent: ET.Element, name: str, text: object | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{NAMESPACE}}}{name}", attrs)
    if text is not None:
        element.text = str(text)
    return element


def _restriction(parent: ET.Element, kind: str, text: str, law: str = "") -> None:
    element = _el(parent, "Restriktion", Typ=kind)
    _el(element, "ForklarandeText", text)
    if law:
        _el(element, "Lagrum", law)


def _name(parent: ET.Element, tag: str, name: str, role: str = "") -> None:
    element = _el(parent, tag)
    _el(element, "Namn", name)
    if role:
        _el(element, "Roll", role)


def safe_name(name: str) -> str:
    """A file name that is the same on every file system: ``Bilaga 1 (ny).pdf`` → ``Bilaga_1_ny_.pdf``."""
    cleaned = _UNSAFE.sub("_", name).strip("._") or "fil"
    return cleaned[:100]


def closed_cases(tenant: Tenant, closed_before: dt.date):  # noqa: ANN201 - a queryset
    """The ended cases of ``tenant`` closed before ``closed_before``, with what the export reads."""
    return (
        Case.objects.filter(tenant=tenant, status__in=list(STATUS_ARENDE), closed_on__lt=closed_before)
        .select_related("classification", "officer", "responsible_unit", "series")
        .prefetch_related(
            Prefetch("parties", queryset=CaseParty.objects.order_by("id")),
            Prefetch(
                "records",
                queryset=Record.objects.order_by("sequence").prefetch_related(
                    Prefetch("files", queryset=RecordFile.objects.order_by("version"))
                ),
            ),
        )
        .order_by("year", "series__code", "sequence")
    )


@dataclass
class Package:
    root: Path
    xml: Path
    cases: int
    records: int
    files: int
    zip: Path | None = None


def build_xml(tenant: Tenant, cases: list[Case], file_link: dict[int, str]) -> ET.Element:
    """The ``Leveransobjekt`` of ``cases``; ``file_link`` maps a RecordFile id to its path in
    the package."""
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(f"{{{NAMESPACE}}}Leveransobjekt")
    structure = _el(root, "ArkivbildarStruktur")
    creator = _el(structure, "Arkivbildare")
    _el(creator, "ArkivbildareNamn", tenant.name)
    if tenant.organisation_number:
        _el(creator, "Organisationsnummer", tenant.organisation_number)
    _el(root, "SystemNamn", SYSTEM_NAME)
    _el(root, "Skapad", timezone.now().replace(microsecond=0).isoformat())
    listing = _el(root, "ArkivobjektListaArenden")
    for case in cases:
        item = _el(listing, "ArkivobjektArende")
        _el(item, "ArkivobjektID", case.number)
        if case.closed_on:
            _el(item, "Avslutat", case.closed_on.isoformat())
        if case.description:
            _el(item, "Beskrivning", case.description)
        if case.officer is not None:
            agent = _el(item, "Agent")
            _el(agent, "Roll", "Handläggare")
            _el(agent, "Namn", f"{case.officer.first_name} {case.officer.last_name}".strip())
            if case.responsible_unit is not None:
                _el(agent, "Organisationsnamn", case.responsible_unit.name)
        if case.classification is not None:
            _el(item, "Klass", f"{case.classification.code} {case.classification.title}")
        if case.title_secrecy:
            _restriction(item, "Sekretess", "Ärendemeningen är sekretessbelagd.", case.title_secrecy)
        parties = list(case.parties.all())
        if any(p.is_private_person for p in parties):
            _restriction(item, "Personuppgifter", "Motpart är privatperson.")
        for party in parties:
            _name(item, "Motpart", party.name, party.get_kind_display())
        _el(item, "Skapad", case.opened_on.isoformat())
        if case.decided_on:
            _el(item, "Beslutat", case.decided_on.isoformat())
        _el(item, "StatusArande", STATUS_ARENDE[Status(case.status)])
        _el(item, "Arendemening", case.title)
        records = list(case.records.all())
        if records:
            handlings = _el(item, "ArkivobjektListaHandlingar")
            for record in records:
                _record(handlings, record, file_link)
    return root


def _record(parent: ET.Element, record: Record, file_link: dict[int, str]) -> None:
    item = _el(parent, "ArkivobjektHandling")
    _el(item, "ArkivobjektID", record.number)
    if record.secrecy:
        _restriction(item, "Sekretess", record.get_secrecy_scope_display(), record.secrecy)
    if record.counterpart_is_private:
        _restriction(item, "Personuppgifter", "Avsändare eller mottagare är privatperson.")
    if record.sender:
        _name(item, "Avsandare", record.sender)
    if record.recipient:
        _name(item, "Mottagare", record.recipient)
    _el(item, "Handlingstyp", record.get_kind_display())
    _el(item, DATE_ELEMENT[Direction(record.direction)], record.registered_on.isoformat())
    _el(item, "Lopnummer", record.sequence)
    _el(item, "StatusHandling", STATUS_HANDLING[Direction(record.direction)])
    _el(item, "Rubrik", record.title)
    for row in record.files.all():
        _el(
            item,
            "Bilaga",
            Namn=row.file_name,
            Lank=file_link[row.pk],
            Storlek=str(row.size),
            Checksumma=row.sha256,
            ChecksummaMetod="SHA-256",
            Version=str(row.version),
        )


def export(tenant: Tenant, *, closed_before: dt.date, out_dir: Path, make_zip: bool = False) -> Package:
    """Write the package of ``tenant``'s cases closed before ``closed_before`` under
    ``out_dir``: ``<org>-fgs-<date>/arenden.xml`` and ``Bilagor/``, validated; with
    ``make_zip`` also a zip of it next to the directory."""
    cases = list(closed_cases(tenant, closed_before))
    root = Path(out_dir) / f"{tenant.slug}-fgs-{closed_before.isoformat()}"
    if root.exists():
        shutil.rmtree(root)
    (root / "Bilagor").mkdir(parents=True)
    links: dict[int, str] = {}
    n_records = n_files = 0
    for case in cases:
        for record in case.records.all():
            n_records += 1
            for row in record.files.all():
                link = f"Bilagor/{case.pk}/{record.sequence}/v{row.version}-{safe_name(row.file_name)}"
                target = root / link
                target.parent.mkdir(parents=True, exist_ok=True)
                with row.file.open("rb") as source, target.open("wb") as out:
                    shutil.copyfileobj(source, out)
                links[row.pk] = link
                n_files += 1
    element = build_xml(tenant, cases, links)
    tree = ET.ElementTree(element)
    ET.indent(tree)
    xml_path = root / "arenden.xml"
    tree.write(xml_path, encoding="utf-8", xml_declaration=True)
    try:
        schema().validate(str(xml_path))
    except xmlschema.XMLSchemaValidationError:
        shutil.rmtree(root)
        raise
    package = Package(root=root, xml=xml_path, cases=len(cases), records=n_records, files=n_files)
    if make_zip:
        zip_path = root.with_suffix(".zip")
        with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(root.parent))
        package.zip = zip_path
    return package
