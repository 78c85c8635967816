"""Saved-search digests: the recommendations stored since the last digest that match a saved search, e-mailed
to its owner in their language, with names rather than codes.

"New" means stored after the moment the previous digest (or the saving) had covered, ``SavedSearch.seen_until``.
That moment only moves up to the first recommendation not yet searchable (an import labels and indexes
its rows after storing them), so a digest that runs in the middle of an import misses nothing: those rows
come in the next one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Max, Min, Q
from django.http import QueryDict
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aspiration.corpus.models import Recommendation
from aspiration.reference import display
from aspiration.search.engine import SearchError, search
from aspiration.search.models import IndexEntry
from aspiration.web.models import SavedSearch
from aspiration.web.presenters import facet_groups
from aspiration.web.query import SearchParams

# A digest lists this many new matches, then links to the search for the rest.
MAX_LISTED = 50
TEXT_CHARS = 400


def params_of(saved: SavedSearch) -> SearchParams:
    return SearchParams.from_get(QueryDict(saved.querystring))


def describe(params: SearchParams) -> list[tuple[str, str]]:
    """[(what, value)] a person reads: the words, the mode, each filter's names in the UI language."""
    modes = {"keyword": _("Keyword"), "semantic": _("Semantic"), "hybrid": _("Hybrid")}
    parts = [(_("Words"), params.text)] if params.text else [(_("Words"), _("(none: every recommendation)"))]
    if params.text:
        parts.append((_("Mode"), modes[params.mode]))
    for group in facet_groups({}, params):  # with no counts, only the chosen options are listed
        chosen = [option.name for option in group.options + group.more if option.checked]
        parts.append((group.label, ", ".join(chosen)))
    return parts


def searchable_until(mode: str) -> datetime | None:
    """The moment up to which every stored recommendation can be found in this mode: just before the first one
    not indexed yet (for semantic and hybrid searches, not embedded yet, when vectors are in use at all)."""
    pending = Q(search_entry__isnull=True)
    if mode != "keyword" and IndexEntry.objects.exclude(vector_hash="").exists():
        pending |= Q(search_entry__vector_hash="")
    first_pending = Recommendation.objects.filter(pending).aggregate(first=Min("created_at"))["first"]
    if first_pending is not None:
        return first_pending - timedelta(microseconds=1)
    return Recommendation.objects.aggregate(newest=Max("created_at"))["newest"]


@dataclass
class Digest:
    saved: SavedSearch
    count: int  # new matches (near-duplicates counted once when the search collapses them)
    recommendations: list[Recommendation]  # the first MAX_LISTED of them
    until: datetime | None  # what ``seen_until`` becomes once the digest is told


def new_matches(saved: SavedSearch) -> Digest:
    params = params_of(saved)
    # Read before searching: a row stored meanwhile is then told now and maybe again, never skipped.
    until = searchable_until(params.mode)
    if saved.seen_until is not None and (until is None or until < saved.seen_until):
        until = saved.seen_until  # a row left unindexed must not make old ones new again
    result = search(params.to_query(page=1, page_size=MAX_LISTED, with_facets=False, created_after=saved.seen_until))
    ids = [hit.recommendation_id for hit in result.hits]
    found = Recommendation.objects.select_related("state", "mechanism", "document").in_bulk(ids)
    # Rows past ``until`` (found by keywords while still waiting for their vector) wait for the next digest.
    listed = [found[pk] for pk in ids if pk in found and (until is None or found[pk].created_at <= until)]
    return Digest(saved, max(0, result.count - (len(ids) - len(listed))), listed, until)


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def compose(digest: Digest, base_url: str) -> tuple[str, str]:
    """(subject, plain-text body) in the owner's language."""
    saved, user = digest.saved, digest.saved.user
    with translation.override(user.preferred_language):
        subject = ngettext("Aspiration: %(count)d new recommendation for “%(name)s”",
                           "Aspiration: %(count)d new recommendations for “%(name)s”", digest.count) % {
            "count": digest.count, "name": saved.name}
        items = [{
            "text": rec.text if len(rec.text) <= TEXT_CHARS else rec.text[:TEXT_CHARS].rsplit(" ", 1)[0] + " …",
            "state": display.name(display.COUNTRY, rec.state.iso3),
            "mechanism": display.name(display.MECHANISM, rec.mechanism.code),
            "year": rec.year,
            "symbol": rec.document.symbol if rec.document else "",
            "url": base_url + reverse("recommendation", args=[rec.pk]),
        } for rec in digest.recommendations]
        body = render_to_string("web/email/digest.txt", {
            "user": user, "saved": saved, "count": digest.count, "items": items,
            "more": digest.count - len(items), "description": describe(params_of(saved)),
            "since": saved.seen_until,
            "search_url": f"{base_url}{reverse('search')}?{saved.querystring}",
            "manage_url": base_url + reverse("saved_searches"),
        })
    return subject, body


class Outcome:
    SENT, NOTHING_NEW, NO_EMAIL, FAILED = "sent", "nothing new", "no email", "failed"


def run(saved: SavedSearch, base_url: str, now: datetime | None = None) -> str:
    """Tell the owner what is new, then move ``seen_until`` on; with nothing new, send nothing but move on too.

    An owner without an e-mail address keeps the matches waiting (nothing moves) until they add one.
    """
    if not saved.user.email:
        return Outcome.NO_EMAIL
    digest = new_matches(saved)
    outcome = Outcome.NOTHING_NEW
    if digest.count:
        subject, body = compose(digest, base_url)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [saved.user.email])  # raises: nothing moves, retried
        outcome = Outcome.SENT
    saved.seen_until, saved.digested_at = digest.until, now or timezone.now()
    saved.save(update_fields=["seen_until", "digested_at"])
    return outcome


def run_due(base_url: str, now: datetime | None = None) -> dict[str, int]:
    """Every digest due (daily or weekly by its own last run), for the scheduled ``aspiration digests``."""
    now = now or timezone.now()
    counts = {Outcome.SENT: 0, Outcome.NOTHING_NEW: 0, Outcome.NO_EMAIL: 0, Outcome.FAILED: 0}
    due = SavedSearch.objects.exclude(frequency=SavedSearch.Frequency.OFF).filter(user__is_active=True).select_related("user")
    for saved in due.order_by("id"):
        if not saved.digest_due(now):
            continue
        try:
            counts[run(saved, base_url, now)] += 1
        except SearchError:  # a search saved before a facet was renamed: the others still go out
            counts[Outcome.FAILED] += 1
    return counts
