import secrets

from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

from aspiration.corpus.models import Recommendation

# After the demo corpus loads: label it with the shipped models, then build the search index.
# Both are incremental, so a rerun only catches up on what is new.
PREPARE_CORPUS = ("classify", "index")


class Command(BaseCommand):
    help = "Prepare a fresh install: reference data, the demo corpus and an admin account. Safe to rerun."

    def add_arguments(self, parser):
        parser.add_argument("--no-demo", action="store_true", help="do not load the demo corpus")

    def handle(self, *args, no_demo: bool, **options):
        # Static files under hashed names (what pages link to); rerun after an upgrade brings new ones.
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("load_reference")  # idempotent: brings reference data up to date after an upgrade
        if not no_demo and not Recommendation.objects.exists():
            call_command("load_demo")
        available = get_commands()
        for command in PREPARE_CORPUS:
            if command in available:
                call_command(command)
        self.ensure_admin()

    def ensure_admin(self) -> None:
        User = get_user_model()
        if User.objects.filter(username="admin").exists():
            self.stdout.write("Admin account exists (user name: admin).")
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", "", password, role=User.Role.ADMIN)
        self.stdout.write(self.style.WARNING(
            f"Created the admin account. User name: admin  Password: {password}\n"
            "This password is shown only once: keep it somewhere safe."
        ))
