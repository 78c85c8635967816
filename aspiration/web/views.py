"""Pages for exploring recommendations: home (counts, map), search (+ htmx partial), a recommendation,
a country profile, and exports of any result set. Thin: the work is in presenters, profile, charts,
exports and the search engine."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import PurePath

from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from aspiration.accounts import permissions
from aspiration.accounts.audit import record
from aspiration.corpus.labels import resolve
from aspiration.corpus.models import Annotation, Recommendation
from aspiration.reference.models import Country, Mechanism, localized
from aspiration.search.related import MAX_CLUSTER, near_duplicates, related
from aspiration.search.snippets import result_snippets
from aspiration.search.spelling import index_vocabulary, suggest_query
from aspiration.tracking.models import Plan
from aspiration.web import charts, exports, worldmap
from aspiration.web.label_rows import label_rows
from aspiration.web.presenters import (
    SHOWN_TAXONOMIES,
    choice_names,
    export_rows,
    facet_groups,
    listed_labels,
    listed_recommendations,
    taxonomy_names,
    with_labels,
)
from aspiration.web.profile import country_profile, label_names
from aspiration.web.query import PAGE_SIZES, SearchParams

# The engine pages at most 200 hits per call, so an export makes up to 25 calls: bounded, a few seconds.
EXPORT_LIMIT = 5_000
EXPORT_BATCH = 200  # the search engine's largest page


@require_GET
@gzip_page
def home(request):
    counts = {
        "recommendations": Recommendation.objects.count(),
        "states": Recommendation.objects.values("state").distinct().count(),
        "mechanisms": Mechanism.objects.filter(recommendations__isnull=False).distinct().count(),
        # What a coordinator can use: how many recommendations are already tied to the SDGs (not label rows).
        "linked_to_sdgs": Annotation.objects.effective().filter(label__taxonomy__code="sdg_goal")
        .values("recommendation").distinct().count(),
    }
    per_country = list(
        Country.objects.annotate(n=Count("recommendations_received")).filter(n__gt=0).order_by("-n")
    )
    return render(request, "web/home.html", {
        "counts": counts,
        "top_states": per_country[:10],
        **world_map(per_country),
    })


def world_map(per_country: list[Country]) -> dict:
    counts = [country.n for country in per_country]
    bounds = worldmap.readable_bounds(worldmap.quantile_classes(counts))
    areas = {
        country.iso2.upper(): worldmap.Area(country.name, country.n, reverse("country", args=[country.iso3]))
        for country in per_country if country.iso2
    }
    # Name every shaded-out country too, so hovering any shape says what it is.
    for iso2, names in Country.objects.exclude(iso2="").values_list("iso2", "names"):
        areas.setdefault(iso2.upper(), worldmap.Area(localized(names), 0, None))
    try:
        svg = worldmap.choropleth_svg(
            areas, bounds, _("World map of recommendations received per state"), _("{name}: {count} recommendations")
        )
    except FileNotFoundError:  # the geometry package is missing: the table below still lists the states
        return {"map_svg": "", "map_legend": [], "small_states": []}
    small = worldmap.small_states()
    marked = [(country, worldmap.bucket(country.n, bounds)) for country in per_country if country.iso2.upper() in small]
    return {"map_svg": svg, "map_legend": legend(bounds), "small_states": sorted(marked, key=lambda pair: -pair[0].n)}


def legend(bounds: list[int]) -> list[tuple[int, str]]:
    items, low = [], 1
    for level, high in enumerate(bounds, start=1):
        items.append((level, f"{number_format(low)}–{number_format(high)}" if high > low else number_format(high)))
        low = high + 1
    return items


@dataclass
class NoResult:
    """Stands in for a search result when the query could not run (bad syntax or filter)."""

    count: int = 0
    hits: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    mode: str = "keyword"
    matched: int = 0


def run_search(params: SearchParams, **overrides):
    from aspiration.search.engine import search

    return search(params.to_query(**overrides))


@require_GET
def search_page(request):
    params = SearchParams.from_get(request.GET)
    error = None
    try:
        result = run_search(params)
    except ValueError as problem:  # the engine's SearchError: say what was wrong, keep the page usable
        result, error = NoResult(), str(problem)
    last_page = max(1, -(-result.count // params.page_size))
    if params.page > last_page:  # an old link past the end: show the last page rather than nothing
        params.page = last_page
        result = run_search(params)
    ids = [hit.recommendation_id for hit in result.hits]
    recommendations = listed_recommendations(ids)
    labels = listed_labels(ids)
    hits = {hit.recommendation_id: hit for hit in result.hits}
    snippets = result_snippets({rec.pk: (rec.text, rec.language) for rec in recommendations}, params.text, result.mode)
    items = [
        {"rec": rec, "hit": hits[rec.pk], "labels": labels.get(rec.pk, []), "snippet": snippets[rec.pk]}
        for rec in recommendations
    ]
    pages = last_page
    suggestion = suggest_query(params.text, index_vocabulary()) if params.text.strip() and result.mode != "semantic" else None
    facets = facet_groups(result.facets, params)
    context = {
        "active_filters": [
            (group.label, option.name, "?" + replace(params, page=1, filters={
                name: [c for c in codes if (name, c) != (group.name, option.code)]
                for name, codes in params.filters.items()}).querystring())
            for group in facets for option in group.options if option.checked
        ],
        # Near-duplicates matched but folded into their cluster's one result; facets count them all.
        "collapsed": result.matched - result.count if params.collapse else 0,
        "duplicates_url": "?" + replace(params, page=1, collapse=not params.collapse).querystring(),
        "suggestion": suggestion,
        "suggestion_url": f"?{params.querystring(q=suggestion, page=1)}" if suggestion else None,
        "params": params,
        "result": result,
        "error": error,
        "fell_back": bool(params.text) and result.mode != params.mode,
        # Nothing found for words: say which other mode might find it, rather than leave a dead end.
        "nothing_found_in": (result.mode if params.text.strip() and not result.count and not error
                             and result.mode == params.mode else None),
        "hybrid_url": f"?{params.querystring(mode='hybrid', page=1)}",
        "items": items,
        "facets": facets,
        "modes": [("keyword", _("Keyword")), ("semantic", _("Semantic")), ("hybrid", _("Hybrid"))],
        "sorts": [("relevance", _("Relevance")), ("newest", _("Newest first")), ("oldest", _("Oldest first"))],
        "page_sizes": PAGE_SIZES,
        "page": params.page,
        "pages": pages,
        "first": (params.page - 1) * params.page_size + 1 if result.count else 0,
        "last": min(result.count, (params.page - 1) * params.page_size + len(result.hits)),
        "previous_url": f"?{params.querystring(page=params.page - 1)}" if params.page > 1 else None,
        "next_url": f"?{params.querystring(page=params.page + 1)}" if params.page < pages else None,
        "export_query": params.querystring(page=1),
    }
    template = "web/_search_body.html" if getattr(request, "htmx", False) and not request.htmx.boosted else "web/search.html"
    return render(request, template, context)


def review_url(pk: int, user) -> str | None:
    """The labelling desk's review page for this recommendation, for users who may review labels."""
    return reverse("nlp:review_recommendation", args=[pk]) if permissions.can_review_labels(user) else None


def similar(pk: int, limit: int) -> tuple[list, list]:
    """Near-duplicates and related recommendations (the search engine's), each as (recommendation, similarity)."""
    duplicates = near_duplicates(pk, MAX_CLUSTER)
    others = related(pk, limit, duplicates=[other for other, _score in duplicates])
    duplicates = duplicates[:limit]
    recs = {rec.pk: rec for rec in listed_recommendations([other for other, _score in duplicates + others],
                                                          with_states=False)}
    return ([(recs[other], score) for other, score in duplicates if other in recs],
            [(recs[other], score) for other, score in others if other in recs])


def visible_actions(rec: Recommendation, user) -> list:
    """Actions implementing this recommendation, only from plans this user may see, each with a link."""
    if not hasattr(rec, "actions"):
        return []
    actions = list(rec.actions.filter(plan__in=Plan.objects.visible_to(user)).select_related("plan", "responsible_institution"))
    staff = permissions.is_staff_reader(user)
    for action in actions:
        name, pk = ("tracking:action_detail", action.pk) if staff else ("tracking:portal_plan", action.plan_id)
        action.link = reverse(name, args=[pk])
    return actions


def follow_up(state: Country, user) -> dict:
    """Links from a country profile to the plans this user may read, a briefing for those who may write reports
    and, for watch analysts only, the risk analysis."""
    staff = permissions.is_staff_reader(user)
    plans = [
        (plan, reverse("tracking:plan_detail" if staff else "tracking:portal_plan", args=[plan.pk]))
        for plan in Plan.objects.filter(state=state).visible_to(user)
    ]
    risk_url = reverse("watch:country", args=[state.iso3]) if permissions.is_watch_analyst(user) else None
    briefing_url = (f"{reverse('reports:index')}?state={state.iso3}&kind=country-briefing"
                    if permissions.can_generate_reports(user) else None)
    return {"plans": plans, "risk_url": risk_url, "briefing_url": briefing_url}


@require_GET
def recommendation(request, pk: int):
    rec = get_object_or_404(with_labels(Recommendation.objects.all()), pk=pk)
    effective = resolve(rec.annotations.all())  # the prefetched annotations: no second query
    duplicates, related = similar(rec.pk, 10)
    return render(request, "web/recommendation.html", {
        "rec": rec,
        # Only the file's name: the folder it was imported from is nobody's business on a public page.
        "source_file": PurePath(rec.import_batch.file_name).name if rec.import_batch else "",
        "recommending_states": sorted(rec.recommending_states.all(), key=lambda c: c.name),
        "labels": label_rows(rec.annotations.all(), effective, rec.import_batch.format if rec.import_batch else "",
                             rec.language),
        "review_url": review_url(rec.pk, request.user),
        "duplicates": duplicates,
        "related": related,
        "actions": visible_actions(rec, request.user),
    })


@require_GET
def country(request, iso3: str):
    state = get_object_or_404(Country, iso3=iso3.upper())
    profile = country_profile(state)
    trend = ""
    if profile.get("years"):
        trend = charts.column_chart_svg(
            [(str(year), n) for year, n in profile["years"]], _("Recommendations received per year")
        )
    return render(request, "web/country.html", {
        "country": state, "profile": profile, "trend_svg": trend, **follow_up(state, request.user),
    })


@require_POST
def switch_language(request):
    """The header's language menu: Django's set_language, fed from a field named so that no page form clashes."""
    data = request.POST.copy()
    data["language"] = data.pop("ui_language", [""])[0]
    request.POST = data
    user = request.user
    if user.is_authenticated and data["language"] in dict(settings.LANGUAGES) and user.preferred_language != data["language"]:
        # The language a person reads the pages in is the language of the e-mails they get (digests, reminders).
        before = user.preferred_language
        user.preferred_language = data["language"]
        user.save(update_fields=["preferred_language"])
        record("update", user, actor=user, summary="preferred language", before={"preferred_language": before},
               after={"preferred_language": user.preferred_language})
    return set_language(request)


def export_ids(params: SearchParams) -> tuple[list[int], int]:
    """The ids of every recommendation of the result set (duplicates not collapsed), up to EXPORT_LIMIT, and the count."""
    ids: list[int] = []
    page, count = 1, 0
    while len(ids) < EXPORT_LIMIT:
        result = run_search(params, page=page, page_size=EXPORT_BATCH, collapse_duplicates=False, with_facets=False)
        count = result.count
        ids.extend(hit.recommendation_id for hit in result.hits)
        if not result.hits or len(ids) >= count:
            break
        page += 1
    return list(dict.fromkeys(ids))[:EXPORT_LIMIT], count


def export_batches(ids: list[int], request) -> Iterator[dict]:
    """The export rows of these ids, read EXPORT_BATCH at a time (a streamed CSV sends each batch as it is read)."""
    base = request.build_absolute_uri("/").rstrip("/")
    responses = choice_names(Recommendation.Response.choices)
    for start in range(0, len(ids), EXPORT_BATCH):
        yield from export_rows(ids[start:start + EXPORT_BATCH], responses, base)


@require_GET
def export(request, fmt: str):
    if fmt not in exports.CONTENT_TYPES:
        raise Http404(_("Unknown export format"))
    params = SearchParams.from_get(request.GET)
    ids, count = export_ids(params)
    rows = export_batches(ids, request)
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_chunks(rows), content_type=exports.CONTENT_TYPES[fmt])
    else:
        if fmt == "xlsx":
            body = exports.to_xlsx(rows, _("Recommendations"))
        elif fmt == "json":
            body = exports.to_json(rows, count)
        else:
            body = exports.to_docx(list(rows), docx_texts(params, count), label_names("upr_issue"))
        response = HttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="recommendations.{fmt}"'
    return response


def docx_texts(params: SearchParams, count: int) -> dict:
    subtitle = ngettext("%(count)s recommendation.", "%(count)s recommendations.", count) % {"count": count}
    if params.text:
        subtitle += " " + _("Search: %(text)s") % {"text": params.text}
    if count > EXPORT_LIMIT:
        subtitle += " " + _("Only the first %(limit)s are listed.") % {"limit": EXPORT_LIMIT}
    names = taxonomy_names()
    return {
        "title": _("Thematic list of recommendations"),
        "subtitle": subtitle,
        "recommendation": _("Recommendation"),
        "states": _("Recommending states"),
        "position": _("Position"),
        "labels": _("Labels"),
        "unclassified": _("Without a UPR issue"),
        "taxonomies": {taxonomy: names.get(taxonomy, taxonomy) for taxonomy in SHOWN_TAXONOMIES},
    }

