"""The corpus models in the Django admin: lists, search, filters and the inlines render."""

from __future__ import annotations

import pytest

from aspiration.accounts.models import User
from aspiration.corpus.models import Recommendation
from aspiration.corpus.services import import_file


@pytest.fixture
def admin_client(client, reference, corpus_fixtures):
    import_file("upr-info", corpus_fixtures / "upr-info-small.csv")
    client.force_login(User.objects.create_superuser("boss", "", "x"))
    return client


@pytest.mark.parametrize("url", [
    "/admin/corpus/importbatch/", "/admin/corpus/rejectedrow/", "/admin/corpus/document/",
    "/admin/corpus/recommendation/?q=torture&response__exact=supported", "/admin/corpus/annotation/?source__exact=import",
])
def test_admin_lists(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 200


def test_admin_detail_pages_show_inlines(admin_client):
    rec = Recommendation.objects.get(text__startswith="Ratify the Optional Protocol")
    page = admin_client.get(f"/admin/corpus/recommendation/{rec.pk}/change/").content.decode()
    assert "Torture and other CID treatment" in page or "upr_issue" in page
    batch = rec.import_batch
    page = admin_client.get(f"/admin/corpus/importbatch/{batch.pk}/change/").content.decode()
    assert "unknown state under review" in page


def test_admin_refuses_anonymous(client, reference):
    assert client.get("/admin/corpus/recommendation/").status_code == 302
