"""Names for codes, a recommendation's labels in words, readable map legends, the review queue's uncertainty."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.template import Context, Template
from django.utils import translation

from aspiration.accounts.models import User
from aspiration.corpus.models import Annotation
from aspiration.labelling.reasons import plain_reason, source_words
from aspiration.labelling.views import uncertainty, uncertainty_words
from aspiration.reference import display
from aspiration.reference.models import Country, Label
from aspiration.web.label_rows import label_rows
from aspiration.web.worldmap import Area, choropleth_svg, readable_bounds, small_states
from tests.factories import label, recommendation

pytestmark = pytest.mark.django_db


def render(source: str, **context) -> str:
    return Template("{% load names %}" + source).render(Context(context))


def test_codes_render_as_names_in_the_ui_language_with_the_code_on_hover():
    Country.objects.update_or_create(iso3="MLT", defaults={"names": {"en": "Malta", "ar": "مالطة", "zh-hans": "马耳他"}})
    with translation.override("ar"):
        assert render('{{ "MLT"|named:"country" }}') == '<bdi title="MLT">مالطة</bdi>'
    with translation.override("zh-hans"):
        assert render('{{ "MLT"|name_text:"country" }}') == "马耳他"
        assert display.name(display.LANGUAGE, "ar") == "阿拉伯文"  # Django's own catalogue
    assert render('{{ "XXZ"|named:"country" }}') == "<bdi>XXZ</bdi>"  # unknown: visible, not blank


def test_choices_render_by_display_name():
    rec = recommendation("Ratify the convention", response="supported")
    assert render('{{ rec|shown:"response" }}', rec=rec) == '<bdi title="supported">Supported</bdi>'
    assert render('{{ "noted"|choice_name:"corpus.Recommendation.response" }}') == '<bdi title="noted">Noted</bdi>'
    assert "supported" in display.choice_codes()["corpus.Recommendation.response"]


def test_sdg_goals_read_with_their_names_and_new_labels_are_seen_at_once():
    assert display.name("sdg_goal", "5") == "5"  # not loaded yet
    label("sdg_goal", "5", "Gender equality")
    assert display.name("sdg_goal", "5") == "Goal 5: Gender equality"


def test_a_label_added_by_another_process_is_named_on_the_next_page_and_names_are_kept_between_pages():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    label("sdg_goal", "5", "Gender equality")
    display.name("sdg_goal", "5")
    # An importer in another process: a bulk insert sends no signal to this one.
    goal = Label.objects.get(taxonomy__code="sdg_goal", code="5")
    Label.objects.bulk_create([Label(taxonomy=goal.taxonomy, code="4", names={"en": "Quality education"})])
    display.start_of_request()  # the signal itself would also close the test's database connection
    assert display.name("sdg_goal", "4") == "Goal 4: Quality education"
    display.start_of_request()
    with CaptureQueriesContext(connection) as queries:
        assert display.name("sdg_goal", "5") == "Goal 5: Gender equality"
    assert len(queries) == 0  # a new page reads no names again


def test_a_models_reason_reads_as_sentences_without_its_feature_markers():
    reason = plain_reason("terms: '^take', '<ensure', 'impunity', 'impunity for', 'there is'; "
                          "similar to: \"Combat impunity\" (0.34)")
    assert str(reason) == ('It uses the words “<bdi lang="en">take</bdi>”, “<bdi lang="en">ensure</bdi>”, '
                           '“<bdi lang="en">impunity</bdi>”. It reads like other recommendations with this label.')
    assert "^" not in reason and "0.34" not in reason
    assert str(plain_reason("terms: 'a<b>c'")) == 'It uses the words “<bdi lang="en">a&lt;b&gt;c</bdi>”.'
    assert str(plain_reason("something new")) == "Scored by the model."
    assert str(plain_reason("terms: 'children', 'women and', 'of women'")) == \
        'It uses the words “<bdi lang="en">children</bdi>”, “<bdi lang="en">women</bdi>”.'


def test_label_rows_one_per_label_with_the_source_in_words_and_no_language_or_response():
    rec = recommendation("Abolish the death penalty")
    death, english = label("upr_issue", "Death penalty"), label("language", "en")
    reviewer = User.objects.create_user("maja", first_name="Maja", last_name="Novak", password="pw")
    Annotation.objects.create(recommendation=rec, label=death, source="import", score=1.0)
    Annotation.objects.create(recommendation=rec, label=death, source="model", score=0.91, model_version="upr_issue-1",
                              reason="terms: 'death penalty'")
    Annotation.objects.create(recommendation=rec, label=english, source="model", score=1.0)
    rows = label_rows(rec.annotations.select_related("label__taxonomy"), rec.labels_by_taxonomy(), "uhri")
    assert [(row.name, row.source) for row in rows] == [("Death penalty", "imported from UHRI")]
    assert rows[0].model_details == [("upr_issue-1", "terms: 'death penalty'")]

    decision = Annotation.objects.create(recommendation=rec, label=death, source="person", decided_by=reviewer,
                                         decided_at=datetime(2026, 12, 2, 9, 0, tzinfo=UTC))
    assert source_words(decision) == "confirmed by Maja Novak on Dec. 2, 2026"
    with translation.override("fr"):
        assert source_words(decision).endswith("2 décembre 2026")


def test_legend_bins_are_round_numbers_and_uncertainty_peaks_at_the_threshold():
    assert readable_bounds([1, 36, 37, 73]) == [1, 35, 37, 73]  # 37 stays exact: rounded, it would merge two classes
    assert readable_bounds([2, 7, 26, 142, 412]) == [2, 7, 25, 150, 412]
    assert readable_bounds([]) == []
    assert uncertainty(0.46, 0.46) == 1.0
    assert uncertainty(0.95, 0.5) == 0.1
    assert uncertainty_words(uncertainty(0.45, 0.5)) == "very uncertain"
    assert uncertainty_words(uncertainty(0.98, 0.3)) == "fairly sure"


def test_small_states_get_a_marker_on_the_map_and_large_ones_do_not():
    small = small_states()
    assert {"MT", "BS", "BH", "LU", "SG"} <= small
    assert not {"CL", "CR", "FR", "BE"} & small  # Chile's and Costa Rica's far islands do not make them small
    svg = choropleth_svg({"MT": Area("Malta", 73, "/country/MLT/"), "FR": Area("France", 2, "/country/FRA/")},
                         [2, 73], "Map", "{name}: {count}")
    malta = svg.split('aria-label="Malta: 73"', 1)[1].split("</a>", 1)[0]
    assert 'class="marker"' in malta
    assert 'tabindex="-1" aria-label="Malta: 73"' in svg  # out of the tab order: the lists under the map are
    france = svg.split('aria-label="France: 2"', 1)[1].split("</a>", 1)[0]
    assert 'class="marker"' not in france
