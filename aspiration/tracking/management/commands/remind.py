"""aspiration remind: email each focal point their institution's overdue and upcoming (14 days) actions, once a day."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from aspiration.tracking.reminders import send_reminders


class Command(BaseCommand):
    help = "Email focal points their overdue and upcoming actions (idempotent per day; run daily from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="pretend today is this date (YYYY-MM-DD)")

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else date.today()
        except ValueError as error:
            raise CommandError(f"--date: {error}") from error
        result = send_reminders(today)
        self.stdout.write(f"Reminders for {today}: {result.sent} sent, {result.already_sent} already sent today, "
                          f"{result.without_email} focal points without an email address.")
