from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from aspiration.accounts.models import User

PASSWORD = "Correct-horse-battery-9"


def run_jobs() -> str:
    """Run every queued job in this process with the real worker (`aspiration worker --batch`)."""
    out = io.StringIO()
    call_command("worker", batch=True, startup_delay=False, verbosity=0, stdout=out)
    return out.getvalue()


@pytest.fixture
def people(db):
    def user(username: str, role: str) -> User:
        return User.objects.create_user(username=username, password=PASSWORD, role=role)

    return {"coord": user("coord", "coordinator"), "viewer": user("viewer", "viewer"),
            "focal": user("focal", "focal_point"), "other": user("other", "viewer")}
