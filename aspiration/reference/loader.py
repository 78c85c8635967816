"""Load the shipped reference data into the database: idempotent bulk upserts, one pass per model.

Rows are matched by their natural key (ISO3, mechanism code, taxonomy code, taxonomy + label code); new rows
are bulk-created, changed rows bulk-updated, unchanged rows left alone. Nothing is ever deleted, so labels
created by importers (UHRI themes, special procedures) survive a reload.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from aspiration.reference import catalog
from aspiration.reference.codes import code_sort_key
from aspiration.reference.models import Country, Label, Mechanism, Taxonomy
from aspiration.reference.sdg import sdg_goals, sdg_indicators, sdg_targets

COUNTRY_FIELDS = ("iso2", "m49", "names", "un_regional_group", "m49_region", "m49_subregion",
                  "is_member_state", "is_observer_state")
LABEL_FIELDS = ("names", "descriptions", "sort_key", "parent_id")


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    totals: dict[str, int] = field(default_factory=dict)

    def add(self, created: int, updated: int, unchanged: int) -> None:
        self.created += created
        self.updated += updated
        self.unchanged += unchanged


def _upsert(model, key: str, rows: list[dict], fields: tuple[str, ...], counts: Counts, scope: dict | None = None) -> dict:
    """Bring ``model`` rows (matched on ``key``, within ``scope``) to ``rows``; return {key: instance}."""
    existing = {getattr(obj, key): obj for obj in model.objects.filter(**(scope or {}))}
    new, changed = [], []
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            obj = model(**(scope or {}), **{key: row[key]}, **{name: row[name] for name in fields})
            new.append(obj)
            existing[row[key]] = obj
        elif any(getattr(obj, name) != row[name] for name in fields):
            for name in fields:
                setattr(obj, name, row[name])
            changed.append(obj)
    model.objects.bulk_create(new, batch_size=500)
    if changed:
        model.objects.bulk_update(changed, fields, batch_size=500)
    if new and new[0].pk is None:  # backends that return no ids from bulk inserts
        existing.update({getattr(obj, key): obj for obj in model.objects.filter(**(scope or {}))})
    counts.add(len(new), len(changed), len(rows) - len(new) - len(changed))
    return existing


def _zh(texts: dict[str, str]) -> dict[str, str]:
    """The Call to Action file says "zh" (as its contract); labels use the UI language code "zh-hans"."""
    return {("zh-hans" if lang == "zh" else lang): text for lang, text in texts.items()}


def taxonomy_labels() -> dict[str, list[dict]]:
    """Every shipped label, grouped by taxonomy, as {code, names, descriptions, sort_key, parent (code)}."""
    def label(code, names, descriptions=None, sort_key="", parent=None):
        return {"code": code, "names": names, "descriptions": descriptions or {}, "sort_key": sort_key, "parent": parent}

    cta = catalog.call_to_action()
    labels = {
        "sdg_goal": [label(g["code"], g["names"], g["texts"], code_sort_key(g["code"])) for g in sdg_goals()],
        "sdg_target": [label(t["code"], t["texts"], {}, code_sort_key(t["code"]), t["goal"]) for t in sdg_targets()],
        "sdg_indicator": [label(i["code"], i["texts"], {}, code_sort_key(i["code"]), i["target"]) for i in sdg_indicators()],
        "upr_issue": [label(issue["code"], issue["names"]) for issue in catalog.upr_issues()],
        "affected_group": [label(group["code"], group["names"], {}, f"{n:03d}")
                           for n, group in enumerate(catalog.affected_groups(), 1)],
        "cta_principle": [label(p["code"], _zh({"zh": p["zh"], "en": p["en"]}), {}, code_sort_key(p["code"]))
                          for p in cta["principles"]],
        "cta_area": [label(a["code"], _zh(a["title"]), _zh(a["rationale"]), code_sort_key(a["code"])) for a in cta["areas"]],
        "cta_action": [label(act["code"], _zh({"zh": act["zh"], "en": act["en"]}), {}, code_sort_key(act["code"]), area["code"])
                       for area in cta["areas"] for act in area["actions"]],
    }
    for taxonomy, rows in catalog.taxonomy_file()["labels"].items():
        labels[taxonomy] = [label(row["code"], row["names"], row.get("descriptions"), f"{n:03d}")
                            for n, row in enumerate(rows, 1)]
    return labels


# Parents live in another taxonomy (targets under goals) or the same one loaded earlier: load in this order.
PARENT_TAXONOMY = {"sdg_target": "sdg_goal", "sdg_indicator": "sdg_target", "cta_action": "cta_area"}


@transaction.atomic
def load_reference() -> Counts:
    counts = Counts()
    countries = [{key: country[key] for key in ("iso3", *COUNTRY_FIELDS)} for country in catalog.countries()]
    _upsert(Country, "iso3", countries, COUNTRY_FIELDS, counts)
    _upsert(Mechanism, "code", catalog.mechanisms(), ("kind", "names"), counts)
    taxonomy_rows = [{**t, "description": t.get("description", "")} for t in catalog.taxonomies()]
    taxonomies = _upsert(Taxonomy, "code", taxonomy_rows, ("names", "multi_label", "description"), counts)
    loaded: dict[str, dict[str, Label]] = {}
    labels = taxonomy_labels()
    for code in _parents_first(list(labels)):
        parents = loaded.get(PARENT_TAXONOMY.get(code, ""), {})
        rows = [{**row, "parent_id": parents[row["parent"]].pk if row["parent"] else None} for row in labels[code]]
        loaded[code] = _upsert(Label, "code", rows, LABEL_FIELDS, counts, scope={"taxonomy": taxonomies[code]})
    counts.totals = {
        "countries": len(countries), "mechanisms": len(catalog.mechanisms()), "taxonomies": len(taxonomy_rows),
        "labels": sum(len(rows) for rows in labels.values()),
    }
    return counts


def _parents_first(codes: list[str]) -> list[str]:
    """Order taxonomies so that each comes after the taxonomy holding its parents."""
    ordered: list[str] = []

    def visit(code: str) -> None:
        if code in ordered:
            return
        if code in PARENT_TAXONOMY:
            visit(PARENT_TAXONOMY[code])
        ordered.append(code)

    for code in codes:
        visit(code)
    return ordered
