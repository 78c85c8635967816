"""The recommendation picker of the cluster and action forms: find recommendations of the plan's state with
the search engine, add them, see the chosen ones by their text, remove them.

The same context renders the picker inside the form (no JavaScript: its Search and Remove buttons re-post the
form, which is shown again unsaved) and as the htmx fragment that replaces it in place.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from aspiration.corpus.models import Recommendation
from aspiration.reference import display
from aspiration.search.engine import SearchError, SearchQuery, search

PREFIX = "rec_"
RESULTS = 15
# (search engine facet, label, kind of names its codes show as: see ``reference.display``)
FILTERS = (
    ("cycle", _("Cycle"), None),
    ("upr_issue", _("Issue"), "upr_issue"),
    ("sdg_goal", _("SDG goal"), "sdg_goal"),
    ("response", _("Response"), None),
    ("mechanism", _("Mechanism"), display.MECHANISM),
)


def parse_ids(values) -> list[int]:
    """Ids from checkbox values (or, as the API and old links send them, one string of numbers), in order."""
    if isinstance(values, str | int):
        values = [values]
    ids: list[int] = []
    for value in values or []:
        if isinstance(value, Recommendation):
            ids.append(value.pk)
            continue
        ids.extend(int(part) for part in str(value).replace(",", " ").split() if part.isdigit())
    return list(dict.fromkeys(ids))


@dataclass
class PickerFilter:
    name: str
    label: str
    options: list[tuple[str, str]]
    selected: str

    @property
    def param(self) -> str:
        return PREFIX + self.name


def _names(name: str, kind: str | None, codes: list[str]) -> dict[str, str]:
    if name == "response":
        return {code: display.choice("corpus.Recommendation", "response", code) for code in codes}
    return display.names(kind, codes) if kind else {}


def _in_order(ids: list[int]) -> list[Recommendation]:
    """These recommendations in this order, with what a choice shows (document, mechanism, recommending states)."""
    found = (Recommendation.objects.filter(pk__in=ids).select_related("document", "mechanism")
             .prefetch_related("recommending_states").in_bulk())
    return [found[pk] for pk in ids if pk in found]


def _options(name: str, kind: str | None, counts: dict[str, int], selected: str) -> list[tuple[str, str]]:
    codes = set(counts) | ({selected} if selected else set())
    names = _names(name, kind, sorted(codes))
    if name == "cycle":
        ordered = sorted(codes, key=lambda code: -int(code) if code.isdigit() else 0)
        return [(code, _("Cycle %(number)s (%(count)s)") % {"number": code, "count": counts.get(code, 0)})
                for code in ordered]
    ordered = sorted(codes, key=lambda code: (-counts.get(code, 0), names.get(code, code)))
    return [(code, f"{names.get(code, code)} ({counts.get(code, 0)})") for code in ordered]


def picker_context(plan, field_name: str, chosen, query) -> dict:
    """What ``tracking/_picker.html`` shows: the chosen recommendations and what the search box finds."""
    chosen_ids = parse_ids(chosen)
    query = query or {}
    text = (query.get(PREFIX + "q") or "").strip()[:500]
    selected = {name: (query.get(PREFIX + name) or "").strip()[:200] for name, _label, _kind in FILTERS}
    filters = {"state": [plan.state.iso3]} | {name: [value] for name, value in selected.items() if value}
    error, count, hit_ids, facets, more = "", 0, [], {}, False
    try:
        result = search(SearchQuery(text=text, filters=filters, page_size=RESULTS + len(chosen_ids),
                                    collapse_duplicates=False))
    except SearchError as problem:
        error = str(problem)
    else:
        count, facets = result.count, result.facets
        others = [hit.recommendation_id for hit in result.hits if hit.recommendation_id not in chosen_ids]
        hit_ids = others[:RESULTS]
        more = count - (len(result.hits) - len(others)) > len(hit_ids)
    # Only the plan's state: an id typed into the address bar cannot smuggle in another state's recommendation.
    allowed = set(Recommendation.objects.filter(pk__in=chosen_ids, state_id=plan.state_id).values_list("pk", flat=True))
    chosen_recs = _in_order([pk for pk in chosen_ids if pk in allowed])
    return {
        "picker_name": field_name,
        "plan": plan,
        "chosen": chosen_recs,
        "results": _in_order(hit_ids),
        "count": count,
        "more": more,
        "text": text,
        "error": error,
        "filters": [PickerFilter(name, str(label), _options(name, kind, facets.get(name) or {}, selected[name]),
                                 selected[name]) for name, label, kind in FILTERS],
    }
