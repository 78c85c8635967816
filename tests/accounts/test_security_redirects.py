"""What the probe found solid and must stay so: no redirect off the site, and a new session id at login."""

from __future__ import annotations

import pytest

from aspiration.accounts.models import User

PASSWORD = "a long and unusual passphrase"
ELSEWHERE = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "https:evil.example"]


@pytest.fixture
def account(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return User.objects.create_user(username="viewer", password=PASSWORD, role="viewer")


def _off_site(response) -> bool:
    location = response["Location"]
    return "evil.example" in location


@pytest.mark.parametrize("target", ELSEWHERE)
def test_logging_in_never_sends_anyone_off_the_site(client, account, target):
    response = client.post(f"/login/?next={target}", {"username": "viewer", "password": PASSWORD})
    assert response.status_code == 302 and not _off_site(response)
    response = client.post("/login/", {"username": "viewer", "password": PASSWORD, "next": target})
    assert response.status_code == 302 and not _off_site(response)


def test_a_local_next_page_is_followed(client, account):
    response = client.post("/login/?next=/accounts/", {"username": "viewer", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/"


@pytest.mark.parametrize("target", ELSEWHERE)
def test_changing_the_language_never_sends_anyone_off_the_site(client, db, target):
    for url in ("/i18n/setlang/", "/language/"):
        response = client.post(url, {"language": "fr", "next": target}, HTTP_REFERER=target)
        assert response.status_code == 302 and not _off_site(response), url


def test_the_session_id_changes_at_login(client, account):
    client.get("/login/")
    session = client.session
    session["visited"] = True
    session.save()
    before = session.session_key
    client.post("/login/", {"username": "viewer", "password": PASSWORD})
    after = client.cookies["sessionid"].value
    assert after and after != before
    assert client.get("/accounts/").status_code == 200  # the new session is the signed-in one
