"""Shared fixtures. Tests that need ../shared/data skip with a reason when it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop running in the test thread; Django would otherwise
# refuse database calls made from the test body while a browser is open.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"needs the shared data folder at {SHARED_DATA}, which is absent")
    return SHARED_DATA


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
# Without these flags Chromium reaches out to Google's services, which this network refuses.
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright; browser tests skip where it is absent."""
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Debian's Chromium at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page with the live server's URL as ``page.base``."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900}, accept_downloads=True)
    new_page = context.new_page()
    new_page.set_default_timeout(15000)
    yield new_page
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot to docs/screenshots/NAME.png (committed; refreshed by the tests)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture(autouse=True)
def _fixture_feeds_within_retention(settings):
    """The feed fixtures carry fixed 2026 dates that age past the 180-day retention an import applies;
    the retention tests set their own limit."""
    settings.WATCH_RETENTION_DAYS = 100 * 365


@pytest.fixture(autouse=True)
def _names_read_afresh():
    """The display names a process keeps would outlive a test's rolled-back reference rows."""
    from aspiration.reference import display

    display.forget_names()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The production hasher takes about a second per password here; tests need no strength."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _static_files_by_their_source_names(settings):
    """Hashed static names exist only after `collectstatic` (which `aspiration setup` runs, about 10 s here); the
    tests render pages from the source folders instead. tests/web/test_static_files.py collects them and checks
    the real storage, and the journeys run a real install."""
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
