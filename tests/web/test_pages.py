"""Home, recommendation and country pages through Django's test client."""

import pytest
from django.urls import reverse

from aspiration.corpus.models import Annotation

pytestmark = pytest.mark.django_db


def test_home_shows_counts_map_and_links_states(client, corpus):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and 'class="worldmap"' in html
    # France has two recommendations: its shape links to its profile with an accessible name.
    assert 'href="/country/FRA/"' in html
    assert "France: 2 recommendations" in html
    assert 'action="/explore/"' in html


def test_home_map_is_small_enough_for_slow_connections(client, corpus):
    response = client.get(reverse("home"), HTTP_ACCEPT_ENCODING="gzip")
    assert response.headers.get("Content-Encoding") == "gzip"
    assert len(response.content) < 80_000


def test_recommendation_page_lists_every_label_with_source_confidence_and_reason_in_words(client, corpus):
    rec = corpus["torture"]
    response = client.get(reverse("recommendation", args=[rec.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ratify the Optional Protocol" in html
    assert "Torture and other CID treatment" in html and "imported with the recommendation" in html
    assert "suggested by the model" in html and "low confidence" in html and 'value="0.41"' in html
    assert "Brazil" in html  # recommending state
    # The model's version and its raw reason are for reviewers, behind a disclosure.
    assert "test-1" not in html and "matched: women" not in html and "Model details" not in html


def test_reviewers_find_the_model_details_behind_a_disclosure(client, corpus, django_user_model):
    client.force_login(django_user_model.objects.create_user("reviewer", password="pw", role="coordinator"))
    html = client.get(reverse("recommendation", args=[corpus["torture"].pk])).content.decode()
    details = html.split('<details class="model-details">', 1)[1].split("</details>", 1)[0]
    assert "test-1" in details and "matched: women" in details


def test_rejected_label_shows_as_rejected(client, corpus, django_user_model):
    rec = corpus["torture"]
    model_annotation = rec.annotations.get(source="model")
    Annotation.objects.create(recommendation=rec, label=model_annotation.label, source="person", rejected=True)
    html = client.get(reverse("recommendation", args=[rec.pk])).content.decode()
    assert "rejected by a reviewer" in html and "does not apply" in html


def test_missing_recommendation_is_404(client, db):
    assert client.get(reverse("recommendation", args=[999999])).status_code == 404


def test_country_profile_counts_and_heatmap(client, corpus):
    response = client.get(reverse("country", args=["fra"]))
    assert response.status_code == 200
    profile = response.context["profile"]
    assert profile["total"] == 2
    assert profile["supported_rate"] == 50.0
    goal5 = next(row for row in profile["heat_rows"] if row["code"] == "5")
    assert goal5["total"] == 2  # one import label, one model label
    html = response.content.decode()
    assert "Women&#x27;s rights" in html or "Women's rights" in html
    assert '<svg class="chart"' in html


def test_country_profile_respects_a_persons_rejection(client, corpus):
    rec = corpus["torture"]
    label = rec.annotations.get(source="model").label
    Annotation.objects.create(recommendation=rec, label=label, source="person", rejected=True)
    profile = client.get(reverse("country", args=["FRA"])).context["profile"]
    assert next(row for row in profile["heat_rows"] if row["code"] == "5")["total"] == 1


def test_unknown_country_is_404(client, db):
    assert client.get(reverse("country", args=["XXX"])).status_code == 404


def test_pages_render_in_chinese_and_arabic(client, corpus):
    client.cookies["django_language"] = "zh-hans"
    html = client.get(reverse("country", args=["FRA"])).content.decode()
    assert 'lang="zh-hans"' in html and "法国" in html
    client.cookies["django_language"] = "ar"
    html = client.get(reverse("home")).content.decode()
    assert 'dir="rtl"' in html


def test_log_in_and_out(client, django_user_model):
    django_user_model.objects.create_user("ana", password="correct horse battery")
    response = client.post(reverse("login"), {"username": "ana", "password": "wrong"})
    assert response.status_code == 200 and "didn" in response.content.decode()
    response = client.post(reverse("login"), {"username": "ana", "password": "correct horse battery"}, follow=True)
    assert "ana" in response.content.decode() and 'action="/logout/"' in response.content.decode()
    response = client.post(reverse("logout"), follow=True)
    assert 'href="/login/"' in response.content.decode()


def test_review_link_only_for_signed_in_users_and_actions_only_from_visible_plans(client, corpus, django_user_model):
    rec = corpus["violence"]
    html = client.get(reverse("recommendation", args=[rec.pk])).content.decode()
    assert "Review these labels" not in html
    from aspiration.accounts.models import Institution
    from aspiration.tracking.models import Action, Plan

    institution = Institution.objects.create(name="Ministry of Justice")
    hidden = Plan.objects.create(state=rec.state, title="Draft plan", published=False)
    shown = Plan.objects.create(state=rec.state, title="Public plan", published=True)
    for plan, title in ((hidden, "Secret drafting"), (shown, "Pass the law")):
        action = Action.objects.create(plan=plan, title=title, responsible_institution=institution)
        action.recommendations.add(rec)
    html = client.get(reverse("recommendation", args=[rec.pk])).content.decode()
    assert "Pass the law" in html and "Secret drafting" not in html
    reviewer = django_user_model.objects.create_user("rev", password="x" * 12, role="coordinator")
    client.force_login(reviewer)
    html = client.get(reverse("recommendation", args=[rec.pk])).content.decode()
    assert f'href="/nlp/review/{rec.pk}/"' in html and "Secret drafting" in html


def test_country_profile_links_only_plans_the_visitor_may_read(client, corpus, django_user_model):
    from aspiration.tracking.models import Plan

    draft = Plan.objects.create(state=corpus["violence"].state, title="Draft plan 2025", published=False)
    public = Plan.objects.create(state=corpus["violence"].state, title="National plan 2024", published=True)
    html = client.get(reverse("country", args=["FRA"])).content.decode()
    assert f'href="/tracking/portal/{public.pk}/"' in html and "Draft plan" not in html
    assert "/watch/" not in html
    client.force_login(django_user_model.objects.create_user("coord", password="x" * 12, role="coordinator",
                                                             is_watch_analyst=True))
    html = client.get(reverse("country", args=["FRA"])).content.decode()
    assert f'href="/tracking/plans/{draft.pk}/"' in html
    assert 'href="/watch/countries/FRA/"' in html


def test_refused_page_says_why_and_what_to_do(client, db, django_user_model):
    # An administrator without the analyst flag opening the early-warning desk: the page keeps the header, gives
    # the view's reason and says how to get in, instead of a bare "403 Forbidden".
    client.force_login(django_user_model.objects.create_user("chief", password="x" * 12, role="admin"))
    response = client.get(reverse("watch:dashboard"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Only watch analysts can see the early-warning desk." in html
    assert "You are logged in as chief" in html and "Ask your administrator" in html
    assert 'id="language-select"' in html and 'href="/explore/"' in html


def test_state_lists_are_in_name_order_in_the_reader_language(client, db, django_user_model):
    from aspiration.reference.models import Country

    # By ISO3 code these would read Aruba, Afghanistan, Zambia; in Arabic the order changes again.
    for iso3, en, ar in (("ABW", "Aruba", "أروبا"), ("AFG", "Afghanistan", "أفغانستان"), ("ZMB", "Zambia", "زامبيا")):
        Country.objects.create(iso3=iso3, names={"en": en, "ar": ar})
    client.force_login(django_user_model.objects.create_user("coord", password="x" * 12, role="coordinator"))
    for url in (reverse("tracking:plan_create"), reverse("tracking:plans")):
        html = client.get(url).content.decode()
        assert html.index(">Afghanistan<") < html.index(">Aruba<") < html.index(">Zambia<"), url
    html = client.get(reverse("tracking:plan_create"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert html.index(">أروبا<") < html.index(">أفغانستان<") < html.index(">زامبيا<")
    assert html.index('<option value="" selected>') < html.index(">أروبا<")


def test_plan_import_help_lists_the_spreadsheet_columns_as_code_left_to_right(client, db, django_user_model):
    from aspiration.tracking.plan_xlsx import COLUMNS

    client.force_login(django_user_model.objects.create_user("coord", password="x" * 12, role="coordinator"))
    html = client.get(reverse("tracking:plans"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    # In a right-to-left page a run of English names joined by Arabic commas reads scrambled: one LTR run of codes.
    columns = html[html.index('<span dir="ltr" lang="zxx">'):]
    columns = columns[:columns.index("</span>")]
    assert [f"<code>{name}</code>" in columns for name in COLUMNS] == [True] * len(COLUMNS)


def test_the_account_page_of_an_administrator_leads_to_the_administration(client, db, django_user_model):
    client.force_login(django_user_model.objects.create_user("chief", password="x" * 12, role="admin", is_staff=True))
    assert 'href="/admin/"' in client.get(reverse("accounts:account")).content.decode()
    client.force_login(django_user_model.objects.create_user("coord", password="x" * 12, role="coordinator"))
    assert 'href="/admin/"' not in client.get(reverse("accounts:account")).content.decode()
