import re

import pytest
from django.urls import reverse

from aspiration.accounts.models import AuditEvent, User
from aspiration.reference.models import Country
from aspiration.watch.models import Alert
from aspiration.watch.services import update_signals
from aspiration.watch.urls import NAV

from .helpers import make_item

pytestmark = pytest.mark.django_db

SECRET = "A distinctive sentence that only analysts may read 5521."


@pytest.fixture
def item():
    Country.objects.create(iso3="KEN", iso2="KE", names={"en": "Kenya", "zh-hans": "肯尼亚", "ar": "كينيا"})
    return make_item(SECRET, "KEN", flagged=("threat",))


@pytest.fixture
def alert(item):
    return Alert.objects.create(country="KEN", category="threat", day=item.published.date(), count=5, total=10,
                                baseline=0.01, p_value=1e-6)


def user(username: str, role: str = "viewer", analyst: bool = False) -> User:
    return User.objects.create(username=username, role=role, is_watch_analyst=analyst)


def urls(item, alert) -> list[str]:
    update_signals()
    return [reverse("watch:dashboard"), reverse("watch:alerts"), reverse("watch:alert", args=[alert.pk]),
            reverse("watch:item", args=[item.pk]), reverse("watch:country", args=["KEN"]), reverse("watch:items")]


def test_anonymous_users_are_sent_to_log_in(client, item, alert):
    for url in urls(item, alert):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


@pytest.mark.parametrize("role", ["viewer", "coordinator", "admin", "civil_society", "focal_point"])
def test_users_without_the_analyst_flag_are_refused(client, item, alert, role):
    client.force_login(user(f"u-{role}", role))
    for url in urls(item, alert):
        assert client.get(url).status_code == 403, url
    response = client.post(reverse("watch:alert", args=[alert.pk]), {"status": "dismissed", "note": "no"})
    assert response.status_code == 403
    assert Alert.objects.get().status == "new"
    assert not AuditEvent.objects.filter(action="view").exists()


def test_analysts_see_everything_and_item_views_are_audited(client, item, alert):
    analyst = user("analyst", analyst=True)
    client.force_login(analyst)
    for url in urls(item, alert):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("watch:item", args=[item.pk])).content.decode()
    assert SECRET in page and "Threats of violence" in page and "Kenya" in page
    views = AuditEvent.objects.filter(action="view", object_type="watch.item", object_id=str(item.pk))
    assert views.count() == 2 and views.first().actor == analyst


def test_nav_entry_only_for_analysts():
    (_name, _label, visible), = NAV
    assert visible(user("a", analyst=True)) and not visible(user("b", "admin"))


def test_triage_records_decision_note_and_audit(client, alert):
    analyst = user("analyst", analyst=True)
    client.force_login(analyst)
    url = reverse("watch:alert", args=[alert.pk])
    response = client.post(url, {"status": "dismissed", "note": ""})
    assert response.status_code == 200 and Alert.objects.get().status == "new"  # dismissing needs a reason
    response = client.post(url, {"status": "confirmed", "note": "Coordinated campaign against a reporter."})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert (alert.status, alert.decided_by, alert.note) == ("confirmed", analyst, "Coordinated campaign against a reporter.")
    event = AuditEvent.objects.get(action="triage")
    assert event.before["status"] == "new" and event.after["status"] == "confirmed"


def test_country_without_signals_is_404_for_analysts(client):
    client.force_login(user("analyst", analyst=True))
    assert client.get(reverse("watch:country", args=["ZZZ"])).status_code == 404


CODES = re.compile(r"\b(hrd_journalist_attack|violence_against_women|threat|in_progress|KEN)\b")


def test_analysts_read_the_alerts_items_in_snippets_and_names_instead_of_codes(client, item, alert):
    update_signals()
    client.force_login(user("analyst", analyst=True))
    page = client.get(reverse("watch:alert", args=[alert.pk])).content.decode()
    assert SECRET in page  # the snippet, decrypted for the analyst
    assert "Threats of violence in Kenya" in page and "Awaiting triage" in page
    assert "Far above usual: about 1 in a million by chance" in page
    assert AuditEvent.objects.filter(action="view", object_type="watch.alert", object_id=str(alert.pk)).exists()
    for url in (reverse("watch:dashboard"), reverse("watch:alerts"), reverse("watch:alert", args=[alert.pk]),
                reverse("watch:item", args=[item.pk]), reverse("watch:country", args=["KEN"])):
        main = client.get(url).content.decode().split("<main", 1)[1].split("</main>", 1)[0]
        text = re.sub(r"<[^>]+>", " ", main)  # what a reader sees (attributes and links may carry codes)
        assert not CODES.findall(text), (url, CODES.findall(text))


def test_the_dashboard_charts_each_countrys_flagged_share_against_its_baseline(client):
    Country.objects.create(iso3="KEN", iso2="KE", names={"en": "Kenya"})
    from datetime import UTC, datetime, timedelta

    from .helpers import make_series

    start = datetime.now(UTC).replace(hour=12) - timedelta(days=19)
    make_series("KEN", "hate", [1] * 19 + [9], [10] * 20, start)
    update_signals()
    client.force_login(user("analyst", analyst=True))
    page = client.get(reverse("watch:dashboard")).content.decode()
    assert 'id="chart-hate-KEN-title"' in page and "Hate against groups in Kenya" in page
    assert page.count('class="alert-mark"') >= 2  # the alert day and the legend
    country = client.get(reverse("watch:country", args=["KEN"])).content.decode()
    assert 'id="chart-hate-title"' in country and "<svg" in country


def test_the_country_page_names_the_related_recommendations_mechanism_and_what_their_actions_reached(client, item):
    from django.utils import timezone

    from aspiration.reference.models import Mechanism
    from tests import factories

    Mechanism.objects.create(code="UPR", kind="upr", names={"en": "Universal Periodic Review"})
    make_item("Another threat.", "KEN", timezone.now().replace(hour=12), flagged=("threat",))
    make_item("A quiet day.", "KEN", timezone.now().replace(hour=13), flagged=())
    factories.recommendation("Investigate threats against journalists.", state="KEN",
                             labels={"upr_issue": ["Public security"]})
    update_signals()
    client.force_login(user("analyst", analyst=True))
    main = client.get(reverse("watch:country", args=["KEN"])).content.decode().split("<main", 1)[1]
    text = re.sub(r"<[^>]+>", " ", main)
    assert "Investigate threats against journalists." in text
    assert "Universal Periodic Review" in text and "no action planned" in text
    assert "Threats of violence 1 of 2 items flagged (50.0%)" in " ".join(text.split())


def test_every_flagged_item_is_listed_by_country_and_category_with_names_and_the_reading_audited(client, item):
    make_item("A benign post about the market.", "KEN", flagged=())
    make_item("Sexist abuse posted with no country.", "", flagged=("sexism",))
    client.force_login(user("analyst", analyst=True))
    listed = client.get(reverse("watch:items")).content.decode()
    assert SECRET in listed and "Sexist abuse posted with no country." in listed
    assert "benign post" not in listed
    assert "Kenya" in listed and "Threats of violence" in listed and ">threat<" not in listed
    by_category = client.get(reverse("watch:items"), {"category": "sexism"}).content.decode()
    assert "Sexist abuse" in by_category and SECRET not in by_category
    by_country = client.get(reverse("watch:items"), {"country": "KEN"}).content.decode()
    assert SECRET in by_country and "Sexist abuse" not in by_country
    no_country = client.get(reverse("watch:items"), {"country": "-"}).content.decode()
    assert "Sexist abuse" in no_country and SECRET not in no_country
    # An unknown filter value is ignored rather than an error.
    assert SECRET in client.get(reverse("watch:items"), {"country": "ZZZ", "category": "nonsense"}).content.decode()
    assert AuditEvent.objects.filter(action="view", summary__startswith="read the texts of 2 flagged items").exists()
    assert reverse("watch:items") in client.get(reverse("watch:dashboard")).content.decode()
