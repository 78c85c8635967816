"""Every response carries a Content-Security-Policy without inline script (issue 11); pages are checked in
Chromium by tests/tracking/test_security_csp_pages.py."""

from __future__ import annotations

from django.urls import reverse


def test_every_response_carries_the_policy(client, db):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"


def test_no_inline_event_handlers_remain(client, db):
    body = client.get(reverse("login")).content.decode()
    assert "onchange=" not in body and "<script>" not in body
