"""The early-warning API: analysts read items, signals and alerts; nobody else reads anything; no raw handles."""

from datetime import UTC, datetime, timedelta

import pytest

from aspiration.accounts.models import ApiToken, AuditEvent, User
from aspiration.reference.models import Country
from aspiration.watch.models import Alert, Item
from aspiration.watch.services import update_signals

from .helpers import make_item, make_series

pytestmark = pytest.mark.django_db

SECRET = "A distinctive sentence only analysts may read 8812."
HANDLE = "@reporter_hunter_77"


@pytest.fixture
def data(settings):
    settings.WATCH_STORE_RAW_HANDLES = True  # even when an administrator keeps handles, the API does not give them
    Country.objects.create(iso3="KEN", iso2="KE", names={"en": "Kenya"})
    start = datetime.now(UTC).replace(hour=12) - timedelta(days=19)
    make_series("KEN", "threat", [1] * 19 + [9], [10] * 20, start)
    item = make_item(SECRET, "KEN", start + timedelta(days=19, hours=1), handle=HANDLE, flagged=("threat",))
    update_signals()
    assert Item.objects.filter(author_handle=HANDLE).exists()
    return {"item": item, "alert": Alert.objects.get(country="KEN", category="threat")}


def token_for(username: str, role: str = "viewer", analyst: bool = False) -> dict:
    user = User.objects.create(username=username, role=role, is_watch_analyst=analyst)
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user, 'test')[1]}"}


def paths(data) -> list[str]:
    item, alert = data["item"], data["alert"]
    return ["/api/watch/items", f"/api/watch/items/{item.pk}", "/api/watch/signals", "/api/watch/alerts",
            f"/api/watch/alerts/{alert.pk}", f"/api/watch/alerts/{alert.pk}/items"]


def test_without_a_token_or_session_everything_is_401(client, data):
    for path in paths(data):
        assert client.get(path).status_code == 401, path
    assert client.get(paths(data)[0], HTTP_AUTHORIZATION="Bearer asp_not-a-token").status_code == 401


@pytest.mark.parametrize("role", ["viewer", "coordinator", "admin", "focal_point", "civil_society"])
def test_users_without_the_analyst_flag_are_refused_by_token_and_by_session(client, data, role):
    headers = token_for(f"u-{role}", role)
    for path in paths(data):
        response = client.get(path, **headers)
        assert response.status_code == 403 and SECRET not in response.content.decode(), path
    client.force_login(User.objects.get(username=f"u-{role}"))
    for path in paths(data):
        assert client.get(path).status_code == 403, path
    assert not AuditEvent.objects.filter(action="view").exists()


def test_analysts_page_through_items_with_names_and_pseudonyms_never_handles(client, data):
    headers = token_for("analyst", analyst=True)
    body = client.get("/api/watch/items?limit=5", **headers).json()
    assert body["count"] == Item.objects.count() == 201 and len(body["items"]) == 5
    second = client.get("/api/watch/items?limit=5&offset=5", **headers).json()
    assert not {i["id"] for i in body["items"]} & {i["id"] for i in second["items"]}
    flagged = client.get("/api/watch/items?category=threat&country=ken&limit=1000", **headers).json()
    assert flagged["count"] == 19 + 9 + 1 and all("threat" in i["flags"] for i in flagged["items"])
    assert client.get("/api/watch/items?flagged=false", **headers).json()["count"] == 201 - 29
    first = flagged["items"][0]
    assert (first["country"], first["country_name"]) == ("KEN", "Kenya")
    assert "text" not in first and "author_handle" not in first
    everything = client.get("/api/watch/items?limit=1000", **headers).content.decode()
    assert HANDLE not in everything and "reporter_hunter" not in everything and SECRET not in everything


def test_one_item_gives_its_text_and_the_reading_is_audited(client, data):
    headers = token_for("analyst", analyst=True)
    item = data["item"]
    body = client.get(f"/api/watch/items/{item.pk}", **headers).json()
    assert body["text"] == SECRET and body["author_pseudonym"] == item.author_pseudonym
    assert HANDLE not in str(body) and body["flags"] == ["threat"]
    assert {s["category"]: s["category_name"] for s in body["scores"]}["threat"] == "Threats of violence"
    assert AuditEvent.objects.filter(action="view", object_type="watch.item", object_id=str(item.pk)).count() == 1
    assert client.get("/api/watch/items/999999", **headers).status_code == 404


def test_signals_and_alerts_carry_names_baselines_and_the_p_value_in_words(client, data):
    headers = token_for("analyst", analyst=True)
    signals = client.get("/api/watch/signals?category=threat&limit=100", **headers).json()
    assert signals["count"] == 20 and signals["items"][-1]["count"] == 10
    assert signals["items"][0]["baseline"] is None and signals["items"][-1]["baseline"] == pytest.approx(0.1, abs=0.01)
    alerts = client.get("/api/watch/alerts?status=new", **headers).json()
    assert alerts["count"] == 1
    alert = alerts["items"][0]
    assert alert["category_name"] == "Threats of violence" and alert["status_name"] == "Awaiting triage"
    assert alert["in_words"].startswith("far above usual: about 1 in ")
    assert client.get("/api/watch/alerts?status=confirmed", **headers).json()["count"] == 0
    assert client.get("/api/watch/alerts?status=bogus", **headers).status_code == 422
    items = client.get(f"/api/watch/alerts/{alert['id']}/items", **headers).json()
    assert items["count"] == 10 and SECRET in [i["text"] for i in items["items"]]
    assert AuditEvent.objects.filter(action="view", object_type="watch.alert").count() == 1


def test_the_endpoints_are_in_the_openapi_schema(client):
    schema = client.get("/api/openapi.json").json()
    for path in ("/api/watch/items", "/api/watch/items/{item_id}", "/api/watch/signals", "/api/watch/alerts",
                 "/api/watch/alerts/{alert_id}", "/api/watch/alerts/{alert_id}/items"):
        assert path in schema["paths"], path
    assert "author_handle" not in str(schema["components"]["schemas"])
