"""The demo is loaded once per test module, inside a transaction that is rolled back when the
module ends; each test runs in its own savepoint within it (pytest-django wraps tests in
higher-scoped transactions for this)."""

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker) -> Iterator[str]:
    with django_db_blocker.unblock(), transaction.atomic():
        output = load()
        yield output
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_loaded: str, db) -> str:
    """The output of the first ``radhus load_demo``; the demo is in the database."""
    return _demo_loaded
