"""Facet filters and facet counts as SQL over the recommendation tables.

Filters become SQL conditions on the alias ``r`` (corpus_recommendation). Counts are GROUP BYs
over the temporary table ``search_hits`` (the ids of the current result set); ``CROSS JOIN`` makes
SQLite start from the hits (it has no statistics for a temporary table) and PostgreSQL ignores it. Label facets use
effective labels: an annotation counts unless it is itself rejected or a person rejected the
same label on the same recommendation (only people reject; a person's decision wins).
"""

from __future__ import annotations

from django.db import connection

SCALAR = {
    # facet: (SQL expression yielding the code, joins needed)
    "state": ("c.iso3", "JOIN reference_country c ON c.id = r.state_id"),
    "regional_group": ("c.un_regional_group", "JOIN reference_country c ON c.id = r.state_id"),
    "mechanism": ("m.code", "JOIN reference_mechanism m ON m.id = r.mechanism_id"),
    "cycle": ("r.cycle", ""),
    "session": ("r.session", ""),
    "year": ("r.year", ""),
    "response": ("r.response", ""),
}
INTEGER_FACETS = {"cycle", "session", "year"}
LABEL_FACETS = ("sdg_goal", "sdg_target", "upr_issue", "affected_group", "cta_area", "action_category")
FACETS = (*SCALAR, "recommending_state", *LABEL_FACETS, "label_source")
LABEL_SOURCES = ("person", "import", "model")

NOT_REJECTED = (
    "NOT a.rejected AND NOT EXISTS (SELECT 1 FROM corpus_annotation p WHERE p.recommendation_id = a.recommendation_id"
    " AND p.label_id = a.label_id AND p.source = 'person' AND p.rejected)"
)


class FilterError(ValueError):
    pass


def filter_sql(filters: dict[str, list[str]]) -> tuple[str, list]:
    """SQL condition (on alias r) and its parameters; values within a facet are ORed, facets ANDed."""
    clauses: list[str] = []
    params: list = []
    for facet, raw_values in sorted(filters.items()):
        values = [str(v) for v in (raw_values if isinstance(raw_values, list | tuple | set) else [raw_values]) if str(v) != ""]
        if not values:
            continue
        if facet not in FACETS:
            raise FilterError(f"unknown facet {facet!r}")
        marks = ", ".join(["%s"] * len(values))
        if facet in INTEGER_FACETS:
            try:
                values = [int(v) for v in values]
            except ValueError as error:
                raise FilterError(f"{facet} takes whole numbers") from error
        if facet in ("state", "regional_group"):
            column = "iso3" if facet == "state" else "un_regional_group"
            clauses.append(f"r.state_id IN (SELECT id FROM reference_country WHERE {column} IN ({marks}))")
        elif facet == "mechanism":
            clauses.append(f"r.mechanism_id IN (SELECT id FROM reference_mechanism WHERE code IN ({marks}))")
        elif facet in SCALAR:
            clauses.append(f"r.{facet} IN ({marks})")
        elif facet == "recommending_state":
            clauses.append(
                "EXISTS (SELECT 1 FROM corpus_recommendation_recommending_states rs JOIN reference_country rc"
                f" ON rc.id = rs.country_id WHERE rs.recommendation_id = r.id AND rc.iso3 IN ({marks}))"
            )
        elif facet == "label_source":
            clauses.append(f"EXISTS (SELECT 1 FROM corpus_annotation a WHERE a.recommendation_id = r.id AND a.source IN ({marks})"
                           f" AND {NOT_REJECTED})")
        else:
            clauses.append(
                "EXISTS (SELECT 1 FROM corpus_annotation a JOIN reference_label l ON l.id = a.label_id"
                " JOIN reference_taxonomy t ON t.id = l.taxonomy_id"
                f" WHERE a.recommendation_id = r.id AND t.code = %s AND l.code IN ({marks}) AND {NOT_REJECTED})"
            )
            values = [facet, *values]
        params.extend(values)
    return (" AND ".join(clauses) or "1 = 1"), params


def _rows(sql: str, params: list | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchall()


def facet_counts(names: tuple[str, ...] = FACETS) -> dict[str, dict[str, int]]:
    """Counts of recommendations per facet code over the rows currently in ``search_hits``."""
    result: dict[str, dict[str, int]] = {name: {} for name in names}
    for name in names:
        if name in SCALAR:
            expression, join = SCALAR[name]
            rows = _rows(
                f"SELECT {expression}, COUNT(*) FROM search_hits h CROSS JOIN corpus_recommendation r {join}"
                f" WHERE r.id = h.id AND {expression} IS NOT NULL GROUP BY {expression}"
            )
            result[name] = _ordered({str(code): n for code, n in rows if str(code) != ""})
    if "recommending_state" in names:
        rows = _rows(
            "SELECT rc.iso3, COUNT(*) FROM search_hits h CROSS JOIN corpus_recommendation_recommending_states rs"
            " JOIN reference_country rc ON rc.id = rs.country_id WHERE rs.recommendation_id = h.id GROUP BY rc.iso3"
        )
        result["recommending_state"] = _ordered(dict(rows))
    label_names = [n for n in names if n in LABEL_FACETS]
    if label_names:
        marks = ", ".join(["%s"] * len(label_names))
        rows = _rows(
            "SELECT t.code, l.code, COUNT(DISTINCT a.recommendation_id) FROM search_hits h"
            " CROSS JOIN corpus_annotation a JOIN reference_label l ON l.id = a.label_id"
            " JOIN reference_taxonomy t ON t.id = l.taxonomy_id"
            f" WHERE a.recommendation_id = h.id AND t.code IN ({marks}) AND {NOT_REJECTED}"
            " GROUP BY t.code, l.code",
            label_names,
        )
        for taxonomy, code, n in rows:
            result[taxonomy][code] = n
        for name in label_names:
            result[name] = _ordered(result[name])
    if "label_source" in names:
        rows = _rows(
            "SELECT a.source, COUNT(DISTINCT a.recommendation_id) FROM search_hits h"
            f" CROSS JOIN corpus_annotation a WHERE a.recommendation_id = h.id AND {NOT_REJECTED} GROUP BY a.source"
        )
        result["label_source"] = _ordered(dict(rows))
    return result


def _ordered(counts: dict[str, int]) -> dict[str, int]:
    """Largest first, then by code, so the first entries are the ones worth showing."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
