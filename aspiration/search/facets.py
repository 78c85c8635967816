"""The facets: one declaration each, their filters and their counts, both from in-memory arrays.

``DECLARED`` says, once per facet, its name (the GET and API parameter), its label, how many values a
recommendation has (one column, or a set: labels, recommending states), whether values are whole numbers,
and where the names of its codes come from; the engine's filters, the API's parameters, the explore page's
form and the option names are all read from it.

Neither filters nor counts touch the database per row: ``FacetIndex`` keeps every recommendation's facet
values as numpy arrays (a code per row for a column, a sparse row x value matrix for a set), and the counts
of a result set are ``np.bincount`` and one sparse matrix-vector product over the hit positions, so they
cost the same few milliseconds for 20 hits or 300,000; a filter is a mask over the same rows. The database
logs which recommendations each write changed (``search_facetchange``, written by triggers on the
recommendations, their recommending states, their annotations and their clusters, migration 0004); each
process re-reads only the rows the log names since its arrays were made, and reads everything again only
when it cannot trust the log. Requests never write index data, imports and label decisions show in the
next count, and SQLite and PostgreSQL share this one code path. Label facets count and filter effective
labels, by the rule of ``aspiration.corpus.labels`` (its SQL form, in the build).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.utils.translation import gettext_lazy as _
from scipy import sparse

from aspiration.corpus.labels import counts_sql
from aspiration.reference import display

COLUMN, SET = "column", "set"


@dataclass(frozen=True)
class Facet:
    name: str
    label: str  # lazy: translated when shown
    kind: str = COLUMN  # COLUMN: at most one value per recommendation; SET: any number
    integer: bool = False  # values are whole numbers (cycle, session, year): filtered as such, listed in numeric order
    names: str | None = None  # the reference.display kind naming its codes, or "app.Model.field" of a choice
    taxonomy: str | None = None  # a label facet: the taxonomy whose effective labels it counts
    codes: str = ""  # the codes its filter takes, for the API's documentation (English, as the API's)

    def display_names(self, codes: Iterable[str]) -> dict[str, str]:
        """{code: name in the UI language}; a number names itself, an unknown code shows as itself."""
        if self.names is None:
            return {code: code for code in codes}
        if self.names.count(".") == 2:
            model, field = self.names.rsplit(".", 1)
            return {code: display.choice(model, field, code) for code in codes}
        return display.names(self.names, codes)


DECLARED: tuple[Facet, ...] = (
    Facet("state", _("State under review"), names=display.COUNTRY, codes="ISO3 of the state under review"),
    Facet("regional_group", _("Regional group"), names=display.REGIONAL_GROUP,
          codes="African Group, Asia-Pacific Group, Eastern European Group, GRULAC or WEOG"),
    Facet("mechanism", _("Mechanism"), names=display.MECHANISM, codes="UPR, CCPR, CEDAW, ..., SP:<mandate>"),
    Facet("kind", _("Type of finding"), names="corpus.Recommendation.kind",
          codes="recommendation, or observation (a concern or observation of a treaty body or special procedure,"
                " UHRI's annotation type)"),
    Facet("cycle", _("Cycle"), integer=True),
    Facet("session", _("Session"), integer=True),
    Facet("year", _("Year"), integer=True),
    Facet("response", _("Response"), names="corpus.Recommendation.response",
          codes="supported, noted, pending, voluntary_pledge"),
    Facet("recommending_state", _("Recommending state"), SET, names=display.COUNTRY, codes="ISO3 of a recommending state"),
    *(Facet(code, label, SET, names=code, taxonomy=code, codes=f"{code} label codes (effective labels)") for code, label in (
        ("sdg_goal", _("SDG goal")), ("sdg_target", _("SDG target")), ("upr_issue", _("UPR issue")),
        ("affected_group", _("Affected group")), ("cta_area", _("Call to Action area")),
        ("action_category", _("Action category")))),
    Facet("label_source", _("Label source"), SET, names="corpus.Annotation.source", codes="person, import or model"),
)
BY_NAME = {facet.name: facet for facet in DECLARED}
FACETS = tuple(BY_NAME)
LABEL_FACETS = tuple(facet.name for facet in DECLARED if facet.taxonomy)
INTEGER_FACETS = frozenset(facet.name for facet in DECLARED if facet.integer)

COUNTS = counts_sql("a", "p")  # the annotation ``a`` counts

# Sessions, cycles and years are small; anything past the database's integer range is no filter.
MAX_INTEGER = 2**31 - 1


class FilterError(ValueError):
    pass


def filter_mask(index: FacetIndex, filters: dict[str, list[str]]) -> np.ndarray | None:
    """Which rows of ``index`` the filters let through (None: no filter); values within a facet are ORed,
    facets ANDed. Read from the arrays, not SQL: a label filter is a column slice of the effective-label
    matrix, where SQL would run a correlated EXISTS for every row of the corpus."""
    mask: np.ndarray | None = None
    for facet, raw_values in sorted(filters.items()):
        values = [str(v) for v in (raw_values if isinstance(raw_values, list | tuple | set) else [raw_values]) if str(v) != ""]
        if not values:
            continue
        if facet not in BY_NAME:
            raise FilterError(f"unknown facet {facet!r}")
        if facet in INTEGER_FACETS:
            try:
                numbers = [int(v) for v in values]
            except ValueError as error:
                raise FilterError(f"{facet} takes whole numbers") from error
            if not all(0 <= v <= MAX_INTEGER for v in numbers):
                raise FilterError(f"{facet} takes whole numbers from 0 to {MAX_INTEGER}")
        allowed = _rows_with(index, facet, values)
        mask = allowed if mask is None else mask & allowed
    return mask


def _in_column(index: FacetIndex, column: str, wanted: Iterable) -> np.ndarray:
    codes, values = index.columns[column]
    wanted = set(wanted)
    return np.isin(codes, [n for n, value in enumerate(values) if value in wanted])


def _in_matrix(matrix: sparse.csr_matrix, columns: Iterable[int]) -> np.ndarray:
    columns = [c for c in columns if 0 <= c < matrix.shape[1]]
    if not columns:
        return np.zeros(matrix.shape[0], dtype=bool)
    chosen = np.zeros(matrix.shape[1], dtype=np.int32)
    chosen[columns] = 1
    return (matrix @ chosen) > 0


def _rows_with(index: FacetIndex, facet: str, values: list[str]) -> np.ndarray:
    """The rows having any of ``values`` in ``facet`` (codes as the API and the page send them)."""
    marks = ", ".join(["%s"] * len(values))
    if facet in ("state", "regional_group", "recommending_state"):
        column = "un_regional_group" if facet == "regional_group" else "iso3"
        countries = [pk for (pk,) in _rows(f"SELECT id FROM reference_country WHERE {column} IN ({marks})", values)]
        if facet == "recommending_state":
            return _in_matrix(index.states, countries)
        return _in_column(index, "state_id", countries)
    if facet == "mechanism":
        return _in_column(index, "mechanism_id", (pk for (pk,) in _rows(
            f"SELECT id FROM reference_mechanism WHERE code IN ({marks})", values)))
    if facet in INTEGER_FACETS:
        return _in_column(index, facet, (int(v) for v in values))
    if facet in ("kind", "response"):
        return _in_column(index, facet, values)
    if facet == "label_source":
        return _in_matrix(index.sources, (SOURCES.index(v) for v in values if v in SOURCES))
    return _in_matrix(index.labels, (pk for (pk,) in _rows(
        "SELECT l.id FROM reference_label l JOIN reference_taxonomy t ON t.id = l.taxonomy_id"
        f" WHERE t.code = %s AND l.code IN ({marks})", [facet, *values])))


def _rows(sql: str, params: list | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchall()


# --- counts ---------------------------------------------------------------------------------------

# Columns of corpus_recommendation counted as they are (state and mechanism by their row id, named at count time).
ROW_COLUMNS = ("state_id", "mechanism_id", "kind", "cycle", "session", "year", "response")
SOURCES = ("import", "model", "person")
# Hit sets under 1/SLICE_BELOW of the rows count set facets from their own rows (500 of 300,000: the product
# over the whole matrix was most of a count); larger ones with one sparse product.
SLICE_BELOW = 20


@dataclass
class FacetIndex:
    """Every recommendation's facet values, by row position (``ids`` sorted)."""

    stamp: tuple
    ids: np.ndarray  # int64, sorted
    columns: dict[str, tuple[np.ndarray, list]]  # column -> (value position per row, -1 for none; the values)
    cluster: np.ndarray  # int64: the near-duplicate cluster (its leader's id), -1 for none
    date: np.ndarray  # float64: year * 1000 + session, the engine's date order
    labels: sparse.csr_matrix  # rows x label ids (reference_label.id): effective labels
    states: sparse.csr_matrix  # rows x country ids: recommending states
    sources: sparse.csr_matrix  # rows x SOURCES: sources of counting annotations
    totals: dict[str, dict[str, int]] | None = None  # the counts over every row, made once

    def positions(self, hit_ids: np.ndarray) -> np.ndarray:
        where = np.searchsorted(self.ids, hit_ids)
        inside = where < len(self.ids)
        where, hit_ids = where[inside], hit_ids[inside]
        return where[self.ids[where] == hit_ids]


def _array(sql: str, width: int, params: list | None = None) -> np.ndarray:
    """An integer query's rows as an n x width int64 array (built by numpy, not row by row in Python)."""
    rows = _rows(sql, params)
    return np.array(rows, dtype=np.int64).reshape(len(rows), width)


def _coded(sql_column: str, where: str, params: list) -> tuple[str, list]:
    """A text column as an SQL integer (its position among the column's distinct values, -1 for none) and the values."""
    values = sorted(value for (value,) in _rows(f"SELECT DISTINCT {sql_column} FROM corpus_recommendation WHERE {where}",
                                                params) if value not in (None, ""))
    whens = " ".join(f"WHEN %s THEN {n}" for n in range(len(values)))
    return (f"(CASE {sql_column} {whens} ELSE -1 END)" if values else "-1"), values


def _matrix(ids: np.ndarray, pairs: np.ndarray, columns: int) -> sparse.csr_matrix:
    """A 0/1 row x column matrix from (recommendation id, column) pairs (duplicates counted once)."""
    rows = np.searchsorted(ids, pairs[:, 0]).clip(0, max(len(ids) - 1, 0))
    known = (ids[rows] == pairs[:, 0]) if len(ids) else np.zeros(len(pairs), dtype=bool)
    matrix = sparse.csr_matrix((np.ones(int(known.sum()), dtype=np.int32), (rows[known], pairs[known, 1])),
                               shape=(len(ids), columns))
    matrix.data[:] = 1  # a label carried by two counting annotations counts once
    return matrix


def build(stamp: tuple, changes: tuple[int, int] | None = None) -> FacetIndex:
    """Read the facet values of every recommendation, or only of those a range of change-log ids names.

    A full pass costs about a second per 100,000 recommendations; ``refresh`` merges a read of the changed
    ones into the arrays it has.
    """
    params = [] if changes is None else list(changes)

    def owned(column: str) -> str:  # the rows read: of every recommendation, or of the changed ones
        if changes is None:
            return "1 = 1"
        return f"{column} IN (SELECT recommendation_id FROM search_facetchange WHERE id > %s AND id <= %s)"

    integer_columns = [column for column in ROW_COLUMNS if column not in ("kind", "response")]
    text_columns = {column: _coded(column, owned("id"), params) for column in ("kind", "response")}
    data = _array(
        f"SELECT id, {', '.join(f'COALESCE({c}, -1)' for c in integer_columns)},"
        f" {', '.join(sql for sql, _values in text_columns.values())} FROM corpus_recommendation"
        f" WHERE {owned('id')} ORDER BY id",
        1 + len(ROW_COLUMNS), [value for _sql, values in text_columns.values() for value in values] + params)
    ids = data[:, 0].copy()
    columns: dict[str, tuple[np.ndarray, list]] = {}
    for n, column in enumerate(integer_columns, start=1):
        values, codes = np.unique(data[:, n], return_inverse=True)
        if len(values) and values[0] == -1:  # none: code -1, not a value
            values, codes = values[1:], codes - 1
        columns[column] = (codes.astype(np.int32), values.tolist())
    for n, (column, (_sql, values)) in enumerate(text_columns.items(), start=1 + len(integer_columns)):
        columns[column] = (data[:, n].astype(np.int32), values)
    source = " ".join(f"WHEN '{name}' THEN {n}" for n, name in enumerate(SOURCES))
    counting = _array(f"SELECT a.recommendation_id, a.label_id, CASE a.source {source} ELSE -1 END"
                      f" FROM corpus_annotation a WHERE {COUNTS} AND {owned('a.recommendation_id')}", 3, params)
    labels = _matrix(ids, counting[:, :2], int(counting[:, 1].max(initial=0)) + 1)
    sources = _matrix(ids, counting[counting[:, 2] >= 0][:, [0, 2]], len(SOURCES))
    owner = owned("recommendation_id")
    links = _array(f"SELECT recommendation_id, country_id FROM corpus_recommendation_recommending_states WHERE {owner}",
                   2, params)
    states = _matrix(ids, links, int(links[:, 1].max(initial=0)) + 1)
    cluster = np.full(len(ids), -1, dtype=np.int64)
    leaders = _array(f"SELECT recommendation_id, cluster FROM search_indexentry WHERE cluster IS NOT NULL AND {owner}",
                     2, params)
    where_leader = np.searchsorted(ids, leaders[:, 0]).clip(0, max(len(ids) - 1, 0))
    known = ids[where_leader] == leaders[:, 0] if len(ids) else np.zeros(len(leaders), dtype=bool)
    cluster[where_leader[known]] = leaders[known, 1]
    year = data[:, 1 + integer_columns.index("year")].clip(0).astype(np.float64)
    session = data[:, 1 + integer_columns.index("session")].clip(0).astype(np.float64)
    return FacetIndex(stamp, ids, columns, cluster, year * 1000.0 + session, labels, states, sources)


def _widened(matrix: sparse.csr_matrix, columns: int) -> sparse.csr_matrix:
    return sparse.csr_matrix((matrix.data, matrix.indices, matrix.indptr), shape=(matrix.shape[0], columns))


def _stacked(kept: sparse.csr_matrix, fresh: sparse.csr_matrix, order: np.ndarray | None) -> sparse.csr_matrix:
    columns = max(kept.shape[1], fresh.shape[1])
    matrix = sparse.vstack([_widened(kept, columns), _widened(fresh, columns)], format="csr")
    return matrix if order is None else matrix[order]


def merged(index: FacetIndex, changed: np.ndarray, fresh: FacetIndex, stamp: tuple) -> FacetIndex:
    """``index`` with the rows of the ``changed`` ids replaced by ``fresh`` (their rows now; a deleted one has none)."""
    kept = np.flatnonzero(~np.isin(index.ids, changed))
    ids = np.concatenate([index.ids[kept], fresh.ids])
    # New recommendations have the largest ids: then the rows are in order already and need no permutation.
    order = None if len(kept) == 0 or not len(fresh.ids) or fresh.ids[0] > index.ids[kept[-1]] else np.argsort(ids)

    def arranged(old: np.ndarray, new: np.ndarray) -> np.ndarray:
        joined = np.concatenate([old[kept], new])
        return joined if order is None else joined[order]

    columns: dict[str, tuple[np.ndarray, list]] = {}
    for name, (codes, values) in index.columns.items():
        fresh_codes, fresh_values = fresh.columns[name]
        union = sorted(set(values) | set(fresh_values))
        position = {value: n for n, value in enumerate(union)}
        # A trailing -1, so that code -1 (no value) stays -1 when looked up.
        recode = [np.array([position[v] for v in vs] + [-1], dtype=np.int32) for vs in (values, fresh_values)]
        columns[name] = (arranged(recode[0][codes], recode[1][fresh_codes]), union)
    return FacetIndex(stamp, ids if order is None else ids[order], columns, arranged(index.cluster, fresh.cluster),
                      arranged(index.date, fresh.date), _stacked(index.labels[kept], fresh.labels, order),
                      _stacked(index.states[kept], fresh.states, order), _stacked(index.sources[kept], fresh.sources, order))


def _stamp() -> tuple:
    """(database, last change-log id, its token): (…, 0, 0) before the first logged write."""
    last = _rows("SELECT id, token FROM search_facetchange ORDER BY id DESC LIMIT 1")
    return connection.alias, connection.settings_dict.get("NAME"), *(last[0] if last else (0, 0))


def refresh(index: FacetIndex | None, stamp: tuple) -> FacetIndex:
    """The arrays at ``stamp``: ``index`` with the rows the log names since it re-read, or a full build.

    A full build when there is nothing to start from, when the log no longer holds the row ``index`` was built
    at with the same token (pruned, or a rolled-back transaction's id reused), when a change names no single
    recommendation (a TRUNCATE, logged as -1), or when so many rows changed that one pass is cheaper.
    """
    if index is None or not index.stamp[2]:
        return build(stamp)
    since, token = index.stamp[2:]
    if _rows("SELECT token FROM search_facetchange WHERE id = %s", [since]) != [(token,)]:
        return build(stamp)
    changes = (since, stamp[2])
    changed = _array("SELECT DISTINCT recommendation_id FROM search_facetchange WHERE id > %s AND id <= %s"
                     " ORDER BY recommendation_id", 1, list(changes))[:, 0]
    if (len(changed) and changed[0] < 0) or len(changed) > max(1000, len(index.ids) // 2):
        return build(stamp)
    return merged(index, changed, build(stamp, changes), stamp)


_current: dict[tuple, FacetIndex] = {}
_building = threading.Lock()


def current() -> FacetIndex:
    """The arrays for the database as this connection sees it, brought up to date once per change (one builder at a time)."""
    stamp = _stamp()
    key = stamp[:2]
    index = _current.get(key)
    if index is not None and index.stamp == stamp:
        return index
    with _building:
        index = _current.get(key)
        if index is None or index.stamp != stamp:
            index = refresh(index, stamp)
            _current[key] = index
    return index


def facet_counts(hit_ids: np.ndarray | None = None, names: tuple[str, ...] = FACETS) -> dict[str, dict[str, int]]:
    """Counts of recommendations per facet code over ``hit_ids`` (None: every recommendation), largest first."""
    index = current()
    if hit_ids is None:
        if index.totals is None:
            index.totals = _count(index, np.arange(len(index.ids)), FACETS)
        return {name: index.totals[name] for name in names}
    return _count(index, index.positions(np.asarray(hit_ids, dtype=np.int64)), names)


def counts_at(index: FacetIndex, positions: np.ndarray, names: tuple[str, ...] = FACETS) -> dict[str, dict[str, int]]:
    """Counts over rows of ``index`` already found (the engine's matches), without looking their ids up again."""
    return _count(index, positions, names)


def _tally(codes: np.ndarray, values: list, positions: np.ndarray) -> dict:
    picked = codes[positions]
    found = np.bincount(picked[picked >= 0], minlength=len(values))
    return {values[i]: int(found[i]) for i in np.flatnonzero(found)}


def _sum(matrix: sparse.csr_matrix, positions: np.ndarray) -> dict[int, int]:
    """How many of the rows at ``positions`` (distinct) carry each column."""
    if len(positions) * SLICE_BELOW < matrix.shape[0]:
        # A few hundred hits (a semantic search's): their own rows' entries, not a pass over every row's.
        found = np.bincount(matrix[positions].indices, minlength=matrix.shape[1])
    else:
        chosen = np.zeros(matrix.shape[0], dtype=np.int32)
        chosen[positions] = 1
        found = matrix.T @ chosen
    return {int(i): int(found[i]) for i in np.flatnonzero(found)}


def _count(index: FacetIndex, positions: np.ndarray, names: tuple[str, ...]) -> dict[str, dict[str, int]]:
    wanted = set(names)
    result: dict[str, dict[str, int]] = {}
    if wanted & {"state", "regional_group", "recommending_state"}:
        countries = {pk: (iso3, group) for pk, iso3, group in _rows("SELECT id, iso3, un_regional_group FROM reference_country")}
        by_state = _tally(*index.columns["state_id"], positions)
        result["state"] = {countries[pk][0]: n for pk, n in by_state.items()}
        groups: dict[str, int] = {}
        for pk, n in by_state.items():
            if countries[pk][1]:
                groups[countries[pk][1]] = groups.get(countries[pk][1], 0) + n
        result["regional_group"] = groups
        result["recommending_state"] = {countries[pk][0]: n for pk, n in _sum(index.states, positions).items()}
    if "mechanism" in wanted:
        codes = dict(_rows("SELECT id, code FROM reference_mechanism"))
        result["mechanism"] = {codes[pk]: n for pk, n in _tally(*index.columns["mechanism_id"], positions).items()}
    for name in ("kind", "cycle", "session", "year", "response"):
        if name in wanted:
            result[name] = {str(code): n for code, n in _tally(*index.columns[name], positions).items()}
    if wanted & set(LABEL_FACETS):
        labels = {pk: (taxonomy, code) for pk, taxonomy, code in _rows(
            "SELECT l.id, t.code, l.code FROM reference_label l JOIN reference_taxonomy t ON t.id = l.taxonomy_id")}
        for name in LABEL_FACETS:
            result[name] = {}
        for pk, n in _sum(index.labels, positions).items():
            taxonomy, code = labels[pk]
            if taxonomy in result:
                result[taxonomy][code] = n
    if "label_source" in wanted:
        result["label_source"] = {SOURCES[i]: n for i, n in _sum(index.sources, positions).items()}
    return {name: _ordered(result.get(name, {})) for name in names}


def _ordered(counts: dict[str, int]) -> dict[str, int]:
    """Largest first, then by code, so the first entries are the ones worth showing."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
