"""My saved searches: save the explore page's current search, then open, rename, delete it, choose its digest,
or have the new matches e-mailed now. Each person sees and changes only their own (another's id is a 404)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from aspiration.accounts.audit import record, snapshot
from aspiration.accounts.permissions import is_signed_in, requires
from aspiration.search.engine import SearchError
from aspiration.web import digests
from aspiration.web.models import SavedSearch
from aspiration.web.query import SearchParams


class SavedSearchForm(forms.ModelForm):
    class Meta:
        model = SavedSearch
        fields = ["name", "frequency"]
        labels = {"name": gettext_lazy("Name"), "frequency": gettext_lazy("E-mail digest of new matches")}


def _own(request, pk: int) -> SavedSearch:
    return get_object_or_404(SavedSearch, pk=pk, user=request.user)


@requires(is_signed_in)
@require_POST
def save(request):
    """The explore page's “Save this search”: its query string comes from the page, canonical, without the page number."""
    params = SearchParams.from_get(QueryDict(request.POST.get("querystring", "")))
    querystring = params.querystring(page=1)
    name = request.POST.get("name", "").strip()[:120] or params.text[:120] or _("Every recommendation")
    saved = SavedSearch.objects.create(user=request.user, name=name, querystring=querystring,
                                       seen_until=digests.searchable_until(params.mode))
    record("create", saved, actor=request.user, summary=f"saved search '{saved.name}'", after=snapshot(saved))
    messages.success(request, _("Search saved as “%(name)s”.") % {"name": saved.name})
    return redirect("saved_searches")


@requires(is_signed_in)
def saved_searches(request):
    rows = [{"saved": saved, "form": SavedSearchForm(instance=saved, prefix=f"s{saved.pk}"),
             "description": digests.describe(digests.params_of(saved))}
            for saved in request.user.saved_searches.all()]
    return render(request, "web/saved_searches.html", {"rows": rows, "has_email": bool(request.user.email)})


@requires(is_signed_in)
@require_POST
def update(request, pk: int):
    saved = _own(request, pk)
    before = snapshot(saved)
    form = SavedSearchForm(request.POST, instance=saved, prefix=f"s{saved.pk}")
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
        return redirect("saved_searches")
    saved = form.save()
    record("update", saved, actor=request.user, summary=f"saved search '{saved.name}'", before=before, after=snapshot(saved))
    messages.success(request, _("“%(name)s” saved.") % {"name": saved.name})
    return redirect("saved_searches")


@requires(is_signed_in)
@require_POST
def delete(request, pk: int):
    saved = _own(request, pk)
    record("delete", saved, actor=request.user, summary=f"saved search '{saved.name}'", before=snapshot(saved))
    saved.delete()
    messages.success(request, _("“%(name)s” deleted.") % {"name": saved.name})
    return redirect("saved_searches")


@requires(is_signed_in)
@require_POST
def send_now(request, pk: int):
    """“E-mail me the new ones now”: the digest at once, whatever its schedule; the next one goes on from here."""
    saved = _own(request, pk)
    if not request.user.email:
        messages.error(request, _("Your account has no e-mail address; ask an administrator to add one."))
        return redirect("saved_searches")
    try:
        outcome = digests.run(saved, request.build_absolute_uri("/").rstrip("/"), timezone.now())
    except SearchError as problem:
        messages.error(request, _("The search could not run:") + f" {problem}")
        return redirect("saved_searches")
    if outcome == digests.Outcome.SENT:
        messages.success(request, _("The new matches of “%(name)s” were e-mailed to %(email)s.") % {
            "name": saved.name, "email": request.user.email})
    else:
        messages.info(request, _("Nothing new matches “%(name)s” since the last digest; no e-mail was sent.") % {
            "name": saved.name})
    return redirect("saved_searches")
