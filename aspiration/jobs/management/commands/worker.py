"""``aspiration worker``: run queued background jobs (django-tasks-db's ``db_worker`` with our defaults).

``aspiration serve`` starts one alongside the web server; run more on other machines to scale out
(PostgreSQL), or ``aspiration worker --batch`` to run what is queued and stop.
"""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from aspiration.jobs import priority


class Command(DatabaseWorker):
    help = ("Run queued background jobs (imports, labelling, indexing) until stopped; --batch runs what is queued "
            "and stops. `aspiration serve` starts one of these itself.")

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # Reloading on code changes is for development; jobs must not be cut off in the middle.
        parser.set_defaults(reload=False)

    def handle(self, *args, **options):
        priority.background()  # people's requests first: the jobs are imports, labelling and indexing
        return super().handle(*args, **options)
