import pytest

from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_switches_to_arabic_right_to_left(page):
    page.goto("/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    with page.expect_navigation():
        page.select_option("#language-select", "ar")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, "home-ar")
