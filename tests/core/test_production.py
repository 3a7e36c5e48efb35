"""Production settings (issue 6, item 7): the documented production variables give a clean
``radhus check --deploy``, errors are logged to stderr with their traceback when debug is off,
every page carries a Content-Security-Policy without inline scripts, and ``radhus serve`` runs
gunicorn with the collected static files.

Settings are read from the environment when Django starts, so these tests start Rådhus in a
process of its own with the variables set."""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path, reverse

from radhus.core.models import Role
from tests.factories import TenantRoleFactory

PROJECT_DIR = Path(__file__).resolve().parents[2]
RADHUS = shutil.which("radhus", path=str(Path(sys.executable).parent)) or "radhus"


def documented_production_environment() -> dict[str, str]:
    """The ``export NAME=VALUE`` lines of the README's "Running in production" section."""
    readme = (PROJECT_DIR / "README.md").read_text()
    section = readme.split("## Running in production", 1)[1].split("\n## ", 1)[0]
    found = dict(re.findall(r"^export (\w+)=(\S+)", section, flags=re.MULTILINE))
    assert {"RADHUS_SECURE_COOKIES", "RADHUS_HSTS_SECONDS", "RADHUS_PROXY_SSL_HEADER"} <= found.keys()
    return found


def run_radhus(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("RADHUS_", "DJANGO_"))}
    for name in ("SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "HOST", "PORT"):
        base.pop(name, None)
    base.update(env)
    # A real random key instead of the README's placeholder; SQLite in a folder of the test's
    # own, since the checks need no database server.
    base.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        RADHUS_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'radhus.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    return subprocess.run(
        [RADHUS, *args], env=base, capture_output=True, text=True, timeout=120, cwd=PROJECT_DIR
    )


def test_check_deploy_is_clean_with_the_documented_production_variables(tmp_path):
    result = run_radhus(
        ["check", "--deploy", "--fail-level", "WARNING"], documented_production_environment(), tmp_path
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_them(tmp_path):
    """The control: the same check without the variables names what is missing."""
    result = run_radhus(["check", "--deploy", "--fail-level", "WARNING"], {}, tmp_path)

    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_the_security_variables_reach_the_settings(tmp_path):
    code = (
        "import json; from django.conf import settings as s; print(json.dumps([s.SECURE_PROXY_SSL_HEADER,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT]))"
    )
    result = run_radhus(["shell", "-c", code], documented_production_environment(), tmp_path)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        ["HTTP_X_FORWARDED_PROTO", "https"],
        True,
        True,
        31536000,
        True,
    ]


def fails(request: HttpRequest) -> HttpResponse:
    raise ZeroDivisionError("a bug in a view")


urlpatterns = [path("fel/", fails)]


def test_a_server_error_is_logged_to_stderr_with_its_traceback_when_debug_is_off(tmp_path):
    code = (
        "from django.test import Client; from django.test.utils import override_settings\n"
        "with override_settings(ROOT_URLCONF='tests.core.test_production', ALLOWED_HOSTS=['testserver']):\n"
        "    print(Client(raise_request_exception=False).get('/fel/').status_code)\n"
    )
    result = run_radhus(
        ["shell", "-c", code], {"RADHUS_DEBUG": "off", "PYTHONPATH": str(PROJECT_DIR)}, tmp_path
    )

    assert result.stdout.strip().splitlines()[-1] == "500", result.stderr
    assert "ERROR django.request: Internal Server Error: /fel/" in result.stderr
    assert "Traceback" in result.stderr and "ZeroDivisionError: a bug in a view" in result.stderr


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src|nonce)=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+=", re.IGNORECASE)


@pytest.mark.django_db
def test_pages_and_the_api_docs_carry_a_policy_that_forbids_inline_scripts():
    role = TenantRoleFactory(tenant__slug="munkedal", role=Role.EDITOR, user__password=None)
    client = Client()
    client.force_login(role.user)

    for url in (
        "/",
        "/munkedal/",
        reverse("staff_home", args=["munkedal"]),
        reverse("account"),
        "/api/docs/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = dict(
            (d.split(" ", 1) + [""])[:2] for d in response["Content-Security-Policy"].split("; ") if d.strip()
        )
        assert policy["script-src"].split()[0] == "'self'", url
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
        body = response.content.decode()
        assert not INLINE_SCRIPT.search(body), f"{url} has an inline script without a nonce"
        assert not INLINE_HANDLER.search(body), f"{url} has an inline event handler"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_runs_gunicorn_on_host_and_port_with_the_collected_static_files(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RADHUS_", "DJANGO_"))}
    env.update(
        HOST="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="1",
        SECRET_KEY=secrets.token_urlsafe(50),
        RADHUS_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'radhus.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    server = subprocess.Popen(
        [RADHUS, "serve"], env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        response = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                response = urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/static/radhus/radhus.css", timeout=5
                )
                break
            except OSError:
                time.sleep(0.3)
        assert response is not None, f"radhus serve did not answer: {server.poll()}"
        assert response.status == 200
        assert response.headers["Server"].startswith("gunicorn")
        assert (tmp_path / "static" / "radhus" / "radhus.css").exists()  # collected first
        schema = urllib.request.urlopen(f"http://127.0.0.1:{port}/api/schema/", timeout=10)
        assert json.load(schema)["info"]["title"] == "Rådhus API"
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0]
    assert "Booting worker" in output


def test_a_server_worker_has_weasyprint_loaded_before_its_first_request_and_no_connection_open(tmp_path):
    """Loading the app as gunicorn does (``radhus.wsgi``) also loads WeasyPrint and lays out a
    small PDF, about a second: the worker pays it when it starts, not the first visitor who asks
    for a PDF. It opens no database connection (the first request opens its own)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RADHUS_", "DJANGO_"))}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        RADHUS_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'radhus.sqlite3'}",
    )
    probe = (
        "import sys; assert 'weasyprint' not in sys.modules; import radhus.wsgi;"
        "from django.db import connections;"
        "print('weasyprint' in sys.modules, connections['default'].connection is None)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]
    assert "could not make a PDF" not in result.stderr


def test_a_malformed_number_in_the_environment_names_the_variable(tmp_path):
    result = run_radhus(["check"], {"RADHUS_SESSION_HOURS": "åtta"}, tmp_path)

    assert result.returncode != 0
    assert "RADHUS_SESSION_HOURS must be a whole number, not 'åtta'." in result.stderr
