"""Connections are kept for a minute by default, checked before reuse, on PostgreSQL and on
SQLite alike (issue 7, item 4): opening one costs a PostgreSQL server a round of
authentication, and SQLite 1.7 ms of reading the schema, on every request. The settings are read in a fresh interpreter for each environment."""

import json
import os
import subprocess
import sys

import pytest


def database_settings(tmp_path, **env: str) -> dict:
    code = (
        "import json, radhus.settings as s; d = s.DATABASES['default'];"
        "print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))"
    )
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CONN_MAX_AGE")}
    environment.update(env, RADHUS_VAR_DIR=str(tmp_path))
    out = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    max_age, health_checks = json.loads(out.stdout)
    return {"max_age": max_age, "health_checks": health_checks}


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DATABASE_URL": "postgres://u:p@db.example:5432/radhus"}, {"max_age": 60, "health_checks": True}),
        ({}, {"max_age": 60, "health_checks": True}),
        ({"CONN_MAX_AGE": "0"}, {"max_age": 0, "health_checks": True}),
        (
            {"DATABASE_URL": "postgres://u:p@db.example:5432/radhus", "CONN_MAX_AGE": "5"},
            {"max_age": 5, "health_checks": True},
        ),
        ({"CONN_HEALTH_CHECKS": "off"}, {"max_age": 60, "health_checks": False}),
    ],
)
def test_connections_are_kept_and_checked_before_reuse(tmp_path, env, expected):
    assert database_settings(tmp_path, **env) == expected
