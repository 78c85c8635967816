"""Only http(s) links are stored from feeds and rendered on item pages (issue 11)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from aspiration.accounts.models import User
from aspiration.safe_links import web_link
from aspiration.watch.models import Item
from aspiration.watch.parsing import read_csv

from .helpers import make_item

FEED = ("text,date,url\n"
        "First post,2026-03-01,javascript:alert(document.cookie)\n"
        "Second post,2026-03-01,\" JaVaScRiPt:alert(1)\"\n"
        "Third post,2026-03-01,\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"\n"
        "Fourth post,2026-03-01,https://example.org/post/4\n")


def test_feed_rows_keep_only_web_links():
    assert [row.url for row in read_csv(FEED)] == ["", "", "", "https://example.org/post/4"]


@pytest.mark.parametrize("value", ["javascript:alert(1)", "java\tscript:alert(1)", "vbscript:x", "data:text/html,x",
                                   "//evil.example", "file:///etc/passwd", "http:alert(1)"])
def test_non_web_links_are_nothing(value):
    assert web_link(value) == ""


@pytest.mark.django_db
def test_an_item_stored_with_a_script_link_renders_no_link(client):
    item = make_item("A post")
    Item.objects.filter(pk=item.pk).update(url="javascript:alert(document.cookie)")  # stored before the check
    client.force_login(User.objects.create(username="analyst", role="viewer", is_watch_analyst=True))
    body = client.get(reverse("watch:item", args=[item.pk])).content.decode()
    assert "javascript:" not in body
