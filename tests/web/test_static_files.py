"""Static files as an install serves them: hashed names on the pages, a year's cache, gzip, from `collectstatic`."""

from __future__ import annotations

import gzip
import os
import re

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

YEAR = 365 * 24 * 60 * 60


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


def test_a_page_links_its_stylesheet_by_hash_served_gzipped_and_cached_a_year(client, collected):
    html = client.get("/login/").content.decode()
    url = re.search(r'href="(/static/web/aspiration\.[0-9a-f]{12}\.css)"', html).group(1)
    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Cache-Control"] == f"max-age={YEAR}, public, immutable"
    assert response["Content-Encoding"] == "gzip"
    body = gzip.decompress(b"".join(response.streaming_content)).decode()
    assert body == (collected / "web" / "aspiration.css").read_text()
    # The plain name still answers (old pages, bookmarks) but may change, so it is not kept long.
    plain = client.get("/static/web/aspiration.css")
    assert plain.status_code == 200 and "immutable" not in plain["Cache-Control"]


def test_scripts_of_the_api_docs_are_hashed_too(client, collected):
    html = client.get("/api/docs").content.decode()
    assert re.search(r'src="/static/ninja/swagger-ui-bundle\.[0-9a-f]{12}\.js"', html)



def test_serve_collects_again_when_the_installed_files_changed_since(settings, tmp_path):
    from aspiration.web.static_files import manifest_is_stale

    extra = tmp_path / "extra"
    (extra / "web").mkdir(parents=True)
    script = extra / "web" / "added.js"
    script.write_text("// first version\n")
    settings.STATICFILES_DIRS = [extra]
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    assert manifest_is_stale()  # never collected
    call_command("collectstatic", interactive=False, verbosity=0)
    assert not manifest_is_stale()
    # An upgrade rewrote a file after the manifest was written: its hashed name on the pages would be the old one.
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    os.utime(manifest, (manifest.stat().st_mtime - 60,) * 2)
    assert manifest_is_stale()
    call_command("collectstatic", interactive=False, verbosity=0)
    assert not manifest_is_stale()
    # An upgrade added a file (with an old date, as a package may keep): the manifest does not know it.
    (extra / "web" / "new.css").write_text("p {}\n")
    os.utime(extra / "web" / "new.css", (0, 0))
    assert manifest_is_stale()
