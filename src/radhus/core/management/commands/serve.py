"""``radhus serve``: the production server, gunicorn, on ``HOST``:``PORT`` with
``WEB_CONCURRENCY`` worker processes (the same HOST and PORT that ``make run`` honours).

Static files are collected first (``collectstatic --noinput``) and served by WhiteNoise from
the app itself. Put a reverse proxy with TLS in front (see the README).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandParser
from django.db import connections
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from radhus.core.management.base import TranslatedCommand


def gunicorn_argv(*, host: str, port: str, workers: str) -> list[str]:
    """The command line that runs gunicorn with Rådhus's WSGI application."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "radhus.wsgi:application",
        "--bind",
        f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "--workers",
        workers,
        "--access-logfile",
        "-",
    ]


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Serve Rådhus with gunicorn on HOST:PORT (default 127.0.0.1:8000), WEB_CONCURRENCY workers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-collectstatic",
            action="store_true",
            help=gettext_lazy("Do not run collectstatic before serving."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        argv = gunicorn_argv(
            host=os.environ.get("HOST", "127.0.0.1"),
            port=os.environ.get("PORT", "8000"),
            workers=os.environ.get("WEB_CONCURRENCY", str(min(4, 2 * (os.cpu_count() or 1) + 1))),
        )
        self.stderr.write(_("Starting: %(command)s") % {"command": " ".join(argv[2:])})
        sys.stderr.flush()
        sys.stdout.flush()
        connections.close_all()
        # gunicorn takes this process's place, so signals from systemd or a container reach it.
        os.execv(sys.executable, argv)
