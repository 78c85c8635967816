"""Writers holding the same version at the same moment: exactly one wins, every other one gets a conflict."""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError, connection

from aspiration.tracking.models import Action
from aspiration.tracking.services import VersionConflict, update_versioned

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("writers", [2, 10])
def test_simultaneous_writers_cannot_both_succeed(world, writers):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("threads cannot share SQLite's in-memory test database with locking; runs on PostgreSQL")
    barrier = threading.Barrier(writers)
    outcomes: list[str] = []

    def writer(name: str) -> None:
        try:
            action = Action.objects.get(pk=world.action_a.pk)
            barrier.wait(timeout=10)
            action.title = f"written by {name}"
            update_versioned(action, 1)
            outcomes.append("saved")
        except VersionConflict:
            outcomes.append("conflict")
        except OperationalError as error:  # SQLite reports a busy database instead of waiting forever
            outcomes.append(f"busy: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(f"writer {n}",)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["conflict"] * (writers - 1) + ["saved"]
    action = Action.objects.get(pk=world.action_a.pk)
    assert action.version == 2 and action.title.startswith("written by")
