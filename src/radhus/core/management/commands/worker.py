"""`radhus worker`: runs the deferred work (e-mails, notices, reminders) stored by the tasks
framework's database backend, until stopped. `make run` starts one beside the web server."""

from __future__ import annotations

from argparse import ArgumentParser

from django.utils.translation import gettext_lazy as _
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from radhus.core.management.base import TranslatedCommand

# The database worker's options, with help in the site's language.
OPTION_HELP = {
    "queue_name": _("The queues to work on, separated by commas; '*' for all (default: %(default)r)"),
    "exclude_queues": _("Queues to leave alone, separated by commas."),
    "interval": _("Seconds to wait before looking again when nothing is waiting (default: %(default)r)"),
    "batch": _("Run everything that is waiting, then stop."),
    "reload": _("Start again when the code changes; not for production (default: DEBUG)"),
    "backend_name": _("The task backend to work for (default: %(default)r)"),
    "startup_delay": _("Start at once, without a short random wait."),
    "max_tasks": _("Stop after this many tasks."),
    "worker_id": _("This worker's name, unique among the workers (default: made up)"),
}


class Command(TranslatedCommand, DatabaseWorker):
    help = _("Runs the deferred work (e-mails, notices, reminders) until stopped.")

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        for action in parser._actions:
            if action.dest in OPTION_HELP:
                action.help = str(OPTION_HELP[action.dest])
