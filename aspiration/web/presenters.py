"""Turn search results and codes into what pages show: names in the UI language, loaded rows, facet lists."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Prefetch
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from aspiration.corpus.labels import counts
from aspiration.corpus.models import Annotation, Recommendation
from aspiration.reference import display
from aspiration.reference.models import Label, localized
from aspiration.search.facets import BY_NAME
from aspiration.web.query import FACETS, SearchParams

# Label taxonomies shown with each result and in exports, in this order.
SHOWN_TAXONOMIES = ("upr_issue", "sdg_goal", "sdg_target", "affected_group", "cta_area", "action_category")
VISIBLE_OPTIONS = 8


def choice_names(choices) -> dict[str, str]:
    return {str(value): str(label) for value, label in choices}


def display_names(facet: str, taxonomy: str | None, codes: list[str]) -> dict[str, str]:
    """{code: name in the UI language} for one facet's codes (its declaration knows where names come from;
    ``taxonomy`` is the facet's own and kept for the callers that name it)."""
    return BY_NAME[facet].display_names(codes) if codes else {}


@dataclass
class FacetOption:
    code: str
    name: str
    count: int
    checked: bool


@dataclass
class FacetGroup:
    name: str
    label: str
    options: list[FacetOption]
    more: list[FacetOption]

    @property
    def checked_count(self) -> int:
        return sum(option.checked for option in self.options + self.more)

    # The options' markup is made here rather than by a template loop: a search page lists hundreds of
    # options, and a Django template spent about 10 microseconds a variable on them (two thirds of the page's time).
    @property
    def options_html(self) -> str:
        return _options_html(self.name, self.options)

    @property
    def more_html(self) -> str:
        return _options_html(self.name, self.more)


@lru_cache(maxsize=4096)
def _slug(code: str) -> str:
    return code.lower() if _PLAIN.fullmatch(code) else slugify(code)


_PLAIN = re.compile(r"[A-Za-z0-9_-]+")


def _count_text(count: int) -> str:
    # Below a thousand there is nothing to group, and number formatting per option costs more than the rest.
    return str(count) if count < 1000 else intcomma(count)


def _options_html(facet: str, options: list[FacetOption]) -> str:
    parts = []
    for option in options:
        code = escape(option.code)
        identifier = f"f-{facet}-{_slug(option.code)}"
        parts.append(f'<li><input type="checkbox" name="{facet}" value="{code}" id="{identifier}"'
                     f'{" checked" if option.checked else ""}><label for="{identifier}">{escape(option.name)}'
                     f' <span class="count">{_count_text(option.count)}</span></label></li>')
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped or made of safe characters


def facet_groups(facets: dict[str, dict[str, int]], params: SearchParams) -> list[FacetGroup]:
    """Facets in a fixed order; checked values always listed (even at zero) so they can be unchecked."""
    groups = []
    for facet in FACETS:
        counts = dict(facets.get(facet.name) or {})
        chosen = params.filters.get(facet.name, [])
        for code in chosen:
            counts.setdefault(code, 0)
        if not counts:
            continue
        names = facet.display_names(counts)
        if facet.integer:
            ordered = sorted(counts, key=lambda c: (not c.isdigit(), -int(c) if c.isdigit() else 0, c))
        else:
            ordered = sorted(counts, key=lambda c: (-counts[c], names.get(c, c)))
        options = [FacetOption(code, names.get(code, code), counts[code], code in chosen) for code in ordered]
        visible = [o for i, o in enumerate(options) if i < VISIBLE_OPTIONS or o.checked]
        more = [o for i, o in enumerate(options) if i >= VISIBLE_OPTIONS and not o.checked]
        groups.append(FacetGroup(facet.name, str(facet.label), visible, more))
    return groups


def with_labels(queryset):
    """Everything a listing or export shows, in a fixed number of queries."""
    return queryset.select_related("state", "mechanism", "document").prefetch_related(
        "recommending_states",
        Prefetch("annotations", queryset=Annotation.objects.select_related("label__taxonomy")),
    )


def listed_recommendations(ids: list[int], with_states: bool = True) -> list[Recommendation]:
    """The recommendations with these ids, in the given order, with what a result line shows (and their
    recommending states) but not their annotations (``listed_labels`` reads those as plain rows: a page of
    20 results carries hundreds)."""
    found = Recommendation.objects.filter(pk__in=ids).select_related("state", "mechanism", "document")
    by_id = {rec.pk: rec for rec in (found.prefetch_related("recommending_states") if with_states else found)}
    return [by_id[pk] for pk in ids if pk in by_id]


def listed_labels(ids: list[int]) -> dict[int, list[tuple[str, str, list[tuple[str, str]]]]]:
    """{id: [(taxonomy, taxonomy name, [(code, name)])]}: the effective labels result lines show, named."""
    rows = Annotation.objects.filter(recommendation_id__in=ids, label__taxonomy__code__in=SHOWN_TAXONOMIES).values_list(
        "recommendation_id", "label__taxonomy__code", "label__code", "source", "rejected")
    effective: dict[int, dict[str, list[str]]] = {}
    for rec_id, taxonomy, code in sorted({key for key, _source in counts(((r, t, c), s, x) for r, t, c, s, x in rows)}):
        effective.setdefault(rec_id, {}).setdefault(taxonomy, []).append(code)
    return {
        rec_id: [(taxonomy, display.name(display.TAXONOMY, taxonomy), [(code, display.name(taxonomy, code)) for code in codes])
                 for taxonomy in SHOWN_TAXONOMIES if (codes := labels.get(taxonomy))]
        for rec_id, labels in effective.items()
    }


def taxonomy_names() -> dict[str, str]:
    from aspiration.reference.models import Taxonomy

    return {code: localized(names) or code for code, names in Taxonomy.objects.values_list("code", "names")}


def export_rows(ids: list[int], responses: dict[str, str], base_url: str = "") -> list[dict]:
    """Plain dicts for the exporters (``aspiration.web.exports``), in the order of ``ids`` (missing ids skipped);
    ``responses`` maps codes to names.

    Four queries whatever the number of ids, reading plain rows: building a Recommendation, its states and an
    Annotation, Label and Taxonomy object per label (each decoding names in six languages) cost a 330-row
    export 0.65 s. The effective labels follow the one rule (``aspiration.corpus.labels.counts``).
    """
    from django.urls import reverse

    fields = ("pk", "text", "language", "state__iso3", "mechanism__code", "document__symbol", "paragraph", "session",
              "cycle", "year", "response")
    found = {row[0]: dict(zip(fields, row, strict=True))
             for row in Recommendation.objects.filter(pk__in=ids).values_list(*fields)}
    recommending: dict[int, list[str]] = defaultdict(list)
    for rec_id, iso3 in (Recommendation.recommending_states.through.objects.filter(recommendation_id__in=found)
                         .values_list("recommendation_id", "country__iso3")):
        recommending[rec_id].append(iso3)
    annotations = Annotation.objects.filter(recommendation_id__in=found).values_list(
        "recommendation_id", "label_id", "source", "rejected")
    effective = sorted({key for key, _source in counts(((r, label), s, x) for r, label, s, x in annotations)})
    labels = {pk: (taxonomy, code, localized(names) or code) for pk, taxonomy, code, names in Label.objects.filter(
        pk__in={label for _rec, label in effective}).values_list("pk", "taxonomy__code", "code", "names")}
    codes: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    names: dict[int, dict[str, dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
    for rec_id, label in sorted(effective, key=lambda key: (key[0], labels[key[1]][:2])):
        taxonomy, code, name = labels[label]
        codes[rec_id][taxonomy].append(code)
        names[rec_id][taxonomy][code] = name
    rows = []
    for pk in ids:
        if (rec := found.get(pk)) is None:
            continue
        states = sorted(recommending[pk])
        rows.append({
            "id": pk,
            "text": rec["text"],
            "language": rec["language"],
            "state": rec["state__iso3"],
            "state_name": display.name(display.COUNTRY, rec["state__iso3"]),
            "mechanism": rec["mechanism__code"],
            "document": rec["document__symbol"] or "",
            "paragraph": rec["paragraph"],
            "session": rec["session"],
            "cycle": rec["cycle"],
            "year": rec["year"],
            "response": rec["response"],
            "response_name": responses.get(rec["response"], ""),
            "recommending_states": states,
            "recommending_state_names": [display.name(display.COUNTRY, iso3) for iso3 in states],
            "url": base_url + reverse("recommendation", args=[pk]),
            "labels": {taxonomy: list(found_codes) for taxonomy, found_codes in codes[pk].items()},
            "label_names": {taxonomy: dict(found_names) for taxonomy, found_names in names[pk].items()},
        })
    return rows
