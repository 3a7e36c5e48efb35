"""The `radhus` command: Django's management commands under the project's name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "radhus.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(command_aliases(sys.argv))


def command_aliases(argv: list[str]) -> list[str]:
    """``radhus export-popolo`` runs the command module ``export_popolo``: Python modules
    cannot have hyphens in their names, people like them in commands."""
    if len(argv) > 1 and not argv[1].startswith("-") and "-" in argv[1]:
        return [argv[0], argv[1].replace("-", "_"), *argv[2:]]
    return argv


if __name__ == "__main__":
    main()
