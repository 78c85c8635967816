"""The review queue pages through many recommendations without building an object per scanned label."""

from __future__ import annotations

import re

import pytest
from django.db.models.signals import post_init
from django.urls import reverse

from aspiration.accounts.models import User
from aspiration.corpus.models import Annotation
from aspiration.reference.models import Label
from tests.factories import label, recommendation

pytestmark = pytest.mark.django_db

RECOMMENDATIONS = 60


@pytest.fixture
def queue():
    """60 recommendations, each with two model labels; recommendation i's doubt grows with i (scores nearer 0.5,
    the threshold of labels no trained model knows)."""
    first, second = label("upr_issue", "Queue issue one"), label("upr_issue", "Queue issue two")
    recs = []
    for i in range(RECOMMENDATIONS):
        rec = recommendation(f"Queued recommendation {i:02d} on the right to water.")
        Annotation.objects.create(recommendation=rec, label=first, source="model", score=round(0.02 + i * 0.008, 3),
                                  model_version="test")
        Annotation.objects.create(recommendation=rec, label=second, source="model", score=0.01, model_version="test")
        recs.append(rec)
    return recs


def _queued_numbers(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"Queued recommendation (\d\d)", html)]


def test_queue_is_paginated_most_uncertain_first(client, queue):
    client.force_login(User.objects.create_user("reviewer", role="focal_point"))
    first_page = client.get(reverse("nlp:review_queue")).content.decode()
    assert _queued_numbers(first_page) == list(range(RECOMMENDATIONS - 1, RECOMMENDATIONS - 26, -1))
    assert "Page 1 of 3" in first_page and "Queue issue one" in first_page and "Queue issue two" in first_page
    last_page = client.get(reverse("nlp:review_queue"), {"page": 3}).content.decode()
    assert _queued_numbers(last_page) == list(range(9, -1, -1))


def test_a_decided_label_leaves_the_queue(client, queue):
    reviewer = User.objects.create_user("reviewer", role="focal_point")
    client.force_login(reviewer)
    most_uncertain = queue[-1]
    for item in Label.objects.filter(code__startswith="Queue issue"):
        client.post(reverse("nlp:review_decide", args=[most_uncertain.pk]), {"label": item.pk, "decision": "confirm"})
    assert _queued_numbers(client.get(reverse("nlp:review_queue")).content.decode())[0] == RECOMMENDATIONS - 2


def test_queue_builds_objects_only_for_what_the_page_shows(client, queue):
    """Scanning 120 labels made 120 Annotation, Label and Taxonomy objects (most of the page's 3.5-7 s on a real
    corpus); the page shows 25 recommendations and needs only their labels' names."""
    client.force_login(User.objects.create_user("reviewer", role="coordinator"))
    built = {"annotations": 0, "labels": 0}

    def count_annotation(**_kwargs):
        built["annotations"] += 1

    def count_label(**_kwargs):
        built["labels"] += 1

    post_init.connect(count_annotation, sender=Annotation)
    post_init.connect(count_label, sender=Label)
    try:
        assert client.get(reverse("nlp:review_queue")).status_code == 200
    finally:
        post_init.disconnect(count_annotation, sender=Annotation)
        post_init.disconnect(count_label, sender=Label)
    assert built == {"annotations": 0, "labels": 2}
