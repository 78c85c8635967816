"""Login throttling and password strength (issue 11): guessing is locked out, weak passwords are refused."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from aspiration.accounts.models import User

PASSWORD = "a long and unusual passphrase"


@pytest.fixture
def account(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return User.objects.create_user(username="coordinator", password=PASSWORD, role="coordinator")


def _log_in(client, password: str, address: str = "203.0.113.7"):
    return client.post("/login/", {"username": "coordinator", "password": password}, REMOTE_ADDR=address)


def test_ten_wrong_passwords_lock_out_even_the_right_one(client, account):
    for _attempt in range(10):
        assert _log_in(client, "wrong guess").status_code in (200, 429)
    response = _log_in(client, PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode() and "15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_account_and_address(client, account):
    for _attempt in range(10):
        _log_in(client, "wrong guess")
    response = _log_in(client, PASSWORD, address="198.51.100.4")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(account.pk)


def test_a_right_password_resets_the_count(client, account):
    for _attempt in range(9):
        _log_in(client, "wrong guess")
    assert _log_in(client, PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(9):
        _log_in(client, "wrong guess")
    assert _log_in(client, PASSWORD).status_code == 302


@pytest.mark.parametrize("password", ["aaaaaaaaaaaa", "abcabcabcabc", "password1234", "short"])
def test_weak_passwords_are_refused(db, password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_varied_passphrase_is_accepted(db):
    validate_password(PASSWORD)
