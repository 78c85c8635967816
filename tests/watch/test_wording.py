"""Names and p-values in words on the watch pages (``aspiration.watch.wording``)."""

import pytest
from django.utils import translation

from aspiration.reference.models import Country
from aspiration.watch.scoring import CATEGORIES
from aspiration.watch.wording import (
    category_name,
    chance_words,
    country_name,
    language_name,
    level_words,
    signal_in_words,
    status_name,
)


@pytest.mark.parametrize(("p", "words"), [
    (1e-6, "about 1 in a million by chance"),
    (1.2e-6, "about 1 in 800 thousand by chance"),
    (2.3e-7, "about 1 in 4 million by chance"),
    (1e-3, "about 1 in a thousand by chance"),
    (0.04, "about 1 in 25 by chance"),
    (0.3, "about 1 in 3 by chance"),
    (0.7, "quite likely by chance"),
    (1e-9, "about 1 in a billion by chance"),
    (1e-15, "less than 1 in a trillion by chance"),
    (0.0, "less than 1 in a trillion by chance"),
    (None, "no usual rate to compare with"),
])
def test_p_values_are_said_as_odds_rounded_to_one_figure(p, words):
    with translation.override("en"):
        assert chance_words(p) == words


def test_odds_in_thousands_and_billions_round_halves_up():
    with translation.override("en"):
        assert chance_words(1 / 25_000) == "about 1 in 30 thousand by chance"
        assert chance_words(1 / 4_000_000_000_000 * 1000) == "about 1 in 4 billion by chance"


@pytest.mark.parametrize(("rate", "baseline", "words"), [
    (0.30, 0.05, "far above usual"), (0.09, 0.05, "well above usual"), (0.06, 0.05, "above usual"),
    (0.05, 0.05, "as usual"), (0.01, 0.05, "below usual"), (0.2, None, "no usual rate yet"),
])
def test_the_level_compares_the_days_share_with_the_usual_one(rate, baseline, words):
    with translation.override("en"):
        assert level_words(rate, baseline) == words


def test_an_alert_in_words_says_how_far_above_usual_and_how_unlikely():
    with translation.override("en"):
        assert signal_in_words(0.5, 0.02, 1e-6) == "far above usual: about 1 in a million by chance"


KENYA = {"en": "Kenya", "fr": "Kenya", "es": "Kenya", "ru": "Кения", "zh-hans": "肯尼亚", "ar": "كينيا"}


@pytest.mark.django_db
def test_codes_become_names_in_the_readers_language():
    Country.objects.create(iso3="KEN", iso2="KE", names=KENYA)
    with translation.override("en"):
        assert category_name("hrd_journalist_attack") == "Attacks on human rights defenders and journalists"
        assert status_name("new") == "Awaiting triage"
        assert country_name("KEN") == "Kenya" and country_name("ken") == "Kenya"
        assert language_name("zh") == "Simplified Chinese" and language_name("fr") == "French"
        assert all("_" not in category_name(c) for c in CATEGORIES)
    with translation.override("zh-hans"):
        assert country_name("KEN") == "肯尼亚"
        assert category_name("hrd_journalist_attack") == "对人权维护者和记者的攻击"
    with translation.override("ar"):
        assert country_name("KEN") == "كينيا"


@pytest.mark.django_db
def test_a_code_nobody_knows_is_shown_as_it_is_and_a_blank_country_is_said():
    with translation.override("en"):
        assert country_name("XXX") == "XXX"
        assert country_name("") == "No country"
        assert category_name("new_kind") == "new kind"
