import pytest
from django.urls import reverse

from aspiration.accounts.models import AuditEvent, User
from aspiration.corpus.models import Annotation
from tests.factories import label, recommendation

pytestmark = pytest.mark.django_db


@pytest.fixture
def labelled():
    rec = recommendation("Abolish the death penalty")
    death = label("upr_issue", "Death penalty")
    Annotation.objects.create(recommendation=rec, label=death, source="model", score=0.41, model_version="upr_issue-test",
                              reason="terms: 'death penalty'")
    return rec, death


def login(client, role: str) -> User:
    user = User.objects.create_user(f"{role}-user", password="pw", role=role)
    client.force_login(user)
    return user


def test_anonymous_and_viewers_are_refused(client, labelled):
    rec, death = labelled
    pages = [reverse("nlp:review_queue"), reverse("nlp:review_recommendation", args=[rec.pk])]
    for url in pages:  # anonymous visitors are asked to log in (permissions.requires), as on every staff page
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    response = client.post(reverse("nlp:review_decide", args=[rec.pk]), {"label": death.pk, "decision": "reject"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    login(client, "viewer")
    for url in pages:
        assert client.get(url).status_code == 403
    assert client.post(reverse("nlp:review_decide", args=[rec.pk]), {"label": death.pk, "decision": "reject"}).status_code == 403
    assert client.post(reverse("nlp:review_add", args=[rec.pk]), {"label": death.pk}).status_code == 403
    assert not Annotation.objects.filter(source="person").exists()


def test_queue_shows_uncertain_labels_with_score_and_reason(client, labelled):
    rec, _death = labelled
    login(client, "focal_point")
    page = client.get(reverse("nlp:review_queue")).content.decode()
    assert "Abolish the death penalty" in page and "0.41" in page
    detail = client.get(reverse("nlp:review_recommendation", args=[rec.pk])).content.decode()
    assert "terms: &#x27;death penalty&#x27;" in detail and "0.41" in detail


def test_reject_confirm_and_add_are_person_decisions_that_win(client, labelled):
    rec, death = labelled
    reviewer = login(client, "coordinator")
    response = client.post(reverse("nlp:review_decide", args=[rec.pk]), {"label": death.pk, "decision": "reject"},
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Death penalty" in response.content.decode()
    decision = Annotation.objects.get(recommendation=rec, label=death, source="person")
    assert decision.rejected and decision.decided_by == reviewer and decision.decided_at
    assert "upr_issue" not in rec.labels_by_taxonomy()
    assert AuditEvent.objects.filter(object_type="corpus.annotation", object_id=str(decision.pk), actor=reviewer).exists()

    client.post(reverse("nlp:review_decide", args=[rec.pk]), {"label": death.pk, "decision": "confirm"})
    assert rec.labels_by_taxonomy()["upr_issue"] == ["Death penalty"]
    assert Annotation.objects.filter(recommendation=rec, label=death, source="person").count() == 1

    goal = label("sdg_goal", "16")
    assert client.post(reverse("nlp:review_add", args=[rec.pk]), {"label": goal.pk}).status_code == 302
    assert rec.labels_by_taxonomy()["sdg_goal"] == ["16"]
    # the queue no longer offers labels a person decided
    assert "Abolish the death penalty" not in client.get(reverse("nlp:review_queue")).content.decode()


def test_bad_decisions_change_nothing(client, labelled):
    rec, death = labelled
    login(client, "admin")
    assert client.post(reverse("nlp:review_decide", args=[rec.pk]), {"label": death.pk, "decision": "maybe"}).status_code == 400
    assert client.post(reverse("nlp:review_add", args=[rec.pk]), {"label": "x"}).status_code == 400
    assert client.post(reverse("nlp:review_decide", args=[rec.pk]), {"label": 99999, "decision": "reject"}).status_code == 404
    assert not Annotation.objects.filter(source="person").exists()


def test_review_entry_in_the_menu_only_for_reviewers(client):
    assert "Review labels" not in client.get(reverse("home")).content.decode()
    login(client, "focal_point")
    assert "Review labels" in client.get(reverse("home")).content.decode()
