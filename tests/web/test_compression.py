"""Pages and JSON answers are compressed for clients that accept gzip, and readable after decompression."""

from __future__ import annotations

import gzip
import json

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/explore/", "/api/recommendations?q=women", "/"])
def test_pages_and_json_are_gzipped(client, path):
    response = client.get(path, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    body = gzip.decompress(response.content)
    if path.startswith("/api/"):
        assert "results" in json.loads(body)
    else:
        assert b"</html>" in body


@pytest.mark.django_db
def test_a_client_without_gzip_gets_plain_text(client):
    response = client.get("/explore/")
    assert not response.has_header("Content-Encoding")
    assert b"</html>" in response.content
