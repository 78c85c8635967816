"""Django admin for the reference data: lists, search in several languages, filters, audited changes."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from aspiration.accounts.models import AuditEvent, User
from aspiration.reference.models import Country, Label

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    call_command("load_reference", stdout=open("/dev/null", "w"))  # noqa: SIM115
    user = User.objects.create_superuser("root", "root@example.org", "pw-123456789")
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", ["country", "mechanism", "taxonomy", "label"])
def test_changelists_render(admin_client, model):
    response = admin_client.get(f"/admin/reference/{model}/")
    assert response.status_code == 200


def test_search_by_name_in_several_languages(admin_client):
    for query in ("Allemagne", "德国", "Germany", "DEU"):
        response = admin_client.get("/admin/reference/country/", {"q": query})
        assert response.status_code == 200 and "DEU" in response.content.decode(), query
    response = admin_client.get("/admin/reference/label/", {"q": "Gender equality"})
    assert "sdg_goal:5" in response.content.decode()


def test_filters(admin_client):
    response = admin_client.get("/admin/reference/country/", {"un_regional_group": "WEOG", "is_member_state__exact": "1"})
    assert response.status_code == 200 and "29 countries" in response.content.decode()
    response = admin_client.get("/admin/reference/label/", {"taxonomy__id__exact": Label.objects.get(
        taxonomy__code="sdg_goal", code="1").taxonomy_id})
    assert response.status_code == 200 and "17 labels" in response.content.decode()


def test_admin_change_is_audited(admin_client):
    country = Country.objects.get(iso3="TUR")
    fields = ("iso3", "iso2", "m49", "un_regional_group", "m49_region", "m49_subregion")
    data = {field: getattr(country, field) for field in fields}
    data.update(names='{"en": "Türkiye (edited)"}', is_member_state="on")
    response = admin_client.post(f"/admin/reference/country/{country.pk}/change/", data)
    assert response.status_code == 302
    event = AuditEvent.objects.get(object_type="reference.country", object_id=str(country.pk))
    assert event.action == "update" and "Türkiye (edited)" in str(event.after["names"])
    assert "edited" not in str(event.before["names"])


def test_anonymous_users_cannot_open_the_admin(client):
    response = client.get("/admin/reference/country/")
    assert response.status_code == 302 and "/login/" in response["Location"]
