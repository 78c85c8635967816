"""aspiration digests: e-mail every saved-search digest that is due (run it daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from aspiration.web import digests


class Command(BaseCommand):
    help = ("E-mail each saved search's digest that is due (daily or weekly, by its own last run): the recommendations "
            "added since the last digest that match it. Run daily; a second run the same day sends nothing more.")

    def add_arguments(self, parser):
        parser.add_argument("--site-url", default="",
                            help="the address people open Aspiration at, for the links (default: ASPIRATION_SITE_URL)")

    def handle(self, *args, site_url: str, **options):
        counts = digests.run_due((site_url or digests.site_url()).rstrip("/"))
        self.stdout.write(
            f"Digests: {counts[digests.Outcome.SENT]} sent, {counts[digests.Outcome.NOTHING_NEW]} with nothing new, "
            f"{counts[digests.Outcome.NO_EMAIL]} waiting for their owner's e-mail address, "
            f"{counts[digests.Outcome.FAILED]} whose search could not run.")
