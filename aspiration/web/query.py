"""The search page's GET parameters <-> a search query.

The same parameters drive the search page, its htmx partial and every export, so a shared URL gives
the same result set everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from aspiration.search.facets import DECLARED

MODES = ("keyword", "semantic", "hybrid")
SORTS = ("relevance", "newest", "oldest")
PAGE_SIZES = (20, 50, 100)
MAX_PAGE = 10_000

# The facets, in the order the page lists them, from their one declaration (``search.facets.DECLARED``).
FACETS = DECLARED
FACET_NAMES = tuple(facet.name for facet in FACETS)
MAX_VALUES_PER_FACET = 50
MAX_QUERY_LENGTH = 500


@dataclass
class SearchParams:
    """Validated GET parameters; bad values fall back to defaults instead of failing."""

    text: str = ""
    mode: str = "keyword"
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    filters: dict[str, list[str]] = field(default_factory=dict)
    collapse: bool = True  # near-duplicates shown once ("and N similar"); ``duplicates=show`` lists every one

    @classmethod
    def from_get(cls, data) -> SearchParams:
        text = (data.get("q") or "").strip()[:MAX_QUERY_LENGTH]
        mode = data.get("mode") if data.get("mode") in MODES else "keyword"
        sort = data.get("sort") if data.get("sort") in SORTS else "relevance"
        page = _int(data.get("page"), 1, 1, MAX_PAGE)
        page_size = _int(data.get("page_size"), 20, 1, max(PAGE_SIZES))
        if page_size not in PAGE_SIZES:
            page_size = 20
        filters = {}
        for name in FACET_NAMES:
            values = [v.strip()[:200] for v in data.getlist(name) if v and v.strip()]
            if values:
                filters[name] = list(dict.fromkeys(values))[:MAX_VALUES_PER_FACET]
        return cls(text, mode, sort, page, page_size, filters, collapse=data.get("duplicates") != "show")

    def pairs(self, **overrides) -> list[tuple[str, str]]:
        """GET parameters for a URL (defaults left out, so links stay short)."""
        values = {"q": self.text, "mode": self.mode, "sort": self.sort, "page": self.page, "page_size": self.page_size,
                  "duplicates": "" if self.collapse else "show"}
        values.update(overrides)
        defaults = {"q": "", "mode": "keyword", "sort": "relevance", "page": 1, "page_size": 20, "duplicates": ""}
        pairs = [(key, str(value)) for key, value in values.items() if value != defaults[key]]
        for name, codes in self.filters.items():
            pairs.extend((name, code) for code in codes)
        return pairs

    def querystring(self, **overrides) -> str:
        return urlencode(self.pairs(**overrides))

    def to_query(self, **overrides):
        from aspiration.search.engine import SearchQuery

        values = {
            "text": self.text, "mode": self.mode, "filters": self.filters, "sort": self.sort,
            "page": self.page, "page_size": self.page_size, "collapse_duplicates": self.collapse,
        }
        values.update(overrides)
        return SearchQuery(**values)


def _int(value, default: int, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return min(max(number, low), high)
