"""The "find the recommendations this text answers" page (signed-in users).

One form does the three things a person does with a document: match it (each passage beside the
recommendations of the chosen state that it answers), download the matches as a workbook, and link
the ticked recommendations to an action of a plan, with a progress update if they write one. Nothing
is stored until they link; an uploaded file is read in memory and its text put into the text box, so
the next button press needs no upload.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from aspiration.accounts import permissions as perm
from aspiration.corpus.models import Recommendation
from aspiration.reference.models import Country
from aspiration.search.matching import MatchError, PassageMatches, match_document
from aspiration.tracking.models import Action
from aspiration.tracking.services import NotOfThePlanState, assess_recommendations, link_recommendations
from aspiration.web import match_export
from aspiration.web.match_files import UnreadableUpload, upload_text
from aspiration.web.match_forms import AssessForm, LinkForm, MatchForm
from aspiration.web.presenters import choice_names, display_names


def linkable_actions(user, iso3: str) -> list[Action]:
    """The actions of the state's plans that the user may edit, hence link recommendations to."""
    actions = Action.objects.filter(plan__state__iso3=iso3).select_related("plan").order_by("plan__title", "title")
    return [action for action in actions if perm.can_edit_action(user, action)]


@perm.requires(perm.is_signed_in)
def match_page(request):
    form = MatchForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form, "results": None}
    if request.method != "POST" or not form.is_valid():
        return render(request, "web/match.html", context, status=400 if form.errors else 200)
    text = form.cleaned_data["text"] or ""
    upload = form.cleaned_data.get("document")
    if upload:
        try:
            text = upload_text(upload)
        except UnreadableUpload as error:
            form.add_error("document", str(error))
            return render(request, "web/match.html", context, status=400)
        form.data = form.data.copy()
        form.data["text"] = text  # shown in the box: the next press (download, link) needs no upload
        messages.info(request, _("The text of %(name)s is in the box below; the file was not stored.")
                      % {"name": upload.name})
    state = form.cleaned_data["state"]
    actions = linkable_actions(request.user, state)
    link_form = LinkForm(request.POST if request.POST.get("do") == "link" else None, actions=actions)
    if request.POST.get("do") == "link" and link_form.is_valid():
        return _link(request, link_form)
    assess_form = None
    if perm.can_submit_assessment(request.user):
        assess_form = AssessForm(request.POST if request.POST.get("do") == "assess" else None)
        if assess_form.is_bound and assess_form.is_valid():
            return _assess(request, assess_form, state)
    try:
        results = match_document(text, state, form.filters(), per_passage=form.cleaned_data["per_passage"])
    except MatchError as error:
        form.add_error("text", str(error))
        return render(request, "web/match.html", context, status=400)
    rows = presented(results)
    if request.POST.get("do") == "xlsx":
        return _workbook(rows, state)
    bound = next((f for f in (link_form, assess_form) if f is not None and f.is_bound), None)
    linked = set(bound.data.getlist("recommendation")) if bound else set()
    context.update({"results": rows, "link_form": link_form, "actions": actions, "ticked": linked,
                    "assess_form": assess_form,
                    "state_name": Country.objects.get(iso3=state).name,
                    "passage_count": len(rows), "match_count": sum(len(row["matches"]) for row in rows)})
    return render(request, "web/match.html", context, status=400 if bound and bound.errors else 200)


def _back_to_match_if_refused(store: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Linking and assessing store through services that refuse another state's recommendations (a stale or forged
    form): the person is sent back to the match page with the service's reason instead of a 500."""
    @wraps(store)
    def wrapper(request, *args) -> HttpResponse:
        try:
            return store(request, *args)
        except NotOfThePlanState as error:
            messages.error(request, str(error))
            return redirect("match")
    return wrapper


@_back_to_match_if_refused
def _link(request, link_form: LinkForm) -> HttpResponse:
    action = link_form.cleaned_data["action"]
    if not perm.can_edit_action(request.user, action):  # the choices offer only these; a forged id is refused
        return HttpResponse(status=403)
    update = link_recommendations(action, link_form.recommendation_ids, actor=request.user,
                                  narrative=link_form.cleaned_data["narrative"],
                                  status=link_form.cleaned_data["status"])
    count = len(link_form.recommendation_ids)
    if update is None:
        text = ngettext("%(count)d recommendation linked to the action.",
                        "%(count)d recommendations linked to the action.", count)
    else:
        text = ngettext("%(count)d recommendation linked to the action and the progress update recorded.",
                        "%(count)d recommendations linked to the action and the progress update recorded.", count)
    messages.success(request, text % {"count": count})
    return redirect("tracking:action_detail", pk=action.pk)


@_back_to_match_if_refused
def _assess(request, assess_form: AssessForm, state: str) -> HttpResponse:
    assessments = assess_recommendations(state, assess_form.recommendation_ids, actor=request.user,
                                         rating=assess_form.cleaned_data["rating"],
                                         comment=assess_form.cleaned_data["comment"])
    messages.success(request, ngettext(
        "%(count)d assessment recorded; it will appear on the portal once a coordinator has reviewed it.",
        "%(count)d assessments recorded; they will appear on the portal once a coordinator has reviewed them.",
        len(assessments)) % {"count": len(assessments)})
    return redirect("tracking:my_assessments")


def presented(results: list[PassageMatches]) -> list[dict]:
    """What the page and the workbook show: each passage with its matches' recommendations in the reader's language."""
    ids = [m.recommendation_id for row in results for m in row.matches]
    recs = Recommendation.objects.select_related("state", "mechanism").in_bulk(ids)
    mechanisms = display_names("mechanism", None, sorted({rec.mechanism.code for rec in recs.values()}))
    responses = choice_names(Recommendation.Response.choices)
    rows = []
    for row in results:
        matches = []
        for match in row.matches:
            rec = recs.get(match.recommendation_id)
            if rec is None:
                continue
            start = rec.text.find(match.sentence) if match.sentence else -1
            start, sentence = (start, match.sentence) if start >= 0 else (len(rec.text), "")
            matches.append({"id": rec.pk, "score": match.score, "sentence": sentence, "text": rec.text,
                            "before": rec.text[:start], "after": rec.text[start + len(sentence):],
                            "mechanism": mechanisms.get(rec.mechanism.code, rec.mechanism.code),
                            "session": rec.session, "cycle": rec.cycle, "year": rec.year,
                            "response": responses.get(rec.response, ""), "cluster_size": match.cluster_size})
        rows.append({"number": row.passage.number, "label": row.passage.label, "text": row.passage.text,
                     "matches": matches})
    return rows


def _workbook(rows: list[dict], state: str) -> HttpResponse:
    response = HttpResponse(match_export.to_xlsx(rows), content_type=match_export.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="matches-{state.lower()}.xlsx"'
    return response
