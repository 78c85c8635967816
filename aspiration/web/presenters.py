"""Turn search results and codes into what pages show: names in the UI language, loaded rows, facet lists."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from aspiration.corpus.labels import resolve
from aspiration.corpus.models import Annotation, Recommendation
from aspiration.reference import catalog
from aspiration.reference.models import Country, Label, Mechanism, localized
from aspiration.web.query import FACETS, NUMERIC_FACETS, SearchParams

# Label taxonomies shown with each result and in exports, in this order.
SHOWN_TAXONOMIES = ("upr_issue", "sdg_goal", "sdg_target", "affected_group", "cta_area", "action_category")
VISIBLE_OPTIONS = 8


def choice_names(choices) -> dict[str, str]:
    return {str(value): str(label) for value, label in choices}


def _named(rows) -> dict[str, str]:
    """(code, names JSON) pairs -> {code: name in the UI language}."""
    return {code: localized(names) or code for code, names in rows}


def display_names(facet: str, taxonomy: str | None, codes: list[str]) -> dict[str, str]:
    """{code: name in the UI language} for one facet's codes; unknown codes show as themselves."""
    if not codes:
        return {}
    if taxonomy:
        return _named(Label.objects.filter(taxonomy__code=taxonomy, code__in=codes).values_list("code", "names"))
    if facet in ("state", "recommending_state"):
        return _named(Country.objects.filter(iso3__in=codes).values_list("iso3", "names"))
    if facet == "mechanism":
        return _named(Mechanism.objects.filter(code__in=codes).values_list("code", "names"))
    if facet == "regional_group":
        return _named(regional_group_names().items())
    if facet == "response":
        return choice_names(Recommendation.Response.choices)
    if facet == "kind":
        return choice_names(Recommendation.Kind.choices)
    if facet == "label_source":
        return choice_names(Annotation.Source.choices)
    return {}


def regional_group_names() -> dict[str, dict[str, str]]:
    """{group code: names} from the reference data (groups are data there, not a model)."""
    return {group["code"]: group["names"] for group in catalog.regional_groups()}


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


def facet_groups(facets: dict[str, dict[str, int]], params: SearchParams) -> list[FacetGroup]:
    """Facets in a fixed order; checked values always listed (even at zero) so they can be unchecked."""
    groups = []
    for name, label, taxonomy in FACETS:
        counts = dict(facets.get(name) or {})
        chosen = params.filters.get(name, [])
        for code in chosen:
            counts.setdefault(code, 0)
        if not counts:
            continue
        names = display_names(name, taxonomy, list(counts))
        if name in NUMERIC_FACETS:
            ordered = sorted(counts, key=lambda c: (not c.isdigit(), -int(c) if c.isdigit() else 0, c))
        else:
            ordered = sorted(counts, key=lambda c: (-counts[c], names.get(c, c)))
        options = [FacetOption(code, names.get(code, code), counts[code], code in chosen) for code in ordered]
        visible = [o for i, o in enumerate(options) if i < VISIBLE_OPTIONS or o.checked]
        more = [o for i, o in enumerate(options) if i >= VISIBLE_OPTIONS and not o.checked]
        groups.append(FacetGroup(name, str(label), visible, more))
    return groups


def with_labels(queryset):
    """Everything a listing or export shows, in a fixed number of queries."""
    return queryset.select_related("state", "mechanism", "document").prefetch_related(
        "recommending_states",
        Prefetch("annotations", queryset=Annotation.objects.select_related("label__taxonomy")),
    )


def load_recommendations(ids: list[int]) -> list[Recommendation]:
    """The recommendations with these ids, in the given order (missing ids skipped)."""
    by_id = {rec.pk: rec for rec in with_labels(Recommendation.objects.filter(pk__in=ids))}
    return [by_id[pk] for pk in ids if pk in by_id]


def label_lookup(recommendations) -> dict[tuple[str, str], str]:
    """{(taxonomy, code): localized name} for the labels these recommendations carry."""
    return {
        (a.label.taxonomy.code, a.label.code): localized(a.label.names) or a.label.code
        for rec in recommendations for a in rec.annotations.all()
    }


def effective(rec: Recommendation) -> dict[str, list[str]]:
    return resolve(rec.annotations.all())


def named_labels(rec: Recommendation, names: dict[tuple[str, str], str],
                 taxonomies: dict[str, str]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """[(taxonomy, taxonomy name, [(code, name)])] for the taxonomies listings show."""
    labels = effective(rec)
    return [
        (taxonomy, taxonomies.get(taxonomy, taxonomy), [(code, names.get((taxonomy, code), code)) for code in labels[taxonomy]])
        for taxonomy in SHOWN_TAXONOMIES if labels.get(taxonomy)
    ]


def taxonomy_names() -> dict[str, str]:
    from aspiration.reference.models import Taxonomy

    return {code: localized(names) or code for code, names in Taxonomy.objects.values_list("code", "names")}


def export_row(rec: Recommendation, names: dict[tuple[str, str], str], responses: dict[str, str], base_url: str = "") -> dict:
    """A plain dict for the exporters (``aspiration.web.exports``); ``responses`` maps codes to names."""
    from django.urls import reverse

    labels = effective(rec)
    states = sorted(rec.recommending_states.all(), key=lambda c: c.iso3)
    return {
        "id": rec.pk,
        "text": rec.text,
        "language": rec.language,
        "state": rec.state.iso3,
        "state_name": rec.state.name,
        "mechanism": rec.mechanism.code,
        "document": rec.document.symbol if rec.document else "",
        "paragraph": rec.paragraph,
        "session": rec.session,
        "cycle": rec.cycle,
        "year": rec.year,
        "response": rec.response,
        "response_name": responses.get(rec.response, ""),
        "recommending_states": [c.iso3 for c in states],
        "recommending_state_names": [c.name for c in states],
        "url": base_url + reverse("recommendation", args=[rec.pk]),
        "labels": labels,
        "label_names": {
            taxonomy: {code: names.get((taxonomy, code), code) for code in codes} for taxonomy, codes in labels.items()
        },
    }
