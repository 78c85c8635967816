"""Writing parsed records to the database: one ImportBatch per file, one short transaction per chunk of rows.

Records are matched to existing recommendations by source id, then by content hash
(state, mechanism, session or document, normalised text); matches are merged (recommending
states and labels added, blank fields filled), never duplicated.

A chunk of ``CHUNK`` rows is written in its own transaction, and the batch is marked done in a last one.
On SQLite a writer holds the one write lock for its whole transaction: a 20,000-row file written at once
kept every other write (a progress update, a person's label decision) waiting for its 10-20 s on a busy
machine. An import that stops half-way keeps the chunks written so far and its batch says so ("failed" with
the error, or still "running" if the process was killed); importing the file again merges those rows
instead of duplicating them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from aspiration.accounts.audit import record as audit
from aspiration.corpus.importers import MalformedFile, Record, Rejection
from aspiration.corpus.models import Annotation, ImportBatch, Recommendation, RejectedRow
from aspiration.corpus.resolving import Resolved, Resolver, paragraph_hash, resolve
from aspiration.reference.models import Country

CHUNK = 500  # rows per transaction: about a tenth of a second of writing, so other writers wait little
FILLABLE = ("paragraph", "date", "year", "cycle", "response", "response_source", "document", "source_id")


@dataclass
class ImportSummary:
    file: str
    batch: ImportBatch | None
    read: int = 0
    created: int = 0
    merged: int = 0
    rejected: int = 0
    already_imported: bool = False

    def line(self) -> str:
        if self.already_imported:
            return f"{self.file}: already imported as batch {self.batch.pk}; nothing added"
        return f"{self.file}: read {self.read}, created {self.created}, merged {self.merged}, rejected {self.rejected}"


class ImportError_(Exception):
    """A whole file was refused; the message names the file, the row and the reason."""


def ensure_reference_data() -> None:
    """On a fresh home the countries and taxonomies are not loaded yet: load them (idempotent, fast)."""
    if not Country.objects.exists():
        from django.core.management import call_command

        call_command("load_reference", verbosity=0)


def checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def parse_file(fmt: str, path: Path, options: dict, resolver: Resolver) -> list[Record | Rejection]:
    from aspiration.corpus.importers import ohchr_matrix, table, uhri, upr_info

    if fmt == "upr-info":
        return upr_info.parse(path, match=_cached_iso3(resolver))
    if fmt == "uhri":
        return uhri.parse(path)
    if fmt == "ohchr-matrix":
        return ohchr_matrix.parse(path, state=options.get("state") or "", session=options.get("session"))
    if fmt == "table":
        return table.parse(path, options["mapping"], mechanism=options.get("mechanism") or "UPR",
                           language=options.get("language") or "")
    raise ValueError(f"unknown format {fmt!r}")


def _cached_iso3(resolver: Resolver) -> Callable[[str], str | None]:
    return cache(resolver.iso3)


def import_file(fmt: str, path: Path, options: dict | None = None, user=None,
                progress: Callable[[int], None] | None = None, total: Callable[[int], None] | None = None) -> ImportSummary:
    """Import one file. Raises ImportError_ (and stores nothing but a failed batch) when the file is malformed."""
    path = Path(path)
    try:
        digest = checksum(path)
    except OSError as error:
        raise ImportError_(f"{path}: cannot read the file: {error.strerror}") from None
    done = ImportBatch.objects.filter(checksum=digest, format=fmt, status=ImportBatch.Status.DONE).first()
    if done is not None:
        return ImportSummary(str(path), done, already_imported=True)
    resolver = Resolver()
    try:
        items = parse_file(fmt, path, options or {}, resolver)
        if total:
            total(len(items))
        batch = ImportBatch.objects.create(file_name=str(path)[-500:], format=fmt, checksum=digest, created_by=user)
        try:
            summary = _write(batch, items, resolver, progress)
        except BaseException as error:
            # The chunks written stay (a new import of the file merges them); the batch says it did not finish.
            ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.FAILED, error=repr(error)[:2000],
                                                           finished_at=timezone.now())
            raise
        with transaction.atomic():
            batch.status, batch.finished_at = ImportBatch.Status.DONE, timezone.now()
            batch.rows_read, batch.created, batch.merged, batch.rejected = (
                summary.read, summary.created, summary.merged, summary.rejected)
            batch.save()
            audit("corpus.import", batch, actor=user, summary=summary.line(), after={
                "read": summary.read, "created": summary.created, "merged": summary.merged, "rejected": summary.rejected})
    except MalformedFile as error:
        ImportBatch.objects.create(file_name=str(path)[-500:], format=fmt, checksum=digest, created_by=user,
                                   status=ImportBatch.Status.FAILED, error=str(error), finished_at=timezone.now())
        raise ImportError_(f"{error}; nothing was imported from this file") from None
    return summary


def _write(batch: ImportBatch, items: list[Record | Rejection], resolver: Resolver,
           progress: Callable[[int], None] | None) -> ImportSummary:
    summary = ImportSummary(batch.file_name, batch)
    for start in range(0, len(items), CHUNK):
        chunk = items[start:start + CHUNK]
        resolved: list[Resolved] = []
        rejections: list[Rejection] = []
        for item in chunk:
            result = item if isinstance(item, Rejection) else resolve(item, resolver)
            (rejections if isinstance(result, Rejection) else resolved).append(result)
            summary.read += 1 if isinstance(item, Rejection) else len(item.rows)
        with transaction.atomic():
            RejectedRow.objects.bulk_create(
                [RejectedRow(batch=batch, row_number=r.row, reason=r.reason, raw=r.raw) for r in rejections])
            created, merged = _store(batch, resolved)
        summary.rejected += len(rejections)
        summary.created += created
        summary.merged += merged
        if progress:
            progress(len(chunk))
    return summary


def _store(batch: ImportBatch, resolved: list[Resolved]) -> tuple[int, int]:
    """Create new recommendations, merge the rest into existing ones; add their states and labels."""
    by_source = {r.recommendation.source_id for r in resolved if r.recommendation.source_id}
    hashes = {r.recommendation.content_hash for r in resolved}
    hashes |= {paragraph_hash(r.recommendation) for r in resolved if r.recommendation.paragraph}
    existing_source = dict(Recommendation.objects.filter(source_id__in=by_source).values_list("source_id", "pk"))
    existing_hash = {h: (pk, paragraph) for h, pk, paragraph in
                     Recommendation.objects.filter(content_hash__in=hashes).values_list("content_hash", "pk", "paragraph")}
    new: dict[str, Resolved] = {}
    targets: list[tuple[Resolved, Recommendation | int]] = []  # (item, new object or existing pk)
    merged_pks: dict[int, Resolved] = {}

    def same(content: str) -> tuple[int | None, Resolved | None, str]:
        pk, paragraph = existing_hash.get(content, (None, ""))
        twin = new.get(content)
        return pk, twin, paragraph or (twin.recommendation.paragraph if twin else "")

    for item in resolved:
        rec = item.recommendation
        pk = existing_source.get(rec.source_id) if rec.source_id else None
        twin = None
        if pk is None:
            pk, twin, paragraph = same(rec.content_hash)
            # OHCHR numbers identical texts from different states separately: distinct paragraphs stay distinct.
            if (pk or twin) and paragraph and rec.paragraph and paragraph != rec.paragraph:
                rec.content_hash = paragraph_hash(rec)
                pk, twin, _paragraph = same(rec.content_hash)
        if pk:
            targets.append((item, pk))
            merged_pks.setdefault(pk, item)
        elif twin:
            targets.append((item, twin.recommendation))
        else:
            rec.import_batch = batch
            new[rec.content_hash] = item
            targets.append((item, rec))
    _create(list(new.values()))
    _fill_blanks(merged_pks)
    through = Recommendation.recommending_states.through
    links: set[tuple[int, int]] = set()
    annotations: set[tuple[int, int]] = set()
    single_taken = _single_label_taxonomies(list(merged_pks))
    for item, target in targets:
        pk = target if isinstance(target, int) else target.pk
        for country_pk in item.recommending:
            links.add((pk, country_pk))
        for label in item.labels:
            taxonomy = label.taxonomy
            if not taxonomy.multi_label:
                if (pk, taxonomy.pk) in single_taken:
                    continue
                single_taken.add((pk, taxonomy.pk))
            annotations.add((pk, label.pk))
    _insert_ignoring_duplicates(through, ["recommendation", "country"], sorted(links))
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    _insert_ignoring_duplicates(
        Annotation, ["recommendation", "label", "source", "score", "model_version", "reason", "rejected", "created_at"],
        [(pk, label_pk, "import", 1.0, "", "", False, now) for pk, label_pk in sorted(annotations)])
    return len(new), len(resolved) - len(new)


RECOMMENDATION_FIELDS = ["text", "language", "state", "mechanism", "document", "paragraph", "date", "year", "cycle",
                         "session", "response", "response_source", "kind", "content_hash", "source_id", "import_batch",
                         "source_row", "created_at", "updated_at"]


def _create(items: list[Resolved]) -> None:
    """Insert new recommendations in one statement batch, then read their ids back by content hash."""
    if not items:
        return
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    rows = []
    for item in items:
        rec = item.recommendation
        rows.append((rec.text, rec.language, rec.state_id, rec.mechanism_id, rec.document_id, rec.paragraph,
                     ops.adapt_datefield_value(rec.date), rec.year, rec.cycle, rec.session, rec.response,
                     rec.response_source, rec.kind, rec.content_hash, rec.source_id, rec.import_batch_id, rec.source_row,
                     now, now))
    _insert_ignoring_duplicates(Recommendation, RECOMMENDATION_FIELDS, rows)
    by_hash = {item.recommendation.content_hash: item.recommendation for item in items}
    for start in range(0, len(items), 900):  # SQLite's limit on query parameters
        hashes = list(by_hash)[start:start + 900]
        for content, pk in Recommendation.objects.filter(content_hash__in=hashes).values_list("content_hash", "pk"):
            by_hash[content].pk = pk


def _insert_ignoring_duplicates(model, fields: list[str], rows: list[tuple]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING in one executemany (SQLite and PostgreSQL alike).

    The ORM's bulk_create spends most of an import compiling SQL per value; these link rows are plain.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({placeholders}) ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _single_label_taxonomies(pks: list[int]) -> set[tuple[int, int]]:
    """(recommendation, taxonomy) pairs that already have their one label, so a merge adds no second one."""
    if not pks:
        return set()
    return set(Annotation.objects.filter(recommendation_id__in=pks, label__taxonomy__multi_label=False)
               .values_list("recommendation_id", "label__taxonomy_id"))


def _fill_blanks(merged: dict[int, Resolved]) -> None:
    """An overlapping file may know what the first one did not (a paragraph, a year): keep it."""
    changed = []
    for existing in Recommendation.objects.filter(pk__in=list(merged)).only("pk", *FILLABLE):
        incoming = merged[existing.pk].recommendation
        dirty = False
        for field in FILLABLE:
            attname = Recommendation._meta.get_field(field).attname
            if not getattr(existing, attname) and getattr(incoming, attname):
                setattr(existing, attname, getattr(incoming, attname))
                dirty = True
        if dirty:
            changed.append(existing)
    if changed:
        Recommendation.objects.bulk_update(changed, FILLABLE, batch_size=500)


class Duplicate(Exception):
    def __init__(self, pk: int):
        self.pk = pk
        super().__init__(f"the same recommendation exists already (id {pk})")


def create_recommendation(record: Record, user=None) -> Recommendation:
    """Store one recommendation given by a person or program (API); ValueError says what is wrong."""
    with transaction.atomic():
        result = resolve(record, Resolver())
        if isinstance(result, Rejection):
            raise ValueError(result.reason)
        existing = Recommendation.objects.filter(content_hash=result.recommendation.content_hash).values_list("pk", flat=True)
        if existing:
            raise Duplicate(existing[0])
        _store(None, [result])
        recommendation = result.recommendation
        audit("corpus.recommendation.create", recommendation, actor=user, summary=recommendation.text[:200],
              after={"state": recommendation.state.iso3, "labels": recommendation.labels_by_taxonomy()})
    return recommendation
