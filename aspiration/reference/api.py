"""Public REST API for the reference data (mounted at /api/reference): taxonomies, labels, countries, mechanisms.

Reads only, no credentials: the reference data is public. Names come in the six UN languages.
"""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from aspiration.reference.models import Country, Label, Mechanism, Taxonomy

router = Router(tags=["reference"])


class Names(Schema):
    """A text in the six UN languages; a language may be missing (null), e.g. Call to Action actions have zh and en."""

    en: str | None = None
    fr: str | None = None
    es: str | None = None
    ru: str | None = None
    zh_hans: str | None = Field(None, alias="zh-hans")
    ar: str | None = None

    model_config = ConfigDict(populate_by_name=True)


def names(value: dict[str, str]) -> Names:
    value = value or {}
    return Names(en=value.get("en"), fr=value.get("fr"), es=value.get("es"), ru=value.get("ru"), zh_hans=value.get("zh-hans"),
                 ar=value.get("ar"))


class TaxonomyOut(Schema):
    code: str = Field(..., examples=["sdg_goal"])
    names: Names
    multi_label: bool = Field(..., description="false for single-label taxonomies (action_category, response, language)")
    description: str
    label_count: int


class LabelOut(Schema):
    code: str = Field(..., examples=["16.10"])
    names: Names
    parent: str | None = Field(None, description="code of the parent label (a target's goal, an action's area)")
    parent_taxonomy: str | None = None
    descriptions: Names


class CountryOut(Schema):
    iso3: str = Field(..., examples=["CIV"])
    iso2: str
    m49: str
    names: Names
    un_regional_group: str = Field(
        ..., description="African Group, Asia-Pacific Group, Eastern European Group, GRULAC, WEOG, or '' for none")
    m49_region: str
    m49_subregion: str
    is_member_state: bool
    is_observer_state: bool


class CountryFilter(Schema):
    member_states: bool | None = Field(None, description="true: the 193 member states only")
    regional_group: str | None = Field(None, description="keep one UN regional group")


class MechanismOut(Schema):
    code: str = Field(..., examples=["CEDAW"])
    kind: str = Field(..., description="upr, treaty_body, special_procedure or other")
    names: Names


@router.get("/taxonomies", response=list[TaxonomyOut], by_alias=True, summary="List taxonomies with their label counts")
def list_taxonomies(request):
    taxonomies = Taxonomy.objects.annotate(label_count=Count("labels")).order_by("code")
    return [
        TaxonomyOut(code=t.code, names=names(t.names), multi_label=t.multi_label, description=t.description,
                    label_count=t.label_count)
        for t in taxonomies
    ]


@router.get("/taxonomies/{code}/labels", response=list[LabelOut], by_alias=True,
            summary="List the labels of a taxonomy", description="404 when the taxonomy does not exist.")
def list_labels(request, code: str, parent: str | None = Query(None, description="only the children of this label code")):
    taxonomy = get_object_or_404(Taxonomy, code=code)
    labels = Label.objects.filter(taxonomy=taxonomy).select_related("parent__taxonomy")
    if parent is not None:
        labels = labels.filter(parent__code=parent)
    return [
        LabelOut(code=label.code, names=names(label.names), descriptions=names(label.descriptions),
                 parent=label.parent.code if label.parent else None,
                 parent_taxonomy=label.parent.taxonomy.code if label.parent else None)
        for label in labels
    ]


@router.get("/countries", response=list[CountryOut], by_alias=True, summary="List countries with names and UN regional group")
def list_countries(request, filters: Query[CountryFilter]):
    countries = Country.objects.order_by("iso3")
    if filters.member_states is not None:
        countries = countries.filter(is_member_state=filters.member_states)
    if filters.regional_group:
        countries = countries.filter(un_regional_group=filters.regional_group)
    return [
        CountryOut(iso3=c.iso3, iso2=c.iso2, m49=c.m49, names=names(c.names), un_regional_group=c.un_regional_group,
                   m49_region=c.m49_region, m49_subregion=c.m49_subregion, is_member_state=c.is_member_state,
                   is_observer_state=c.is_observer_state)
        for c in countries
    ]


@router.get("/mechanisms", response=list[MechanismOut], by_alias=True, summary="List mechanisms (UPR, treaty bodies, ...)")
def list_mechanisms(request, kind: str | None = Query(None, description="upr, treaty_body, special_procedure or other")):
    mechanisms = Mechanism.objects.order_by("kind", "code")
    if kind:
        mechanisms = mechanisms.filter(kind=kind)
    return [MechanismOut(code=m.code, kind=m.kind, names=names(m.names)) for m in mechanisms]
