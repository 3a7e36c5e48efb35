"""The SQLite connection is set up for several writers at once (issue 6, item 4)."""

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own settings"),
]


def pragma(name: str) -> object:
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


def test_sqlite_writers_wait_for_each_other_instead_of_failing():
    assert connection.transaction_mode == "IMMEDIATE"
    assert pragma("busy_timeout") >= 10_000


def test_sqlite_keeps_its_write_ahead_log_and_normal_sync():
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 1  # NORMAL
