"""The API documentation works offline: Swagger UI comes from installed static files, not a CDN."""

from __future__ import annotations

import re

import pytest

from tests.conftest import screenshot


@pytest.mark.django_db
def test_api_docs_page_loads_its_scripts_from_this_server(client):
    html = client.get("/api/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui-bundle" in source for source in sources)
    assert not [source for source in sources if source.startswith(("http:", "https:", "//"))]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_api_docs_render_in_a_browser_without_network(page, live_server):
    page.route(re.compile(r"^https?://(?!localhost|127\.0\.0\.1)"), lambda route: route.abort())
    page.goto(f"{live_server.url}/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
    assert page.locator(".swagger-ui .opblock").count() > 5
    screenshot(page, "api-docs")
