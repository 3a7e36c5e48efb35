"""Schemathesis on the meetings part of the API only (tests/api/test_schema.py covers the whole
document with the same world): no server error, every answer as the document says."""

from hypothesis import settings

from tests.api.test_schema import SETTINGS, WRITES, keep_connection, load, world  # noqa: F401

PATHS = r"^/api/v1/(meeting|notice|paragraph)"
reads = load(coverage=False).include(method="GET").include(path_regex=PATHS)
writes = load(coverage=True).include(method=WRITES).include(path_regex=PATHS)
foreign_writes = load(coverage=False).include(method=WRITES).include(path_regex=PATHS)


@reads.parametrize()
@settings(max_examples=25, **SETTINGS)
def test_meeting_reads_conform_to_the_schema(case, world):  # noqa: F811
    case.call_and_validate()


@writes.parametrize()
@settings(max_examples=10, **SETTINGS)
def test_meeting_writes_by_an_editor_conform_to_the_schema(case, world):  # noqa: F811
    case.call_and_validate(headers=world["editor"])


@foreign_writes.parametrize()
@settings(max_examples=5, **SETTINGS)
def test_meeting_writes_by_a_foreign_editor_conform_to_the_schema(case, world):  # noqa: F811
    case.call_and_validate(headers=world["stranger"])
