"""The ``aspiration`` command: Django's management commands on a ready database.

Every command works on a fresh ``ASPIRATION_HOME``: the database is created and migrated
first (quietly) unless the command needs no database at all.
"""

from __future__ import annotations

import os
import sys

# Commands that never touch the database: they must start fast and work anywhere.
NO_DATABASE = {
    "predict", "help", "version", "--help", "-h", "--version",
    "makemigrations", "makemessages", "compilemessages", "restore",
}
NO_DATABASE_SUBCOMMANDS = {("watch", "score")}


def needs_database(argv: list[str]) -> bool:
    if len(argv) < 2 or argv[1] in NO_DATABASE:
        return False
    return tuple(argv[1:3]) not in NO_DATABASE_SUBCOMMANDS


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "aspiration"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aspiration.settings")
    import django
    from django.core.management import call_command, execute_from_command_line

    django.setup()
    if needs_database(argv):
        call_command("migrate", interactive=False, verbosity=0)
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
