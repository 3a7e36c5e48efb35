"""On PostgreSQL a statement is prepared on its second use on a kept connection, so a page made
again is not planned again (issue 7); behind a pooler that cannot keep prepared statements the
setting turns it off."""

import os
import subprocess
import sys

import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own settings"),
]


def test_a_statement_used_again_is_prepared_once_on_the_connection():
    with connection.cursor() as cursor:
        for _ in range(3):
            cursor.execute("SELECT id FROM core_tenant WHERE slug = %s", ["ingen-sadan"])
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement = %s",
            ["SELECT id FROM core_tenant WHERE slug = $1"],
        )
        assert cursor.fetchone()[0] == 1


def database_options(variable: str, value: str | None, *names: str) -> list[str]:
    """The database OPTIONS ``names`` that settings give a PostgreSQL DATABASE_URL, with the
    environment variable ``variable`` set to ``value`` (or unset): settings are read when Django
    starts, so in a process of their own."""
    env = {k: v for k, v in os.environ.items() if k != variable}
    env["DATABASE_URL"] = "postgres://u:p@127.0.0.1:5432/radhus"
    if value is not None:
        env[variable] = value
    code = (
        "import sys; from radhus import settings; o = settings.DATABASES['default'].get('OPTIONS', {});"
        "print('\\n'.join(repr(o.get(n)) for n in sys.argv[1:]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *names], env=env, capture_output=True, text=True, check=True
    ).stdout
    return out.splitlines()


@pytest.mark.parametrize(("value", "prepared"), [(None, True), ("false", False)])
def test_radhus_pg_prepared_false_turns_it_off(value, prepared):
    options = database_options("RADHUS_PG_PREPARED", value, "server_side_binding", "prepare_threshold")
    assert options == (["True", "2"] if prepared else ["None", "None"])


def test_statements_are_not_compiled_to_machine_code():
    """JIT compilation pays for long analytic queries, not for a page's statements: counting a
    big municipality's people holding a post on a date spent most of its time compiling."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.parametrize(("value", "options"), [(None, "-c jit=off"), ("on", None)])
def test_radhus_pg_jit_on_leaves_the_servers_setting(value, options):
    assert database_options("RADHUS_PG_JIT", value, "options") == [repr(options)]
