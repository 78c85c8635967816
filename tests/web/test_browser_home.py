import pytest

from tests.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_switches_to_arabic_right_to_left(page):
    page.goto("/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    page.select_option("#language-select", "ar")
    page.wait_for_timeout(300)
    assert page.locator("html").get_attribute("lang") == "en", "choosing in the menu alone must not leave the page"
    with page.expect_navigation():
        page.click("#language-submit")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, "home-ar")
