"""Account page tokens (raw value shown once, revocable, audited) and the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aspiration.accounts import permissions as perm
from aspiration.accounts.audit import snapshot as audit_snapshot
from aspiration.accounts.models import ApiToken, AuditEvent, Institution, User


@pytest.fixture
def users(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    institution = Institution.objects.create(name="Ministry of Justice")
    return {
        "focal": User.objects.create_user("focal", password="x-Secret-123", role="focal_point", institution=institution),
        "other": User.objects.create_user("other", password="x-Secret-123", role="viewer"),
        "admin": User.objects.create_superuser("root", password="x-Secret-123", email="root@example.org"),
    }


def test_token_is_shown_once_stored_as_digest_and_works(client, users):
    client.force_login(users["focal"])
    page = client.post(reverse("accounts:account"), {"name": "reporting script"}).content.decode()
    token = ApiToken.objects.get(user=users["focal"])
    raw = page.split('<code id="new-token">')[1].split("</code>")[0]
    assert raw.startswith("asp_") and token.digest == ApiToken.hash(raw) and raw not in token.digest
    assert raw not in client.get(reverse("accounts:account")).content.decode()  # never shown again
    assert AuditEvent.objects.filter(object_type="accounts.apitoken", action="create").exists()
    client.logout()
    assert client.get("/api/tracking/plans", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_token_revocation_is_own_only(client, users):
    token, raw = ApiToken.issue(users["focal"], "script")
    client.force_login(users["other"])
    assert client.post(reverse("accounts:revoke_token", args=[token.pk])).status_code == 404
    client.force_login(users["focal"])
    client.post(reverse("accounts:revoke_token", args=[token.pk]))
    assert not ApiToken.objects.exists()
    payload = {"state": "FRA", "title": "x"}
    assert client.post("/api/tracking/plans", payload, content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {raw}").status_code in (401, 403)


def test_account_page_needs_login(client, db):
    assert client.get(reverse("accounts:account")).status_code == 302


def test_admin_pages_and_read_only_audit(client, users):
    client.force_login(users["admin"])
    for url in ("/admin/accounts/user/", "/admin/accounts/institution/", "/admin/accounts/apitoken/",
                "/admin/accounts/auditevent/", f"/admin/accounts/user/{users['focal'].pk}/change/"):
        assert client.get(url).status_code == 200, url
    assert client.get("/admin/accounts/auditevent/add/").status_code == 403
    response = client.post("/admin/accounts/apitoken/add/", {"user": users["focal"].pk, "name": "from admin"}, follow=True)
    assert "it will not be shown again: asp_" in response.content.decode()
    assert ApiToken.objects.filter(name="from admin", user=users["focal"]).count() == 1


def test_admin_changes_are_audited_and_passwords_never_are(client, users):
    client.force_login(users["admin"])
    client.post("/admin/accounts/institution/add/", {"name": "NHRI", "kind": "nhri", "acronym": "", "email": ""})
    event = AuditEvent.objects.get(object_type="accounts.institution", action="create")
    assert event.actor == users["admin"] and event.after["name"] == "NHRI"
    snapshot = audit_snapshot(users["focal"])
    assert "password" not in snapshot and snapshot["role"] == "focal_point"


def test_role_helpers():
    anonymous = type("Anon", (), {"is_authenticated": False})()
    assert not perm.is_staff_reader(anonymous) and not perm.can_submit_assessment(anonymous)
    viewer = User(role="viewer", is_active=True)
    assert perm.is_staff_reader(viewer) and not perm.is_coordinator(viewer)
    inactive = User(role="coordinator", is_active=False)
    assert not perm.is_coordinator(inactive)
    focal_without_institution = User(role="focal_point", is_active=True)
    assert not perm.is_focal_point(focal_without_institution)
