"""The lockout page a person sees after too many wrong passwords (issue 11), in headless Chromium."""

from __future__ import annotations

import pytest

from aspiration.accounts.models import User
from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lockout_page(page, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    User.objects.create_user(username="coordinator", password="a long and unusual passphrase", role="coordinator")
    for _attempt in range(11):
        page.goto("/login/")
        page.fill("#id_username", "coordinator")
        page.fill("#id_password", "wrong guess")
        with page.expect_navigation():
            page.click("main button[type=submit]")
    assert page.get_by_role("heading", name="Too many attempts").is_visible()
    assert "15 minutes" in page.get_by_role("alert").inner_text()
    screenshot(page, "login-locked-out")
