"""A kept PostgreSQL connection is checked before each request uses it (issue 7), without a
round trip when it was used a moment ago and nothing has arrived on it since; a connection the
server has ended in between is noticed and replaced, so the next page is served.

The requests go through Django's WSGI handler as a server runs them (the test client leaves out
the check at the start of a request), on a database that is not wrapped in a test transaction."""

import time

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.test import RequestFactory

from radhus.core.postgresql.base import QUIET_SECONDS
from tests.factories import TenantFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own connections"),
]


def serve(path: str) -> int:
    """The status of ``path`` as a server answers it: the request's start closes or checks the
    kept connection, its end keeps it."""
    statuses = []
    response = WSGIHandler()(
        RequestFactory().get(path).environ, lambda status, headers: statuses.append(status)
    )
    b"".join(response)
    response.close()
    return int(statuses[0].split()[0])


@pytest.fixture
def other():
    """A second connection to the same database, to look at and end the first one's backend."""
    kept = connections["default"]
    wrapper = type(kept)(dict(kept.settings_dict), kept.alias)
    yield wrapper
    wrapper.close()


def last_statement(other, pid: int) -> str:
    with other.cursor() as cursor:
        cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0]


def end_backend(other, pid: int) -> None:
    """End the backend of ``pid`` as an administrator or a restart would, and wait until it is
    gone (its last words and the end of its stream are then on the way to the client)."""
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert cursor.fetchone()[0] is True
        for _ in range(200):
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone()[0] == 0:
                return
            time.sleep(0.01)
    raise AssertionError("the backend did not end")


@pytest.fixture
def page():
    """A page that reads the database on every request (a search is never cached)."""
    TenantFactory(slug="kommunen", name="Kommunen")
    return "/kommunen/sok/?q=kansli"


def test_a_connection_ended_by_the_server_between_two_requests_is_replaced(page, other):
    assert serve(page) == 200
    pid = connection.connection.info.backend_pid
    end_backend(other, pid)
    assert serve(page) == 200
    assert connection.connection.info.backend_pid != pid


def test_without_the_check_the_ended_connection_fails_the_request(page, other):
    """What the check is for: the same ended connection, used unchecked, fails its request
    (and the next request, seeing the error, replaces it)."""
    assert serve(page) == 200
    connection.health_check_enabled = False
    pid = connection.connection.info.backend_pid
    end_backend(other, pid)
    assert serve(page) == 500
    assert serve(page) == 200
    assert connection.connection.info.backend_pid != pid


def test_a_connection_used_a_moment_ago_is_checked_without_a_statement(page, other):
    """Nothing is sent to check a connection used a moment ago; one idle for longer than
    QUIET_SECONDS is checked with SELECT 1, as Django checks it (the clock is moved, not
    waited for)."""
    assert serve(page) == 200
    pid = connection.connection.info.backend_pid
    connection.close_if_unusable_or_obsolete()  # as at the start of a request
    connection.close_if_health_check_failed()
    assert connection.health_check_done
    assert last_statement(other, pid) != "SELECT 1"
    connection.close_if_unusable_or_obsolete()
    connection._used_at -= QUIET_SECONDS + 1
    connection.close_if_health_check_failed()
    assert last_statement(other, pid) == "SELECT 1"
    assert connection.connection.info.backend_pid == pid
