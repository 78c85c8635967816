"""Exporting recommendations with their effective labels as CSV, XLSX or JSON lines."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

from django.db.models import Prefetch, QuerySet

from aspiration.corpus.labels import resolve
from aspiration.corpus.models import Annotation, Recommendation
from aspiration.safe_cells import csv_cell, xlsx_cell

FORMATS = ("csv", "xlsx", "jsonl")
TABLE_COLUMNS = ["id", "text", "language", "state", "mechanism", "session", "cycle", "year", "paragraph", "document",
                 "response", "recommending_states"]


def select(states: list[str] | None = None, mechanisms: list[str] | None = None, sessions: list[int] | None = None,
           taxonomies: list[str] | None = None, labels: list[str] | None = None) -> QuerySet[Recommendation]:
    """Recommendations matching every given filter (labels as "taxonomy:code", any annotation source)."""
    query = Recommendation.objects.all()
    if states:
        query = query.filter(state__iso3__in=[s.upper() for s in states])
    if mechanisms:
        query = query.filter(mechanism__code__in=mechanisms)
    if sessions:
        query = query.filter(session__in=sessions)
    for taxonomy in taxonomies or []:
        query = query.filter(pk__in=Annotation.objects.filter(label__taxonomy__code=taxonomy, rejected=False)
                             .values("recommendation_id"))
    for spec in labels or []:
        taxonomy, _, code = spec.partition(":")
        query = query.filter(pk__in=Annotation.objects.filter(label__taxonomy__code=taxonomy, label__code=code,
                                                              rejected=False).values("recommendation_id"))
    return query.order_by("pk")


def records(query: QuerySet[Recommendation], label_filters: list[str] | None = None,
            taxonomies: list[str] | None = None, chunk: int = 1000) -> Iterator[dict]:
    """One dict per recommendation, effective labels resolved; streamed in chunks to bound memory."""
    query = query.select_related("state", "mechanism", "document").prefetch_related(
        "recommending_states", Prefetch("annotations", queryset=Annotation.objects.select_related("label__taxonomy")))
    for rec in query.iterator(chunk_size=chunk):
        labels = resolve(rec.annotations.all())
        # The database filter saw any annotation; a person's rejection may have removed the label since.
        if any(code not in labels.get(tax, []) for tax, _, code in (s.partition(":") for s in label_filters or [])):
            continue
        if any(not labels.get(taxonomy) for taxonomy in taxonomies or []):
            continue
        yield {
            "id": rec.pk, "text": rec.text, "language": rec.language, "state": rec.state.iso3,
            "mechanism": rec.mechanism.code, "session": rec.session, "cycle": rec.cycle, "response": rec.response,
            "recommending_states": sorted(country.iso3 for country in rec.recommending_states.all()),
            "labels": labels, "_year": rec.year, "_paragraph": rec.paragraph,
            "_document": rec.document.symbol if rec.document else "",
        }


def jsonl_line(item: dict) -> str:
    return json.dumps({key: value for key, value in item.items() if not key.startswith("_")}, ensure_ascii=False)


def table_row(item: dict, taxonomies: list[str]) -> list:
    row = [item["id"], item["text"], item["language"], item["state"], item["mechanism"], item["session"], item["cycle"],
           item["_year"], item["_paragraph"], item["_document"], item["response"], "; ".join(item["recommending_states"])]
    return row + ["; ".join(item["labels"].get(taxonomy, [])) for taxonomy in taxonomies]


def write(items: Iterator[dict], fmt: str, output: Path, taxonomies: list[str]) -> int:
    """Write the items; ``taxonomies`` are the label columns of CSV/XLSX. Returns the number written."""
    count = 0
    header = TABLE_COLUMNS + [f"labels.{taxonomy}" for taxonomy in taxonomies]
    if fmt == "jsonl":
        with open(output, "w", encoding="utf-8") as handle:
            for item in items:
                handle.write(jsonl_line(item) + "\n")
                count += 1
    elif fmt == "csv":
        with open(output, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for item in items:
                writer.writerow([csv_cell(value) for value in table_row(item, taxonomies)])
                count += 1
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("recommendations")
        sheet.append(header)
        for item in items:
            sheet.append([xlsx_cell(value) for value in table_row(item, taxonomies)])
            count += 1
        book.save(output)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return count
