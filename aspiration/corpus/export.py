"""Exporting recommendations with their effective labels as CSV, XLSX or JSON lines.

The one owner of the table's columns: ``aspiration export`` and the explore page's CSV/XLSX
(``aspiration.web.exports``) both write ``header()`` and ``table_row()``, through ``aspiration.safe_cells``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from aspiration.corpus.labels import resolve
from aspiration.corpus.models import Annotation, Recommendation
from aspiration.reference.models import Taxonomy
from aspiration.safe_cells import write_csv, xlsx_row

FORMATS = ("csv", "xlsx", "jsonl")
BASE_COLUMNS = ("id", "text", "language", "state", "state_name", "mechanism", "document", "paragraph", "session",
                "cycle", "year", "response", "recommending_states", "url")
JSONL_KEYS = ("id", "text", "language", "state", "mechanism", "session", "cycle", "response", "recommending_states",
              "labels")


def select(states: list[str] | None = None, mechanisms: list[str] | None = None, sessions: list[int] | None = None,
           taxonomies: list[str] | None = None, labels: list[str] | None = None) -> QuerySet[Recommendation]:
    """Recommendations matching every given filter (labels as "taxonomy:code", effective labels only)."""
    query = Recommendation.objects.all()
    if states:
        query = query.filter(state__iso3__in=[s.upper() for s in states])
    if mechanisms:
        query = query.filter(mechanism__code__in=mechanisms)
    if sessions:
        query = query.filter(session__in=sessions)
    for taxonomy in taxonomies or []:
        query = query.filter(pk__in=Annotation.objects.effective().filter(label__taxonomy__code=taxonomy)
                             .values("recommendation_id"))
    for spec in labels or []:
        taxonomy, _, code = spec.partition(":")
        query = query.filter(pk__in=Annotation.objects.effective().filter(label__taxonomy__code=taxonomy, label__code=code)
                             .values("recommendation_id"))
    return query.order_by("pk")


def records(query: QuerySet[Recommendation], chunk: int = 1000) -> Iterator[dict]:
    """One dict per recommendation, effective labels resolved; streamed in chunks to bound memory."""
    query = query.select_related("state", "mechanism", "document").prefetch_related(
        "recommending_states", Prefetch("annotations", queryset=Annotation.objects.select_related("label__taxonomy")))
    for rec in query.iterator(chunk_size=chunk):
        labels = resolve(rec.annotations.all())
        yield {
            "id": rec.pk, "text": rec.text, "language": rec.language, "state": rec.state.iso3,
            "state_name": rec.state.name, "mechanism": rec.mechanism.code,
            "document": rec.document.symbol if rec.document else "", "paragraph": rec.paragraph,
            "session": rec.session, "cycle": rec.cycle, "year": rec.year, "response": rec.response,
            "recommending_states": sorted(country.iso3 for country in rec.recommending_states.all()),
            "url": reverse("recommendation", args=[rec.pk]), "labels": labels,
        }


def jsonl_line(item: dict) -> str:
    return json.dumps({key: item[key] for key in JSONL_KEYS}, ensure_ascii=False)


def taxonomy_columns(chosen: Iterable[str] | None = None) -> list[str]:
    """The label columns of a table: the chosen taxonomies, else every taxonomy by code."""
    return list(chosen or Taxonomy.objects.order_by("code").values_list("code", flat=True))


def header(taxonomies: Iterable[str]) -> list[str]:
    return [*BASE_COLUMNS, *(f"labels.{taxonomy}" for taxonomy in taxonomies)]


def table_row(item: dict, taxonomies: Iterable[str], label_text: Callable[[str, str], str] | None = None) -> list:
    """One table row of a recommendation dict (``records``, or the page's ``export_rows``): the base columns, then
    one cell per taxonomy with its effective labels joined by "; " (codes, or ``label_text(taxonomy, code)``)."""
    row = [item[column] for column in BASE_COLUMNS]
    row[BASE_COLUMNS.index("recommending_states")] = "; ".join(item["recommending_states"])
    for taxonomy in taxonomies:
        codes = item["labels"].get(taxonomy, [])
        row.append("; ".join(label_text(taxonomy, code) for code in codes) if label_text else "; ".join(codes))
    return row


def write(items: Iterator[dict], fmt: str, output: Path, taxonomies: list[str]) -> int:
    """Write the items; ``taxonomies`` are the label columns of CSV/XLSX. Returns the number written."""
    count = 0
    if fmt == "jsonl":
        with open(output, "w", encoding="utf-8") as handle:
            for item in items:
                handle.write(jsonl_line(item) + "\n")
                count += 1
    elif fmt == "csv":
        with open(output, "w", newline="", encoding="utf-8") as handle:
            count = write_csv(handle, header(taxonomies), (table_row(item, taxonomies) for item in items))
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("recommendations")
        sheet.append(xlsx_row(header(taxonomies)))
        for item in items:
            sheet.append(xlsx_row(table_row(item, taxonomies)))
            count += 1
        book.save(output)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return count
