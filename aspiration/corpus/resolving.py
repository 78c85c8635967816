"""From a parsed record to an unsaved Recommendation: its countries, mechanism, document and labels, and
its identity across files (``content_hash``). One ``Resolver`` per import caches what it looked up.

A record that names an unknown country or a label a controlled taxonomy lacks becomes a ``Rejection``;
source vocabularies (``OPEN_TAXONOMIES``) grow instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from aspiration.corpus.importers import Record, Rejection, text_key
from aspiration.corpus.models import Document, Recommendation
from aspiration.reference.catalog import affected_groups_for_uhri
from aspiration.reference.countries import match_country, normalise
from aspiration.reference.languages import detect_language
from aspiration.reference.models import Country, Label, Mechanism, Taxonomy

# Taxonomies whose vocabulary belongs to the source: unknown values become new labels.
OPEN_TAXONOMIES = {"upr_issue", "uhri_theme", "uhri_affected_person"}
TREATY_BODY_CODES = {"CCPR", "CESCR", "CERD", "CEDAW", "CAT", "SPT", "CRC", "CMW", "CRPD", "CED"}


def content_hash(iso3: str, mechanism: str, session: int | None, document: str, year: int | None, text: str,
                 response: str = "") -> str:
    """The identity of a recommendation across files: same state, mechanism, review and text.

    A voluntary pledge is never the same thing as a recommendation that happens to use its words.
    """
    review = str(session) if session else (document or str(year or ""))
    kind = "|pledge" if response == "voluntary_pledge" else ""
    return hashlib.sha256(f"{iso3}|{mechanism}|{review}|{text_key(text)}{kind}".encode()).hexdigest()


def paragraph_hash(recommendation: Recommendation) -> str:
    """Identity of a recommendation whose text repeats another's in the same review under another paragraph."""
    base = content_hash(recommendation.state.iso3, recommendation.mechanism.code, recommendation.session,
                        recommendation.document.symbol if recommendation.document else "", recommendation.year,
                        recommendation.text, recommendation.response)
    return hashlib.sha256(f"{base}|{recommendation.paragraph}".encode()).hexdigest()


class Resolver:
    """Caches countries, mechanisms, labels and documents for one import (one query each, not one per row)."""

    def __init__(self) -> None:
        self.by_iso3 = {country.iso3: country for country in Country.objects.all()}
        # Names stored in the database count too (a country added by hand); REF's matcher knows the rest.
        self.countries: dict[str, Country] = {}
        self.as_written: dict[str, Country | None] = {}
        for country in self.by_iso3.values():
            for key in country.names.values():
                self.countries.setdefault(normalise(key), country)
        self.mechanisms = {m.code: m for m in Mechanism.objects.all()}
        self.taxonomies = {t.code: t for t in Taxonomy.objects.all()}
        self.labels = {(label.taxonomy.code, label.code): label for label in Label.objects.select_related("taxonomy")}
        self.documents: dict[str, Document] = {}

    def country(self, name: str) -> Country | None:
        if name in self.as_written:
            return self.as_written[name]
        self.as_written[name] = self._country(name)
        return self.as_written[name]

    def _country(self, name: str) -> Country | None:
        key = normalise(name)
        if key not in self.countries:
            iso3 = match_country(name)
            found = self.by_iso3.get(iso3) if iso3 else None
            if found is None:
                return None
            self.countries[key] = found
        return self.countries[key]

    def iso3(self, name: str) -> str | None:
        country = self.country(name)
        return country.iso3 if country else None

    def mechanism(self, code: str) -> Mechanism:
        if code not in self.mechanisms:
            kind = (Mechanism.Kind.SPECIAL_PROCEDURE if code.startswith("SP:")
                    else Mechanism.Kind.TREATY_BODY if code in TREATY_BODY_CODES else Mechanism.Kind.OTHER)
            name = code[3:] if code.startswith("SP:") else code
            self.mechanisms[code], _ = Mechanism.objects.get_or_create(code=code, defaults={"kind": kind, "names": {"en": name}})
        return self.mechanisms[code]

    def label(self, taxonomy: str, code: str) -> Label | None:
        """The label, created for source vocabularies; None when a controlled taxonomy lacks it."""
        key = (taxonomy, code)
        if key not in self.labels:
            if taxonomy not in OPEN_TAXONOMIES:
                return None
            if taxonomy not in self.taxonomies:
                self.taxonomies[taxonomy], _ = Taxonomy.objects.get_or_create(
                    code=taxonomy, defaults={"names": {"en": taxonomy.replace("_", " ").capitalize()}})
            self.labels[key], _ = Label.objects.get_or_create(
                taxonomy=self.taxonomies[taxonomy], code=code, defaults={"names": {"en": code}})
        return self.labels[key]

    def document(self, symbol: str, mechanism: Mechanism, state: Country, record: Record) -> Document:
        if symbol not in self.documents:
            self.documents[symbol], _ = Document.objects.get_or_create(symbol=symbol, defaults={
                "mechanism": mechanism, "state": state, "date": record.date, "cycle": record.cycle, "session": record.session})
        return self.documents[symbol]


@dataclass
class Resolved:
    record: Record
    recommendation: Recommendation
    recommending: list[int]
    labels: list[Label]


def resolve(record: Record, resolver: Resolver) -> Resolved | Rejection:
    """Countries, mechanism and labels of a record, or the reason it cannot be stored."""
    state = resolver.country(record.state)
    if state is None:
        return Rejection(record.row, f"unknown state under review {record.state!r}", record.raw)
    recommending = []
    for name in record.recommending_states:
        country = resolver.country(name)
        if country is None:
            return Rejection(record.row, f"unknown recommending state {name!r}", record.raw)
        recommending.append(country.pk)
    labels: list[Label] = []
    unknown = []
    for taxonomy, code in _label_pairs(record):
        label = resolver.label(taxonomy, code)
        if label is None:
            unknown.append(f"{taxonomy}:{code}")
        elif label not in labels:
            labels.append(label)
    if unknown:
        return Rejection(record.row, f"unknown label(s) {', '.join(unknown)}", record.raw)
    mechanism = resolver.mechanism(record.mechanism)
    document = resolver.document(record.document, mechanism, state, record) if record.document else None
    recommendation = Recommendation(
        text=record.text, language=record.language or detect_language(record.text)[0], state=state, mechanism=mechanism,
        document=document, paragraph=record.paragraph[:40], date=record.date, year=record.year, cycle=record.cycle,
        session=record.session, response=record.response, response_source=record.response_source[:200], kind=record.kind,
        content_hash=content_hash(state.iso3, mechanism.code, record.session, record.document, record.year, record.text,
                                  record.response),
        source_id=record.source_id[:100], source_row=record.row,
    )
    return Resolved(record, recommendation, recommending, labels)


def _label_pairs(record: Record) -> Iterable[tuple[str, str]]:
    for taxonomy, codes in record.labels.items():
        for code in codes:
            # REF's catalog owns the UHRI wording -> affected group mapping (case, "&", plurals, "- ").
            groups = affected_groups_for_uhri(code) if taxonomy == "uhri_affected_person" else ()
            if groups:
                for group in groups:
                    yield "affected_group", group
            else:
                yield taxonomy, code
    if record.response in ("supported", "noted"):
        yield "response", record.response
