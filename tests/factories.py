"""Small builders for test data, so tests say only what matters to them."""

from __future__ import annotations

import hashlib
import itertools

from aspiration.corpus.models import Annotation, Recommendation
from aspiration.reference.models import Country, Label, Mechanism, Taxonomy

_counter = itertools.count(1)


def country(iso3: str = "FRA", name: str | None = None, group: str = "WEOG") -> Country:
    obj, _ = Country.objects.get_or_create(
        iso3=iso3, defaults={"names": {"en": name or iso3}, "un_regional_group": group, "is_member_state": True}
    )
    return obj


def mechanism(code: str = "UPR", kind: str = "upr") -> Mechanism:
    obj, _ = Mechanism.objects.get_or_create(code=code, defaults={"kind": kind, "names": {"en": code}})
    return obj


def label(taxonomy: str, code: str, name: str | None = None, multi_label: bool = True) -> Label:
    tax, _ = Taxonomy.objects.get_or_create(code=taxonomy, defaults={"names": {"en": taxonomy}, "multi_label": multi_label})
    obj, _ = Label.objects.get_or_create(taxonomy=tax, code=code, defaults={"names": {"en": name or code}})
    return obj


def recommendation(text: str | None = None, state: str = "FRA", session: int = 1, labels: dict | None = None,
                   response: str = "supported", recommending: tuple[str, ...] = ("BRA",), **fields) -> Recommendation:
    text = text or f"Recommendation number {next(_counter)} on human rights."
    rec = Recommendation.objects.create(
        text=text, state=country(state), mechanism=mechanism(), session=session, response=response,
        content_hash=hashlib.sha256(f"{state}|{session}|{text}".encode()).hexdigest(), **fields,
    )
    rec.recommending_states.set([country(code) for code in recommending])
    for taxonomy, codes in (labels or {}).items():
        for code in codes:
            Annotation.objects.create(recommendation=rec, label=label(taxonomy, code), source="import", score=1.0)
    return rec
