"""Forms say which fields are required and, when refused, list each problem as a link to its field."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_required_fields_are_marked_and_errors_are_summarised_with_links(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("admin-user", password="pw", role="admin", is_superuser=True))
    page = client.get(reverse("tracking:plan_create")).content.decode()
    assert '<label for="id_title">Title:<abbr class="required-mark" title="required">*</abbr></label>' in page
    assert "Fields marked * are required." in page
    refused = client.post(reverse("tracking:plan_create"), {"title": ""})
    html = refused.content.decode()
    summary = html.split('<div class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'role="alert"' in summary
    assert '<a href="#id_title">Title: This field is required.</a>' in summary
    assert '<a href="#id_state">' in summary
